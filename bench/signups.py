"""Sign-ups per second through the real event page, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborger uv run python bench/signups.py

What it does, and its bounds:
- makes a throw-away test database next to the one DATABASE_URL names (`test_<name>`), and drops
  it at the end;
- serves the portal (test settings: local-memory mail, no rate limits) on 127.0.0.1 only, on a
  free port: by default with gunicorn (`--workers` processes, 4 threads each), or with
  `--server wsgiref` from a threaded server inside this process; nothing leaves the machine;
- `--clients` threads each fetch the event page once (CSRF cookie and token) and then POST the
  sign-up form `--signups / --clients` times with fresh e-mail addresses; at most 5,000 sign-ups
  and 64 clients;
- prints sign-ups per second, latency percentiles and the final counts, and checks that the event
  holds exactly `--capacity` confirmed registrations and the rest on the waiting list.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.test_settings")
os.environ["RATELIMIT_ENABLE"] = "false"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--signups", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--capacity", type=int, default=300)
    parser.add_argument("--server", choices=["gunicorn", "wsgiref"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    signups = max(1, min(args.signups, 5000))
    clients = max(1, min(args.clients, 64, signups))

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        print("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    settings.RATELIMIT_ENABLE = False
    old_name = connection.settings_dict["NAME"]
    # Its own database, so it never touches the one the test suite keeps between runs.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return _run(
            signups=signups,
            clients=clients,
            capacity=args.capacity,
            server_kind=args.server,
            workers=max(1, min(args.workers, 8)),
        )
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_gunicorn(workers: int):
    from django.db import connection

    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "medborger.test_settings",
        "RATELIMIT_ENABLE": "false",
    }
    settings = connection.settings_dict
    host, port_number = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    env["DATABASE_URL"] = f"postgres://{settings['USER']}@{host}:{port_number}/{settings['NAME']}"
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "medborger.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=str(Path(__file__).resolve().parent.parent),
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/sundhed/")
            if conn.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def _run(*, signups: int, clients: int, capacity: int, server_kind: str, workers: int) -> int:
    import datetime

    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connections
    from django.utils import timezone

    from engagement.models import Event, Registration
    from policy.models import Policy
    from process.models import Process

    policy = Policy.objects.create(title="Benchmark", slug="benchmark", owner="Bench")
    process = Process.objects.create(
        policy=policy, title="Benchmark", start_date=timezone.localdate()
    )
    starts = timezone.now() + datetime.timedelta(days=30)
    event = Event.objects.create(
        process=process,
        kind=Event.Kind.CITIZEN_MEETING,
        audience=Event.Audience.PUBLIC,
        title="Benchmark meeting",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        registration_deadline=starts - datetime.timedelta(days=1),
        place="Loopback",
        capacity=capacity,
    )
    connections.close_all()

    gunicorn = server = None
    if server_kind == "gunicorn":
        gunicorn, port = _start_gunicorn(workers)
    else:
        app = WSGIHandler()

        def closing_app(environ, start_response):
            try:
                return app(environ, start_response)
            finally:
                connections.close_all()  # the server's threads come and go with each request

        server = make_server(
            "127.0.0.1", 0, closing_app, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
    path = f"/arrangementer/{event.pk}/"
    per_client = [signups // clients + (1 if i < signups % clients else 0) for i in range(clients)]
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    gate = threading.Barrier(clients + 1)

    def client(index: int, count: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path)
        response = conn.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        gate.wait()
        for n in range(count):
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"Bench {index}-{n}",
                    "email": f"b{index}-{n}@example.org",
                }
            )
            started = time.perf_counter()
            conn.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "Referer": f"http://127.0.0.1:{port}{path}",
                },
            )
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status != 302:
                    failures.append(str(response.status))
        conn.close()

    threads = [threading.Thread(target=client, args=(i, c)) for i, c in enumerate(per_client)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if server is not None:
        server.shutdown()
    if gunicorn is not None:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    confirmed = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).count()
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITING).count()
    latencies.sort()
    served_by = (
        f"gunicorn, {workers} workers x 4 threads" if server is None else "wsgiref, threaded"
    )
    print(f"sign-ups: {signups} from {clients} clients in {wall:.2f} s ({served_by})")
    print(f"sign-ups per second: {signups / wall:.1f}")
    print(
        f"latency ms: p50 {1000 * statistics.median(latencies):.1f}, "
        f"p95 {1000 * latencies[int(0.95 * (len(latencies) - 1))]:.1f}, "
        f"max {1000 * latencies[-1]:.1f}"
    )
    print(
        f"confirmed {confirmed} (capacity {capacity}), waiting {waiting}, "
        f"failed responses {len(failures)}"
    )
    ok = not failures and confirmed == min(capacity, signups) and confirmed + waiting == signups
    print("check:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
