"""A citizen follows the Medborgerpolitik on a phone, confirms by e-mail, is told when the
coordinator opens the hearing, and stops the e-mails in one click; in Danish and English."""

from __future__ import annotations

import datetime
import os
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from medborger.models import OutgoingMail
from notifications.models import Subscription
from process.models import Membership
from process.services import version_approve
from tests.conftest import make_account
from tests.e2e.conftest import axe_check, log_in
from tests.factories import (
    MembershipFactory,
    PolicyFactory,
    ProcessFactory,
    published_version_with_sections,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("FOLLOW_SHOTS", "")  # a folder to save screenshots in, when set
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def setting(transactional_db):
    policy = PolicyFactory(slug="medborgerpolitik", title="Medborgerpolitik")
    process = ProcessFactory(policy=policy)
    version = published_version_with_sections(policy, sections=3, label="Høringsudkast")
    coordinator = make_account("koordinator@ishoj.dk", first_name="Jeanet", last_name="Flørnæss")
    MembershipFactory(process=process, user=coordinator, group=Membership.Group.COORDINATOR)
    version_approve(version=version, user=coordinator)
    return version, coordinator


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _link(mail: OutgoingMail, fragment: str) -> str:
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(fragment) + r"\S*)", mail.body)
    assert match, mail.body
    return match.group(1)


