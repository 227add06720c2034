"""The project group runs its events in the portal: a citizen signs up and asks for an
interpreter; a project-group member (with a real two-factor code) creates an event, copies an
earlier one, and moves it; the registrant gets the change e-mail with the updated .ics."""

from __future__ import annotations

import base64
import datetime
import os
from pathlib import Path

import icalendar
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from engagement.models import Event, Registration
from medborger.models import OutgoingMail
from tests.e2e.conftest import axe_check
from tests.e2e.test_security_mfa import PASSWORD, current_code
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set SCREENSHOTS to a directory to keep a picture of each step (for looking at them by hand).
SHOTS = os.environ.get("SCREENSHOTS", "")

WORDS = {
    "da": {
        "interpreter": "Jeg har brug for tolk til",
        "sign_up": "Tilmeld dig",
        "create": "Opret et arrangement",
        "create_button": "Opret arrangementet",
        "end_error": "Arrangementet skal slutte, efter det begynder.",
        "copy": "Kopiér til et nyt arrangement",
        "edit": "Redigér",
        "save": "Gem ændringerne",
        "told": "1 tilmeldt har fået en e-mail",
        "interpreters": "Behov for tolk",
        "arabic": "Arabisk",
        "subject": "Ændret tid eller sted",
    },
    "en": {
        "interpreter": "I need an interpreter into",
        "sign_up": "Sign up",
        "create": "Create an event",
        "create_button": "Create the event",
        "end_error": "The event must end after it starts.",
        "copy": "Copy to a new event",
        "edit": "Edit",
        "save": "Save the changes",
        "told": "1 registered person has been sent an e-mail",
        "interpreters": "Interpreters needed",
        "arabic": "Arabic",
        "subject": "Changed time or place",
    },
}


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _log_in_with_code(page, live_server, user, prefix: str, secret: str) -> None:
    page.goto(f"{live_server.url}{prefix}/konto/login/?next={prefix}/styring/arrangementer/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/konto/2fa/authenticate/")
    page.fill("input[name=code]", current_code(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/styring/arrangementer/")


@pytest.mark.parametrize(("prefix", "lang"), [("", "da"), ("/en", "en")])
def test_project_group_creates_copies_and_moves_an_event_and_the_registrant_is_told(
    browser, live_server, settings, process, project_member, prefix, lang
):
    words = WORDS[lang]
    settings.STAFF_REQUIRE_MFA = True
    secret = generate_totp_secret()
    TOTP.activate(project_member, secret)
    project_member.set_password(PASSWORD)
    project_member.save()
    meeting = EventFactory(process=process, title="Borgermøde om medborgerskab", capacity=30)

    # A citizen signs up on a phone and asks for an Arabic interpreter.
    citizen = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844})
    phone = citizen.new_page()
    phone.goto(f"{live_server.url}{prefix}{meeting.get_absolute_url()}")
    phone.get_by_label("Navn" if lang == "da" else "Name").fill("Dorte Dahl")
    phone.get_by_label("E-mail", exact=True).fill("dorte@example.org")
    phone.get_by_label(words["interpreter"]).select_option("ar")
    _shot(phone, f"{lang}-01-sign-up-interpreter")
    axe_check(phone, context=f"sign-up with interpreter ({lang})")
    phone.get_by_role("button", name=words["sign_up"], exact=True).click()
    registration = Registration.objects.get(email="dorte@example.org")
    assert registration.interpreter_language == "ar" and registration.language == lang

    # The project-group member logs in with a two-factor code, on a phone too.
    staff = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844})
    page = staff.new_page()
    page.set_default_timeout(20_000)
    _log_in_with_code(page, live_server, project_member, prefix, secret)
    axe_check(page, context=f"staff event list ({lang})")

    # Create: a mistake first, told at the field, then the event.
    page.get_by_role("link", name=words["create"]).click()
    starts = timezone.now() + datetime.timedelta(days=40)
    page.fill("#id_title", "Dialogmøde i Vildmosen")
    page.select_option("#id_kind", "citizen_meeting")
    page.select_option("#id_audience", "public")
    page.fill("#id_starts_at", _local(starts))
    page.fill("#id_ends_at", _local(starts - datetime.timedelta(hours=1)))
    page.fill("#id_place", "Vildmoseskolen")
    page.fill("#id_address", "Vildtvej 1, 2635 Ishøj")
    page.fill("#id_capacity", "25")
    page.fill("#id_registration_deadline", _local(starts - datetime.timedelta(days=3)))
    page.get_by_role("button", name=words["create_button"]).click()
    expect(page.locator(".error-summary")).to_contain_text(words["end_error"])
    expect(page.locator(".form-error-message", has_text=words["end_error"])).to_be_visible()
    _shot(page, f"{lang}-02-create-error")
    axe_check(page, context=f"event form with an error ({lang})")
    assert not Event.objects.filter(title="Dialogmøde i Vildmosen").exists()
    page.fill("#id_ends_at", _local(starts + datetime.timedelta(hours=2)))
    page.get_by_role("button", name=words["create_button"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialogmøde i Vildmosen")
    created = Event.objects.get(title="Dialogmøde i Vildmosen")
    assert (created.capacity, created.place) == (25, "Vildmoseskolen")
    axe_check(page, context=f"new event's staff page ({lang})")

    # Copy the citizen meeting: prefilled, new dates.
    page.goto(f"{live_server.url}{prefix}/styring/arrangementer/{meeting.pk}/")
    page.get_by_role("link", name=words["copy"]).click()
    expect(page.locator("#id_title")).to_have_value(meeting.title)
    expect(page.locator("#id_starts_at")).to_have_value("")
    _shot(page, f"{lang}-03-copy")
    axe_check(page, context=f"copy form ({lang})")
    again = starts + datetime.timedelta(days=30)
    page.fill("#id_title", f"{meeting.title} – anden runde")
    page.fill("#id_starts_at", _local(again))
    page.fill("#id_ends_at", _local(again + datetime.timedelta(hours=2)))
    page.fill("#id_registration_deadline", _local(again - datetime.timedelta(days=2)))
    page.get_by_role("button", name=words["create_button"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{meeting.title} – anden runde")
    copy = Event.objects.get(title=f"{meeting.title} – anden runde")
    assert copy.place == meeting.place and copy.capacity == meeting.capacity

    # Move the citizen meeting: a new time and place.
    page.goto(f"{live_server.url}{prefix}/styring/arrangementer/{meeting.pk}/")
    expect(page.get_by_role("heading", name=words["interpreters"])).to_be_visible()
    expect(page.locator("table").nth(1)).to_contain_text(words["arabic"])
    _shot(page, f"{lang}-04-staff-event-page")
    page.get_by_role("link", name=words["edit"], exact=True).click()
    moved = meeting.starts_at + datetime.timedelta(days=7)
    page.fill("#id_starts_at", _local(moved))
    page.fill("#id_ends_at", _local(moved + datetime.timedelta(hours=3)))
    page.fill("#id_place", "Ishøj Bibliotek")
    _shot(page, f"{lang}-05-edit")
    axe_check(page, context=f"edit form ({lang})")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_text(words["told"])).to_be_visible()
    _shot(page, f"{lang}-06-moved")
    axe_check(page, context=f"after the move ({lang})")

    # The registrant's e-mail, in their language, with the updated calendar file.
    [changed] = OutgoingMail.objects.filter(to="dorte@example.org", template__endswith="changed")
    assert changed.subject.startswith(words["subject"])
    assert "Ishøj Bibliotek" in changed.body
    [attachment] = changed.attachments
    [vevent] = icalendar.Calendar.from_ical(base64.b64decode(attachment["content"])).walk("VEVENT")
    assert int(vevent["sequence"]) == 1
    assert str(vevent["location"]).startswith("Ishøj Bibliotek")
    assert vevent.decoded("dtstart") == moved.replace(second=0, microsecond=0)
    assert str(vevent["uid"]).startswith(f"event-{meeting.pk}@")
    citizen.close()
    staff.close()


def test_coordinator_gives_a_seat_writes_to_everyone_and_cancels_the_event(
    browser, live_server, settings, process, coordinator
):
    from tests.engagement.factories import RegistrationFactory

    settings.STAFF_REQUIRE_MFA = True
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    coordinator.set_password(PASSWORD)
    coordinator.save()
    meeting = EventFactory(process=process, title="Fyraftensmøde", capacity=1)
    RegistrationFactory(event=meeting, name="Dorte Dahl", email="dorte@example.org")
    RegistrationFactory(
        event=meeting,
        name="William Wong",
        email="william@example.org",
        language="en",
        status=Registration.Status.WAITING,
    )
    staff = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844})
    page = staff.new_page()
    page.set_default_timeout(20_000)
    _log_in_with_code(page, live_server, coordinator, "", secret)
    page.get_by_role("link", name="Fyraftensmøde").click()

    # The event is full: the coordinator adds a seat for William.
    page.get_by_role("button", name="Tilføj en plads og giv den til William Wong").click()
    expect(page.get_by_text("William Wong har nu en plads")).to_be_visible()
    assert Registration.objects.get(email="william@example.org").status == "confirmed"
    meeting.refresh_from_db()
    assert meeting.capacity == 2
    _shot(page, "da-07-seat-given")
    axe_check(page, context="staff event page after a seat was given")

    # A message to everyone with a seat, each in their own language.
    page.get_by_role("link", name="Skriv til de tilmeldte").click()
    page.get_by_label("Alle med en plads", exact=True).check()
    page.get_by_label("Emne").fill("Husk at tage en ven med")
    page.get_by_label("Besked").fill("Der er kaffe og kage fra kl. 16.30.")
    _shot(page, "da-08-message")
    axe_check(page, context="message form")
    page.get_by_role("button", name="Send beskeden").click()
    expect(page.get_by_text("Beskeden bliver sendt til 2 personer.")).to_be_visible()
    william = OutgoingMail.objects.get(to="william@example.org", template__endswith="event_message")
    assert "This message is about" in william.body and "kaffe og kage" in william.body

    # Cancel: the box must be ticked; then everyone is told and the public page says so.
    page.get_by_role("link", name="Aflys arrangementet").click()
    page.get_by_label("Besked til de tilmeldte").fill("Salen er desværre ikke ledig.")
    page.get_by_role("button", name="Aflys arrangementet").click()
    expect(page.locator(".error-summary")).to_contain_text("Sæt kryds")
    axe_check(page, context="cancel form with an error")
    page.get_by_label("Ja, aflys arrangementet").check()
    _shot(page, "da-09-cancel")
    page.get_by_role("button", name="Aflys arrangementet").click()
    expect(
        page.get_by_text("Arrangementet er aflyst. 2 tilmeldte har fået besked.")
    ).to_be_visible()
    cancelled = OutgoingMail.objects.get(to="dorte@example.org", template__endswith="cancelled")
    [attachment] = cancelled.attachments
    assert b"METHOD:CANCEL" in base64.b64decode(attachment["content"])

    public = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    citizen = public.new_page()
    citizen.goto(f"{live_server.url}/en{meeting.get_absolute_url()}")
    expect(citizen.locator(".alert-warning")).to_contain_text("This event has been cancelled.")
    expect(citizen.locator("form.event-signup")).to_have_count(0)
    _shot(citizen, "en-10-public-cancelled")
    axe_check(citizen, context="cancelled event, public (en)")
    public.close()
    staff.close()
