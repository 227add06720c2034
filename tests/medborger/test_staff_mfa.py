"""STAFF_REQUIRE_MFA sends staff without an authenticator from /styring/ and /admin/ to set one up.

The admin has no login form of its own: people log in through allauth, which asks for the code.
"""

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
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.conftest import make_account
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


def warnings_shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


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


# The Django admin


def test_anonymous_visitor_to_the_admin_is_sent_to_the_allauth_login(client, db):
    response = client.get("/admin/policy/policy/", follow=True)
    assert response.redirect_chain[-1] == ("/konto/login/?next=%2Fadmin%2Fpolicy%2Fpolicy%2F", 302)
    assert response.status_code == 200
    assert "login" in response.context["form"].fields


@pytest.mark.parametrize("required", [True, False])
def test_admin_user_with_an_authenticator_gives_the_code_and_reaches_the_admin(
    settings, client, admin_user, required
):
    settings.STAFF_REQUIRE_MFA = required
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)
    admin_user.set_password(PASSWORD)
    admin_user.save()
    response = client.post(
        reverse("account_login"),
        {"login": admin_user.email, "password": PASSWORD, "next": "/admin/auth/user/"},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"  # not in yet

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response["Location"] == "/admin/auth/user/"
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/auth/user/", "/admin/policy/policy/add/", "/admin/login/"]
)
def test_admin_user_without_an_authenticator_is_sent_to_set_one_up(
    mfa_required, client, admin_user, url
):
    client.force_login(admin_user)
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, SETUP)


def test_the_admin_sends_staff_to_the_set_up_page_with_the_warning(
    mfa_required, client, admin_user
):
    client.force_login(admin_user)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0] == (SETUP, 302)
    assert any("totrinsbekræftelse" in m for m in warnings_shown(response))


def test_admin_user_without_an_authenticator_gets_in_when_it_is_not_required(
    settings, client, admin_user
):
    settings.STAFF_REQUIRE_MFA = False
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 200


@pytest.mark.parametrize("persona", ["citizen", "employee", "coordinator"])
def test_logged_in_user_who_is_not_staff_gets_403_at_the_admin(mfa_required, as_persona, persona):
    """Not the set-up page either: a coordinator holds a staff role, but not the admin's."""
    client, _ = as_persona(persona)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert response.status_code == 403
    assert client.get("/admin/login/").status_code == 403


def test_the_admins_own_password_form_logs_no_one_in(client, admin_user):
    admin_user.set_password(PASSWORD)
    admin_user.save()
    for username in (admin_user.username, admin_user.email):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": username, "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/?next=")
        assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


def test_logged_in_staff_cannot_switch_account_through_the_admin_login(
    client, admin_user, steering_member
):
    """The admin's login form would log in whoever's password is posted, without their code."""
    other = make_account("anden.admin@example.org")
    other.is_staff = True
    other.set_password(PASSWORD)
    other.save()
    client.force_login(admin_user)
    response = client.post("/admin/login/", {"username": other.username, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.session[SESSION_KEY] == str(admin_user.pk)


@pytest.mark.parametrize("persona", ["admin_user", "coordinator"])
def test_the_two_factor_pages_stay_open_to_staff_without_an_authenticator(
    mfa_required, as_persona, persona
):
    client, _ = as_persona(persona)
    assert client.get(reverse("mfa_index")).status_code == 200
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


# Finding the two-factor settings

LINK_TEXT = {"": "Totrinsbekræftelse", "/en": "Two-factor authentication"}


def two_factor_link(prefix: str) -> str:
    return f'href="{prefix}/konto/2fa/">{LINK_TEXT[prefix]}</a>'


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("persona", ["coordinator", "project_member", "admin_user"])
def test_staff_find_the_two_factor_settings_in_the_header(as_persona, persona, prefix):
    client, _ = as_persona(persona)
    html = client.get(f"{prefix}/").content.decode()
    assert two_factor_link(prefix) in html


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("persona", ["anonymous", "citizen"])
def test_a_citizen_is_not_offered_the_two_factor_settings(as_persona, persona, prefix):
    client, _ = as_persona(persona)
    html = client.get(f"{prefix}/").content.decode()
    assert "/konto/2fa/" not in html
    assert LINK_TEXT[prefix] not in html


def test_the_header_link_marks_the_two_factor_page_as_the_current_one(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/konto/2fa/").content.decode()
    assert 'href="/konto/2fa/" aria-current="page">Totrinsbekræftelse</a>' in html


@pytest.mark.parametrize(
    ("prefix", "set_up", "manage"),
    [
        ("", "Opsæt totrinsbekræftelse", "Administrer totrinsbekræftelse og gendannelseskoder"),
        ("/en", "Set up two-factor authentication", "Manage two-factor authentication"),
    ],
)
def test_the_staff_area_says_whether_two_factor_is_on_and_links_to_its_settings(
    client, coordinator, prefix, set_up, manage
):
    client.force_login(coordinator)
    html = client.get(f"{prefix}/styring/").content.decode()
    assert f'<a href="{prefix}/konto/2fa/">{set_up}</a>' in html
    assert manage not in html

    TOTP.activate(coordinator, generate_totp_secret())
    html = client.get(f"{prefix}/styring/").content.decode()
    assert f'<a href="{prefix}/konto/2fa/">{manage}' in html
    assert set_up not in html


def test_staff_land_on_their_inbox_after_logging_in_with_the_code(client, coordinator):
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    log_in_with_password(client, coordinator)
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response["Location"] == "/styring/"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_committee_member_lands_on_the_inbox_and_a_citizen_on_the_front_page(
    client, committee_member, citizen, prefix
):
    for user, landing in ((committee_member, f"{prefix}/styring/"), (citizen, f"{prefix}/")):
        user.set_password(PASSWORD)
        user.save()
        response = client.post(
            f"{prefix}/konto/login/", {"login": user.email, "password": PASSWORD}
        )
        assert response["Location"] == landing, user
        client.logout()


def test_a_next_address_still_wins_over_the_inbox(client, coordinator):
    coordinator.set_password(PASSWORD)
    coordinator.save()
    response = client.post(
        reverse("account_login") + "?next=/proces/medborgerpolitik/",
        {"login": coordinator.email, "password": PASSWORD, "next": "/proces/medborgerpolitik/"},
    )
    assert response["Location"] == "/proces/medborgerpolitik/"


def test_after_setting_up_two_factor_the_recovery_codes_page_leads_on_to_the_inbox(
    mfa_required, client, coordinator
):
    log_in_with_password(client, coordinator)
    response = client.get(SETUP)
    client.post(response["Location"], {"password": PASSWORD})  # allauth asks for it again
    secret = client.get(SETUP).context["form"].secret
    response = client.post(SETUP, {"code": current_code(secret)})
    codes = client.get(response["Location"])
    html = codes.content.decode()
    assert codes.status_code == 200
    assert "Gendannelseskoder" in html
    assert 'href="/styring/">Fortsæt til din indbakke</a>' in html
