"""Benchmark following: the publish request with 0 and 10,000 confirmed followers (it only
enqueues the fan-out), the worker's time to write and send all 10,000 mails, and the queries
of one fan-out batch.

    .venv/bin/python bench/follow_fanout.py [--followers 10000] [--publishes 5]

It uses a fresh SQLite file under bench/out/ with the production-like benchmark settings, the
database task backend (so the request enqueues and nothing runs in it) and Django's locmem mail
backend for the sending. The publish request is the coordinator's real POST to
/styring/politik/<policy>/udkast/offentliggoer/ through Django's test client (two-factor set-up
is switched off for the benchmark's coordinator); the median of `--publishes` is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common
from bench.common import OUT


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--publishes", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / "follow_fanout.sqlite3"
    database.unlink(missing_ok=True)
    os.environ.update(common.env(f"sqlite:///{database}"))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    setup_test_environment()  # locmem mail backend, test client's host
    settings.STAFF_REQUIRE_MFA = False
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)

    from medborger.mail import mail_attempt
    from medborger.models import OutgoingMail
    from notifications.models import Notice, Subscription
    from notifications.services import notice_fan_out, notice_fan_out_batch
    from policy.models import Policy
    from policy.services import draft_start, section_add
    from process.models import Membership, Process

    call_command("load_ishoj", verbosity=0)
    process = Process.objects.select_related("policy").get(policy__slug="medborgerpolitik")
    policy: Policy = process.policy
    coordinator = process.memberships.get(group=Membership.Group.COORDINATOR).user
    client = Client()
    client.force_login(coordinator)
    url = f"/styring/politik/{policy.slug}/udkast/offentliggoer/"

    def publish() -> tuple[float, int]:
        draft = draft_start(policy=policy, user=coordinator)
        section_add(draft=draft, heading="Nyt afsnit", body="Tekst til afsnittet.")
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.post(url, {"label": "Udkast", "change_note": "Nyt afsnit."})
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 302, response.status_code
        return elapsed, len(queries)

    def followers(count: int) -> None:
        now = timezone.now()
        Subscription.objects.bulk_create(
            (
                Subscription(
                    topic=policy.follow_topic,
                    title=policy.title,
                    url=policy.get_absolute_url(),
                    email=f"f{n}@example.org",
                    language="en" if n % 3 == 0 else "da",
                    confirmed_at=now,
                )
                for n in range(count)
            ),
            batch_size=2000,
        )

    followers(args.followers)
    publish()  # warm up templates and caches
    # Alternate between the policy followed by nobody and by everyone (the followers' topic is
    # moved away and back outside the timing), so both see the same load on the machine.
    results: dict[int, list[tuple[float, int]]] = {0: [], args.followers: []}
    for _round in range(args.publishes):
        for count in results:
            topic = policy.follow_topic if count else "policy:nobody"
            Subscription.objects.update(topic=topic)
            results[count].append(publish())
    for count, runs in results.items():
        times = [elapsed for elapsed, _queries in runs]
        print(
            f"PUBLISH followers={count} median_ms={statistics.median(times):.1f} "
            f"max_ms={max(times):.1f} queries={sorted({q for _t, q in runs})} n={len(times)}"
        )
    assert not Notice.objects.exclude(fanned_out_at=None).exists()  # the requests only enqueued

    # The worker: a fresh notice to all followers, none of them mailed today.
    Subscription.objects.update(last_mailed_on=None)
    OutgoingMail.objects.all().delete()
    notice = Notice.objects.order_by("-pk").first()
    start = time.perf_counter()
    written = notice_fan_out(notice_id=notice.pk)
    fan_out_s = time.perf_counter() - start
    ids = list(OutgoingMail.objects.values_list("pk", flat=True))
    start = time.perf_counter()
    sent = sum(mail_attempt(mail_id=pk) == OutgoingMail.Status.SENT for pk in ids)
    send_s = time.perf_counter() - start
    print(
        f"WORKER followers={args.followers} fan_out_s={fan_out_s:.1f} (mails written={written}) "
        f"send_s={send_s:.1f} (sent={sent}, locmem backend) "
        f"total_s={fan_out_s + send_s:.1f} mails_per_s={sent / (fan_out_s + send_s):.0f}"
    )

    # Queries per batch, for two batch sizes.
    for size in (100, 500):
        Subscription.objects.update(last_mailed_on=None)
        fresh = Notice.objects.create(
            topic=notice.topic, title=notice.title, kind=notice.kind, url=notice.url
        )
        with CaptureQueriesContext(connection) as queries:
            notice_fan_out_batch(notice=fresh, after=0, batch_size=size)
        print(f"QUERIES batch_size={size} queries={len(queries)}")


if __name__ == "__main__":
    main()
