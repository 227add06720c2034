"""Every staff view of the hearing: anonymous → login, wrong role → 403, right role → 200.
The coordinator manages; the project and steering groups may read the responses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearing.models import HearingAttachment
from tests.hearing.factories import HearingResponseFactory

pytestmark = pytest.mark.django_db

READERS = ["project_member", "steering_member", "coordinator", "admin_user"]
MANAGERS = ["coordinator", "admin_user"]
NO_ROLE = ["citizen", "employee", "committee_member", "outsider"]


@pytest.fixture
def urls(hearing):
    from django.core.files.base import ContentFile

    response = HearingResponseFactory(hearing=hearing)
    attachment = HearingAttachment(
        response=response, original_name="a.pdf", kind="pdf", size=5, sha256="0" * 64
    )
    attachment.file.save("a.pdf", ContentFile(b"%PDF-"), save=True)
    base = {"policy": hearing.process.policy.slug, "pk": hearing.pk}
    read = [
        reverse("hearing:staff-hearing-list", kwargs={"policy": base["policy"]}),
        reverse("hearing:staff-hearing-detail", kwargs=base),
        reverse("hearing:staff-response-detail", kwargs={**base, "response_pk": response.pk}),
        reverse("hearing:staff-attachment-detail", kwargs={**base, "attachment_pk": attachment.pk}),
        reverse("hearing:staff-notat-detail", kwargs=base),
        reverse("hearing:staff-notat-pdf", kwargs=base),
        reverse("hearing:staff-notat-csv", kwargs=base),
    ]
    manage_get = [reverse("hearing:staff-response-create", kwargs=base)]
    manage_post = [
        reverse("hearing:staff-receipts-retry", kwargs=base),
        reverse("hearing:staff-response-publish", kwargs={**base, "response_pk": response.pk}),
        reverse("hearing:staff-response-withhold", kwargs={**base, "response_pk": response.pk}),
        reverse("hearing:staff-notat-publish", kwargs=base),
    ]
    return read, manage_get, manage_post


def _close(response) -> None:
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


def test_anonymous_is_sent_to_login_from_every_hearing_staff_view(client, urls):
    read, manage_get, manage_post = urls
    for url in read + manage_get:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"], url
    for url in manage_post:
        response = client.post(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"], url


@pytest.mark.parametrize("persona", NO_ROLE)
def test_people_without_a_role_in_the_process_are_refused_everywhere(as_persona, urls, persona):
    client, _user = as_persona(persona)
    read, manage_get, manage_post = urls
    for url in read + manage_get:
        assert client.get(url).status_code == 403, url
    for url in manage_post:
        assert client.post(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["project_member", "steering_member"])
def test_project_and_steering_members_read_but_cannot_manage(as_persona, urls, persona):
    client, _user = as_persona(persona)
    read, manage_get, manage_post = urls
    for url in read:
        response = client.get(url)
        assert response.status_code == 200, url
        _close(response)
    for url in manage_get:
        assert client.get(url).status_code == 403, url
    for url in manage_post:
        assert client.post(url).status_code == 403, url


@pytest.mark.parametrize("persona", MANAGERS)
def test_coordinator_and_admin_reach_every_hearing_staff_view(as_persona, urls, persona):
    client, _user = as_persona(persona)
    read, manage_get, manage_post = urls
    for url in read + manage_get:
        response = client.get(url)
        assert response.status_code == 200, url
        _close(response)
    for url in manage_post:
        assert client.post(url).status_code == 302, url


def test_hearing_of_another_policy_is_not_found_under_this_policy(client, coordinator, hearing):
    client.force_login(coordinator)
    url = reverse(
        "hearing:staff-hearing-detail", kwargs={"policy": "en-anden-politik", "pk": hearing.pk}
    )
    assert client.get(url).status_code == 404


def test_staff_home_links_to_the_hearing_responses(client, coordinator, hearing):
    client.force_login(coordinator)
    html = client.get(reverse("process:staff-home")).content.decode()
    assert reverse("hearing:staff-hearing-list", kwargs={"policy": "medborgerpolitik"}) in html
