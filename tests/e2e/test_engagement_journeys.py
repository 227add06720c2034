"""Browser journeys for events: the staff workshop with its waiting list, the citizen meeting with
check-in at the door, and axe on every engagement page in Danish and English."""

from __future__ import annotations

import io
import re
from urllib.parse import urlparse

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from engagement.models import Event, Registration
from medborger import roles
from process.models import Membership
from tests.conftest import make_account
from tests.e2e.conftest import axe_check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ishoj(transactional_db):
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


def _project_member():
    return (
        Membership.objects.filter(group=Membership.Group.PROJECT)
        .select_related("user")
        .first()
        .user
    )


def test_employee_signs_up_gets_ics_and_colleague_is_promoted_when_they_cancel(
    ishoj, browser, live_server
):
    workshop = Event.objects.get(kind=Event.Kind.STAFF_WORKSHOP)
    workshop.capacity = 1
    workshop.save()
    emil = make_account(
        "emil@ishoj.dk", first_name="Emil", last_name="Hansen", groups=[roles.EMPLOYEE_GROUP]
    )
    maja = make_account(
        "maja@ishoj.dk", first_name="Maja", last_name="Larsen", groups=[roles.EMPLOYEE_GROUP]
    )

    # Emil signs up and takes the only seat.
    emil_context = browser.new_context(locale="da-DK")
    page = emil_context.new_page()
    log_in(page, live_server, emil)
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    expect(page.get_by_text("1 plads tilbage")).to_be_visible()
    axe_check(page, context="staff workshop (da)")
    page.get_by_label("Afdeling").select_option("Center for Børn og Forebyggelse")
    page.get_by_label("Kosthensyn").fill("Vegetar")
    page.get_by_role("button", name="Tilmeld dig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din tilmelding")
    expect(page.get_by_text("Bekræftet", exact=True)).to_be_visible()
    axe_check(page, context="manage registration (da)")
    emil_registration = Registration.objects.get(email="emil@ishoj.dk")
    assert emil_registration.organisation == "Center for Børn og Forebyggelse"
    [confirmation] = mail.outbox
    assert confirmation.to == ["emil@ishoj.dk"]
    [(_name, content, mimetype)] = confirmation.attachments
    assert mimetype == "text/calendar; method=PUBLISH"
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["summary"]) == workshop.title
    assert vevent.decoded("dtstart") == workshop.starts_at

    # Maja, in English, finds the workshop full and joins the waiting list.
    maja_context = browser.new_context(locale="en-GB")
    page2 = maja_context.new_page()
    log_in(page2, live_server, maja)
    page2.goto(f"{live_server.url}/en{workshop.get_absolute_url()}")
    expect(page2.get_by_text("The event is full")).to_be_visible()
    axe_check(page2, context="staff workshop full (en)")
    page2.get_by_label("Department").select_option("Dagtilbud og skoler")
    page2.get_by_role("button", name="Join the waiting list").click()
    expect(page2.get_by_text("You are number 1 on the waiting list")).to_be_visible()
    axe_check(page2, context="manage registration, waiting (en)")
    assert Registration.objects.get(email="maja@ishoj.dk").status == Registration.Status.WAITING

    # Emil cancels with the link from his e-mail; Maja moves up and is told in English.
    link = re.search(r"https?://\S+/tilmelding/\S+/", confirmation.body).group(0)
    page.goto(live_server.url + urlparse(link).path)
    page.get_by_role("button", name="Afmeld mig").click()
    expect(page.get_by_text("Din tilmelding er afmeldt.")).to_be_visible()
    axe_check(page, context="cancelled registration (da)")
    assert Registration.objects.get(email="maja@ishoj.dk").status == Registration.Status.CONFIRMED
    promotion = [
        m for m in mail.outbox if m.to == ["maja@ishoj.dk"] and "A seat is free" in m.subject
    ]
    assert len(promotion) == 1
    assert promotion[0].attachments[0][0].endswith(".ics")
    page2.reload()
    expect(page2.get_by_text("Confirmed", exact=True)).to_be_visible()
    emil_context.close()
    maja_context.close()


