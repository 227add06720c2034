"""The process leads the citizen: the phase, its deadline and one main action, on frozen days.

Set E2E_SCREENSHOTS to a folder to keep a screenshot of each page walked.
"""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from hearing.models import Hearing
from process.models import Process
from tests.e2e.conftest import axe_check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TZ = ZoneInfo("Europe/Copenhagen")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WORKSHOP = "Intern workshop for alle medarbejdere"


def shot(page, name: str) -> None:
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _ishoj_on(day: datetime.datetime):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=TZ), tick=False):
        call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    process = Process.objects.select_related("policy").get(policy__slug="medborgerpolitik")
    Hearing.objects.create(
        process=process,
        version=process.policy.versions.get(number=1),
        opens_at=datetime.datetime(2027, 4, 1, 9, tzinfo=TZ),
        closes_at=datetime.datetime(2027, 4, 29, 23, 59, tzinfo=TZ),
        delete_after=datetime.date(2028, 4, 30),
    )
    return time_machine.travel(day, tick=True), process


@pytest.fixture
def mid_december(transactional_db):
    travel, process = _ishoj_on(datetime.datetime(2026, 12, 15, 10, tzinfo=TZ))
    with travel:
        yield process


@pytest.fixture
def mid_january(transactional_db):
    travel, process = _ishoj_on(datetime.datetime(2027, 1, 10, 10, tzinfo=TZ))
    with travel:
        yield process


@pytest.fixture
def mid_april(transactional_db):
    travel, process = _ishoj_on(datetime.datetime(2027, 4, 17, 10, tzinfo=TZ))
    with travel:
        yield process


@pytest.mark.parametrize(
    ("prefix", "phase", "action", "next_step", "board_phase"),
    [
        ("", "Udkast til kommentering", "Kommentér udkastet", "Næste skridt:", "Aktuel fase"),
        ("/en", "Draft open for comments", "Comment on the draft", "Next step:", "Current phase"),
    ],
)
def test_in_december_a_citizen_is_asked_to_comment_and_never_offered_the_staff_workshop(
    page, live_server, mid_december, prefix, phase, action, next_step, board_phase
):
    lang = prefix.strip("/") or "da"
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{prefix}/")
    bar = page.locator(".stage-bar").first
    expect(bar.locator(".stage-phase")).to_contain_text(phase)
    expect(bar.locator(".stage-next")).to_contain_text(f"{next_step} Borgermøde")
    expect(bar).not_to_contain_text(WORKSHOP)
    expect(bar.locator('[aria-current="step"]')).to_have_count(1)
    # The header's links to policies, events and hearings fit the phone: no sideways scrolling.
    expect(
        page.get_by_role("navigation", name="Main menu" if prefix else "Hovedmenu")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page, context=f"front page ({lang})")
    shot(page, f"front-december-{lang}-390")

    # The one main action leads to the draft, which shows the same bar and buttons to comment.
    bar.get_by_role("link", name=action).click()
    expect(page).to_have_url(
        f"{live_server.url}{prefix}/politik/medborgerpolitik/version/1/#toc-heading"
    )
    expect(page.locator(".stage-bar .stage-phase")).to_contain_text(phase)
    expect(page.locator(".section-comments a.button-secondary").first).to_be_visible()
    axe_check(page, context=f"policy page ({lang})")
    shot(page, f"policy-december-{lang}-390")

    # On a phone the timeline is a readable list, not a shrunken drawing.
    page.goto(f"{live_server.url}{prefix}/proces/medborgerpolitik/")
    expect(page.locator(".timeline-figure")).to_be_hidden()
    expect(page.locator("ol.timeline")).to_be_visible()
    expect(page.locator('ol.timeline [aria-current="step"]')).to_contain_text("Borgermøde")
    expect(page.locator(".timeline-now")).to_contain_text(phase)
    axe_check(page, context=f"timeline ({lang})")
    shot(page, f"timeline-december-{lang}-390")

    log_in(page, live_server, mid_december.memberships.get(group="coordinator").user)
    page.goto(f"{live_server.url}{prefix}/styring/proces/medborgerpolitik/")
    expect(page.get_by_role("heading", name=board_phase)).to_be_visible()
    expect(page.locator(".board-current")).to_contain_text(WORKSHOP)
    expect(page.locator(".board-public-step")).to_contain_text(phase)
    axe_check(page, context=f"board ({lang})")


