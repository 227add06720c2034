"""Benchmark PDF snapshots: render time of the Ishøj policy, and download throughput of the
stored snapshot against a static file of the same size served by the same gunicorn.

    .venv/bin/python bench/snapshots.py [--database-url URL] [--duration 10] [--connections 8]

Without --database-url it uses a fresh SQLite file under bench/out/. gunicorn listens on
127.0.0.1 only; wrk (from apt) makes the requests; everything stops by itself.
"""

# ruff: noqa: S603 - the script starts known programs (manage.py) with fixed args

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common
from bench.common import OUT, ROOT


def render_and_store(renders: int) -> str:
    """Runs inside Django: load Ishøj, time `renders` renders, store the snapshot, copy its
    bytes to a static file; print timings and the two paths."""
    import io

    import django

    django.setup()
    from django.core.management import call_command

    from policy.models import Policy

    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    version = Policy.objects.get(slug="medborgerpolitik").versions.get(number=1)
    timing = version_render_timing(version, renders=renders)
    static_path = store_snapshot_as_static(version)
    print(
        f"RENDER first={timing['first_ms']:.0f}ms median={timing['median_ms']:.0f}ms "
        f"min={timing['min_ms']:.0f}ms renders={renders} bytes={timing['bytes']:.0f} "
        f"pages={timing['pages']:.0f}"
    )
    print(f"PATHS {version.get_absolute_url()}pdf/ {static_path}")
    print("PACKET " + _packet_timing(version, responses=200, renders=max(1, renders // 2)))
    return ""


def version_render_timing(version, *, renders: int) -> dict[str, float]:
    """Time `renders` in-process WeasyPrint renders of a published version's PDF (in ms)."""
    import io

    import pypdf

    from policy import snapshots

    timings, data = [], b""
    for _ in range(renders):
        started = time.perf_counter()
        data = snapshots.version_pdf_bytes(version=version)
        timings.append(time.perf_counter() - started)
    return {
        "first_ms": timings[0] * 1000,
        "median_ms": statistics.median(timings) * 1000,
        "min_ms": min(timings) * 1000,
        "renders": float(renders),
        "bytes": float(len(data)),
        "pages": float(len(pypdf.PdfReader(io.BytesIO(data)).pages)),
    }


def store_snapshot_as_static(version) -> str:
    """Store the version's snapshot, copy its bytes to a static file of the same size, and
    return that file's URL path (for the download-against-static-file comparison)."""
    from django.conf import settings

    from policy import snapshots

    snapshot = snapshots.version_snapshot_get_or_create(version=version)
    static = Path(settings.STATIC_ROOT) / "bench-snapshot.pdf"
    with snapshot.file.open("rb") as handle:
        static.write_bytes(handle.read())
    return "/static/bench-snapshot.pdf"


def _packet_timing(version, *, responses: int, renders: int) -> str:
    """Render a meeting packet with a held hearing of `responses` answered responses."""
    import datetime
    import io

    import pypdf
    from django.utils import timezone

    from hearing import packets
    from hearing.models import Hearing, HearingResponse
    from hearing.services import tracking_number_new
    from process.models import Body, Handling

    process = version.policy.processes.get()
    hearing = Hearing.objects.create(
        process=process,
        version=version,
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=2),
        delete_after=timezone.localdate() + datetime.timedelta(days=365),
    )
    sections = list(version.sections.all())
    HearingResponse.objects.bulk_create(
        [
            HearingResponse(
                hearing=hearing,
                tracking=tracking_number_new(),
                kind=HearingResponse.Kind.ORGANISATION
                if i % 3 == 0
                else HearingResponse.Kind.PERSON,
                name=f"Borger {i}",
                organisation=f"Forening {i}" if i % 3 == 0 else "",
                email=f"borger{i}@example.org",
                text="Vi foreslår, at politikken nævner foreningerne og de unge tydeligere. " * 4,
                consent_to_publish=i % 4 != 0,
                summary="Ønsker foreningerne nævnt tydeligere.",
                comment="Forvaltningen har tilføjet en sætning om foreningerne.",
                led_to_change=i % 5 == 0,
                section=sections[i % len(sections)],
            )
            for i in range(responses)
        ]
    )
    handling = Handling.objects.create(
        process=process,
        body=Body.objects.get(short_name="Fagudvalg"),
        meeting_date=timezone.localdate(),
        agenda_item_title="Benchmark",
        version=version,
    )
    timings, data = [], b""
    for _ in range(renders):
        started = time.perf_counter()
        data = packets.packet_pdf_bytes(handling=handling)
        timings.append(time.perf_counter() - started)
    return (
        f"responses={responses} median={statistics.median(timings) * 1000:.0f}ms "
        f"min={min(timings) * 1000:.0f}ms renders={renders} bytes={len(data)} "
        f"pages={len(pypdf.PdfReader(io.BytesIO(data)).pages)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10, help="seconds (at most 60)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        render_and_store(max(1, min(args.renders, 20)))
        return 0
    if not common.have_wrk():
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or f"sqlite:///{OUT / 'snapshots.sqlite3'}"
    if not args.database_url:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'snapshots.sqlite3'}{suffix}").unlink(missing_ok=True)
    env = common.env(database_url)
    env["MEDIA_ROOT"] = str(OUT / "media")
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    seeded = subprocess.run(
        [python, __file__, "--seed-only", f"--renders={args.renders}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    render_line = next(x for x in seeded if x.startswith("RENDER"))
    packet_line = next(x for x in seeded if x.startswith("PACKET"))
    snapshot_path, static_path = next(x for x in seeded if x.startswith("PATHS")).split()[1:]
    duration = max(1, min(args.duration, 60))
    gunicorn = common.start_gunicorn(
        env, port=args.port, workers=args.workers, wait_path=static_path
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        backend = database_url.split(":", 1)[0]
        print(f"Ishøj policy snapshot ({backend}), in-process WeasyPrint render:")
        print("  " + render_line[7:])
        print("Meeting packet with a held hearing, in-process render:")
        print("  " + packet_line[7:])
        print(
            f"Downloads, gunicorn {args.workers} workers, wrk {args.connections} connections, {duration}s:"
        )
        for label, path in (("stored snapshot", snapshot_path), ("static file    ", static_path)):
            result = common.wrk(base + path, duration=duration, connections=args.connections)
            print(f"  {label} {path}: {common.format_wrk(result)}")
        return 0
    finally:
        common.stop_gunicorn(gunicorn)


if __name__ == "__main__":
    sys.exit(main())
