"""What the benchmark scripts share: the environment, gunicorn, wrk and a form-posting client.

Every server listens on 127.0.0.1 only, and every run is bounded in time and size.
"""

# ruff: noqa: S603 - known programs with fixed args; nothing leaves the loopback interface

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

# wrk's reporter: one machine-readable line at the end of a run.
LUA = """
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d requests=%d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    summary.requests))
end
"""

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def env(database_url: str, settings: str = "bench.bench_settings") -> dict[str, str]:
    """The environment for manage.py and gunicorn: production-like settings, loopback hosts."""
    result = dict(os.environ)
    result.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": "benchmark-only-secret-key-not-used-anywhere-else-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "RATELIMIT_ENABLE": "false",
            "PYTHONPATH": str(ROOT),
        }
    )
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    environment: dict[str, str],
    *,
    port: int,
    workers: int = 2,
    threads: int = 0,
    timeout: int = 30,
    wait_path: str = "/sundhed/",
) -> subprocess.Popen:
    """Start gunicorn on 127.0.0.1:`port` and return once `wait_path` answers 200."""
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "medborger.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={max(1, min(workers, 8))}",
        f"--timeout={timeout}",
        "--log-level=warning",
    ]
    if threads:
        args.append(f"--threads={threads}")
    process = subprocess.Popen(args, cwd=ROOT, env=environment)
    # A busy shared machine can take many seconds for each worker's first request.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", wait_path)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return process
        except OSError:
            pass
        finally:
            conn.close()  # also when a busy machine made the request time out
        time.sleep(0.2)
    stop_gunicorn(process)
    raise SystemExit(f"gunicorn did not answer {wait_path} on port {port}")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_idle(port: int, *, path: str = "/sundhed/", timeout: float = 120) -> None:
    """Wait until gunicorn has worked off the requests a finished run left in its queue
    (wrk closes its connections, but sync workers still answer what they accepted), so that
    one run's backlog does not slow down the next."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
        except OSError:
            pass
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.2)


def have_wrk() -> bool:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return False
    return True


def wrk(url: str, *, duration: int, connections: int, threads: int = 2) -> dict[str, float]:
    """One bounded wrk run (at most 60 s): requests/s, p50/p95/p99 in ms, errors, requests."""
    OUT.mkdir(parents=True, exist_ok=True)
    script = OUT / "report.lua"
    script.write_text(LUA)
    result = subprocess.run(
        [
            shutil.which("wrk") or "wrk",
            f"-t{max(1, min(threads, connections))}",
            f"-c{connections}",
            f"-d{max(1, min(duration, 60))}s",
            "--timeout=10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT"))
    return {k: float(v) for k, v in (pair.split("=") for pair in line.split()[1:])}


def format_wrk(result: dict[str, float]) -> str:
    return (
        f"rps={result['rps']:.1f} p50_ms={result['p50_ms']:.2f} p95_ms={result['p95_ms']:.2f} "
        f"p99_ms={result['p99_ms']:.2f} errors={result['errors']:.0f} "
        f"requests={result['requests']:.0f}"
    )


def form_session(conn: http.client.HTTPConnection, path: str) -> tuple[str, str]:
    """GET the page with the form: its CSRF cookie and token."""
    conn.request("GET", path)
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    match = CSRF_TOKEN.search(page)
    if match is None:
        raise RuntimeError(f"no form on {path} (HTTP {response.status})")
    return cookie, match.group(1)


def post(
    conn: http.client.HTTPConnection,
    path: str,
    *,
    body: bytes | str,
    cookie: str,
    content_type: str = "application/x-www-form-urlencoded",
) -> tuple[int, float]:
    """POST a form as a browser would (cookie and same-origin Referer): status and seconds."""
    host, port = conn.host, conn.port
    started = time.perf_counter()
    conn.request(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": content_type,
            "Cookie": cookie,
            "Referer": f"http://{host}:{port}{path}",
        },
    )
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def post_load(
    *,
    port: int,
    path: str,
    clients: int,
    make_body: Callable[[int, int, str], tuple[bytes | str, str]],
    duration: float | None = None,
    per_client: list[int] | None = None,
    expect: int = 302,
    timeout: float = 60,
) -> dict[str, float]:
    """`clients` threads each GET `path` once (CSRF cookie and token), then POST
    `make_body(client, n, token)` -> (body, content type) until `duration` seconds have passed,
    or `per_client[i]` times. Returns requests/s, p50/p95/p99 in ms, errors and requests."""
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    clock: dict[str, float] = {}

    def go() -> None:
        # Runs once all clients hold their form, before any of them is let go.
        clock["started"] = time.perf_counter()
        clock["stop_at"] = clock["started"] + (duration or 0)

    gate = threading.Barrier(clients + 1, action=go)

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            cookie, token = form_session(conn, path)
        finally:
            gate.wait()
        n = 0
        while True:
            if per_client is not None and n >= per_client[index]:
                break
            if per_client is None and time.perf_counter() >= clock["stop_at"]:
                break
            body, content_type = make_body(index, n, token)
            try:
                status, elapsed = post(
                    conn, path, body=body, cookie=cookie, content_type=content_type
                )
            except OSError:
                status, elapsed = 0, 0.0
                conn.close()
            with lock:
                latencies.append(elapsed)
                if status != expect:
                    failures.append(status)
            n += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    gate.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - clock["started"]
    latencies.sort()
    return {
        "rps": len(latencies) / wall if wall else 0.0,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0.0,
        "p95_ms": 1000 * percentile(latencies, 0.95),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "max_ms": 1000 * latencies[-1] if latencies else 0.0,
        "errors": float(len(failures)),
        "requests": float(len(latencies)),
        "wall_s": wall,
    }


def urlencode(fields: dict[str, str]) -> str:
    return urllib.parse.urlencode(fields)
