"""The whole benchmark in one command; it writes docs/benchmarks.md.

    .venv/bin/python bench/run.py [--duration 5] [--port 8182] [--database medborger_bench8b]
                                  [--base-url http://127.0.0.1:8080]

What it does, and its bounds:
- drops and creates the PostgreSQL database `--database` on 127.0.0.1:5432 (user postgres) and
  migrates it; give it a database of its own, nothing else may live in it;
- builds the large data set: the Ishøj policy (`load_ishoj`), a second published version with
  40 sections, 10,000 published comments, 2,000 registrations for one event and 1,000 responses
  to an open hearing (bulk inserts);
- in-process, with Django's test client: SQL queries per page (first request with an empty
  cache, then a second one) and the PDF render time of the 40-section version;
- in-process, the version page rendered without any cache (the page cache off and the cache
  emptied before each request: the first request after a change), median of 10;
- starts its own Redis (`redis-server` on a free loopback port, nothing saved) as the shared
  cache, as in production, so both workers share the page cache and its generations;
- serves the portal with gunicorn (2 sync workers, production-like `bench.bench_settings`,
  rate limits off, mail to nowhere) on 127.0.0.1 only, and measures with wrk at 8 and 32
  connections (`--duration` seconds each, at most 30): the front page, the version page, the
  comparison page, the process page, the event list and page, the hearing page, the stored PDF
  download, and the ceilings (a trivial Django page, a static file); then POSTs a comment, a
  sign-up and a hearing response from a threaded Python client (GET for the CSRF cookie and
  token, then POST after POST); every figure also as a share of the trivial page in the same run;
- restarts gunicorn with the page cache off (`PAGE_CACHE=false`) and measures the pages and the
  trivial page again at 8 connections: the same table without the page cache;
- with `--base-url`, wrk measures the GETs through that address instead (a proxy such as nginx
  in front of the gunicorn this script starts on `--port`); with `--nginx` it starts the
  shipped nginx configuration (deploy/nginx) itself for that; the POSTs still go to gunicorn;
- then, on the same server, a soak (`--soak` seconds of mixed traffic from 8 clients, see
  bench/soak.py): errors, and the workers' memory and open files over time;
- then Lighthouse (npm, fetched by npx; offline, Debian's Chromium) on the front, version and
  event pages in Danish and English: accessibility and best-practices scores;
- writes the figures, the budgets met or missed, and the machine to docs/benchmarks.md, and
  stops gunicorn. About 9 minutes with the default 5 s runs and a 3-minute soak.
"""

# ruff: noqa: S603 - the script starts known programs (manage.py, gunicorn, wrk) with fixed args

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, dataset, lighthouse, soak
from bench.common import OUT, ROOT
from bench.nginx import Nginx

DOC = ROOT / "docs" / "benchmarks.md"
CONNECTIONS = (8, 32)
P95_BUDGET_MS = 50.0
UNCACHED_VERSION_BUDGET_MS = 15.0
# The least share of the trivial page's requests/s each page must reach at 8 clients.
SHARE_BUDGETS = {
    "Version page": 0.50,
    "Front page": 0.50,
    "Process page": 0.40,
    "Comparison page": 0.40,
    "Event page": 0.15,
    "Hearing page": 0.15,
}
TRIVIAL = "Ceiling: trivial Django page"
STATIC_FILE = "/static/process/process.css"
LIGHTHOUSE_PAGES = ("Front page", "Version page", "Event page")
SOAK_MAX_GROWTH_MB = 8.0


# --- Inside Django (the `--prepare` child process) -----------------------------------------


def _counts(seeded: dict) -> dict[str, int]:
    from engagement.models import Registration
    from hearing.models import HearingResponse
    from policy.models import Comment, Section

    return {
        "sections in the new version": Section.objects.filter(
            version__policy_id=seeded["policy_id"], version__number=seeded["version"]
        ).count(),
        "comments": Comment.objects.filter(policy_id=seeded["policy_id"]).count(),
        "registrations": Registration.objects.filter(event_id=seeded["event_id"]).count(),
        "hearing responses": HearingResponse.objects.filter(
            hearing_id=seeded["hearing_id"]
        ).count(),
    }


