"""STAFF_REQUIRE_MFA sends staff without an authenticator app from /styring/ to its set-up."""

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
from django.urls import reverse

from tests.medborger.test_security_settings import production_env, run_python

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-kodeord-til-test"
SETUP = "/konto/2fa/totp/activate/"


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_REQUIRE_MFA = True


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def log_in_with_password(client, user) -> None:
    user.set_password(PASSWORD)
    user.save()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_coordinator_without_an_authenticator_is_sent_to_set_one_up(
    mfa_required, client, coordinator, prefix
):
    client.force_login(coordinator)
    response = client.get(f"{prefix}/styring/", follow=True)
    assert response.redirect_chain[0] == (prefix + SETUP, 302)
    messages = [str(m) for m in response.context["messages"]]
    assert any("two-factor" in m or "totrinsbekræftelse" in m for m in messages), messages


@pytest.mark.parametrize("persona", ["coordinator", "steering_member", "project_member"])
def test_staff_with_an_activated_authenticator_gets_into_the_staff_area(
    mfa_required, as_persona, persona
):
    client, user = as_persona(persona)
    TOTP.activate(user, generate_totp_secret())
    assert client.get("/styring/").status_code == 200
    assert client.get("/styring/proces/medborgerpolitik/").status_code == 200


def test_every_staff_url_redirects_a_coordinator_without_an_authenticator(
    mfa_required, client, coordinator, published_version
):
    client.force_login(coordinator)
    for url in ("/styring/organer/", "/styring/politik/medborgerpolitik/kommentarer/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, SETUP), url


def test_a_citizen_still_gets_403_not_the_set_up_page(mfa_required, client, citizen):
    client.force_login(citizen)
    assert client.get("/styring/").status_code == 403


def test_anonymous_still_gets_the_login_page(mfa_required, client, db):
    response = client.get("/styring/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_public_pages_are_not_affected(mfa_required, client, coordinator, published_version):
    client.force_login(coordinator)
    assert client.get("/").status_code == 200
    assert client.get("/politik/medborgerpolitik/").status_code == 200


def test_with_the_setting_off_staff_get_in_without_an_authenticator(settings, client, coordinator):
    settings.STAFF_REQUIRE_MFA = False
    client.force_login(coordinator)
    assert client.get("/styring/").status_code == 200


def test_coordinator_activates_an_authenticator_app_and_then_gets_in(
    mfa_required, client, coordinator
):
    log_in_with_password(client, coordinator)
    response = client.get("/styring/")
    assert response["Location"] == SETUP
    # allauth asks for the password again before a new authenticator is added.
    response = client.get(SETUP)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get(SETUP)
    assert page.status_code == 200
    assert b'src="data:image/svg+xml;base64,' in page.content  # the QR code
    assert b'class="form-input' in page.content or b"form-input" in page.content
    secret = page.context["form"].secret

    response = client.post(SETUP, {"code": "000000x"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=coordinator).exists()

    response = client.post(SETUP, {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    assert client.get("/styring/").status_code == 200


def test_staff_with_an_authenticator_must_give_a_code_when_logging_in(client, coordinator):
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    coordinator.set_password(PASSWORD)
    coordinator.save()
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/styring/").status_code == 302  # not logged in yet
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/styring/").status_code == 200


@pytest.mark.parametrize(("debug", "expected"), [("false", "True"), ("true", "False")])
def test_the_rule_is_on_by_default_in_production_and_off_in_development(debug, expected):
    env = production_env(DEBUG=debug)
    code = "import django; django.setup(); from django.conf import settings as s; print(s.STAFF_REQUIRE_MFA)"
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_the_rule_can_be_switched_off_in_production():
    result = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.STAFF_REQUIRE_MFA)",
        production_env(STAFF_REQUIRE_MFA="false"),
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
