"""Hearing responses per second, each with a 1 MB PDF attachment, through the real hearing page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborger .venv/bin/python bench/hearing_responses.py

What it does, and its bounds:
- makes a throw-away database next to the one DATABASE_URL names (`bench_<name>`) and a temporary
  MEDIA_ROOT for the attachments, and removes both at the end;
- serves the portal (test settings: local-memory mail, no rate limits) with gunicorn on 127.0.0.1
  only, on a free port (`--workers` processes, 4 threads each); nothing leaves the machine;
- `--clients` threads each fetch the hearing page once (CSRF cookie and token) and then POST the
  response form `--responses / --clients` times, each with its own idempotency key and a 1 MB
  PDF attachment (`--attachment-kb`); at most 2,000 responses, 32 clients, 5 MB per attachment;
- prints responses per second, latency percentiles, and checks that every acknowledged response
  is stored with its attachment, a distinct tracking number and a sent receipt.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.test_settings")
os.environ["RATELIMIT_ENABLE"] = "false"

from bench import common


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--responses", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--attachment-kb", type=int, default=1024)
    args = parser.parse_args()
    responses = max(1, min(args.responses, 2000))
    clients = max(1, min(args.clients, 32, responses))
    attachment_kb = max(1, min(args.attachment_kb, 5 * 1024))

    media_root = tempfile.mkdtemp(prefix="hearing-bench-media-")
    os.environ["MEDIA_ROOT"] = media_root
    import django

    django.setup()
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        print("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        shutil.rmtree(media_root, ignore_errors=True)
        return 2
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return _run(
            responses=responses,
            clients=clients,
            workers=max(1, min(args.workers, 8)),
            attachment_kb=attachment_kb,
            media_root=media_root,
        )
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        shutil.rmtree(media_root, ignore_errors=True)


def _start_gunicorn(workers: int, media_root: str):
    from django.db import connection

    settings = connection.settings_dict
    host, port_number = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "medborger.test_settings",
        "RATELIMIT_ENABLE": "false",
        "MEDIA_ROOT": media_root,
        "DATABASE_URL": f"postgres://{settings['USER']}@{host}:{port_number}/{settings['NAME']}",
    }
    port = common.free_port()
    return common.start_gunicorn(env, port=port, workers=workers, threads=4, timeout=120), port


def _multipart(fields: dict[str, str], file_bytes: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="svar.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + file_bytes
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _run(*, responses: int, clients: int, workers: int, attachment_kb: int, media_root: str) -> int:
    import datetime

    from django.db import connections
    from django.utils import timezone

    from hearing.models import Hearing, HearingAttachment, HearingResponse
    from policy.models import Policy, PolicyVersion
    from process.models import Process

    policy = Policy.objects.create(title="Benchmark", slug="benchmark", owner="Bench")
    process = Process.objects.create(
        policy=policy, title="Benchmark", start_date=timezone.localdate()
    )
    version = PolicyVersion.objects.create(
        policy=policy, number=1, status=PolicyVersion.Status.PUBLISHED, published_at=timezone.now()
    )
    now = timezone.now()
    hearing = Hearing.objects.create(
        process=process,
        version=version,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1),
        delete_after=timezone.localdate() + datetime.timedelta(days=30),
    )
    connections.close_all()

    pdf = b"%PDF-1.4\n" + secrets.token_bytes(attachment_kb * 1024 - 9)
    gunicorn, port = _start_gunicorn(workers, media_root)
    path = "/hoering/benchmark/"
    per_client = [
        responses // clients + (1 if i < responses % clients else 0) for i in range(clients)
    ]

    def body(index: int, n: int, token: str) -> tuple[bytes, str]:
        return _multipart(
            {
                "csrfmiddlewaretoken": token,
                "kind": "person",
                "name": f"Bench {index}-{n}",
                "email": f"b{index}-{n}@example.org",
                "text": "Et høringssvar fra benchmarken.",
                "consent": "yes",
                "idempotency_key": secrets.token_hex(16),
            },
            pdf,
        )

    result = common.post_load(
        port=port, path=path, clients=clients, make_body=body, per_client=per_client, timeout=120
    )
    common.stop_gunicorn(gunicorn)

    stored = HearingResponse.objects.filter(hearing=hearing)
    count = stored.count()
    distinct = len(set(stored.values_list("tracking", flat=True)))
    receipts = stored.filter(receipt_sent_at__isnull=False).count()
    files = HearingAttachment.objects.filter(response__hearing=hearing).count()
    failures = int(result["errors"])
    print(
        f"responses: {responses} with a {attachment_kb} KB PDF each, from {clients} clients "
        f"in {result['wall_s']:.2f} s (gunicorn, {workers} workers x 4 threads)"
    )
    print(f"responses per second: {result['rps']:.1f}")
    print(
        f"latency ms: p50 {result['p50_ms']:.1f}, p95 {result['p95_ms']:.1f}, "
        f"max {result['max_ms']:.1f}"
    )
    print(
        f"stored {count}, distinct tracking numbers {distinct}, attachments {files}, "
        f"receipts sent {receipts}, failed responses {failures}"
    )
    ok = not failures and count == distinct == files == receipts == responses
    print("check:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
