"""Following a policy without an account: the form, double opt-in, the manage page and the
one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from notifications.models import Subscription
from notifications.services import subscription_token
from tests.notifications.conftest import follow_data, follower, link_in, mails_to

pytestmark = pytest.mark.django_db

FOLLOW = "/foelg/"


def test_the_policy_page_offers_the_follow_form(client, published_version):
    page = client.get("/politik/medborgerpolitik/").content.decode()
    assert "Følg politikken" in page
    assert 'action="/foelg/"' in page
    assert 'name="target"' in page and "csrfmiddlewaretoken" in page


def test_a_citizen_follows_confirms_by_email_and_is_then_a_follower(client, policy, target):
    response = client.post(FOLLOW, follow_data(target))
    assert response.status_code == 200
    assert "Tjek din e-mail" in response.content.decode()
    subscription = Subscription.objects.get()
    assert not subscription.is_confirmed
    [message] = mails_to("folger@example.org")
    assert "Bekræft, at du vil følge Medborgerpolitik" in message.subject
    confirm = link_in(message.body, "/foelg/bekraeft/")
    # Opening the link (a mail scanner does) confirms nothing; the button does.
    assert client.get(confirm).status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    page = client.post(confirm)
    assert "Du følger nu Medborgerpolitik" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_confirmed


def test_english_follow_form_answers_in_english_and_mails_in_the_chosen_language(
    client, policy, target
):
    response = client.post(f"/en{FOLLOW}", follow_data(target, language="en"))
    assert "Check your e-mail" in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "Confirm that you want to follow Medborgerpolitik"
    assert "/en/foelg/bekraeft/" in message.body


def test_an_address_that_already_follows_gets_the_same_page_and_is_told_by_email(
    client, policy, target
):
    follower(policy)
    unknown = client.post(FOLLOW, follow_data(target, email="ny@example.org"))
    known = client.post(FOLLOW, follow_data(target))
    assert unknown.status_code == known.status_code == 200
    assert _main(unknown) == _main(known)  # the page tells nothing about the address
    assert "folger@example.org" not in known.content.decode()
    [message] = mails_to("folger@example.org")
    assert "Du følger allerede Medborgerpolitik" in message.subject
    assert "/foelg/mine/" in message.body
    assert Subscription.objects.filter(email="folger@example.org").count() == 1


def _main(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_at_most_one_confirmation_an_hour_reaches_an_address(client, policy, target):
    for _ in range(3):
        assert client.post(FOLLOW, follow_data(target)).status_code == 200
    assert len(mails_to("folger@example.org")) == 1


def test_a_forged_target_is_refused_with_a_clear_page(client, policy):
    response = client.post(FOLLOW, follow_data("policy:1:forged"))
    assert response.status_code == 400
    assert "Formularen kunne ikke bruges" in response.content.decode()
    assert not Subscription.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    ("prefix", "email", "message"),
    [
        ("", "", "Skriv den e-mailadresse, nyhederne skal sendes til."),
        ("", "ikke-en-adresse", "Skriv en gyldig e-mailadresse"),
        ("/en", "", "Write the e-mail address you want the news sent to."),
        ("/en", "nope@", "Write a valid e-mail address"),
    ],
)
def test_a_bad_address_gets_a_message_at_the_field_and_nothing_is_saved(
    client, policy, target, prefix, email, message
):
    response = client.post(f"{prefix}{FOLLOW}", follow_data(target, email=email))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'href="#id_email"' in page  # the error summary points at the field
    assert not Subscription.objects.exists() and not mail.outbox


def test_a_robot_that_fills_the_honeypot_gets_the_same_page_and_no_mail(client, policy, target):
    response = client.post(FOLLOW, follow_data(target, website="http://spam.example"))
    assert response.status_code == 200
    assert not Subscription.objects.exists() and not mail.outbox


def test_the_follow_form_needs_a_csrf_token(policy, target):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(FOLLOW, follow_data(target)).status_code == 403


def test_one_click_unsubscribe_works_without_csrf_and_twice(policy):
    subscription = follower(policy)
    token = subscription_token(subscription)
    strict = Client(enforce_csrf_checks=True)
    url = f"/foelg/afmeld/{token}/"
    first = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert first.status_code == 200
    assert "Du får ikke flere e-mails om Medborgerpolitik" in first.content.decode()
    assert not Subscription.objects.exists()
    again = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200


def test_opening_the_unsubscribe_link_asks_before_it_stops(client, policy):
    subscription = follower(policy)
    page = client.get(f"/foelg/afmeld/{subscription_token(subscription)}/")
    assert page.status_code == 200
    assert "Ja, stop e-mails" in page.content.decode()
    assert Subscription.objects.exists()


@pytest.mark.parametrize("path", ["/foelg/afmeld/{}/", "/foelg/mine/{}/", "/foelg/bekraeft/{}/"])
def test_a_forged_or_replaced_link_gives_a_clear_page(client, policy, path):
    subscription = follower(policy)
    old = subscription_token(subscription, purpose="confirm" if "bekraeft" in path else "manage")
    subscription.key = "replaced"
    subscription.save()
    for token in (old, "forged-token"):
        response = client.get(path.format(token))
        assert response.status_code == 410
        assert "Linket virker ikke længere" in response.content.decode()
    assert client.post(path.format("forged-token")).status_code == 410


def test_an_expired_confirmation_link_gives_the_clear_page(client, policy, time_machine):
    subscription = follower(policy, confirmed_at=None)
    token = subscription_token(subscription, purpose="confirm")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=8))
    assert client.get(f"/foelg/bekraeft/{token}/").status_code == 410


def test_the_manage_page_lists_the_follows_and_changes_the_language(client, policy):
    subscription = follower(policy)
    url = f"/foelg/mine/{subscription_token(subscription)}/"
    page = client.get(url).content.decode()
    assert "Medborgerpolitik" in page and "folger@example.org" in page
    assert client.post(url, {"language": "en"}).status_code == 302
    subscription.refresh_from_db()
    assert subscription.language == "en"
    bad = client.post(url, {"language": "xx"})
    assert bad.status_code == 400 and "Vælg dansk eller engelsk." in bad.content.decode()


def test_a_signed_in_citizen_follows_with_their_account_and_stops_on_the_settings_page(
    client, citizen, policy, published_version, target
):
    client.force_login(citizen)
    page = client.get("/politik/medborgerpolitik/").content.decode()
    assert "Følg med borger@example.org" in page
    response = client.post(FOLLOW, {"target": target, "account": "1"})
    assert response.status_code == 302 and response["Location"] == "/politik/medborgerpolitik/"
    subscription = Subscription.objects.get()
    assert subscription.is_confirmed and subscription.user == citizen
    assert not mail.outbox  # the account's address is verified: no confirmation needed
    assert "Du følger Medborgerpolitik" in client.get("/politik/medborgerpolitik/").content.decode()
    settings_page = client.get("/notifikationer/indstillinger/").content.decode()
    assert "Stop med at følge Medborgerpolitik" in settings_page
    client.post("/notifikationer/indstillinger/", {"stop": str(subscription.pk)})
    assert not Subscription.objects.exists()


def test_the_public_pages_never_show_who_follows(client, policy, published_version):
    follower(policy, email="hemmelig@example.org")
    for url in ["/politik/medborgerpolitik/", "/en/politik/medborgerpolitik/"]:
        assert "hemmelig@example.org" not in client.get(url).content.decode()
