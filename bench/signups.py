"""Sign-ups per second through the real event page, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborger .venv/bin/python bench/signups.py

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
import os
import sys
import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.test_settings")
os.environ["RATELIMIT_ENABLE"] = "false"

from bench import common


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


def _start_gunicorn(workers: int):
    from django.db import connection

    settings = connection.settings_dict
    host, port_number = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "medborger.test_settings",
        "RATELIMIT_ENABLE": "false",
        "DATABASE_URL": f"postgres://{settings['USER']}@{host}:{port_number}/{settings['NAME']}",
    }
    port = common.free_port()
    return common.start_gunicorn(env, port=port, workers=workers, threads=4), port


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

    def body(index: int, n: int, token: str) -> tuple[str, str]:
        fields = {
            "csrfmiddlewaretoken": token,
            "name": f"Bench {index}-{n}",
            "email": f"b{index}-{n}@example.org",
        }
        return common.urlencode(fields), "application/x-www-form-urlencoded"

    result = common.post_load(
        port=port, path=path, clients=clients, make_body=body, per_client=per_client
    )
    if server is not None:
        server.shutdown()
    if gunicorn is not None:
        common.stop_gunicorn(gunicorn)

    confirmed = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).count()
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITING).count()
    failures = int(result["errors"])
    served_by = (
        f"gunicorn, {workers} workers x 4 threads" if server is None else "wsgiref, threaded"
    )
    print(f"sign-ups: {signups} from {clients} clients in {result['wall_s']:.2f} s ({served_by})")
    print(f"sign-ups per second: {result['rps']:.1f}")
    print(
        f"latency ms: p50 {result['p50_ms']:.1f}, p95 {result['p95_ms']:.1f}, "
        f"max {result['max_ms']:.1f}"
    )
    print(
        f"confirmed {confirmed} (capacity {capacity}), waiting {waiting}, "
        f"failed responses {failures}"
    )
    ok = not failures and confirmed == min(capacity, signups) and confirmed + waiting == signups
    print("check:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
