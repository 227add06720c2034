"""Pages that grow with registrations run the same number of queries for 5 or 500 of them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import Registration
from tests.engagement.factories import InvitationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _add_registrations(event, count: int) -> None:
    start = event.registrations.count()
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                name=f"Person {start + i}",
                email=f"person{start + i}@example.org",
                organisation=f"Afdeling {(start + i) % 7}",
                status=Registration.Status.CONFIRMED if i % 3 else Registration.Status.WAITING,
                token=f"token-{event.pk}-{start + i}",
            )
            for i in range(count)
        ]
    )


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("persona", ["anonymous", "employee"])
def test_event_page_query_count_does_not_grow_with_registrations(as_persona, meeting, persona):
    client, _ = as_persona(persona)
    url = reverse("engagement:event-detail", kwargs={"pk": meeting.pk})
    _add_registrations(meeting, 5)
    small = _count_queries(client, url)
    _add_registrations(meeting, 495)
    assert _count_queries(client, url) == small
    # For a signed-in person the header asks whether they may open the staff inbox (their groups,
    # process roles and committee seats), once per request.
    assert small <= 10


@pytest.mark.parametrize(
    "name", ["staff-event-detail", "staff-check-in", "staff-invitations", "staff-distribution"]
)
def test_staff_pages_query_count_does_not_grow_with_registrations(as_persona, meeting, name):
    client, _ = as_persona("project_member")
    url = reverse(f"engagement:{name}", kwargs={"pk": meeting.pk})
    _add_registrations(meeting, 5)
    InvitationFactory.create_batch(2, event=meeting)
    small = _count_queries(client, url)
    _add_registrations(meeting, 495)
    InvitationFactory.create_batch(30, event=meeting)
    assert _count_queries(client, url) == small


def test_event_lists_query_count_does_not_grow(as_persona, meeting, workshop, policy):
    client, _ = as_persona("project_member")
    urls = [
        reverse("engagement:event-list"),
        reverse("engagement:policy-event-list", kwargs={"policy": policy.slug}),
        reverse("engagement:staff-event-list"),
    ]
    _add_registrations(meeting, 5)
    small = [_count_queries(client, url) for url in urls]
    _add_registrations(meeting, 495)
    RegistrationFactory.create_batch(20, event=workshop)
    assert [_count_queries(client, url) for url in urls] == small


def test_input_pages_query_count_does_not_grow(as_persona, meeting, policy, published_version):
    from tests.engagement.factories import InputFactory
    from tests.factories import ThemeFactory

    client, _ = as_persona("project_member")
    urls = [
        reverse("engagement:staff-input", kwargs={"policy": policy.slug}),
        reverse("engagement:staff-input-summary", kwargs={"policy": policy.slug}),
    ]
    section = published_version.sections.first()
    InputFactory.create_batch(3, process=meeting.process, section=section, theme=ThemeFactory())
    small = [_count_queries(client, url) for url in urls]
    for _ in range(10):
        InputFactory.create_batch(5, process=meeting.process, section=section, theme=ThemeFactory())
    assert [_count_queries(client, url) for url in urls] == small
