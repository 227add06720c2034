"""The municipality's organisation in the staff area, as its users do it in Chromium with real
two-factor codes and axe, in Danish and English, on a phone-sized screen: the coordinator seats
a colleague on a committee by searching staff accounts, the new member opens "Mine møder", and
the coordinator imports the hearing parties from a CSV file (a bad file first, then a good one).
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from process.models import Handling, Party
from tests.conftest import make_account
from tests.e2e.conftest import axe_check
from tests.e2e.test_security_mfa import PASSWORD, current_code
from tests.factories import BodyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots for a person to look at, when E2E_SCREENSHOTS names a directory.
SHOTS = Path(os.environ["E2E_SCREENSHOTS"]) if os.environ.get("E2E_SCREENSHOTS") else None

WORDS = {
    "da": {
        "members": "Medlemmer",
        "search": "Søg medarbejdere på navn eller e-mail",
        "search_button": "Søg",
        "add": "Tilføj",
        "added": "er nu medlem af",
        "my_meetings": "Mine møder",
        "packet": "Hent mødepakken (PDF)",
        "import": "Importér",
        "file": "CSV-fil",
        "nothing": "Intet blev importeret",
        "imported": "parter blev importeret",
        "parties": "Høringsparter",
    },
    "en": {
        "members": "Members",
        "search": "Search staff by name or e-mail",
        "search_button": "Search",
        "add": "Add",
        "added": "is now a member of",
        "my_meetings": "My meetings",
        "packet": "Download the meeting packet (PDF)",
        "import": "Import",
        "file": "CSV file",
        "nothing": "Nothing was imported",
        "imported": "parties were imported",
        "parties": "Hearing parties",
    },
}
CASES = [("", "da", 390), ("/en", "en", 390), ("", "da", 1280)]


def _shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _with_two_factor(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.set_password(PASSWORD)
    user.save()
    return secret


def _log_in(page, live_server, prefix: str, user, secret: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{prefix}/konto/login/?next={next_url}")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.fill("input[name=code]", current_code(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}{next_url}")


@pytest.mark.parametrize(("prefix", "lang", "width"), CASES)
def test_coordinator_seats_a_colleague_who_then_opens_my_meetings(
    page, live_server, settings, coordinator, employee, published_version, prefix, lang, width
):
    settings.STAFF_REQUIRE_MFA = True
    t = WORDS[lang]
    make_account("emil.borger@example.org", first_name="Emil", last_name="Borgersen")
    body = BodyFactory(name="Kultur- og Udviklingsudvalget")
    Handling.objects.create(
        process=coordinator.memberships.get().process,
        body=body,
        version=published_version,
        meeting_date=timezone.localdate() + datetime.timedelta(days=14),
        agenda_item_title="Medborgerpolitik: høringsudkast",
    )
    coordinator_secret = _with_two_factor(coordinator)
    employee_secret = _with_two_factor(employee)
    page.set_viewport_size({"width": width, "height": 900})
    shot = f"{lang}-{width}"

    _log_in(
        page, live_server, prefix, coordinator, coordinator_secret, f"{prefix}/styring/organer/"
    )
    page.get_by_role("link", name=re.compile(f"^{t['members']}.*Kultur")).click()
    page.get_by_label(t["search"]).fill("emil")
    page.get_by_role("button", name=t["search_button"], exact=True).click()
    results = page.locator(".member-results")
    expect(results).to_contain_text("Emil Medarbejder")
    expect(results).not_to_contain_text("Borgersen")  # a citizen is never offered
    axe_check(page, context=f"body members with search results ({shot})")
    _shot(page, f"members-search-{shot}")
    page.get_by_role("button", name=re.compile(f"^{t['add']}.*Emil Medarbejder")).click()
    expect(page.locator(".messages")).to_contain_text(t["added"])
    expect(page.get_by_role("table")).to_contain_text("Emil Medarbejder")
    axe_check(page, context=f"body members after adding ({shot})")
    _shot(page, f"members-added-{shot}")
    assert list(body.members.all()) == [employee]

    _log_in(page, live_server, prefix, employee, employee_secret, f"{prefix}/styring/mine-moeder/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t["my_meetings"])
    expect(page.locator("main")).to_contain_text("Medborgerpolitik: høringsudkast")
    expect(page.get_by_role("link", name=re.compile(re.escape(t["packet"])))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    axe_check(page, context=f"Mine møder ({shot})")
    _shot(page, f"my-meetings-{shot}")


BAD = (
    "name;kind;email\n"
    "Ældrerådet;council;aeldre@example.org\n"
    "Ældrerådet;council;igen@example.org\n"
    "Integrationsrådet;råd-ish;ikke-en-adresse\n"
)
GOOD = (
    "name;kind;email;contact_name\n"
    "Ældrerådet;council;aeldre@example.org;Grete Hansen\n"
    "Ishøj Fællesråd;association;kontakt@example.org;\n"
)


@pytest.mark.parametrize(("prefix", "lang", "width"), CASES[:2])
def test_coordinator_imports_parties_after_fixing_a_bad_file(
    page, live_server, settings, coordinator, tmp_path, prefix, lang, width
):
    settings.STAFF_REQUIRE_MFA = True
    t = WORDS[lang]
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    secret = _with_two_factor(coordinator)
    page.set_viewport_size({"width": width, "height": 900})
    shot = f"{lang}-{width}"

    _log_in(page, live_server, prefix, coordinator, secret, f"{prefix}/styring/parter/import/")
    page.get_by_label(t["file"]).set_input_files(str(bad))
    page.get_by_role("button", name=t["import"], exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text(t["nothing"])
    rows = page.locator("table tbody tr th")
    expect(rows).to_have_text(["3", "4"])
    expect(page.locator("main")).to_contain_text("ikke-en-adresse")
    axe_check(page, context=f"party import with errors ({shot})")
    _shot(page, f"parties-import-errors-{shot}")
    assert not Party.objects.exists()

    page.get_by_label(t["file"]).set_input_files(str(good))
    page.get_by_role("button", name=t["import"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["parties"])
    expect(page.locator(".messages")).to_contain_text(f"2 {t['imported']}")
    expect(page.get_by_role("table")).to_contain_text("Grete Hansen")
    axe_check(page, context=f"party list after import ({shot})")
    _shot(page, f"parties-imported-{shot}")
    assert Party.objects.count() == 2
