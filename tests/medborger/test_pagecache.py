"""The shared page cache: who is served from it, what changes its keys, and what it never holds."""

from __future__ import annotations

import datetime
import logging
import re

import pytest
import time_machine
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from medborger import pagecache
from policy.models import Policy, Theme
from tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def _public_pages(policy) -> list[str]:
    slug = policy.slug
    return [
        reverse("process:home"),
        reverse("policy:policy-detail", kwargs={"policy": slug}),
        reverse("policy:version-detail", kwargs={"policy": slug, "number": 1}),
        reverse("policy:version-compare", kwargs={"policy": slug, "a": 1, "b": 1}),
        reverse("process:process-detail", kwargs={"policy": slug}),
        reverse("engagement:event-list"),
        reverse("engagement:policy-event-list", kwargs={"policy": slug}),
    ]


_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def _without_tokens(content: bytes) -> bytes:
    return _CSRF_VALUE.sub(rb"\1-\2", content)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_anonymous_reader_gets_every_public_page_from_the_cache_the_second_time(
    client, process, published_version, prefix, caplog
):
    MilestoneFactory(process=process)
    for path in _public_pages(published_version.policy):
        first = client.get(prefix + path)
        again = client.get(prefix + path)
        assert first.status_code == again.status_code == 200, path
        assert "X-Page-Cache" not in first, path
        assert again["X-Page-Cache"] == "hit", path
        # The same page, but for the per-response CSRF token of its forms (the follow box).
        assert _without_tokens(again.content) == _without_tokens(first.content), path
    assert "does not declare" not in caplog.text


def test_a_danish_and_an_english_reader_each_get_their_own_language(
    client, published_version, process
):
    path = reverse("policy:policy-detail", kwargs={"policy": published_version.policy.slug})
    client.get(path)
    english = client.get("/en" + path)
    assert "X-Page-Cache" not in english
    assert english["Content-Language"] == "en"
    assert '<html lang="en"' in english.content.decode()
    danish = client.get(path)
    assert danish["X-Page-Cache"] == "hit"
    assert '<html lang="da"' in danish.content.decode()


def test_a_change_made_with_a_bulk_update_changes_the_key(client, published_version):
    path = reverse("policy:policy-detail", kwargs={"policy": published_version.policy.slug})
    client.get(path)
    Policy.objects.filter(pk=published_version.policy_id).update(title="Foreningspolitik")
    response = client.get(path)
    assert "X-Page-Cache" not in response
    assert "Foreningspolitik" in response.content.decode()


def test_the_front_page_is_rendered_again_the_next_day(client, process):
    MilestoneFactory(process=process)
    with time_machine.travel(timezone.now(), tick=False):
        client.get("/")
        assert client.get("/")["X-Page-Cache"] == "hit"
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        assert "X-Page-Cache" not in client.get("/")


def test_signed_in_citizen_always_gets_a_fresh_page_and_never_leaves_one(
    client, citizen, published_version
):
    path = reverse("policy:policy-detail", kwargs={"policy": published_version.policy.slug})
    client.force_login(citizen)
    for _ in range(2):
        response = client.get(path)
        assert "X-Page-Cache" not in response
        assert "Bente" in response.content.decode()
    client.logout()
    anonymous = client.get(path)
    assert "X-Page-Cache" not in anonymous
    assert "Bente" not in anonymous.content.decode()


def test_a_visitor_with_a_flash_message_sees_it_and_nobody_else_does(rf_page, client):
    view, request = rf_page
    messages.success(request, "Din kommentar er modtaget.")
    first = view(request)
    assert "Din kommentar er modtaget." in first.content.decode()
    other = view(_anonymous(RequestFactory().get("/side/")))
    assert "X-Page-Cache" not in other
    assert "Din kommentar er modtaget." not in other.content.decode()
    assert view(_anonymous(RequestFactory().get("/side/")))["X-Page-Cache"] == "hit"


def test_a_query_parameter_the_page_does_not_name_is_rendered_fresh(client, published_version):
    path = reverse("policy:policy-detail", kwargs={"policy": published_version.policy.slug})
    client.get(path + "?utm=x")
    assert "X-Page-Cache" not in client.get(path + "?utm=x")
    client.get(path + "?tema=ingen")
    assert client.get(path + "?tema=ingen")["X-Page-Cache"] == "hit"


def test_a_page_reading_a_table_it_does_not_declare_is_not_stored(caplog, published_version):
    @pagecache.cached_page(models=lambda: [Theme])
    def view(request):
        return HttpResponse(Policy.objects.get().title)

    view(_anonymous(RequestFactory().get("/x/")))
    again = view(_anonymous(RequestFactory().get("/x/")))
    assert "X-Page-Cache" not in again
    assert "policy_policy" in caplog.text


def test_an_unreachable_redis_renders_pages_fresh_and_logs_once_a_minute(
    client, published_version, settings, monkeypatch, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "medborger.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    monkeypatch.setattr(pagecache, "_last_logged", [0.0])
    monkeypatch.setattr(pagecache, "_unsent", set())
    caplog.set_level(logging.WARNING, logger="medborger.pagecache")
    path = reverse("policy:policy-detail", kwargs={"policy": published_version.policy.slug})
    for _ in range(5):
        response = client.get(path)
        assert response.status_code == 200
        assert published_version.policy.title in response.content.decode()
    Theme.objects.create(name="Idræt", slug="idraet")  # its new generation cannot be stored
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1
    assert "policy_theme" in pagecache._unsent


def test_a_generation_that_could_not_be_stored_is_stored_when_the_cache_answers_again(
    client, published_version, monkeypatch
):
    monkeypatch.setattr(pagecache, "_unsent", {"policy_theme"})
    path = reverse("policy:policy-detail", kwargs={"policy": published_version.policy.slug})
    client.get(path)
    assert cache.get("pagecache:gen:policy_theme")
    assert not pagecache._unsent


def test_the_conditional_get_answers_304_from_a_cached_page(client, published_version):
    path = reverse("policy:policy-detail", kwargs={"policy": published_version.policy.slug})
    etag = client.get(path)["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag


# --- helpers -----------------------------------------------------------------------------------


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _anonymous(request):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def rf_page(db):
    @pagecache.cached_page(models=lambda: [Policy])
    def view(request):
        return render(request, "pages/privacy.html")

    return view, _anonymous(RequestFactory().get("/side/"))
