"""A reader goes from the front page to the policy and on to the process page, in both languages."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check
from tests.error_pages import error_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ishoj(transactional_db):
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("prefix", "lang", "read_link", "process_link", "timeline", "steering"),
    [
        ("", "da", "Læs Medborgerpolitik", "Proces og tidslinje", "Tidslinje", "Styregruppe"),
        (
            "/en",
            "en",
            "Read Medborgerpolitik",
            "Process and timeline",
            "Timeline",
            "Steering group",
        ),
    ],
)
def test_reader_follows_front_page_to_policy_to_process(
    page, live_server, ishoj, prefix, lang, read_link, process_link, timeline, steering
):
    page.goto(f"{live_server.url}{prefix}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    axe_check(page, context=f"front page ({lang})")

    page.get_by_role("link", name=read_link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medborgerpolitik")
    expect(page.get_by_role("heading", name="1. Baggrund")).to_be_visible()
    axe_check(page, context=f"policy page ({lang})")

    page.get_by_role("link", name=process_link, exact=True).click()
    expect(page.get_by_role("heading", name=timeline, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=steering, exact=True)).to_be_visible()
    expect(page.get_by_text("Jeanet Flørnæss")).to_be_visible()
    axe_check(page, context=f"process page ({lang})")


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize(
    "path",
    [
        "/tilgaengelighed/",
        "/privatliv/",
        "/konto/login/",
        "/konto/signup/",
        "/konto/password/reset/",
        "/findes-ikke/",
    ],
)
def test_static_and_account_pages_have_no_axe_violations(page, live_server, ishoj, prefix, path):
    page.goto(f"{live_server.url}{prefix}{path}")
    axe_check(page)


def test_event_page_has_no_axe_violations(page, live_server, ishoj):
    from engagement.models import Event

    event = Event.objects.get(kind=Event.Kind.CITIZEN_MEETING)
    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    axe_check(page)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("kind", ["500", "503", "429"])
def test_the_error_pages_pass_axe_in_both_languages(page, live_server, kind, language):
    """Served as the handler makes them, with the portal's own style sheets from the server."""
    status, content = error_page(kind, language)
    url = f"{live_server.url}/fejlside-{kind}/"
    page.route(
        url,
        lambda route: route.fulfill(
            status=status, body=content, content_type="text/html; charset=utf-8"
        ),
    )
    response = page.goto(url)
    assert response.status == int(kind)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page, context=f"the {kind} page ({language})")
