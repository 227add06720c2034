"""A person who lands on a page they may not open, or whose form fails the CSRF check, gets a
page in the portal's frame and language that says what to do instead."""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from process.models import Handling
from tests.e2e.conftest import axe_check
from tests.e2e.test_security_mfa import PASSWORD, current_code
from tests.factories import BodyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "da": {
        "heading": "Du har ikke adgang til denne side",
        "meetings": "Dine møder",
        "comment_on": "Kommentér",
        "your_comment": "Din kommentar",
        "name": "Dit navn",
        "email": "Din e-mail",
        "send": "Send kommentar",
        "csrf": "Formularen kunne ikke sendes",
    },
    "en": {
        "heading": "You do not have access to this page",
        "meetings": "Your meetings",
        "comment_on": "Comment on",
        "your_comment": "Your comment",
        "name": "Your name",
        "email": "Your e-mail",
        "send": "Send comment",
        "csrf": "The form could not be sent",
    },
}


@pytest.mark.parametrize(
    ("prefix", "lang", "width"), [("", "da", 1280), ("/en", "en", 1280), ("", "da", 390)]
)
def test_committee_member_who_opens_the_staff_area_is_led_to_their_meetings(
    page, live_server, settings, process, committee_member, prefix, lang, width
):
    settings.STAFF_REQUIRE_MFA = True
    secret = generate_totp_secret()
    TOTP.activate(committee_member, secret)
    committee_member.set_password(PASSWORD)
    committee_member.save()
    body = BodyFactory(name="Børne- og Skoleudvalget")
    body.members.add(committee_member)
    meeting = Handling.objects.create(
        process=process,
        body=body,
        meeting_date=timezone.localdate() + datetime.timedelta(days=14),
        agenda_item_title="Medborgerpolitik: høringsudkast",
    )
    page.set_viewport_size({"width": width, "height": 900})

    # The staff inbox is theirs; a process's board is not, and its 403 leads to their meetings.
    board = f"{prefix}/styring/proces/{process.policy.slug}/"
    page.goto(f"{live_server.url}{prefix}/konto/login/?next={board}")
    page.fill("input[name=login]", committee_member.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.fill("input[name=code]", current_code(secret))
    page.locator("main form button[type=submit]").first.click()

    t = WORDS[lang]
    expect(page).to_have_url(f"{live_server.url}{board}")
    expect(page.get_by_role("heading", level=1)).to_have_text(t["heading"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", name=t["meetings"])).to_be_visible()
    axe_check(page, context=f"403 for a committee member ({lang}, {width} px)")

    page.get_by_role("link", name=re.compile("Børne- og Skoleudvalget")).click()
    expect(page).to_have_url(f"{live_server.url}{prefix}{meeting.get_absolute_url()}")


@pytest.mark.parametrize(("prefix", "lang"), [("", "da"), ("/en", "en")])
def test_citizen_whose_cookie_went_missing_is_told_to_reload_and_send_again(
    page, live_server, published_version, prefix, lang
):
    t = WORDS[lang]
    page.goto(f"{live_server.url}{prefix}/politik/{published_version.policy.slug}/")
    page.get_by_role("link", name=re.compile(t["comment_on"])).first.click()
    page.get_by_label(t["your_comment"]).fill("En kommentar, der kom for sent.")
    page.get_by_label(t["name"]).fill("Amira Hansen")
    page.get_by_label(t["email"], exact=True).fill("amira@example.org")
    page.context.clear_cookies()  # as when the browser drops the portal's cookies

    page.get_by_role("button", name=t["send"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t["csrf"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    axe_check(page, context=f"CSRF failure page ({lang})")
