"""The public hearing page speaks to citizens: no staff wording about publication rules, and no
"MED committee" among the kinds of respondent (MED committees answer through staff intake)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from hearing.models import Hearing, HearingResponse
from tests.hearing.conftest import hearing_data

pytestmark = pytest.mark.django_db

URL = "/hoering/medborgerpolitik/"


@pytest.mark.parametrize(
    "rule,says",
    [
        (
            "at_once",
            "bliver dit svar vist på denne side, så snart du har bekræftet din e-mailadresse",
        ),
        ("after_review", "bliver dit svar vist på denne side, når kommunen har læst det"),
        ("none", "Kun kommunen læser svarene i denne høring."),
    ],
)
def test_the_page_tells_a_citizen_whether_their_response_will_be_public(
    client, hearing, rule, says
):
    Hearing.objects.filter(pk=hearing.pk).update(publication_rule=rule)
    html = client.get(URL).content.decode()
    assert "Bliver mit svar offentligt?" in html and says in html
    for staff_wording in ("Offentliggørelse af høringssvar", "Offentliggør", "Udgiv ikke"):
        assert staff_wording not in html


def test_the_page_in_english_speaks_to_citizens_too(client, hearing):
    html = client.get("/en" + URL).content.decode()
    assert "Will my response be public?" in html
    assert "Publish after review" not in html and "Publication of responses" not in html


def test_citizens_are_not_offered_to_answer_as_a_med_committee(client, hearing):
    html = client.get(URL).content.decode()
    assert 'value="person"' in html and 'value="organisation"' in html
    assert 'value="med"' not in html
    assert "MED" not in html


def test_a_med_response_is_refused_on_the_public_form_and_taken_by_staff_intake(
    client, coordinator, hearing
):
    response = client.post(URL, hearing_data(kind="med", organisation="LokalMED Rådhuset"))
    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed." in response.content.decode()
    assert response.context["form"].errors["kind"]
    assert not HearingResponse.objects.exists()

    client.force_login(coordinator)
    url = reverse(
        "hearing:staff-response-create", kwargs={"policy": "medborgerpolitik", "pk": hearing.pk}
    )
    assert 'value="med"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "channel": "email",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kind": "med",
            "name": "Formand for LokalMED",
            "organisation": "LokalMED Rådhuset",
            "email": "",
            "text": "LokalMED bakker op om udkastet.",
            "language": "da",
        },
    )
    assert response.status_code == 302
    assert HearingResponse.objects.get().kind == HearingResponse.Kind.MED
