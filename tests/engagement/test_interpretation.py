"""Sign-ups ask about interpretation: one list of languages, the code stored, the name shown."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from engagement.forms import CitizenRegistrationForm, ManageRegistrationForm
from engagement.models import Registration
from medborger.languages import INTERPRETATION_LANGUAGES, language_name
from tests.engagement.conftest import signup_data
from tests.engagement.factories import RegistrationFactory


def test_the_form_offers_the_seeded_languages_and_no_interpreter():
    choices = dict(CitizenRegistrationForm().fields["interpreter_language"].choices)
    assert list(choices) == ["", "en", "ar", "tr", "ur", "so", "pl"]
    assert [code for code, _name in INTERPRETATION_LANGUAGES] == list(choices)[1:]


@pytest.mark.parametrize("value", ["xx", "Arabic", "<b>", "ar "])
def test_a_language_not_on_the_list_is_refused_at_the_field(value):
    form = CitizenRegistrationForm(
        {"name": "Bente", "email": "b@example.org", "interpreter_language": value}
    )
    assert not form.is_valid()
    assert "interpreter_language" in form.errors


@pytest.mark.django_db
def test_an_older_free_text_answer_is_kept_when_the_registration_is_changed(meeting):
    registration = RegistrationFactory(event=meeting, interpreter_language="Tigrinya")
    form = ManageRegistrationForm(
        {"organisation": "", "interpreter_language": "Tigrinya"},
        initial={"interpreter_language": "Tigrinya"},
        event=meeting,
    )
    assert form.is_valid(), form.errors
    assert registration.interpreter_language_name == "Tigrinya"


@pytest.mark.django_db
def test_signing_up_with_an_interpreter_stores_the_code_and_the_mail_still_has_the_calendar(
    client, meeting
):
    url = "/en" + reverse("engagement:event-detail", kwargs={"pk": meeting.pk})
    page = client.get(url).content.decode()
    assert "I need an interpreter into" in page and ">Arabic</option>" in page
    response = client.post(url, signup_data(interpreter_language="ar"))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.interpreter_language == "ar"
    assert registration.interpreter_language_name == "Arabic"
    [confirmation] = mail.outbox
    assert confirmation.attachments[0][0].endswith(".ics")


def test_language_names_follow_the_interface_language():
    from django.utils import translation

    with translation.override("da"):
        assert language_name("ar") == "Arabisk"
    with translation.override("en"):
        assert language_name("ar") == "Arabic"
    assert language_name("Tigrinya") == "Tigrinya"
