"""Benchmark the public version page: 40 sections, 5,000 comments, served by gunicorn.

    .venv/bin/python bench/version_page.py [--database-url URL] [--duration 10] [--connections 8]

Without --database-url it uses a fresh SQLite file under bench/out/. With a PostgreSQL URL,
give a database of its own: the script migrates it and replaces the policy "bench" in it.
gunicorn listens on 127.0.0.1 only; wrk (from apt) makes the requests. The script prints
requests per second and p50/p95 latency, and stops gunicorn when done.
"""

# ruff: noqa: S603 - the script starts known programs (manage.py) with fixed args

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common
from bench.common import OUT, ROOT

SLUG = "bench"


def seed(sections: int, comments: int) -> str:
    """Runs inside Django: a policy with one published version, `sections` sections and
    `comments` published comments spread over them (some with official replies)."""
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from policy.models import Comment, Policy, PolicyVersion, Section, Theme

    with transaction.atomic():
        old = Policy.objects.filter(slug=SLUG).first()
        if old is not None:
            Comment.objects.filter(policy=old).delete()
            for version in old.versions.all():
                # A frozen version's sections can't be deleted through the ORM's guard;
                # the benchmark's own throwaway data goes through raw deletes.
                Section.objects.filter(version=version)._raw_delete(Section.objects.db)
                version.delete()
            old.delete()
        themes = [
            Theme.objects.get_or_create(slug=f"bench-{i}", defaults={"name": f"Benchtema {i}"})[0]
            for i in range(4)
        ]
        policy = Policy.objects.create(title="Benchmarkpolitik", slug=SLUG, owner="Ishøj Kommune")
        version = PolicyVersion.objects.create(policy=policy, status=PolicyVersion.Status.DRAFT)
        paragraph = (
            "Ishøj Kommune vil være et sted, hvor alle borgere oplever at høre til i et "
            "fællesskab, der både forpligter og giver muligheder. "
            "**Frivillighed** er en del af det."
        )
        rows = Section.objects.bulk_create(
            [
                Section(
                    version=version,
                    order=i + 1,
                    heading=f"Afsnit {i + 1}",
                    body="\n\n".join([paragraph] * 4),
                    theme=themes[i % 4],
                )
                for i in range(sections)
            ]
        )
        version.number = 1
        version.label = "Benchmark"
        version.status = PolicyVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.save()
        now = timezone.now()
        Comment.objects.bulk_create(
            [
                Comment(
                    policy=policy,
                    section=rows[i % sections],
                    section_key=rows[i % sections].key,
                    author_name=f"Borger {i}",
                    email=f"borger{i}@example.org",
                    body="Jeg er enig, men husk foreningerne og de unge. " * 3,
                    status=Comment.Status.PUBLISHED,
                    created_at=now,
                    published_at=now,
                    reply="Tak for kommentaren." if i % 10 == 0 else "",
                )
                for i in range(comments)
            ],
            batch_size=1000,
        )
    return f"/politik/{SLUG}/"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10, help="seconds (at most 60)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--sections", type=int, default=40)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument(
        "--no-cache", action="store_true", help="measure with the cache switched off"
    )
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    duration = max(1, min(args.duration, 60))

    if args.seed_only:
        print(seed(args.sections, args.comments))
        return 0

    if not common.have_wrk():
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or f"sqlite:///{OUT / 'bench.sqlite3'}"
    if not args.database_url:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'bench.sqlite3'}{suffix}").unlink(missing_ok=True)
    env = common.env(database_url)
    if args.no_cache:
        env["BENCH_NO_CACHE"] = "1"
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    path = (
        subprocess.run(
            [
                python,
                __file__,
                "--seed-only",
                f"--sections={args.sections}",
                f"--comments={args.comments}",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    gunicorn = common.start_gunicorn(env, port=args.port, workers=args.workers, wait_path=path)
    try:
        result = common.wrk(
            f"http://127.0.0.1:{args.port}{path}", duration=duration, connections=args.connections
        )
        backend = database_url.split(":", 1)[0]
        print(
            f"version page {path} ({args.sections} sections, {args.comments} comments, "
            f"{backend}, cache {'off' if args.no_cache else 'on'}, gunicorn {args.workers} "
            f"workers, wrk {args.connections} connections, {duration}s)"
        )
        print(common.format_wrk(result))
        return 0
    finally:
        common.stop_gunicorn(gunicorn)


if __name__ == "__main__":
    sys.exit(main())
