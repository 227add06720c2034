"""Where we are: a citizen and the coordinator see the same step, on a frozen day in Ishøj."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from process.models import Process
from tests.e2e.conftest import axe_check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TZ = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def mid_december(transactional_db):
    """15 December 2026: the process was commissioned on 20 November; the staff workshop on
    25 January is the next step for staff, the citizen meeting on 31 January for citizens."""
    with time_machine.travel(datetime.datetime(2026, 12, 15, 10, 0, tzinfo=TZ), tick=True):
        call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
        yield Process.objects.get(policy__slug="medborgerpolitik")


@pytest.mark.parametrize(
    ("prefix", "next_step", "phase", "workshop"),
    [
        ("", "Næste skridt:", "Aktuel fase", "Intern workshop for alle medarbejdere"),
        ("/en", "Next step:", "Current phase", "Intern workshop for alle medarbejdere"),
    ],
)
def test_citizens_are_offered_the_citizen_meeting_and_staff_see_the_workshop(
    page, live_server, mid_december, prefix, next_step, phase, workshop
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{prefix}/")
    front = page.locator(".process-next-step")
    expect(front).to_contain_text(f"{next_step} Borgermøde")
    expect(front).not_to_contain_text(workshop)
    axe_check(page, context=f"front page ({prefix or 'da'})")

    page.goto(f"{live_server.url}{prefix}/proces/medborgerpolitik/")
    expect(page.locator(".timeline-now")).to_contain_text(f"{next_step} Borgermøde")
    current = page.locator('[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current).to_contain_text("Borgermøde")
    axe_check(page, context=f"public timeline ({prefix or 'da'})")

    log_in(page, live_server, mid_december.memberships.get(group="coordinator").user)
    page.goto(f"{live_server.url}{prefix}/styring/proces/medborgerpolitik/")
    expect(page.get_by_role("heading", name=phase)).to_be_visible()
    expect(page.locator(".board-current")).to_contain_text(workshop)
    expect(page.locator(".board-public-step")).to_contain_text("Borgermøde")
    axe_check(page, context=f"board ({prefix or 'da'})")
