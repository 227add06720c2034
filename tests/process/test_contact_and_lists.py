"""The contact person of a process (set by the coordinator, shown publicly) and the policy list."""

from __future__ import annotations

import pytest
from django.urls import reverse

CONTACT = reverse("process:contact-update", kwargs={"policy": "medborgerpolitik"})
VALID = {
    "contact_name": "Mette Madsen",
    "contact_role": "Projektkoordinator",
    "contact_email": "mette@ishoj.example",
    "contact_phone": "43 57 75 75",
}


def test_the_coordinator_sets_the_contact_person_and_citizens_see_it(
    client, process, published_version, coordinator
):
    client.force_login(coordinator)
    response = client.post(CONTACT, VALID)
    assert response.status_code == 302
    process.refresh_from_db()
    assert (process.contact_name, process.contact_phone) == ("Mette Madsen", "43 57 75 75")
    client.logout()
    for url in (process.get_absolute_url(), process.policy.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Mette Madsen" in page and "mailto:mette@ishoj.example" in page, url
        assert 'href="tel:43577575"' in page, url


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"contact_phone": "ring mig"}, "contact_phone", "Skriv telefonnummeret med cifre"),
        ({"contact_email": "ikke-en-adresse"}, "contact_email", "e-mail"),
        ({"contact_name": ""}, "contact_name", "Skriv kontaktpersonens navn."),
    ],
)
def test_bad_contact_details_are_refused_at_the_field_and_nothing_is_saved(
    client, process, coordinator, change, field, message
):
    client.force_login(coordinator)
    response = client.post(CONTACT, {**VALID, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    process.refresh_from_db()
    assert process.contact_name == ""


def test_a_project_member_may_not_set_the_contact_person(client, process, project_member):
    client.force_login(project_member)
    assert client.post(CONTACT, VALID).status_code == 403
    process.refresh_from_db()
    assert process.contact_name == ""


def test_the_policy_list_shows_each_process_with_its_phase(
    client, process, published_version, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get("/politikker/")
    page = response.content.decode()
    assert process.policy.title in page
    assert "Udkast til kommentering" in page
    assert "Draft open for comments" in client.get("/en/politikker/").content.decode()
