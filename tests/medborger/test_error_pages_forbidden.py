"""The 403 and CSRF-failure pages: in the portal's frame and language, saying what to do instead."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from process.models import Handling
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(process, committee_member):
    body = BodyFactory(name="Kultur- og Fritidsudvalget")
    body.members.add(committee_member)
    return Handling.objects.create(
        process=process,
        body=body,
        meeting_date=timezone.localdate() + datetime.timedelta(days=10),
        agenda_item_title="Medborgerpolitik til høring",
    )


@pytest.mark.parametrize(("prefix", "lang"), [("", "da"), ("/en", "en")])
def test_committee_member_in_the_staff_area_gets_the_inbox_with_their_meetings(
    client, committee_member, meeting, prefix, lang
):
    client.force_login(committee_member)

    response = client.get(f"{prefix}/styring/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert meeting.get_absolute_url() in page
    assert "Kultur- og Fritidsudvalget" in page
    assert {"da": "Dine udvalgsmøder", "en": "Your committee meetings"}[lang] in page


def test_committee_member_without_meetings_is_told_who_adds_them(client, committee_member):
    client.force_login(committee_member)

    page = client.get("/styring/").content.decode()

    assert "koordinatoren" in page


def test_employee_in_the_staff_area_is_pointed_to_the_events(client, employee):
    client.force_login(employee)

    response = client.get("/styring/")

    assert response.status_code == 403
    assert 'href="/arrangementer/"' in response.content.decode()


def test_a_page_beyond_a_role_points_back_to_the_staff_area(client, project_member, policy):
    client.force_login(project_member)

    response = client.get(f"/styring/proces/{policy.slug}/medlemmer/")

    assert response.status_code == 403
    assert 'href="/styring/"' in response.content.decode()


@pytest.mark.parametrize(("prefix", "lang"), [("", "da"), ("/en", "en")])
def test_a_form_without_a_valid_csrf_token_gets_the_portals_page(published_version, prefix, lang):
    browser = Client(enforce_csrf_checks=True)
    section = published_version.sections.first()

    response = browser.post(
        f"{prefix}/politik/{published_version.policy.slug}/version/{published_version.number}/",
        {"section": section.pk, "body": "Hej"},
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert 'class="header"' in page
    assert {"da": "Intet blev gemt", "en": "Nothing was saved"}[lang] in page
    assert "CSRF" not in page