def test_citizen_signs_up_without_an_account_and_is_checked_in_at_the_door(
    ishoj, browser, live_server
):
    meeting = Event.objects.get(kind=Event.Kind.CITIZEN_MEETING)
    citizen_context = browser.new_context(locale="da-DK")
    page = citizen_context.new_page()
    page.goto(f"{live_server.url}/arrangementer/")
    axe_check(page, context="events list (da)")
    page.get_by_role("link", name=meeting.title).click()
    axe_check(page, context="citizen meeting (da)")
    page.get_by_label("Navn").fill("Fatima Øzdemir")
    page.get_by_label("E-mail", exact=True).fill("fatima@example.org")
    page.get_by_label("Organisation").fill("Ishøj Fællesråd")
    page.get_by_label("Jeg har brug for tolk til").select_option("tr")
    page.get_by_role("button", name="Tilmeld dig").click()
    expect(
        page.get_by_text("Du er tilmeldt. Vi har sendt en bekræftelse på e-mail.")
    ).to_be_visible()
    registration = Registration.objects.get(email="fatima@example.org")
    assert registration.user is None and registration.interpreter_language == "tr"

    # A second try with the same address gets a clear message and a way to the first.
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_label("Navn").fill("Fatima igen")
    page.get_by_label("E-mail", exact=True).fill("fatima@example.org")
    page.get_by_role("button", name="Tilmeld dig").click()
    expect(
        page.get_by_text("Denne e-mailadresse er allerede tilmeldt arrangementet.").first
    ).to_be_visible()
    axe_check(page, context="duplicate sign-up (da)")
    page.get_by_role("button", name="Send mig mit link igen").click()
    expect(page.get_by_text("Hvis den e-mailadresse er tilmeldt")).to_be_visible()
    assert Registration.objects.filter(email="fatima@example.org").count() == 1
    citizen_context.close()

    Registration.objects.create(event=meeting, name="Bo Berg", email="bo@example.org")
    # At the door, a project group member finds her and checks her in with one tap.
    staff_context = browser.new_context(locale="da-DK", viewport={"width": 1024, "height": 768})
    door = staff_context.new_page()
    log_in(door, live_server, _project_member())
    door.goto(f"{live_server.url}/styring/arrangementer/{meeting.pk}/indtjekning/")
    axe_check(door, context="check-in (da)")
    expect(door.get_by_role("button", name="Tjek ind Bo Berg")).to_be_visible()
    door.get_by_label("Find en person").fill("fatima")
    expect(
        door.get_by_role("button", name="Tjek ind Bo Berg")
    ).to_be_hidden()  # filtered while typing (JavaScript)
    door.get_by_role("button", name="Søg").click()  # and on the server, for browsers without it
    door.get_by_role("button", name="Tjek ind Fatima Øzdemir").click()
    expect(door.get_by_text("Fatima Øzdemir er tjekket ind.")).to_be_visible()
    expect(door.get_by_text("1 af 2 er tjekket ind")).to_be_visible()
    axe_check(door, context="check-in after tap (da)")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    door.goto(f"{live_server.url}/styring/arrangementer/{meeting.pk}/")
    expect(door.get_by_text("fremmøde 50%")).to_be_visible()
    staff_context.close()


