"""The production settings: `check --deploy` is clean and the security headers are on."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production start: DEBUG off, a real secret, a real host."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "medborger.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "medborger.ishoj.dk",
        "REDIS_URL": "redis://redis.internal:6379/0",  # read, never connected to here
        **extra,
    }


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed snippet
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_production_environment():
    result = check_deploy(production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_a_shared_cache_and_says_why():
    """Without Redis every gunicorn worker counts the rate limits on its own: three workers let
    three times as many requests through."""
    env = production_env()
    del env["REDIS_URL"]
    result = check_deploy(env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "medborger.E001" in output
    assert "REDIS_URL is not set" in output
    assert "count separately in every worker" in output
    # A development server is one process: its own memory is a fine place to count.
    assert "medborger.E001" not in check_deploy({**env, "DEBUG": "true"}).stdout


def test_production_settings_turn_on_hsts_secure_cookies_and_frame_denial():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'SECURE_REFERRER_POLICY', 'X_FRAME_OPTIONS', "
        "'SECURE_CONTENT_TYPE_NOSNIFF']}))"
    )
    result = run_python(code, production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True


@pytest.mark.parametrize("server", ["medborger.wsgi", "medborger.asgi"])
def test_production_app_servers_refuse_to_start_without_a_secret_key(server):
    env = production_env()
    del env["SECRET_KEY"]
    result = run_python(f"import {server}", env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_without_a_secret_key_nothing_that_needs_one_works():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_python(
        "import django; django.setup()\nfrom django.core import signing\nsigning.dumps('x')",
        env,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_commands_that_need_no_secret_key_still_run_without_one():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_the_health_check_answers_over_plain_http_with_the_production_settings():
    """A load balancer probes /sundhed/ over HTTP: it gets the 200 or 503, never a redirect,
    while every other page still goes to https."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client()\n"
        "print(client.get('/sundhed/').status_code, client.get('/').status_code)"
    )
    env = production_env(ALLOWED_HOSTS="testserver", DATABASE_URL="sqlite:///:memory:")
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["200", "301"]


PRODUCTION_HEADERS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


@pytest.mark.django_db
@override_settings(**PRODUCTION_HEADERS)
def test_a_production_response_carries_hsts_referrer_policy_and_frame_denial(client):
    response = client.get("/konto/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response.cookies["csrftoken"]["secure"] is True


@pytest.mark.django_db
@override_settings(**PRODUCTION_HEADERS)
def test_production_redirects_plain_http_to_https(client):
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
@override_settings(**PRODUCTION_HEADERS)
def test_the_session_cookie_is_secure_and_http_only_after_login(client, citizen):
    citizen.set_password("et-langt-kodeord-til-test")
    citizen.save()
    response = client.post(
        "/konto/login/",
        {"login": citizen.email, "password": "et-langt-kodeord-til-test"},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
