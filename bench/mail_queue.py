"""Benchmark the mail queue: how long a request spends handing a mail to the queue, and how many
mails one worker sends per second.

    .venv/bin/python bench/mail_queue.py [--database-url URL] [--mails 500]

Without --database-url it uses a fresh SQLite file under bench/out/ (give a database of its
own: the worker runs whatever else waits in its queue). The enqueue time is what
`mail_send` adds inside a request's transaction: rendering the two templates and writing the
mail log row and the task row (the target is under 2 ms at the median); the commit after it,
which the request makes anyway, is printed apart. The
worker figure is one `manage.py db_worker --batch` sending the queued mails with Django's
console backend (its output goes to /dev/null), counted from the first mail sent to the last.
"""

# ruff: noqa: S603 - the script starts known programs (manage.py) with fixed args

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common
from bench.common import OUT, ROOT

TARGET_MS = 2.0


def enqueue(mails: int) -> None:
    """Runs inside Django: time `mails` calls of mail_send, each in its own transaction."""
    import django

    django.setup()
    from django.db import transaction

    from medborger.mail import mail_send

    context = {"link": "https://medborger.example.org/mine-data/abc/", "hours": 24}
    inside, commits = [], []
    for index in range(mails + 20):
        with transaction.atomic():
            start = time.perf_counter()
            mail_send(
                to=f"person{index}@example.org",
                template="privacy/emails/my_data_link",
                context=context,
                language="da" if index % 2 else "en",
                ref=os.environ["BENCH_RUN"],
            )
            handed_over = time.perf_counter()
        committed = time.perf_counter()
        if index >= 20:  # the first calls load templates and translations
            inside.append((handed_over - start) * 1000)
            commits.append((committed - handed_over) * 1000)
    inside.sort()
    commits.sort()
    print(
        f"ENQUEUE median={statistics.median(inside):.2f} "
        f"p95={common.percentile(inside, 0.95):.2f} max={inside[-1]:.2f} n={len(inside)} "
        f"commit={statistics.median(commits):.2f}"
    )


def throughput() -> None:
    """Runs inside Django after the worker: mails per second from the first sent to the last."""
    import django

    django.setup()
    from medborger.models import OutgoingMail

    ours = OutgoingMail.objects.filter(ref=os.environ["BENCH_RUN"])
    times = list(
        ours.filter(status=OutgoingMail.Status.SENT)
        .order_by("sent_at")
        .values_list("sent_at", flat=True)
    )
    waiting = ours.exclude(status=OutgoingMail.Status.SENT).count()
    span = (times[-1] - times[0]).total_seconds() if len(times) > 1 else 0.0
    rate = (len(times) - 1) / span if span else 0.0
    print(f"WORKER sent={len(times)} waiting={waiting} seconds={span:.2f} rate={rate:.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--mails", type=int, default=500)
    parser.add_argument("--step", choices=["enqueue", "throughput"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    mails = max(10, min(args.mails, 20_000))
    if args.step == "enqueue":
        enqueue(mails)
        return 0
    if args.step == "throughput":
        throughput()
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or f"sqlite:///{OUT / 'mail_queue.sqlite3'}"
    if not args.database_url:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'mail_queue.sqlite3'}{suffix}").unlink(missing_ok=True)
    env = common.env(database_url)
    env["BENCH_MAIL_CONSOLE"] = "1"
    env["BENCH_RUN"] = f"bench:{time.time_ns()}"
    python = sys.executable

    def step(*extra: str) -> str:
        return subprocess.run(
            [python, *extra], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout

    step("manage.py", "migrate", "--verbosity", "0")
    enqueue_line = next(
        x
        for x in step(__file__, "--step=enqueue", f"--mails={mails}").splitlines()
        if x.startswith("ENQUEUE")
    )
    subprocess.run(
        [
            python,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0",
            "-v",
            "0",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    worker_line = next(
        x for x in step(__file__, "--step=throughput").splitlines() if x.startswith("WORKER")
    )
    figures = dict(part.split("=") for part in enqueue_line.split()[1:])
    worker = dict(part.split("=") for part in worker_line.split()[1:])
    backend = database_url.split(":", 1)[0]
    median = float(figures["median"])
    print(f"Mail queue ({backend}), {mails} mails")
    print(
        f"  mail_send inside a request's transaction: median {median:.2f} ms, "
        f"p95 {float(figures['p95']):.2f} ms, max {float(figures['max']):.2f} ms "
        f"(target < {TARGET_MS:.0f} ms: {'met' if median < TARGET_MS else 'NOT met'})"
    )
    print(
        f"  then the request's own commit, which it pays with or without a mail: median "
        f"{float(figures['commit']):.2f} ms (one commit: the task row commits with the mail)"
    )
    print(
        f"  one worker, console backend: {worker['rate']} mails/s "
        f"({worker['sent']} sent in {worker['seconds']} s, {worker['waiting']} left)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