def test_citizen_cancels_and_the_event_leaves_their_calendar(ishoj, browser, live_server):
    """Cancelling once sent nothing, and the feed and the mailed .ics had different UIDs."""
    meeting = Event.objects.get(kind=Event.Kind.CITIZEN_MEETING)
    context = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_label("Navn").fill("Fatima Øzdemir")
    page.get_by_label("E-mail", exact=True).fill("fatima@example.org")
    expect(page.get_by_label("Organisation")).to_be_visible()
    page.get_by_role("button", name="Tilmeld dig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din tilmelding")
    expect(page.get_by_label("Organisation")).to_be_visible()  # the label she signed up with
    [confirmation] = mail.outbox
    added = icalendar.Calendar.from_ical(confirmation.attachments[0][1]).walk("VEVENT")[0]

    # The public calendar feed knows the event by the same UID, so adding both gives one entry.
    feed = page.request.get(f"{live_server.url}/proces/{meeting.process.policy.slug}/kalender.ics")
    uids = [str(c["uid"]) for c in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")]
    assert str(added["uid"]) in uids

    page.get_by_role("button", name="Afmeld mig").click()
    expect(page.get_by_text("Din tilmelding er afmeldt.")).to_be_visible()
    axe_check(page, context="cancelled registration at 390 px (da)")
    [cancellation] = [m for m in mail.outbox if m is not confirmation]
    assert cancellation.to == ["fatima@example.org"]
    assert cancellation.subject == f"Din tilmelding er afmeldt: {meeting.title}"
    calendar = icalendar.Calendar.from_ical(cancellation.attachments[0][1])
    assert str(calendar["method"]) == "CANCEL"
    [removed] = calendar.walk("VEVENT")
    assert str(removed["uid"]) == str(added["uid"])
    assert removed["sequence"] > added["sequence"]
    context.close()


@pytest.mark.parametrize(
    "locale,prefix,label", [("da-DK", "", "Afdeling"), ("en-GB", "/en", "Department")]
)
def test_employee_meets_one_department_field_at_sign_up_and_afterwards(
    ishoj, browser, live_server, locale, prefix, label
):
    workshop = Event.objects.get(kind=Event.Kind.STAFF_WORKSHOP)
    emil = make_account(
        "emil@ishoj.dk", first_name="Emil", last_name="Hansen", groups=[roles.EMPLOYEE_GROUP]
    )
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server, emil)
    page.goto(f"{live_server.url}{prefix}{workshop.get_absolute_url()}")
    page.get_by_label(label, exact=True).select_option("Center for Børn og Forebyggelse")
    page.locator("form.event-signup button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Din tilmelding" if prefix == "" else "Your registration"
    )
    # The same field (the managed list of departments), with the same label and the same rule:
    # a department is required.
    field = page.get_by_label(label, exact=True)
    expect(field).to_have_value("Center for Børn og Forebyggelse")
    field.select_option("")
    page.get_by_role("button", name="Gem ændringer" if prefix == "" else "Save changes").click()
    message = (
        "Skriv, hvilken afdeling du arbejder i."
        if prefix == ""
        else "Tell us which department you work in."
    )
    # Next to the field, and again in the error summary at the top of the form.
    expect(page.locator("#id_organisation_error")).to_contain_text(message)
    expect(page.locator("[data-module=error-summary]")).to_contain_text(message)
    axe_check(page, context=f"manage registration with an error at 390 px ({locale})")
    registration = Registration.objects.get(email="emil@ishoj.dk")
    assert registration.organisation == "Center for Børn og Forebyggelse"
    context.close()


def _steering_member():
    return (
        Membership.objects.filter(group=Membership.Group.STEERING)
        .select_related("user")
        .first()
        .user
    )