def _queries(pages: dict[str, str], repeats: int = 5) -> dict[str, dict[str, float]]:
    """SQL queries and in-process time per page: the first request (empty cache), then the
    median of `repeats` more (one request alone is too noisy on a shared machine)."""
    import statistics

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    client = Client()
    result = {}
    for name, path in pages.items():
        row, timings = {}, []
        for attempt in range(1 + repeats):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            if attempt == 0:
                row["cold_ms"], row["cold"] = elapsed, float(len(captured))
            else:
                timings.append(elapsed)
                row["warm"] = float(len(captured))
        row["warm_ms"] = statistics.median(timings)
        row["bytes"] = float(len(response.content))
        result[name] = row
    return result


def _uncached_version_ms(path: str, repeats: int = 10) -> list[float]:
    """The version page rendered with no cache at all: the page cache off and the cache emptied
    before every request, as for the first request after a change."""
    from django.core.cache import cache
    from django.test import Client, override_settings

    client, timings = Client(), []
    with override_settings(PAGE_CACHE=False):
        client.get(path)  # templates compiled, the release digest computed
        for _ in range(repeats):
            cache.clear()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
    return timings


def prepare(renders: int) -> None:
    """Runs as a child process with the benchmark's environment; prints one JSON line."""
    import django

    django.setup()
    from django.db import connection

    from bench.snapshots import store_snapshot_as_static, version_render_timing
    from policy.models import PolicyVersion

    seeded = dataset.build(dataset.LARGE)
    seeded["counts"] = _counts(seeded)
    seeded["queries"] = _queries(seeded["pages"])
    seeded["uncached_version_ms"] = _uncached_version_ms(seeded["pages"]["Version page"])
    version = PolicyVersion.objects.select_related("policy").get(
        policy_id=seeded["policy_id"], number=seeded["version"]
    )
    seeded["pdf"] = version_render_timing(version, renders=renders)
    seeded["pdf_static_path"] = store_snapshot_as_static(version)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        seeded["postgresql"] = cursor.fetchone()[0]
    print("PREPARED " + json.dumps(seeded))


# --- Outside Django ----------------------------------------------------------------------------


def recreate_database(name: str) -> str:
    import psycopg
    from psycopg import sql

    conn = psycopg.connect(
        host="127.0.0.1", port=5432, user="postgres", dbname="postgres", autocommit=True
    )
    with conn.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _post_targets(prepared: dict) -> dict[str, tuple[str, object]]:
    def comment(index: int, n: int, token: str) -> tuple[str, str]:
        fields = {
            "csrfmiddlewaretoken": token,
            "body": "Et bidrag fra benchmarken om foreningerne.",
            "name": f"Bench {index}-{n}",
            "email": f"k{index}-{n}-{secrets.token_hex(3)}@example.org",
            "website": "",
        }
        return common.urlencode(fields), "application/x-www-form-urlencoded"

    def signup(index: int, n: int, token: str) -> tuple[str, str]:
        fields = {
            "csrfmiddlewaretoken": token,
            "name": f"Bench {index}-{n}",
            "email": f"t{index}-{n}-{secrets.token_hex(3)}@example.org",
            "website": "",
        }
        return common.urlencode(fields), "application/x-www-form-urlencoded"

    def response(index: int, n: int, token: str) -> tuple[str, str]:
        fields = {
            "csrfmiddlewaretoken": token,
            "kind": "person",
            "name": f"Bench {index}-{n}",
            "email": f"h{index}-{n}@example.org",
            "text": "Et høringssvar fra benchmarken.",
            "consent": "yes",
            "idempotency_key": secrets.token_hex(16),
            "website": "",
        }
        return common.urlencode(fields), "application/x-www-form-urlencoded"

    return {
        "Comment (POST)": (prepared["comment_path"], comment),
        "Sign-up (POST)": (prepared["pages"]["Event page"], signup),
        "Hearing response (POST)": (prepared["pages"]["Hearing page"], response),
    }


