"""Signing up on the event page, as a citizen and as an employee, and every way it can go wrong."""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from engagement.models import Registration
from tests.engagement.conftest import signup_data
from tests.engagement.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _url(event) -> str:
    return reverse("engagement:event-detail", kwargs={"pk": event.pk})


def test_anyone_sees_the_event_with_seats_left_and_deadline(client, meeting):
    RegistrationFactory(event=meeting)
    response = client.get(_url(meeting))
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 plads tilbage" in body
    assert "Tilmeldingsfrist" in body
    assert 'name="email"' in body


def test_citizen_signs_up_without_an_account_and_gets_confirmation_with_ics(client, meeting):
    response = client.post(_url(meeting), signup_data(diet="Vegetar", interpreter_language="ar"))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.email == "bente@example.org"
    assert registration.language == "da"
    assert registration.interpreter_language == "ar"
    [message] = mail.outbox
    assert message.to == ["bente@example.org"]
    assert "Du er tilmeldt" in message.subject
    assert registration.token in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar; method=PUBLISH"
    calendar = icalendar.Calendar.from_ical(content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == meeting.title
    assert vevent.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)


def test_citizen_signing_up_in_english_gets_english_mail(client, meeting):
    client.post("/en" + _url(meeting), signup_data())
    registration = Registration.objects.get()
    assert registration.language == "en"
    assert "You are signed up" in mail.outbox[0].subject
    assert "/en/tilmelding/" in mail.outbox[0].body


def test_sign_up_to_a_full_event_joins_the_waiting_list_and_says_so(client, meeting):
    RegistrationFactory.create_batch(2, event=meeting)
    response = client.post(_url(meeting), signup_data(), follow=True)
    registration = Registration.objects.get(email="bente@example.org")
    assert registration.status == Registration.Status.WAITING
    assert "venteliste" in response.content.decode()
    assert "venteliste" in mail.outbox[0].subject.lower()
    assert not mail.outbox[0].attachments