@pytest.mark.parametrize("who", ["steering", "project"])
def test_group_member_sends_special_invitations_and_tracks_each_one(
    ishoj, browser, live_server, who
):
    """The send button once had a form without a CSRF token: every real click got a 403."""
    meeting = Event.objects.get(kind=Event.Kind.CITIZEN_MEETING)
    member = _steering_member() if who == "steering" else _project_member()
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server, member)
    page.goto(f"{live_server.url}/styring/arrangementer/{meeting.pk}/invitationer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Særlige invitationer")

    # Two stakeholders who are not in the register yet go on it (and on the list).
    for name, email in (
        ("Ishøj Fællesråd", "raad@example.org"),
        ("Ishøj Idrætsråd", "ir@example.org"),
    ):
        page.locator("#id_name").fill(name)
        page.locator("#id_kind").select_option("council")
        page.locator("#id_email").fill(email)
        page.get_by_role("button", name="Føj til listen").click()
        expect(page.get_by_text(f"{name} er føjet til listen.")).to_be_visible()
    axe_check(page, context="invitations before sending (da)")

    # Both are chosen and invited with one click.
    page.get_by_label("Invitér Ishøj Fællesråd").check()
    page.get_by_label("Invitér Ishøj Idrætsråd").check()
    page.get_by_role("button", name="Send invitationer til de valgte interessenter").click()
    expect(page.get_by_text("Invitationer sendt: 2.")).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == ["ir@example.org", "raad@example.org"]
    assert meeting.invitations.filter(sent_by=member).count() == 2
    axe_check(page, context="invitations after sending (da)")

    # Each invitation now has its own status, which can be changed when the answer comes.
    row = page.get_by_role("row").filter(has_text="Ishøj Fællesråd")
    expect(row.locator(".status-badge")).to_have_text("Inviteret")
    row.get_by_label("Status for Ishøj Fællesråd").select_option(label="Har meldt afbud")
    row.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Invitationen er opdateret.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Ishøj Fællesråd")
    expect(row.locator(".status-badge")).to_have_text("Har meldt afbud")
    assert meeting.invitations.get(stakeholder__name="Ishøj Fællesråd").status == "declined"
    assert meeting.invitations.get(stakeholder__name="Ishøj Idrætsråd").status == "invited"
    context.close()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_engagement_pages_have_no_axe_violations(ishoj, page, live_server, prefix):
    from engagement.models import DistributionItem, Input, Invitation
    from process.models import Party

    meeting = Event.objects.get(kind=Event.Kind.CITIZEN_MEETING)
    member = _project_member()
    stakeholder = Party.objects.create(
        name="Ishøj Fællesråd", kind=Party.Kind.COUNCIL, email="raad@example.org"
    )
    invitation = Invitation.objects.create(event=meeting, stakeholder=stakeholder)
    registration = Registration.objects.create(
        event=meeting,
        name="Bo Berg",
        email="bo@example.org",
        organisation="Ishøj Fællesråd",
        diet="Halal",
    )
    DistributionItem.objects.create(
        event=meeting, material="poster", place_kind="institution", place="Ishøj Bibliotek"
    )
    Input.objects.create(
        process=meeting.process, event=meeting, channel="event", text="Flere frivillige"
    )
    slug = meeting.process.policy.slug
    public = [
        f"/arrangementer/{meeting.pk}/",
        f"/arrangementer/{Event.objects.get(kind=Event.Kind.STAFF_WORKSHOP).pk}/",
        "/arrangementer/",
        f"/arrangementer/for/{slug}/",
        f"/tilmelding/{registration.token}/",
        f"/invitation/{invitation.token}/",
    ]
    staff = [
        "/styring/arrangementer/",
        f"/styring/arrangementer/{meeting.pk}/",
        f"/styring/arrangementer/{meeting.pk}/tilfoej/",
        f"/styring/arrangementer/{meeting.pk}/indtjekning/",
        f"/styring/arrangementer/{meeting.pk}/invitationer/",
        f"/styring/arrangementer/{meeting.pk}/synlighed/",
        f"/styring/input/{slug}/",
        f"/styring/input/{slug}/temaer/",
        "/styring/",
    ]
    for path in public:
        page.goto(f"{live_server.url}{prefix}{path}")
        axe_check(page, context=f"{prefix}{path}")
    # The sign-up form with its error messages.
    page.goto(f"{live_server.url}{prefix}/arrangementer/{meeting.pk}/")
    page.locator("form.event-signup button[type=submit]").click()
    expect(page.locator(".form-error").first).to_be_visible()
    axe_check(page, context=f"{prefix} sign-up with errors")
    log_in(page, live_server, member)
    for path in staff:
        page.goto(f"{live_server.url}{prefix}{path}")
        axe_check(page, context=f"{prefix}{path}")
    # Forms with errors are checked too.
    page.goto(f"{live_server.url}{prefix}/styring/arrangementer/{meeting.pk}/tilfoej/")
    page.locator("form[novalidate] button[type=submit]").click()
    expect(page.locator(".form-error").first).to_be_visible()
    axe_check(page, context=f"{prefix} manual add with errors")
    page.goto(f"{live_server.url}{prefix}/styring/input/{slug}/")
    page.locator("form[novalidate] button[type=submit]").click()
    expect(page.locator(".form-error").first).to_be_visible()
    axe_check(page, context=f"{prefix} input with errors")
