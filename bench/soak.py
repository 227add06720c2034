"""Soak: minutes of mixed traffic against gunicorn, watching for errors and for growth in the
workers' memory and open files.

    .venv/bin/python bench/soak.py [--duration 180] [--clients 8] [--database medborger_soak]

On its own it drops and creates the PostgreSQL database `--database` on 127.0.0.1:5432, migrates
it, loads the small data set (`bench/dataset.py`), serves the portal with gunicorn on 127.0.0.1
only and prints the figures. `bench/run.py` runs the same soak on the benchmark's server and
records it in docs/benchmarks.md; `tests/bench/test_soak.py` runs it in the test suite.

The traffic is what citizens do, in proportion: mostly reading the draft, also the front page,
the comparison, the event and hearing pages, receipts, the PDF and static files, a conditional
GET of the version page, and some comments, sign-ups and hearing responses, all through the real
forms. Every answer must be the one a browser expects (200, 304 for the conditional GET, 302 for
a form); anything else, a dropped connection or a replaced worker counts as an error.

Memory is the resident set (VmRSS) of each gunicorn worker, sampled every second. The first
quarter of the run is warm-up (caches fill, code paths load); "growth" compares the median of
the samples just after warm-up with the median of the last tenth of the run, and the slope is a
least-squares line through every sample after warm-up.
"""

# ruff: noqa: S311 - random picks traffic, not secrets

from __future__ import annotations

import argparse
import http.client
import random
import re
import secrets
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

WARMUP_FRACTION = 0.25
TAIL_FRACTION = 0.10
IDEMPOTENCY_KEY = re.compile(r'name="idempotency_key" value="([0-9a-f]+)"')
STATIC_FILE = "/static/css/portal.css"


@dataclass
class Action:
    name: str
    method: str
    path: str
    weight: int
    expect: int
    form: str = ""  # for a POST: which form body to send


def actions(seeded: dict) -> list[Action]:
    pages = seeded["pages"]
    listed = [
        Action("version page", "GET", pages["Version page"], 24, 200),
        Action("version page (en)", "GET", "/en" + pages["Version page"], 6, 200),
        Action("version page, conditional", "GET", pages["Version page"], 6, 304),
        Action("front page", "GET", pages["Front page"], 10, 200),
        Action("comparison page", "GET", pages["Comparison page"], 6, 200),
        Action("event page", "GET", pages["Event page"], 8, 200),
        Action("hearing page", "GET", pages["Hearing page"], 8, 200),
        Action("hearing page 2", "GET", pages["Hearing page"] + "?side=2", 2, 200),
        Action("PDF", "GET", seeded["pdf_path"], 4, 200),
        Action("static file", "GET", STATIC_FILE, 8, 200),
        Action("comment", "POST", seeded["comment_path"], 6, 302, form="comment"),
        Action("sign-up", "POST", pages["Event page"], 6, 302, form="signup"),
        Action("hearing response", "POST", pages["Hearing page"], 6, 302, form="response"),
    ]
    if seeded.get("receipt_path"):
        listed.append(Action("receipt", "GET", seeded["receipt_path"], 2, 200))
    return listed


def _body(form: str, token: str, client: int, n: int) -> str:
    tag = f"{client}-{n}-{secrets.token_hex(3)}"
    fields = {"csrfmiddlewaretoken": token, "website": ""}
    if form == "comment":
        fields |= {
            "body": "Et bidrag fra soak-testen om foreningerne.",
            "name": f"Soak {tag}",
            "email": f"k{tag}@example.org",
        }
    elif form == "signup":
        fields |= {"name": f"Soak {tag}", "email": f"t{tag}@example.org"}
    else:
        fields |= {
            "kind": "person",
            "name": f"Soak {tag}",
            "email": f"h{tag}@example.org",
            "text": "Et høringssvar fra soak-testen.",
            "consent": "yes",
            "idempotency_key": secrets.token_hex(16),
        }
    return common.urlencode(fields)


# --- Processes ---------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _open_files(pid: int) -> int | None:
    try:
        return sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return None


@dataclass
class Samples:
    """Per worker: (seconds since start, RSS in MB, open files)."""

    series: dict[int, list[tuple[float, float, int]]] = field(default_factory=dict)

    def take(self, workers: list[int], elapsed: float) -> None:
        for pid in workers:
            rss, files = _rss_mb(pid), _open_files(pid)
            if rss is not None and files is not None:
                self.series.setdefault(pid, []).append((elapsed, rss, files))


