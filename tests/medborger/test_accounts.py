"""Accounts: e-mail login without usernames, mandatory verification, password reset."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from tests.conftest import make_account

pytestmark = pytest.mark.django_db


def test_signing_up_sends_a_verification_mail_and_does_not_log_in(client):
    response = client.post(
        "/konto/signup/",
        {
            "email": "ny@example.org",
            "password1": "kaffe-og-kage-42",
            "password2": "kaffe-og-kage-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert EmailAddress.objects.get(email="ny@example.org").verified is False
    assert [m.to for m in mail.outbox] == [["ny@example.org"]]
    assert client.get("/styring/").status_code == 302  # still anonymous


def test_an_unverified_account_cannot_log_in_until_the_link_is_followed(client):
    client.post(
        "/konto/signup/",
        {
            "email": "ny@example.org",
            "password1": "kaffe-og-kage-42",
            "password2": "kaffe-og-kage-42",
        },
    )
    client.logout()
    response = client.post(
        "/konto/login/", {"login": "ny@example.org", "password": "kaffe-og-kage-42"}
    )
    assert response["Location"] == "/konto/confirm-email/"
    link = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    client.post(path)
    assert EmailAddress.objects.get(email="ny@example.org").verified is True


def test_a_verified_user_logs_in_with_email_and_password(client):
    make_account("bente@example.org")
    response = client.post(
        "/konto/login/", {"login": "bente@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_wrong_password_gives_a_clear_message_in_danish_and_english(client):
    make_account("bente@example.org")
    danish = client.post("/konto/login/", {"login": "bente@example.org", "password": "forkert"})
    assert danish.status_code == 200
    assert "emailadresse og/eller adgangskode" in danish.content.decode()
    english = client.post("/en/konto/login/", {"login": "bente@example.org", "password": "wrong"})
    assert "email address and/or password" in english.content.decode()


def test_password_reset_mails_a_link_to_a_known_address(client):
    make_account("bente@example.org")
    response = client.post("/konto/password/reset/", {"email": "bente@example.org"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["bente@example.org"]
    assert "/konto/password/reset/key/" in mail.outbox[-1].body


def test_signup_form_errors_appear_next_to_the_field_and_nothing_is_saved(client):
    response = client.post(
        "/konto/signup/", {"email": "ikke-en-adresse", "password1": "a", "password2": "b"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert 'class="form-error-message"' in html
    assert get_user_model().objects.count() == 0
