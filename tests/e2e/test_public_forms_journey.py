"""The public forms share one honeypot and one rate limit: on a phone (390 px), in Danish and in
English, nobody sees the robots' field, and sending a form too often ends on the portal's own
429 page in the visitor's language. axe on every page. Set E2E_SHOTS to a directory to keep
screenshots of each step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from process.services import version_approve
from tests.conftest import make_account
from tests.e2e.conftest import axe_check
from tests.factories import (
    EventFactory,
    PolicyFactory,
    ProcessFactory,
    published_version_with_sections,
)
from tests.hearing.factories import HearingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
REFUSED = {"da": "For mange forsøg på kort tid", "en": "Too many attempts in a short time"}


def _shot(page, name: str) -> None:
    directory = os.environ.get("E2E_SHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


@pytest.fixture
def forms(transactional_db):
    cache.clear()
    policy = PolicyFactory(slug="medborgerpolitik", title="Medborgerpolitik")
    process = ProcessFactory(policy=policy)
    version = published_version_with_sections(policy, sections=2, label="Høringsudkast")
    version_approve(version=version, user=make_account("styregruppe@ishoj.dk"))
    HearingFactory(process=process, version=version)
    event = EventFactory(process=process, title="Borgermøde", capacity=20)
    section = version.sections.order_by("order").first()
    yield {
        "hearing": "/hoering/medborgerpolitik/",
        "event": f"/arrangementer/{event.pk}/",
        "comment": f"/politik/medborgerpolitik/version/{version.number}/afsnit/{section.key}/",
        "my data": "/mine-data/",
    }
    cache.clear()


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_person_sees_the_honeypot_and_too_many_sends_end_on_a_clear_page(
    forms, browser, live_server, language
):
    prefix = "" if language == "da" else "/en"
    context = browser.new_context(locale="da-DK" if language == "da" else "en-GB", viewport=PHONE)
    page = context.new_page()
    for name, path in forms.items():
        page.goto(f"{live_server.url}{prefix}{path}")
        # Every form on the page (the page's own, and the follow box where there is one) has
        # its honeypot, and no person sees any of them.
        honeypots = page.locator("input[name=website]")
        assert honeypots.count() >= 1
        for index in range(honeypots.count()):
            expect(honeypots.nth(index)).to_be_hidden()
        _shot(page, f"{name.replace(' ', '-')}-{language}")

    # The "my data" form allows five sends a minute from one address; the sixth is refused.
    refused_heading = REFUSED[language]
    page.goto(f"{live_server.url}{prefix}/mine-data/")
    axe_check(page, context=f"my data ({language})")
    for number in range(6):
        page.goto(f"{live_server.url}{prefix}/mine-data/")
        page.locator("input[name=email]").fill(f"person{number}@example.org")
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(refused_heading)
    assert page.evaluate("document.documentElement.lang") == language
    axe_check(page, context=f"429 page ({language})")
    _shot(page, f"429-{language}")
    context.close()