def _slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value), per minute."""
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    if var == 0:
        return 0.0
    return 60 * sum((x - mx) * (y - my) for x, y in points) / var


def memory_report(samples: Samples, duration: float) -> list[dict[str, float]]:
    rows = []
    warm = duration * WARMUP_FRACTION
    window = max(duration * TAIL_FRACTION, 3.0)
    for pid, series in sorted(samples.series.items()):
        after = [s for s in series if s[0] >= warm]
        if len(after) < 4:
            continue
        start = [s for s in after if s[0] < warm + window]
        end = [s for s in after if s[0] >= duration - window]
        rss_start = statistics.median(s[1] for s in start)
        rss_end = statistics.median(s[1] for s in end)
        files_start = statistics.median(s[2] for s in start)
        files_end = statistics.median(s[2] for s in end)
        rows.append(
            {
                "pid": float(pid),
                "rss_start_mb": rss_start,
                "rss_end_mb": rss_end,
                "rss_growth_mb": rss_end - rss_start,
                "rss_peak_mb": max(s[1] for s in series),
                "rss_slope_mb_per_min": _slope([(s[0], s[1]) for s in after]),
                "files_start": float(files_start),
                "files_end": float(files_end),
                "files_max": float(max(s[2] for s in after)),
            }
        )
    return rows


# --- Traffic -----------------------------------------------------------------------------------


def run(
    *,
    port: int,
    seeded: dict,
    gunicorn_pid: int,
    duration: float,
    clients: int = 8,
    seed: int = 8,
) -> dict:
    """Send mixed traffic for `duration` seconds (at most 30 minutes) from `clients` threads to
    the gunicorn master `gunicorn_pid` on 127.0.0.1:`port`; sample its workers every second.
    Returns the counts, latencies, errors and the memory report."""
    duration = max(10.0, min(duration, 1800.0))
    plan = actions(seeded)
    weights = [a.weight for a in plan]
    workers = _children(gunicorn_pid)
    if not workers:
        raise RuntimeError(f"gunicorn {gunicorn_pid} has no workers")
    samples = Samples()
    counts: Counter[str] = Counter()
    errors: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    stop = threading.Event()
    etag: dict[str, str] = {}

    def client(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cookie, token = common.form_session(conn, seeded["pages"]["Hearing page"])
        n = 0
        while not stop.is_set():
            action = rng.choices(plan, weights)[0]
            headers = {}
            body = None
            if action.method == "POST":
                body = _body(action.form, token, index, n)
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "Referer": f"http://127.0.0.1:{port}{action.path}",
                }
            elif action.expect == 304:
                headers = {"If-None-Match": etag.get(action.path, '"none"')}
            started = time.perf_counter()
            try:
                conn.request(action.method, action.path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                if action.path == seeded["pages"]["Version page"] and status == 200:
                    etag[action.path] = response.getheader("ETag", "")
            except OSError as error:
                status = 0
                conn.close()
                with lock:
                    errors.append(f"{action.name}: {type(error).__name__}: {error}")
            elapsed = time.perf_counter() - started
            # A conditional GET may meet a page that just changed (a comment was posted, so
            # its ETag moved): then 200 with the new page is the right answer, not an error.
            ok = status == action.expect or (action.expect == 304 and status == 200)
            with lock:
                counts[action.name] += 1
                latencies.append(elapsed)
                if not ok and status:
                    errors.append(f"{action.name}: HTTP {status} for {action.path}")
            n += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while (elapsed := time.perf_counter() - started) < duration:
        samples.take(workers, elapsed)
        time.sleep(1.0)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    wall = time.perf_counter() - started
    samples.take(workers, wall)
    replaced = sorted(set(_children(gunicorn_pid)) ^ set(workers))
    if replaced:
        errors.append(f"gunicorn replaced workers during the run: {replaced}")
    latencies.sort()
    return {
        "duration_s": wall,
        "clients": clients,
        "workers": len(workers),
        "requests": sum(counts.values()),
        "rps": sum(counts.values()) / wall,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0.0,
        "p95_ms": 1000 * common.percentile(latencies, 0.95),
        "p99_ms": 1000 * common.percentile(latencies, 0.99),
        "counts": dict(counts),
        "errors": errors,
        "memory": memory_report(samples, wall),
    }


def summary(result: dict) -> str:
    lines = [
        f"soak: {result['duration_s']:.0f} s, {result['clients']} clients, "
        f"{result['workers']} workers: {result['requests']} requests "
        f"({result['rps']:.1f}/s), p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms, errors {len(result['errors'])}",
    ]
    for row in result["memory"]:
        lines.append(
            f"worker {row['pid']:.0f}: RSS {row['rss_start_mb']:.1f} -> {row['rss_end_mb']:.1f} MB "
            f"(growth {row['rss_growth_mb']:+.1f} MB, slope {row['rss_slope_mb_per_min']:+.2f} "
            f"MB/min, peak {row['rss_peak_mb']:.1f}); open files {row['files_start']:.0f} -> "
            f"{row['files_end']:.0f} (max {row['files_max']:.0f})"
        )
    lines += [f"error: {e}" for e in result["errors"][:10]]
    return "\n".join(lines)


def main() -> int:
    import subprocess

    from bench import dataset
    from bench.run import recreate_database

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="medborger_soak")
    parser.add_argument("--duration", type=float, default=180)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    env = common.env(recreate_database(args.database))
    env["MEDIA_ROOT"] = str(common.OUT / "media-soak")
    python = sys.executable
    subprocess.run(  # noqa: S603 - manage.py with fixed arguments
        [python, "manage.py", "migrate", "-v", "0"], cwd=common.ROOT, env=env, check=True
    )
    seeded = dataset.seed(env, dataset.Size(sections=40, comments=2000, responses=200))
    port = common.free_port()
    gunicorn = common.start_gunicorn(env, port=port, workers=max(1, min(args.workers, 8)))
    try:
        result = run(
            port=port,
            seeded=seeded,
            gunicorn_pid=gunicorn.pid,
            duration=args.duration,
            clients=max(1, min(args.clients, 64)),
        )
    finally:
        common.stop_gunicorn(gunicorn)
    print(summary(result))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
