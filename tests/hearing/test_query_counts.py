"""The public hearing page, the staff responses list and the høringsnotat run the same number
of queries for 3 or 150 responses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearing.models import HearingAttachment, HearingResponse

pytestmark = pytest.mark.django_db


def _add(hearing, count: int) -> None:
    start = hearing.responses.count()
    section = hearing.version.sections.first()
    rows = HearingResponse.objects.bulk_create(
        [
            HearingResponse(
                hearing=hearing,
                tracking=f"H-2026-{start + i:08d}".replace("0", "A").replace("1", "B"),
                name=f"Person {start + i}",
                email=f"p{start + i}@example.org",
                text=f"Svar {start + i}",
                consent_to_publish=True,
                status=HearingResponse.Status.PUBLISHED,
                published_at=timezone.now(),
                section=section if i % 2 else None,
                answered_at=timezone.now() if i % 3 else None,
                summary="Resumé",
            )
            for i in range(count)
        ]
    )
    HearingAttachment.objects.bulk_create(
        [
            HearingAttachment(
                response=r,
                file=f"hearing/{r.pk}.pdf",
                original_name="a.pdf",
                kind="pdf",
                size=10,
                sha256="0" * 64,
            )
            for r in rows
        ]
    )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _small_and_large(client, hearing, url: str) -> tuple[int, int]:
    _add(hearing, 3)
    small = _count(client, url)
    _add(hearing, 147)
    return small, _count(client, url)


def test_public_hearing_page_queries_do_not_grow_with_responses(client, hearing):
    url = reverse("hearing:hearing-detail", kwargs={"policy": "medborgerpolitik"})
    small, large = _small_and_large(client, hearing, url)
    assert small == large
    # The stage bar's phase (process.phase) is a constant few of them.
    assert large <= 9


def test_staff_responses_list_queries_do_not_grow_with_responses(client, coordinator, hearing):
    client.force_login(coordinator)
    url = reverse(
        "hearing:staff-hearing-detail", kwargs={"policy": "medborgerpolitik", "pk": hearing.pk}
    )
    small, large = _small_and_large(client, hearing, url)
    assert small == large


def test_notat_queries_do_not_grow_with_responses(client, coordinator, hearing):
    client.force_login(coordinator)
    url = reverse(
        "hearing:staff-notat-detail", kwargs={"policy": "medborgerpolitik", "pk": hearing.pk}
    )
    small, large = _small_and_large(client, hearing, url)
    assert small == large
