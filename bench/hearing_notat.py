"""The høringsnotat at a municipality's size: a hearing with 1,000 responses and 3,000 points.

    .venv/bin/python bench/hearing_notat.py [--responses 1000] [--points-each 3] [--repeat 3]

Makes a throw-away test database (the test settings' engine), a process with a coordinator and a
hearing on a published version of 12 sections, and bulk-creates the responses and their points.
Then, logged in as the coordinator through Django's test client (no server, nothing leaves the
machine), it renders the staff list of responses, the staff høringsnotat page and the
høringsnotat PDF `--repeat` times each and prints the median and worst render time and the number
of queries. Figures only: no timed assertions (the constant-query tests are in
tests/hearing/test_points.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.test_settings")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--responses", type=int, default=1000)
    parser.add_argument("--points-each", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    responses = max(1, min(args.responses, 5000))
    points_each = max(1, min(args.points_each, 10))
    repeat = max(1, min(args.repeat, 10))

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        _run(responses=responses, points_each=points_each, repeat=repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
    return 0


def _world(responses: int, points_each: int):
    from django.utils import timezone

    from hearing.models import HearingResponse, ResponsePoint
    from hearing.services import new_tracking_number
    from process.models import Membership
    from process.services import version_approve
    from tests.conftest import make_account
    from tests.factories import (
        MembershipFactory,
        PolicyFactory,
        ProcessFactory,
        published_version_with_sections,
    )
    from tests.hearing.factories import HearingFactory

    policy = PolicyFactory(slug="medborgerpolitik", title="Medborgerpolitik")
    process = ProcessFactory(policy=policy)
    version = published_version_with_sections(policy, sections=12)
    coordinator = make_account("koordinator@ishoj.dk", first_name="Jeanet", last_name="Flørnæss")
    MembershipFactory(process=process, user=coordinator, group=Membership.Group.COORDINATOR)
    version_approve(version=version, user=coordinator)
    hearing = HearingFactory(process=process, version=version)
    sections = list(version.sections.order_by("order"))
    now = timezone.now()
    rows = HearingResponse.objects.bulk_create(
        HearingResponse(
            hearing=hearing,
            tracking=new_tracking_number(now),
            kind=HearingResponse.Kind.PERSON,
            name=f"Respondent {n}",
            email=f"respondent{n}@example.org",
            text=f"Høringssvar nummer {n} om fællesskab, frivillighed og foreninger. " * 4,
            consent_to_publish=True,
            channel="web",
            received_at=now,
            assigned_to=coordinator if n % 3 == 0 else None,
        )
        for n in range(responses)
    )
    ResponsePoint.objects.bulk_create(
        ResponsePoint(
            response=response,
            order=k + 1,
            summary=f"Bemærkning {k + 1} fra {response.name}: mere plads til de frivillige.",
            section=sections[(n + k) % len(sections)],
            comment="Administrationen noterer bemærkningen." if k % 2 == 0 else "",
            leads_to_change=(n + k) % 7 == 0,
            change_made="Afsnittet er præciseret." if (n + k) % 7 == 0 else "",
        )
        for n, response in enumerate(rows)
        for k in range(points_each)
    )
    return hearing, coordinator


def _measure(client, url: str, repeat: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return times, len(queries), len(body)


def _run(*, responses: int, points_each: int, repeat: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from hearing.models import ResponsePoint

    started = time.perf_counter()
    hearing, coordinator = _world(responses, points_each)
    print(
        f"world: {hearing.responses.count()} responses, "
        f"{ResponsePoint.objects.filter(response__hearing=hearing).count()} points "
        f"({time.perf_counter() - started:.1f} s to build)"
    )
    client = Client()
    client.force_login(coordinator)
    kwargs = {"policy": "medborgerpolitik", "pk": hearing.pk}
    pages = [
        ("staff list of responses", reverse("hearing:staff-hearing-detail", kwargs=kwargs)),
        ("staff list, mine", reverse("hearing:staff-hearing-detail", kwargs=kwargs) + "?vis=mine"),
        ("høringsnotat page", reverse("hearing:staff-notat-detail", kwargs=kwargs)),
        ("høringsnotat PDF", reverse("hearing:staff-notat-pdf", kwargs=kwargs)),
    ]
    print(f"{'page':<26}{'median s':>10}{'worst s':>10}{'queries':>9}{'size kB':>10}")
    for label, url in pages:
        times, queries, size = _measure(client, url, repeat)
        print(
            f"{label:<26}{statistics.median(times):>10.2f}{max(times):>10.2f}"
            f"{queries:>9}{size / 1024:>10.0f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