@pytest.mark.parametrize(
    ("prefix", "phase", "deadline", "action"),
    [
        (
            "",
            "Tilmelding til borgermøde",
            "Tilmeldingsfristen er 28. januar 2027 – om 18 dage",
            "Tilmeld dig borgermødet",
        ),
        (
            "/en",
            "Registration for the citizen meeting",
            "Registration closes on 28 January 2027 – in 18 days",
            "Sign up for the citizen meeting",
        ),
    ],
)
def test_in_january_the_main_action_is_signing_up_for_the_citizen_meeting(
    page, live_server, mid_january, prefix, phase, deadline, action
):
    lang = prefix.strip("/") or "da"
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}{prefix}/")
    bar = page.locator(".stage-bar").first
    expect(bar.locator(".stage-phase")).to_contain_text(phase)
    expect(bar.locator(".stage-deadline")).to_have_text(deadline)
    # A horizontal progress bar on a desktop: the steps side by side.
    boxes = [bar.locator(".stage-step").nth(i).bounding_box() for i in range(4)]
    assert len({round(box["y"]) for box in boxes}) == 1
    axe_check(page, context=f"front page, January ({lang})")
    shot(page, f"front-january-{lang}-1280")
    bar.get_by_role("link", name=action).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Borgermøde")
    expect(page.locator("form button[type=submit]").first).to_be_visible()
    shot(page, f"event-january-{lang}-1280")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{prefix}/")
    boxes = [page.locator(".stage-step").nth(i).bounding_box() for i in range(4)]
    assert len({round(box["y"]) for box in boxes}) == 4  # a vertical list on a phone
    shot(page, f"front-january-{lang}-390")


@pytest.mark.parametrize(
    ("prefix", "deadline", "action"),
    [
        ("", "Høringsfristen er 29. april 2027 – om 12 dage", "Afgiv høringssvar"),
        ("/en", "The hearing closes on 29 April 2027 – in 12 days", "Respond to the hearing"),
    ],
)
def test_while_the_hearing_is_open_the_main_action_leads_to_the_response_form(
    page, live_server, mid_april, prefix, deadline, action
):
    lang = prefix.strip("/") or "da"
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{prefix}/")
    bar = page.locator(".stage-bar").first
    expect(bar.locator(".stage-deadline")).to_have_text(deadline)
    expect(bar.locator('[aria-current="step"]')).to_contain_text(
        "Offentlig høring" if not prefix else "Public hearing"
    )
    shot(page, f"front-april-{lang}-390")
    bar.get_by_role("link", name=action).click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/hoering/medborgerpolitik/#respond-heading")
    expect(page.locator("form.hearing-form")).to_be_visible()
    expect(page.locator(".stage-bar .stage-deadline")).to_have_text(deadline)
    axe_check(page, context=f"hearing page ({lang})")
    shot(page, f"hearing-april-{lang}-390")

    page.goto(f"{live_server.url}{prefix}/hoeringer/")
    expect(page.locator("table")).to_contain_text(deadline)
    axe_check(page, context=f"hearings list ({lang})")
    page.goto(f"{live_server.url}{prefix}/politikker/")
    expect(page.locator("table")).to_contain_text(deadline)
    axe_check(page, context=f"policies list ({lang})")
    shot(page, f"policies-april-{lang}-390")
    page.goto(f"{live_server.url}{prefix}/regler/")
    axe_check(page, context=f"rules ({lang})")
    page.goto(f"{live_server.url}{prefix}/hoering/find-dit-svar/")
    page.get_by_role("button").filter(has_text="Find").click()
    expect(page.locator(".form-error-message, .error-message").first).to_be_visible()
    axe_check(page, context=f"find your response, with an error ({lang})")
    shot(page, f"find-response-error-{lang}-390")
