"""The base layout: language, navigation, login state, error pages and security headers."""

from __future__ import annotations

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.test import Client
from django.urls import path

from tests.conftest import make_account

pytestmark = pytest.mark.django_db


def test_pages_are_danish_by_default_and_english_under_en(client):
    danish = client.get("/tilgaengelighed/").content.decode()
    english = client.get("/en/tilgaengelighed/").content.decode()
    assert '<html lang="da">' in danish
    assert "<h1>Tilgængelighedserklæring</h1>" in danish
    assert '<html lang="en">' in english
    assert "<h1>Accessibility statement</h1>" in english


def test_the_language_switch_links_to_the_same_page_in_the_other_language(client):
    danish = client.get("/privatliv/").content.decode()
    english = client.get("/en/privatliv/").content.decode()
    assert 'href="/en/privatliv/" lang="en"' in danish
    assert 'href="/privatliv/" lang="da"' in english


def test_every_page_has_a_skip_link_navigation_and_footer_links(client):
    html = client.get("/privatliv/").content.decode()
    assert 'class="skipnav" href="#main-content"' in html
    assert '<main id="main-content"' in html
    assert 'aria-label="Hovedmenu"' in html
    assert 'href="/tilgaengelighed/"' in html
    assert 'href="/privatliv/"' in html


def test_an_anonymous_visitor_sees_a_login_link(client):
    html = client.get("/privatliv/").content.decode()
    assert "/konto/login/" in html
    assert "Log ud" not in html


def test_a_logged_in_user_sees_their_name_and_a_logout_button(client):
    user = make_account("bente@example.org", first_name="Bente", last_name="Hansen")
    client.force_login(user)
    html = client.get("/privatliv/").content.decode()
    assert "Logget ind som Bente Hansen" in html
    assert 'action="/konto/logout/"' in html
    assert ">Log ud</button>" in html


def test_an_unknown_page_gets_the_portals_404_page(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Vi kan ikke finde siden" in response.content.decode()
    english = client.get("/en/findes-ikke/")
    assert "We cannot find that page" in english.content.decode()


def _boom(request):
    raise RuntimeError("boom")


def _database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def _connection_closed(request):
    raise InterfaceError("connection already closed")


def _bad_query(request):
    raise ProgrammingError("relation does not exist")


urlpatterns = i18n_patterns(
    path("boom/", _boom),
    path("db-down/", _database_gone),
    path("db-closed/", _connection_closed),
    path("bad-query/", _bad_query),
    prefix_default_language=False,
)
handler500 = "medborger.views.server_error"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("prefix", "lang", "text"),
    [("", "da", "Der gik noget galt hos os"), ("/en", "en", "Something went wrong on our side")],
)
def test_an_error_gets_the_portals_500_page_in_the_visitors_language(prefix, lang, text):
    client = Client(raise_request_exception=False)
    response = client.get(f"{prefix}/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert text in page
    assert f'<html lang="{lang}">' in page
    assert "Retry-After" not in response


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/db-down/", "/db-closed/"])
@pytest.mark.parametrize(
    ("prefix", "lang", "title", "advice"),
    [
        ("", "da", "Portalen er midlertidigt utilgængelig", "send den igen om lidt"),
        ("/en", "en", "The portal is temporarily unavailable", "send it again in a moment"),
    ],
)
def test_a_lost_database_gets_the_503_page_that_says_to_send_the_form_again(
    url, prefix, lang, title, advice
):
    client = Client(raise_request_exception=False)
    response = client.post(prefix + url, {"text": "Mit høringssvar"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert title in page and advice in page
    assert f'<html lang="{lang}">' in page
    assert f'href="{prefix}/"' in page


@pytest.mark.urls(__name__)
def test_a_database_error_that_is_a_bug_is_still_a_500():
    response = Client(raise_request_exception=False).get("/bad-query/")
    assert response.status_code == 500


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client):
    response = client.get("/privatliv/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_accessibility_statement_and_privacy_page_have_real_content(client):
    statement = client.get("/tilgaengelighed/").content.decode()
    privacy = client.get("/privatliv/").content.decode()
    assert "WCAG 2.1" in statement and "Digitaliseringsstyrelsen" in statement
    assert "dataansvarlig" in privacy and "Datatilsynet" in privacy
    assert '<th scope="col">så længe</th>' in privacy
