"""Two citizens sign up for one event from the cached page: one in Danish, one in English.

The event page is answered from the shared page cache for the second reader; each still gets their
own CSRF token and language, the seats left follow the sign-ups, and the first citizen's "you are
signed up" message is shown to her alone.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from engagement.models import Registration
from tests.e2e.conftest import axe_check
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    """A full-page screenshot into the folder E2E_SHOTS names, if it names one."""
    if folder := os.environ.get("E2E_SHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _sign_up(page, *, name: str, email: str) -> None:
    form = page.locator("form.event-signup")
    form.locator('input[name="name"]').fill(name)
    form.locator('input[name="email"]').fill(email)
    page.locator("form.event-signup button[type=submit]").click()


def test_a_danish_and_an_english_citizen_sign_up_from_the_cached_event_page(
    browser, live_server, transactional_db
):
    event = EventFactory(title="Borgermøde om fællesskaber", capacity=3)
    url = f"{live_server.url}/arrangementer/{event.pk}/"
    bente = browser.new_context(viewport={"width": 390, "height": 844})
    john = browser.new_context(viewport={"width": 390, "height": 844})
    danish, english = bente.new_page(), john.new_page()

    first = danish.goto(url)
    assert first.headers.get("x-page-cache") is None
    expect(danish.locator(".event-seats")).to_contain_text("3 pladser tilbage")
    axe_check(danish, context="event page (da, rendered)")
    _shot(danish, "event-da-rendered")

    english.goto(f"{live_server.url}/en/arrangementer/{event.pk}/")
    again = english.goto(f"{live_server.url}/en/arrangementer/{event.pk}/")
    assert again.headers.get("x-page-cache") == "hit"
    expect(english.locator("html")).to_have_attribute("lang", "en")
    expect(english.locator(".event-seats")).to_contain_text("3 seats left")
    axe_check(english, context="event page (en, from the cache)")
    _shot(english, "event-en-cached")

    _sign_up(danish, name="Bente Borger", email="bente@example.org")
    expect(danish.locator(".alert-success")).to_contain_text("Du er tilmeldt")
    _shot(danish, "event-da-signed-up")

    # The English page was held in the cache before Bente signed up; John's form still works.
    _sign_up(english, name="John Citizen", email="john@example.org")
    expect(english.locator(".alert-success")).to_contain_text("You are signed up")
    expect(english.locator(".alert-success")).not_to_contain_text("Du er tilmeldt")
    _shot(english, "event-en-signed-up")

    assert set(Registration.objects.values_list("email", flat=True)) == {
        "bente@example.org",
        "john@example.org",
    }
    danish.goto(url)
    expect(danish.locator(".event-seats")).to_contain_text("1 plads tilbage")
    expect(danish.locator(".alert-success")).to_have_count(0)
    axe_check(danish, context="event page (da, after two sign-ups)")
    _shot(danish, "event-da-after")
    bente.close()
    john.close()
