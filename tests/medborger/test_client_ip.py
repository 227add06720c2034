"""Rate limits count per person, not per load balancer, and never believe a forged header.

Behind the documented load balancer every request comes from its address. With
TRUSTED_PROXY_COUNT set, the portal's limits and allauth's login limits key on the address the
balancer put in X-Forwarded-For; without it the header is ignored, so a client cannot dodge a
limit by writing a new address into it on every request.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from medborger.clientip import client_ip
from tests.conftest import make_account

BALANCER = "10.0.0.5"
ALICE = "203.0.113.7"
BOB = "198.51.100.23"


def _request(remote: str = BALANCER, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(remote=ALICE, forwarded="192.0.2.99")) == ALICE


def test_behind_one_trusted_proxy_the_client_is_the_address_the_proxy_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded=ALICE)) == ALICE
    # The client wrote the first entry itself; only the balancer's own entry counts.
    assert client_ip(_request(forwarded=f"192.0.2.99, {ALICE}")) == ALICE
    assert client_ip(_request(forwarded=f"garbage, {ALICE}:51234")) == ALICE
    assert client_ip(_request(forwarded="[2001:db8::7]:443")) == "2001:db8::7"


def test_behind_two_trusted_proxies_the_outer_proxys_entry_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded=f"192.0.2.99, {ALICE}, 10.0.0.9")) == ALICE


def test_a_request_that_came_past_no_proxy_is_its_own_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(remote=BOB)) == BOB


def test_trusted_proxy_count_is_read_from_the_environment_strictly(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import medborger.settings as portal_settings

    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "2")
    assert importlib.reload(portal_settings).TRUSTED_PROXY_COUNT == 2
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "-1")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT"):
        importlib.reload(portal_settings)
    monkeypatch.delenv("TRUSTED_PROXY_COUNT")
    assert importlib.reload(portal_settings).TRUSTED_PROXY_COUNT == 0


def _post_my_data(client, *, remote: str, forwarded: str | None) -> int:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    url = reverse("privacy:link-create")
    return client.post(url, {"email": "nobody@example.org"}, **extra).status_code


@pytest.mark.django_db
def test_behind_the_balancer_one_citizen_at_the_limit_does_not_stop_the_next(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    codes = [_post_my_data(client, remote=BALANCER, forwarded=ALICE) for _ in range(8)]
    assert 429 in codes
    assert _post_my_data(client, remote=BALANCER, forwarded=BOB) != 429


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    codes = [_post_my_data(client, remote=ALICE, forwarded=f"192.0.2.{n}") for n in range(1, 9)]
    assert codes[-1] == 429
    # The header is not read at all: the next "client" behind the same address is limited too.
    assert _post_my_data(client, remote=ALICE, forwarded=BOB) == 429


def _login(client, *, email: str, password: str, remote: str, forwarded: str | None) -> int:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    data = {"login": email, "password": password}
    return client.post(reverse("account_login"), data, **extra).status_code


def _staff_account():
    staff = make_account("leder@ishoj.dk")
    staff.set_password(PASSWORD)
    staff.save()
    return staff


PASSWORD = "det-rigtige-kodeord-123"


def _fail_logins(client, *, remote: str, forwarded: str | None = None) -> None:
    """Eleven wrong passwords for as many guessed addresses: past allauth's 10 a minute per IP."""
    for n in range(11):
        _login(
            client,
            email=f"gaet{n}@example.org",
            password="forkert",
            remote=remote,
            forwarded=forwarded if forwarded is not None else f"192.0.2.{n}",
        )


@pytest.mark.django_db
def test_failed_logins_from_one_address_do_not_lock_out_staff_behind_the_balancer(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    staff = _staff_account()
    _fail_logins(client, remote=BALANCER, forwarded=ALICE)
    # The guesser is stopped, even with a right password ...
    _login(client, email=staff.email, password=PASSWORD, remote=BALANCER, forwarded=ALICE)
    assert "_auth_user_id" not in client.session
    # ... but the employee at the next desk, behind the same balancer, logs in.
    status = _login(client, email=staff.email, password=PASSWORD, remote=BALANCER, forwarded=BOB)
    assert status == 302
    assert client.session.get("_auth_user_id") == str(staff.pk)


@pytest.mark.django_db
def test_a_forged_header_does_not_escape_the_login_limit_without_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    staff = _staff_account()
    _fail_logins(client, remote=ALICE)  # a new address in X-Forwarded-For every time
    _login(client, email=staff.email, password=PASSWORD, remote=ALICE, forwarded=BOB)
    assert "_auth_user_id" not in client.session
    # From another address the same account logs in: the limit is on Alice, not on it.
    status = _login(client, email=staff.email, password=PASSWORD, remote=BOB, forwarded=None)
    assert status == 302
