"""Staff set up an authenticator app before the staff area, and give its code to reach the admin."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "et-langt-kodeord-til-test"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


@pytest.mark.parametrize(("prefix", "lang"), [("", "da"), ("/en", "en")])
def test_coordinator_sets_up_two_factor_authentication_before_the_staff_area(
    page, live_server, settings, coordinator, prefix, lang
):
    settings.STAFF_REQUIRE_MFA = True
    coordinator.set_password(PASSWORD)
    coordinator.save()

    page.goto(f"{live_server.url}{prefix}/konto/login/?next={prefix}/styring/")
    page.fill("input[name=login]", coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    # allauth asks for the password once more before an authenticator is added.
    expect(page).to_have_url(
        f"{live_server.url}{prefix}/konto/reauthenticate/?next="
        + "%2F"
        + ("en%2F" if prefix else "")
        + "konto%2F2fa%2Ftotp%2Factivate%2F"
    )
    axe_check(page, context=f"reauthenticate ({lang})")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(f"{live_server.url}{prefix}/konto/2fa/totp/activate/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("img").first).to_be_visible()
    axe_check(page, context=f"MFA set-up ({lang})")

    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", current_code(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(f"{live_server.url}{prefix}/konto/2fa/totp/activate/")
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    axe_check(page, context=f"after MFA set-up ({lang})")

    # The recovery codes page leads on to the inbox.
    page.get_by_role(
        "link", name={"da": "Fortsæt til din indbakke", "en": "Continue to your inbox"}[lang]
    ).click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/styring/")
    axe_check(page, context=f"staff home ({lang})")

    # The header leads back to the two-factor settings.
    link_text = {"da": "Totrinsbekræftelse", "en": "Two-factor authentication"}[lang]
    page.get_by_role("link", name=link_text, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/konto/2fa/")
    expect(page.get_by_role("link", name=link_text, exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    axe_check(page, context=f"two-factor settings ({lang})")


def test_administrator_logs_into_the_admin_through_allauth_with_a_code(
    page, live_server, settings, admin_user
):
    settings.STAFF_REQUIRE_MFA = True
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)
    admin_user.set_password(PASSWORD)
    admin_user.save()

    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(f"{live_server.url}/konto/login/?next=%2Fadmin%2F")
    page.fill("input[name=login]", admin_user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(f"{live_server.url}/konto/2fa/authenticate/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    axe_check(page, context="two-factor code at login")
    page.fill("input[name=code]", current_code(secret))
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    axe_check(page, context="the admin's front page")