def test_second_sign_up_with_same_email_is_refused_with_a_way_to_get_the_link(client, meeting):
    client.post(_url(meeting), signup_data())
    mail.outbox.clear()
    response = client.post(_url(meeting), signup_data(email="BENTE@example.org", name="Bente igen"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "allerede tilmeldt" in body
    assert "Send mig mit link igen" in body
    assert Registration.objects.count() == 1
    assert not mail.outbox
    client.post(
        reverse("engagement:registration-resend", kwargs={"pk": meeting.pk}),
        {"email": "bente@example.org"},
    )
    [message] = mail.outbox
    assert message.to == ["bente@example.org"]
    assert Registration.objects.get().token in message.body


def test_resend_link_for_unknown_email_sends_nothing_and_reveals_nothing(client, meeting):
    response = client.post(
        reverse("engagement:registration-resend", kwargs={"pk": meeting.pk}),
        {"email": "ukendt@example.org"},
        follow=True,
    )
    assert not mail.outbox
    assert "Hvis den e-mailadresse er tilmeldt" in response.content.decode()


def test_resend_link_with_bad_email_gives_a_message(client, meeting):
    response = client.post(
        reverse("engagement:registration-resend", kwargs={"pk": meeting.pk}),
        {"email": "<script>"},
        follow=True,
    )
    assert "gyldig e-mailadresse" in response.content.decode()
    assert not mail.outbox


def test_sign_up_after_the_deadline_is_refused_on_the_server(client, meeting):
    with time_machine.travel(meeting.registration_deadline + datetime.timedelta(minutes=1)):
        page = client.get(_url(meeting)).content.decode()
        response = client.post(_url(meeting), signup_data())
    assert "Tilmeldingsfristen er overskredet" in page
    assert 'name="email"' not in page
    assert response.status_code == 400
    assert "Tilmeldingsfristen er overskredet" in response.content.decode()
    assert not Registration.objects.exists()


def test_anonymous_cannot_sign_up_for_the_staff_workshop(client, workshop):
    page = client.get(_url(workshop)).content.decode()
    assert "Log ind med din arbejdskonto" in page
    response = client.post(_url(workshop), {"organisation": "Plan"})
    assert response.status_code == 400
    assert "Kun kommunens medarbejdere" in response.content.decode()
    assert not Registration.objects.exists()


def test_citizen_account_cannot_sign_up_for_the_staff_workshop(client, citizen, workshop):
    client.force_login(citizen)
    response = client.post(_url(workshop), {"organisation": "Plan"})
    assert response.status_code == 400
    assert "Kun kommunens medarbejdere" in response.content.decode()
    assert not Registration.objects.exists()


def test_employee_signs_up_for_the_workshop_with_department(client, employee, workshop):
    client.force_login(employee)
    response = client.post(_url(workshop), {"organisation": "Center for Børn og Forebyggelse"})
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert registration.user == employee
    assert registration.email == employee.email
    assert registration.organisation == "Center for Børn og Forebyggelse"
    assert registration.status == Registration.Status.CONFIRMED


def test_employee_without_department_gets_a_message(client, employee, workshop):
    client.force_login(employee)
    response = client.post(_url(workshop), {"organisation": "   "})
    assert response.status_code == 400
    assert "hvilken afdeling" in response.content.decode()
    assert not Registration.objects.exists()


def test_project_member_sees_their_department_prefilled(client, project_member, workshop):
    client.force_login(project_member)
    assert 'value="Stabsenheden Plan"' in client.get(_url(workshop)).content.decode()


def test_employee_picks_the_department_from_the_managed_list(client, project_member, workshop):
    from tests.process.factories import DepartmentFactory

    plan = DepartmentFactory(name="Stabsenheden Plan")
    DepartmentFactory(name="Center for Socialservice", is_active=False)
    client.force_login(project_member)
    page = client.get(_url(workshop)).content.decode()
    assert re.search(r'<option value="Stabsenheden Plan"[^>]*selected', page)
    assert "Center for Socialservice" not in page
    response = client.post(_url(workshop), {"organisation": "Stabsenheden Plan"})
    assert response.status_code == 302
    assert Registration.objects.get().department == plan


def test_a_department_not_on_the_managed_list_is_refused_at_the_field(client, employee, workshop):
    from tests.process.factories import DepartmentFactory

    DepartmentFactory(name="Stabsenheden Plan")
    client.force_login(employee)
    response = client.post(_url(workshop), {"organisation": "Et påfundet center"})
    assert response.status_code == 400
    assert "Vælg en afdeling på listen" in response.content.decode()
    assert not Registration.objects.exists()


def test_employee_signed_up_sees_a_link_to_their_registration(client, employee, workshop):
    client.force_login(employee)
    client.post(_url(workshop), {"organisation": "Plan"})
    page = client.get(_url(workshop)).content.decode()
    assert "Du er tilmeldt" in page
    assert Registration.objects.get().get_absolute_url() in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Dette felt er påkrævet"),
        ("name", "   ", "Dette felt er påkrævet"),
        ("email", "", "Dette felt er påkrævet"),
        ("email", "ikke-en-adresse", "gyldig e-mail-adresse"),
        ("email", "a" * 250 + "@example.org", "højst have 254 tegn"),
        ("name", "x" * 201, "højst have 200 tegn"),
        ("organisation", "x" * 201, "højst have 200 tegn"),
        ("accessibility_needs", "x" * 1001, "højst have 1000 tegn"),
        ("diet", "x" * 201, "højst have 200 tegn"),
        ("interpreter_language", "Arabisk", "Marker en gyldig valgmulighed"),
        ("name", "Bente\x00Borger", "Null-tegn er ikke tilladte"),
        ("name", "Bente\u202eBorger", "usynlige kontroltegn"),
        ("name", "Bente\nBorger", "på én linje"),
        ("website", "http://spam.example", "Lad dette felt stå tomt"),
    ],
)
def test_bad_sign_up_input_gets_a_message_next_to_the_field_and_saves_nothing(
    client, meeting, field, value, message
):
    response = client.post(_url(meeting), signup_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_html_in_the_name_is_stored_as_text_and_escaped(client, meeting):
    client.post(_url(meeting), signup_data(name='<script>alert("x")</script> Ærø Åse'))
    registration = Registration.objects.get()
    assert registration.name == '<script>alert("x")</script> Ærø Åse'
    page = client.get(registration.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_emoji_and_danish_letters_are_welcome(client, meeting):
    response = client.post(
        _url(meeting), signup_data(name="Øjvind Ærø 😀", organisation="Ishøj Fællesråd")
    )
    assert response.status_code == 302
    assert Registration.objects.get().name == "Øjvind Ærø 😀"


def test_event_page_never_shows_registrants_personal_data(client, meeting):
    RegistrationFactory(event=meeting, name="Hemmelig Person", email="hemmelig@example.org")
    body = client.get(_url(meeting)).content.decode()
    assert "hemmelig@example.org" not in body
    assert "Hemmelig Person" not in body


def test_sign_up_is_rate_limited(client, meeting):
    for n in range(10):
        client.post(_url(meeting), signup_data(email=f"p{n}@example.org"))
    response = client.post(_url(meeting), signup_data(email="p11@example.org"))
    assert response.status_code == 429
    assert Registration.objects.count() == 10


def test_unknown_event_is_404(client):
    assert client.get(reverse("engagement:event-detail", kwargs={"pk": 999999})).status_code == 404


def test_event_lists_show_events(client, meeting, workshop, policy):
    assert meeting.title in client.get(reverse("engagement:event-list")).content.decode()
    body = client.get(
        reverse("engagement:policy-event-list", kwargs={"policy": policy.slug})
    ).content.decode()
    assert meeting.title in body and workshop.title in body
    assert 'aria-current="page">Arrangementer' in body


def test_account_on_the_municipal_domain_counts_as_employee(client, workshop, settings):
    from tests.conftest import make_account

    settings.STAFF_EMAIL_DOMAINS = ["ishoj.dk"]
    user = make_account("ny.kollega@ishoj.dk")  # not (yet) in the Medarbejder group
    client.force_login(user)
    response = client.post(_url(workshop), {"organisation": "Kultur og Fritidscenter"})
    assert response.status_code == 302
    assert Registration.objects.get().user == user


def test_employee_on_waiting_list_for_full_workshop(client, employee, workshop):
    RegistrationFactory(event=workshop)
    client.force_login(employee)
    client.post(_url(workshop), {"organisation": "Plan"})
    assert Registration.objects.get(user=employee).status == Registration.Status.WAITING


def test_public_lists_and_invitation_page_show_no_personal_data(client, meeting, policy):
    from tests.engagement.factories import InvitationFactory

    RegistrationFactory(event=meeting, name="Hemmelig Person", email="hemmelig@example.org")
    invitation = InvitationFactory(
        event=meeting,
        stakeholder__email="kontakt@forening.example",
        stakeholder__contact_name="Kirsten Kontakt",
    )
    pages = [
        client.get(reverse("engagement:event-list")),
        client.get(reverse("engagement:policy-event-list", kwargs={"policy": policy.slug})),
        client.get(invitation.get_absolute_url()),
    ]
    for response in pages:
        body = response.content.decode()
        assert response.status_code == 200
        for secret in (
            "hemmelig@example.org",
            "Hemmelig Person",
            "kontakt@forening.example",
            "Kirsten Kontakt",
        ):
            assert secret not in body


def test_waiting_list_and_link_mails_follow_the_registrants_language(client, meeting):
    RegistrationFactory.create_batch(2, event=meeting)
    url = _url(meeting)  # reverse() before a request under /en/ leaves English active here
    client.post("/en" + url, signup_data(email="eng@example.org"))
    client.post(url, signup_data(email="dansk@example.org"))
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "You are on the waiting list" in by_recipient["eng@example.org"].subject
    assert "Du er på venteliste" in by_recipient["dansk@example.org"].subject
    mail.outbox.clear()
    # The link is resent in the language the person signed up in, whichever page asks for it.
    client.post(
        reverse("engagement:registration-resend", kwargs={"pk": meeting.pk}),
        {"email": "eng@example.org"},
    )
    assert "Your link to your registration" in mail.outbox[0].subject


def test_event_page_in_english(client, meeting):
    body = client.get("/en" + _url(meeting)).content.decode()
    assert '<html lang="en">' in body
    assert "2 seats left" in body
    assert "Registration deadline" in body