@pytest.mark.parametrize(
    ("prefix", "texts"),
    [
        (
            "",
            {
                "box": "Følg politikken",
                "email": "Din e-mailadresse",
                "follow": "Følg",
                "sent": "Tjek din e-mail",
                "confirm": "Ja, følg",
                "following": "Du følger nu Medborgerpolitik",
                "opened": "Den offentlige høring er åben",
                "stopped": "Du får ikke flere e-mails om Medborgerpolitik",
                "stop": "Ja, stop e-mails",
                "gone": "Du får ikke flere af disse e-mails.",
                "language": "da",
            },
        ),
        (
            "/en",
            {
                "box": "Follow the policy",
                "email": "Your e-mail address",
                "follow": "Follow",
                "sent": "Check your e-mail",
                "confirm": "Yes, follow",
                "following": "You now follow Medborgerpolitik",
                "opened": "The public hearing is open",
                "stopped": "You get no more e-mails about Medborgerpolitik",
                "stop": "Yes, stop the e-mails",
                "gone": "You get no more of these e-mails.",
                "language": "en",
            },
        ),
    ],
)
def test_a_citizen_follows_is_told_the_hearing_opened_and_unsubscribes_in_one_click(
    setting, browser, live_server, prefix, texts
):
    version, coordinator = setting
    lang = texts["language"]
    address = f"borger-{lang}@example.org"
    citizen_context = browser.new_context(viewport=PHONE, locale="da-DK" if not prefix else "en-GB")
    citizen = citizen_context.new_page()

    # The policy page offers to follow; the form takes an e-mail and a language.
    citizen.goto(f"{live_server.url}{prefix}/politik/medborgerpolitik/")
    box = citizen.locator(".follow-box")
    expect(box.get_by_role("heading", name=texts["box"])).to_be_visible()
    axe_check(citizen, context=f"policy page with the follow box ({lang})")
    if SHOTS:
        box.screenshot(path=os.path.join(SHOTS, f"{lang}-0-follow-box.png"))
    box.get_by_role("button", name=texts["follow"], exact=True).click()  # empty: an error
    expect(citizen.locator(".error-summary")).to_be_visible()
    axe_check(citizen, context=f"follow form with an error ({lang})")
    _shot(citizen, f"{lang}-1-follow-error")
    citizen.get_by_label(texts["email"]).fill(address)
    citizen.get_by_role("button", name=texts["follow"], exact=True).click()
    expect(citizen.get_by_role("heading", name=texts["sent"])).to_be_visible()
    axe_check(citizen, context=f"check your e-mail ({lang})")
    _shot(citizen, f"{lang}-2-check-your-email")
    assert not Subscription.objects.get(email=address).is_confirmed

    # The confirmation mail, in the page's language; its link asks, then confirms.
    confirmation = OutgoingMail.objects.get(to=address)
    assert confirmation.language == lang
    citizen.goto(live_server.url + _link(confirmation, "/foelg/bekraeft/"))
    axe_check(citizen, context=f"confirm follow ({lang})")
    citizen.get_by_role("button", name=texts["confirm"]).click()
    expect(citizen.locator("main")).to_contain_text(texts["following"])
    axe_check(citizen, context=f"followed ({lang})")
    _shot(citizen, f"{lang}-3-following")
    assert Subscription.objects.get(email=address).is_confirmed

    # The coordinator opens the hearing in the staff area.
    staff_context = browser.new_context()
    staff = staff_context.new_page()
    log_in(staff, live_server, coordinator)
    staff.goto(f"{live_server.url}/styring/hoering/medborgerpolitik/")
    now = timezone.localtime()
    staff.locator("[name=version]").select_option(str(version.pk))
    staff.locator("[name=opens_at]").fill(
        (now - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    )
    staff.locator("[name=closes_at]").fill(
        (now + datetime.timedelta(days=21)).strftime("%Y-%m-%dT%H:%M")
    )
    staff.locator("[name=delete_after]").fill(
        (now + datetime.timedelta(days=120)).strftime("%Y-%m-%d")
    )
    staff.get_by_role("button", name="Åbn høringen").click()
    expect(staff.locator("main")).to_contain_text("Høringsfrist")  # the opened hearing's page
    staff_context.close()

    # The follower is told, in their language, with a one-click unsubscribe.
    opened = OutgoingMail.objects.filter(to=address, template="notifications/emails/notices").get()
    assert texts["opened"] in opened.subject
    assert f"{prefix}/hoering/medborgerpolitik/" in opened.body
    assert opened.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = live_server.url + urlsplit(opened.headers["List-Unsubscribe"].strip("<>")).path

    # The manage page from the mail's footer, then the unsubscribe page.
    citizen.goto(live_server.url + _link(opened, "/foelg/mine/"))
    expect(citizen.locator("main")).to_contain_text("Medborgerpolitik")
    axe_check(citizen, context=f"manage follows ({lang})")
    _shot(citizen, f"{lang}-4-manage")
    citizen.goto(unsubscribe)
    expect(citizen.get_by_role("button", name=texts["stop"])).to_be_visible()
    axe_check(citizen, context=f"unsubscribe ({lang})")

    # The mail client's one click: a POST without a CSRF token (RFC 8058), twice is fine.
    for _ in range(2):
        answer = citizen.request.post(unsubscribe, form={"List-Unsubscribe": "One-Click"})
        assert answer.status == 200
    assert not Subscription.objects.filter(email=address).exists()
    citizen.goto(unsubscribe)  # the link of a stopped follow: says so, not an error
    expect(citizen.locator("main")).to_contain_text(texts["gone"])
    axe_check(citizen, context=f"stopped link ({lang})")
    citizen_context.close()


def test_the_stopped_page_after_the_button(setting, browser, live_server):
    """The person who opens the link and presses the button sees the result page."""
    policy = setting[0].policy
    follow = Subscription.objects.create(
        topic=policy.follow_topic,
        title=policy.title,
        url="/politik/medborgerpolitik/",
        email="a@example.org",
        language="da",
        confirmed_at=timezone.now(),
    )
    from notifications.services import subscription_token

    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/foelg/afmeld/{subscription_token(follow)}/")
    page.get_by_role("button", name="Ja, stop e-mails").click()
    expect(page.locator("main")).to_contain_text("Du får ikke flere e-mails om Medborgerpolitik")
    axe_check(page, context="stopped (da)")
    _shot(page, "da-5-stopped")
    page.close()
