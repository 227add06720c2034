"""Benchmark PDF snapshots: render time of the Ishøj policy, and download throughput of the
stored snapshot against a static file of the same size served by the same gunicorn.

    .venv/bin/python bench/snapshots.py [--database-url URL] [--duration 10] [--connections 8]

Without --database-url it uses a fresh SQLite file under bench/out/. gunicorn listens on
127.0.0.1 only; wrk (from apt) makes the requests; everything stops by itself.
"""

# ruff: noqa: S603, S310 - known programs with fixed args; URLs are http on loopback only

from __future__ import annotations

import argparse
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.version_page import LUA, OUT, ROOT, _env


def render_and_store(renders: int) -> str:
    """Runs inside Django: load Ishøj, time `renders` renders, store the snapshot, copy its
    bytes to a static file; print timings and the two paths."""
    import io

    import django
    import pypdf

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from policy import snapshots
    from policy.models import Policy

    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    version = Policy.objects.get(slug="medborgerpolitik").versions.get(number=1)
    timings = []
    for _ in range(renders):
        started = time.perf_counter()
        data = snapshots.version_pdf_bytes(version=version)
        timings.append(time.perf_counter() - started)
    snapshot = snapshots.version_snapshot_get_or_create(version=version)
    static = Path(settings.STATIC_ROOT) / "bench-snapshot.pdf"
    static.write_bytes(snapshot.file.read())
    print(
        f"RENDER first={timings[0] * 1000:.0f}ms median={statistics.median(timings) * 1000:.0f}ms "
        f"min={min(timings) * 1000:.0f}ms renders={renders} bytes={len(data)} "
        f"pages={len(pypdf.PdfReader(io.BytesIO(data)).pages)}"
    )
    print(f"PATHS {version.get_absolute_url()}pdf/ /static/bench-snapshot.pdf")
    print("PACKET " + _packet_timing(version, responses=200, renders=max(1, renders // 2)))
    return ""


def _packet_timing(version, *, responses: int, renders: int) -> str:
    """Render a meeting packet with a held hearing of `responses` answered responses."""
    import datetime
    import io

    import pypdf
    from django.utils import timezone

    from engagement import packets
    from engagement.hearing_services import new_tracking_number
    from engagement.models import Hearing, HearingResponse
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
                tracking=new_tracking_number(),
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


def _wrk(url: str, duration: int, connections: int) -> str:
    script = OUT / "report.lua"
    script.write_text(LUA)
    result = subprocess.run(
        [
            shutil.which("wrk"),
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout=10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return next(x for x in result.stdout.splitlines() if x.startswith("RESULT"))[7:]


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
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or f"sqlite:///{OUT / 'snapshots.sqlite3'}"
    if not args.database_url:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'snapshots.sqlite3'}{suffix}").unlink(missing_ok=True)
    env = _env(database_url)
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
    gunicorn = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "medborger.wsgi",
            f"--bind=127.0.0.1:{args.port}",
            f"--workers={args.workers}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + static_path, timeout=5) as response:
                    response.read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            print("gunicorn did not answer", file=sys.stderr)
            return 1
        backend = database_url.split(":", 1)[0]
        print(f"Ishøj policy snapshot ({backend}), in-process WeasyPrint render:")
        print("  " + render_line[7:])
        print("Meeting packet with a held hearing, in-process render:")
        print("  " + packet_line[7:])
        print(
            f"Downloads, gunicorn {args.workers} workers, wrk {args.connections} connections, {duration}s:"
        )
        print(
            f"  stored snapshot {snapshot_path}: {_wrk(base + snapshot_path, duration, args.connections)}"
        )
        print(
            f"  static file     {static_path}: {_wrk(base + static_path, duration, args.connections)}"
        )
        return 0
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