def _machine(prepared: dict) -> dict[str, str]:
    import django
    import gunicorn

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
            break
    nproc = str(len(os.sched_getaffinity(0)))  # what `nproc` prints
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "Date (UTC)": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
        "CPU": cpu,
        "Cores (`nproc`)": nproc,
        "Memory": memory,
        "Load average before the measurements (1, 5, 15 min)": load,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "PostgreSQL": prepared["postgresql"],
    }


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _table(rows: dict[str, dict[str, float]]) -> list[str]:
    trivial = rows[TRIVIAL]["rps"] or 1.0
    lines = [
        "| What | requests/s | share of the trivial page | p50 ms | p95 ms | p99 ms | errors "
        "| requests |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {_fmt(r['rps'])} | {100 * r['rps'] / trivial:.0f} % "
            f"| {_fmt(r['p50_ms'])} | {_fmt(r['p95_ms'])} "
            f"| {_fmt(r['p99_ms'])} | {r['errors']:.0f} | {r['requests']:.0f} |"
        )
    return lines


def _write_doc(
    *,
    prepared: dict,
    machine: dict,
    results: dict,
    stored: dict,
    args,
    wall: float,
    soaked: dict | None = None,
    audited: dict | None = None,
) -> None:
    pages = list(prepared["pages"])
    at8 = results[8]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `.venv/bin/python bench/run.py` (do not edit by hand; run it again). "
        f"Figures from one run on {machine['Date (UTC)']} UTC, which took {wall / 60:.1f} "
        "minutes.",
        "",
        "**The load generators share the machine**: wrk and the Python client for the POSTs run "
        "on the same 2 cores as gunicorn, and the load average before and after the run is in "
        "the machine table below (anything above about 1 means other work was running too). "
        "The figures are therefore a floor, not a ceiling; the ceilings below were measured "
        "under the same conditions, so compare against them.",
        "",
        "## Budgets (2-core machine)",
        "",
        "Shares are of the trivial Django page's requests/s in the same run (the ceiling of "
        "this server on this machine), at 8 clients, with the page cache on.",
        "",
        "| Budget | Figure | Verdict |",
        "|---|---:|---|",
    ]
    trivial = at8[TRIVIAL]["rps"]
    for name, least in SHARE_BUDGETS.items():
        if name not in at8:
            continue
        share = at8[name]["rps"] / trivial if trivial else 0.0
        verdict = "met" if share >= least else f"**missed** ({100 * share:.0f} % of the ceiling)"
        lines.append(
            f"| {name}: ≥ {100 * least:.0f} % of the trivial page | {100 * share:.0f} % "
            f"({_fmt(at8[name]['rps'])} requests/s) | {verdict} |"
        )
    for name in pages:
        p95 = at8[name]["p95_ms"]
        verdict = (
            "met"
            if p95 < P95_BUDGET_MS
            else f"**missed** by {_fmt(p95 - P95_BUDGET_MS)} ms ({p95 / P95_BUDGET_MS:.1f}x)"
        )
        lines.append(
            f"| {name}: p95 < {P95_BUDGET_MS:.0f} ms at 8 clients | {_fmt(p95)} ms | {verdict} |"
        )
    uncached = prepared["uncached_version_ms"]
    median = sorted(uncached)[len(uncached) // 2]
    verdict = (
        "met"
        if median < UNCACHED_VERSION_BUDGET_MS
        else f"**missed** by {_fmt(median - UNCACHED_VERSION_BUDGET_MS)} ms"
    )
    lines.append(
        f"| Version page without any cache (first request after a change), in-process: "
        f"< {UNCACHED_VERSION_BUDGET_MS:.0f} ms | {_fmt(median)} ms (median of {len(uncached)}, "
        f"fastest {_fmt(min(uncached))} ms) | {verdict} |"
    )
    if soaked is not None:
        errors = len(soaked["errors"])
        lines.append(
            f"| Soak: no errors in {soaked['duration_s']:.0f} s of mixed traffic "
            f"| {errors} errors in {soaked['requests']:,} requests "
            f"| {'met' if not errors else '**missed**'} |"
        )
        growth = max((row["rss_growth_mb"] for row in soaked["memory"]), default=0.0)
        verdict = (
            "met"
            if growth < SOAK_MAX_GROWTH_MB
            else f"**missed** by {growth - SOAK_MAX_GROWTH_MB:.1f} MB"
        )
        lines.append(
            f"| Soak: flat memory (each worker grows < {SOAK_MAX_GROWTH_MB:.0f} MB after "
            f"warm-up) | {growth:+.1f} MB at most | {verdict} |"
        )
    if audited is not None:
        for index, category in ((2, "accessibility"), (3, "best practices")):
            low = min(row[index] for row in audited["rows"])
            below = [row[0] for row in audited["rows"] if row[index] < 100]
            verdict = "met" if not below else "**missed** on " + ", ".join(below)
            lines.append(
                f"| Lighthouse {category} 100 on the front, version and event pages "
                f"(da, en) | lowest {low} | {verdict} |"
            )
    queue = 8 / args.workers  # at 8 clients, a request waits behind this many on its worker
    for name in pages:
        if at8[name]["p95_ms"] < P95_BUDGET_MS:
            continue
        q = prepared["queries"][name]
        lines += [
            "",
            f"Why the {name.lower()} misses the p95: in-process, with a warm cache and no "
            f"concurrency, one request takes {_fmt(q['warm_ms'])} ms (median of 5) with "
            f"{q['warm']:.0f} SQL queries; at 8 clients on {args.workers} workers a request "
            f"waits behind about {queue:.0f} others, and wrk and other work share the 2 cores "
            "(see the load average below).",
        ]
    static = at8["Ceiling: static file (WhiteNoise)"]["rps"]
    lines += [
        "",
        f"The ceilings on this machine at 8 clients: a trivial Django page "
        f"(no database, no template) {_fmt(trivial)} requests/s, a static file "
        f"{_fmt(static)} requests/s. No page can be faster than the trivial page on the same "
        "server, so the budgets are shares of it.",
        "",
    ]
    if "uncached" in results:
        off = results["uncached"]
        off_trivial = off[TRIVIAL]["rps"]
        lines += [
            "## With and without the page cache (8 clients)",
            "",
            "The same pages with the page cache on (the run above) and off (gunicorn restarted "
            "with `PAGE_CACHE=false`; the fragment caches of the version page stay on), each as "
            "a share of the trivial page measured in the same server run.",
            "",
            "| Page | cache on: requests/s | share | p50 ms | p95 ms "
            "| cache off: requests/s | share | p50 ms | p95 ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name in [*pages, TRIVIAL]:
            on_row, off_row = at8[name], off[name]
            lines.append(
                f"| {name} | {_fmt(on_row['rps'])} | {100 * on_row['rps'] / trivial:.0f} % "
                f"| {_fmt(on_row['p50_ms'])} | {_fmt(on_row['p95_ms'])} "
                f"| {_fmt(off_row['rps'])} | {100 * off_row['rps'] / off_trivial:.0f} % "
                f"| {_fmt(off_row['p50_ms'])} | {_fmt(off_row['p95_ms'])} |"
            )
        lines.append("")
    for connections in CONNECTIONS:
        lines += [
            f"## {connections} concurrent clients (page cache on)",
            "",
            f"gunicorn {args.workers} sync workers; GETs by wrk ({args.duration} s, "
            f"{connections} connections); POSTs by a threaded Python client "
            f"({args.duration} s, {connections} clients, each first GETs the form for its "
            "CSRF cookie and token). Pages go uncompressed, as the portal leaves compression to "
            "the proxy in front of it.",
            "",
            *_table(results[connections]),
            "",
        ]
    lines += [
        "The POSTs answer 302 (a redirect to the page or the receipt); any other status counts as "
        "an error. Stored by the POSTs during the run: "
        + ", ".join(f"{v} {k}" for k, v in stored.items())
        + ".",
        "",
        "## SQL queries per page",
        "",
        "In-process with Django's test client and `CaptureQueriesContext`: the first request "
        "with an empty cache, then the same request five more times (queries of the last, "
        "median time).",
        "",
        "| Page | Path | queries (empty cache) | queries (again) | ms (empty cache) | ms (again, median) "
        "| bytes |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, q in prepared["queries"].items():
        lines.append(
            f"| {name} | `{prepared['pages'][name]}` | {q['cold']:.0f} | {q['warm']:.0f} "
            f"| {_fmt(q['cold_ms'])} | {_fmt(q['warm_ms'])} | {q['bytes']:,.0f} |"
        )
    pdf = prepared["pdf"]
    download = at8["PDF download (stored snapshot)"]
    lines += [
        "",
        "## PDF",
        "",
        f"Render of the {prepared['counts']['sections in the new version']}-section version "
        f"with WeasyPrint, in-process, {pdf['renders']:.0f} renders: first "
        f"{_fmt(pdf['first_ms'], 0)} ms, median {_fmt(pdf['median_ms'], 0)} ms, fastest "
        f"{_fmt(pdf['min_ms'], 0)} ms; {pdf['pages']:.0f} pages, {pdf['bytes'] / 1024:,.0f} KB. "
        "The portal renders a version's PDF once, stores it as a snapshot and then serves the "
        "stored file.",
        "",
        f"Download of the stored snapshot (`{prepared['pdf_path']}`) at 8 clients: "
        f"{_fmt(download['rps'])} requests/s, p95 {_fmt(download['p95_ms'])} ms; the same bytes "
        f"as a static file: {_fmt(at8['Static file, same size as the PDF']['rps'])} requests/s, "
        f"p95 {_fmt(at8['Static file, same size as the PDF']['p95_ms'])} ms. The snapshot can "
        "beat the static file because its bytes never change: after the first request each "
        "worker answers it from memory in front of Django (`medborger/immutable_cache.py`), "
        "while WhiteNoise opens and streams the file for every request.",
        "",
        *_soak_section(soaked),
        *_lighthouse_section(audited),
        "## Data set",
        "",
        "The Ishøj policy (`load_ishoj`), then a second published version with "
        "40 sections (a third of the first version's sections rewritten), published comments "
        "spread over its sections (one in ten with an official reply), confirmed registrations "
        "for one event, and published responses to an open hearing on the new version. Built "
        f"with bulk inserts in {prepared['seed_seconds']:.1f} s.",
        "",
        "| Rows | Count |",
        "|---|---:|",
        *[f"| {k} | {v:,} |" for k, v in prepared["counts"].items()],
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in machine.items()],
        "",
        "## How to run it",
        "",
        "```sh",
        ".venv/bin/python bench/run.py            # about 9 minutes; rewrites this file",
        ".venv/bin/python bench/run.py --help     # database name, port, run lengths, soak",
        "```",
        "",
        "It needs PostgreSQL on 127.0.0.1:5432 (user postgres), `wrk` (apt), and for the "
        "Lighthouse scores Node's npx and Chromium (apt). It drops and "
        f"recreates its own database (`{args.database}` by default), serves on 127.0.0.1 only, "
        "and stops gunicorn when done. The settings are `bench/bench_settings.py`: DEBUG off, "
        "rate limits off (the load comes from one address), mail to a dummy backend, and a "
        "Redis of its own (`redis-server` on a free loopback port, nothing saved) as the shared "
        "cache, as in production. `--base-url` measures the GETs through a proxy in front of "
        "that gunicorn. The older "
        "single-purpose scripts (`bench/version_page.py`, `bench/signups.py`, "
        "`bench/hearing_responses.py`, `bench/snapshots.py`) share `bench/common.py` with it.",
        "",
    ]
    DOC.write_text("\n".join(lines))


def _soak_section(soaked: dict | None) -> list[str]:
    if soaked is None:
        return []
    lines = [
        "## Soak",
        "",
        f"{soaked['duration_s']:.0f} s of mixed traffic on the same server and data set, from "
        f"{soaked['clients']} clients (`bench/soak.py`): mostly the version page (also in "
        "English and as a conditional GET), the front, comparison, event and hearing pages, a "
        "receipt, the PDF and a static file, and comments, sign-ups and hearing responses "
        "through the real forms. Any answer other than the expected one (200, 304, 302), a "
        "dropped connection or a replaced worker counts as an error.",
        "",
        f"{soaked['requests']:,} requests, {_fmt(soaked['rps'])} requests/s, p50 "
        f"{_fmt(soaked['p50_ms'])} ms, p95 {_fmt(soaked['p95_ms'])} ms, p99 "
        f"{_fmt(soaked['p99_ms'])} ms; **{len(soaked['errors'])} errors**.",
        "",
        "| Request | count |",
        "|---|---:|",
        *[f"| {name} | {count:,} |" for name, count in sorted(soaked["counts"].items())],
        "",
        "Memory: the resident set of each gunicorn worker, sampled every second. The first "
        "quarter of the run is warm-up; growth compares the median just after it with the "
        "median of the last tenth of the run; the slope is a least-squares line through every "
        "sample after warm-up.",
        "",
        "| Worker | RSS after warm-up | RSS at the end | growth | slope | peak | open files "
        "(start → end, max) |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for number, row in enumerate(soaked["memory"], start=1):
        lines.append(
            f"| {number} | {row['rss_start_mb']:.1f} MB | {row['rss_end_mb']:.1f} MB "
            f"| {row['rss_growth_mb']:+.1f} MB | {row['rss_slope_mb_per_min']:+.2f} MB/min "
            f"| {row['rss_peak_mb']:.1f} MB | {row['files_start']:.0f} → "
            f"{row['files_end']:.0f}, {row['files_max']:.0f} |"
        )
    lines += [f"- error: {e}" for e in soaked["errors"][:20]]
    return [*lines, ""]


def _lighthouse_section(audited: dict | None) -> list[str]:
    if audited is None:
        return []
    return [
        "## Lighthouse",
        "",
        f"Lighthouse {audited['version']} (npm, fetched by npx, run against the loopback server), accessibility and "
        f"best practices, on the same server and data set, in headless Chromium "
        f"({audited['browser']}). Lighthouse's accessibility score is a subset of what axe "
        "checks; the browser suite runs axe on every page (see docs/audit.md).",
        "",
        *lighthouse.table(audited),
        "",
        "Below full marks: "
        + ("; ".join(audited["notes"]) if audited["notes"] else "nothing")
        + ".",
        "",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="medborger_bench8b")
    parser.add_argument("--port", type=int, default=8182)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--base-url",
        default="",
        help="measure the GETs through this address (a proxy in front of --port)",
    )
    parser.add_argument(
        "--nginx",
        action="store_true",
        help="measure the GETs through the shipped nginx configuration (deploy/nginx), started "
        "on a free loopback port in front of --port",
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds per run (at most 30)")
    parser.add_argument("--renders", type=int, default=3, help="PDF renders (at most 10)")
    parser.add_argument(
        "--soak", type=int, default=180, help="seconds of mixed traffic at the end (0: none)"
    )
    parser.add_argument(
        "--no-lighthouse", action="store_true", help="skip the Lighthouse scores (npx, Chromium)"
    )
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.duration = max(1, min(args.duration, 30))
    args.workers = max(1, min(args.workers, 8))
    renders = max(1, min(args.renders, 10))
    if args.prepare:
        prepare(renders)
        return 0
    if args.count:
        import django

        django.setup()
        print("COUNTS " + json.dumps(_counts(json.loads(args.count))))
        return 0
    if not common.have_wrk():
        return 2
    missing = "" if args.no_lighthouse else lighthouse.available()
    if missing:
        print(f"Lighthouse cannot run: {missing} (or pass --no-lighthouse)")
        return 2
    args.soak = max(0, min(args.soak, 1800))
    started = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"database {args.database}: recreating and migrating", flush=True)
    env = common.env(recreate_database(args.database))
    media = OUT / "media-run"
    env["MEDIA_ROOT"] = str(media)
    redis = _start_redis()
    env["REDIS_URL"] = f"redis://127.0.0.1:{redis.port}/0"
    try:
        return _run(args, env, renders, started)
    finally:
        redis.terminate()
        redis.wait(timeout=10)


def _start_redis() -> subprocess.Popen:
    """A Redis of the benchmark's own on a free loopback port, keeping nothing on disk."""
    port = common.free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--loglevel", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    process.port = port
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            http.client.socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("redis-server did not start")


def _run(args, env: dict[str, str], renders: int, started: float) -> int:
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    print("building the data set, counting queries, rendering the PDF", flush=True)
    output = subprocess.run(
        [python, __file__, "--prepare", f"--renders={renders}"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.splitlines()
    prepared = json.loads(next(x for x in output if x.startswith("PREPARED "))[9:])
    machine = _machine(prepared)
    gets = {
        **prepared["pages"],
        "PDF download (stored snapshot)": prepared["pdf_path"],
        "Static file, same size as the PDF": prepared["pdf_static_path"],
        "Ceiling: trivial Django page": "/bench/trivial/",
        "Ceiling: static file (WhiteNoise)": STATIC_FILE,
    }
    posts = _post_targets(prepared)
    base = args.base_url.rstrip("/") or f"http://127.0.0.1:{args.port}"
    proxy = None
    if args.nginx:
        proxy = Nginx(work=Path(tempfile.mkdtemp(prefix="bench-nginx-")), upstreams=[args.port])
        base = proxy.start().base
        machine["GETs measured through"] = f"nginx (deploy/nginx/medborger.conf) at {base}"
    results: dict = {}
    gunicorn = common.start_gunicorn(env, port=args.port, workers=args.workers)
    try:
        _warm(args.port, list(gets.values()), times=4 * args.workers)
        for connections in CONNECTIONS:
            results[connections] = {}
            for name, path in gets.items():
                result = common.wrk(base + path, duration=args.duration, connections=connections)
                results[connections][name] = result
                print(f"{connections:>2} {name}: {common.format_wrk(result)}", flush=True)
                common.wait_idle(args.port)
            for name, (path, make_body) in posts.items():
                result = common.post_load(
                    port=args.port,
                    path=path,
                    clients=connections,
                    make_body=make_body,
                    duration=args.duration,
                )
                results[connections][name] = result
                print(f"{connections:>2} {name}: {common.format_wrk(result)}", flush=True)
                common.wait_idle(args.port)
        results["uncached"] = _without_page_cache(env, args, base, prepared, gunicorn)
        gunicorn = common.start_gunicorn(env, port=args.port, workers=args.workers)
        machine["Load average after the measurements (1, 5, 15 min)"] = ", ".join(
            f"{x:.2f}" for x in os.getloadavg()
        )
        stored = _stored_after(env, prepared)
        soaked = None
        if args.soak:
            print(f"soak: {args.soak} s of mixed traffic", flush=True)
            soaked = soak.run(
                port=args.port,
                seeded=prepared,
                gunicorn_pid=gunicorn.pid,
                duration=args.soak,
                clients=8,
            )
            print(soak.summary(soaked), flush=True)
        audited = None
        if not args.no_lighthouse:
            print("Lighthouse: front, version and event page in Danish and English", flush=True)
            pages = [
                (f"{name} ({lang})", prefix + prepared["pages"][name])
                for prefix, lang in (("", "da"), ("/en", "en"))
                for name in LIGHTHOUSE_PAGES
            ]
            audited = lighthouse.audit(base, pages, OUT / "lighthouse")
            print("\n".join(lighthouse.table(audited)), flush=True)
    finally:
        common.stop_gunicorn(gunicorn)
        if proxy is not None:
            proxy.stop()
    _write_doc(
        prepared=prepared,
        machine=machine,
        results=results,
        stored=stored,
        args=args,
        wall=time.perf_counter() - started,
        soaked=soaked,
        audited=audited,
    )
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


def _stored_after(env: dict[str, str], prepared: dict) -> dict[str, int]:
    """How many comments, registrations and responses the POSTs added (counted in a child)."""
    output = subprocess.run(
        [sys.executable, __file__, "--count", json.dumps(prepared)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.splitlines()
    after = json.loads(next(x for x in output if x.startswith("COUNTS "))[7:])
    return {
        k: after[k] - prepared["counts"][k]
        for k in ("comments", "registrations", "hearing responses")
    }


def _without_page_cache(env, args, base: str, prepared: dict, gunicorn) -> dict:
    """The pages and the trivial page again at 8 connections, gunicorn restarted with the page
    cache off."""
    common.stop_gunicorn(gunicorn)
    off = {**env, "PAGE_CACHE": "false"}
    server = common.start_gunicorn(off, port=args.port, workers=args.workers)
    rows = {}
    try:
        paths = {**prepared["pages"], TRIVIAL: "/bench/trivial/"}
        _warm(args.port, list(paths.values()), times=4 * args.workers)
        for name, path in paths.items():
            rows[name] = common.wrk(base + path, duration=args.duration, connections=8)
            print(f" 8 {name} (page cache off): {common.format_wrk(rows[name])}", flush=True)
            common.wait_idle(args.port)
    finally:
        common.stop_gunicorn(server)
    return rows


def _warm(port: int, paths: list[str], times: int) -> None:
    """A few requests per path, so each worker has its caches filled before it is measured."""
    for path in paths:
        for _ in range(times):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()


if __name__ == "__main__":
    sys.exit(main())
