"""Every URL pattern of the portal, requested with GET by every persona.

The table below holds the expected status per persona, in the order of `PERSONAS`. A new URL
pattern fails `test_every_url_pattern_is_in_the_table` until it gets a row here: decide who may
see it. Admin URLs are covered as a group (Django's admin guards them all the same way).
405 = the view only answers POST; `test_post_only_staff_views_refuse_outsiders` covers those.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from tests.medborger.url_walk import all_patterns, build_world, fetch, load_ishoj, url_for

PERSONAS = [
    "anonymous",
    "citizen",
    "employee",
    "committee_member",
    "project_member",
    "steering_member",
    "coordinator",
    "outsider",
    "admin_user",
]
# Personas without a role in the Ishøj process: they must never see anyone else's e-mail.
NON_STAFF = ["anonymous", "citizen", "employee", "committee_member", "outsider"]

EXPECTED: dict[str, str] = {
    "accessibility": "200 200 200 200 200 200 200 200 200",
    "account_change_password": "302 200 200 200 200 200 200 200 200",
    "account_confirm_email": "200 200 200 200 200 200 200 200 200",
    "account_confirm_login_code": "302 302 302 302 302 302 302 302 302",
    "account_confirm_reauthentication_code": "302 302 302 302 302 302 302 302 302",
    "account_email": "302 200 200 200 200 200 200 200 200",
    "account_email_verification_sent": "200 200 200 200 200 200 200 200 200",
    "account_inactive": "200 200 200 200 200 200 200 200 200",
    "account_login": "200 302 302 302 302 302 302 302 302",
    "account_logout": "302 200 200 200 200 200 200 200 200",
    "account_reauthenticate": "302 200 200 200 200 200 200 200 200",
    "account_request_reauthentication_code": "302 200 200 200 200 200 200 200 200",
    "account_reset_password": "200 200 200 200 200 200 200 200 200",
    "account_reset_password_done": "200 200 200 200 200 200 200 200 200",
    "account_reset_password_from_key": "200 200 200 200 200 200 200 200 200",
    "account_reset_password_from_key_done": "200 200 200 200 200 200 200 200 200",
    "account_set_password": "302 302 302 302 302 302 302 302 302",
    "account_signup": "200 302 302 302 302 302 302 302 302",
    "engagement:event-detail": "200 200 200 200 200 200 200 200 200",
    "engagement:event-list": "200 200 200 200 200 200 200 200 200",
    "engagement:gdpr-erase": "405 405 405 405 405 405 405 405 405",
    "engagement:gdpr-erased": "200 200 200 200 200 200 200 200 200",
    "engagement:gdpr-export": "200 200 200 200 200 200 200 200 200",
    "engagement:gdpr-overview": "200 200 200 200 200 200 200 200 200",
    "engagement:gdpr-request": "200 200 200 200 200 200 200 200 200",
    "engagement:handling-packet": "302 403 403 403 404 404 404 403 404",
    "engagement:hearing-attachment": "404 404 404 404 404 404 404 404 404",
    "engagement:hearing-detail": "200 200 200 200 200 200 200 200 200",
    "engagement:hearing-notat": "404 404 404 404 404 404 404 404 404",
    "engagement:hearing-notat-csv": "404 404 404 404 404 404 404 404 404",
    "engagement:hearing-notat-pdf": "404 404 404 404 404 404 404 404 404",
    "engagement:hearing-receipt": "200 200 200 200 200 200 200 200 200",
    "engagement:invitation-detail": "200 200 200 200 200 200 200 200 200",
    "engagement:policy-event-list": "200 200 200 200 200 200 200 200 200",
    "engagement:registration-cancel": "405 405 405 405 405 405 405 405 405",
    "engagement:registration-manage": "200 200 200 200 200 200 200 200 200",
    "engagement:registration-resend": "405 405 405 405 405 405 405 405 405",
    "engagement:staff-check-in": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-check-in-toggle": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-distribution": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-distribution-toggle": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-event-detail": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-event-list": "302 403 403 403 200 200 200 200 200",
    "engagement:staff-hearing-attachment": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-hearing-detail": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-hearing-list": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-hearing-retry": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-input": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-input-summary": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-invitation-status": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-invitations": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-invitations-send": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-notat": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-notat-csv": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-notat-pdf": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-notat-publish": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-poster": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-registration-add": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-registration-cancel": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-registrations-csv": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-response-add": "302 403 403 403 403 403 200 403 200",
    "engagement:staff-response-detail": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-response-publish": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-response-withhold": "302 405 405 405 405 405 405 405 405",
    "health": "200 200 200 200 200 200 200 200 200",
    "mfa_activate_totp": "302 302 302 302 302 302 302 302 302",
    "mfa_authenticate": "302 302 302 302 302 302 302 302 302",
    "mfa_deactivate_totp": "302 404 404 404 404 404 404 404 404",
    "mfa_download_recovery_codes": "302 404 404 404 404 404 404 404 404",
    "mfa_generate_recovery_codes": "302 302 302 302 302 302 302 302 302",
    "mfa_index": "302 200 200 200 200 200 200 200 200",
    "mfa_reauthenticate": "302 302 302 302 302 302 302 302 302",
    "mfa_view_recovery_codes": "302 404 404 404 404 404 404 404 404",
    "policy:comment-confirm": "200 200 200 200 200 200 200 200 200",
    "policy:comment-manage": "302 403 403 403 200 200 200 403 200",
    "policy:comment-report": "200 200 200 200 200 200 200 200 200",
    "policy:comment-settings": "302 405 405 405 405 405 405 405 405",
    "policy:comments-export-csv": "302 403 403 403 200 200 200 403 200",
    "policy:comments-export-xlsx": "302 403 403 403 200 200 200 403 200",
    "policy:draft-compare": "302 403 403 403 403 403 200 403 200",
    "policy:draft-detail": "302 403 403 403 403 403 200 403 200",
    "policy:draft-publish": "302 403 403 403 403 403 200 403 200",
    "policy:draft-start": "302 405 405 405 405 405 405 405 405",
    "policy:moderation-queue": "302 403 403 403 200 200 200 403 200",
    "policy:policy-detail": "200 200 200 200 200 200 200 200 200",
    "policy:search": "200 200 200 200 200 200 200 200 200",
    "policy:section-add": "302 403 403 403 403 403 200 403 200",
    "policy:section-comments": "200 200 200 200 200 200 200 200 200",
    "policy:section-delete": "302 403 403 403 403 403 200 403 200",
    "policy:section-edit": "302 403 403 403 403 403 200 403 200",
    "policy:section-move": "302 405 405 405 405 405 405 405 405",
    "policy:snapshot-verify": "200 200 200 200 200 200 200 200 200",
    "policy:version-compare": "200 200 200 200 200 200 200 200 200",
    "policy:version-detail": "200 200 200 200 200 200 200 200 200",
    "policy:version-list": "200 200 200 200 200 200 200 200 200",
    "policy:version-pdf": "200 200 200 200 200 200 200 200 200",
    "privacy": "200 200 200 200 200 200 200 200 200",
    "process:board": "302 403 403 403 200 200 200 403 200",
    "process:body-list": "302 403 403 403 403 403 200 200 200",
    "process:body-update": "302 403 403 403 403 403 200 200 200",
    "process:event-calendar": "200 200 200 200 200 200 200 200 200",
    "process:handling-create": "302 403 403 403 403 403 200 403 200",
    "process:handling-delete": "302 403 403 403 403 403 200 403 200",
    "process:handling-detail": "200 200 200 200 200 200 200 200 200",
    "process:handling-list": "302 403 403 403 200 200 200 403 200",
    "process:handling-update": "302 403 403 403 403 403 200 403 200",
    "process:home": "200 200 200 200 200 200 200 200 200",
    "process:member-list": "302 403 403 403 403 403 200 403 200",
    "process:member-remove": "302 403 403 403 403 403 200 403 200",
    "process:member-update": "302 403 403 403 403 403 200 403 200",
    "process:milestone-create": "302 403 403 403 403 403 200 403 200",
    "process:milestone-detail": "302 403 403 403 200 200 200 403 200",
    "process:milestone-edit": "302 403 403 403 403 403 200 403 200",
    "process:process-calendar": "200 200 200 200 200 200 200 200 200",
    "process:process-detail": "200 200 200 200 200 200 200 200 200",
    "process:staff-home": "302 403 403 403 200 200 200 200 200",
    "process:version-approve": "302 405 405 405 405 405 405 405 405",
}

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(rb"<[a-z][^>]*\sstyle=", re.IGNORECASE)


def assert_strict_csp(response, body: bytes, url: str, *, inline_allowed: bool) -> None:
    """Every page carries a CSP without 'unsafe-inline'; our own pages need none."""
    policy = response.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy, url
    assert "style-src 'self'" in policy, url
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
    assert "frame-ancestors 'none'" in policy, url
    if not inline_allowed and response.get("Content-Type", "").startswith("text/html"):
        # JSON data islands (<script type="application/json">) are data, not code.
        scripts = [s for s in INLINE_SCRIPT.findall(body) if b"application/json" not in s]
        assert not scripts, f"{url}: inline script {scripts[:1]}"
        assert not STYLE_ATTRIBUTE.search(body), f"{url}: style attribute"


def expected(name: str, persona: str) -> int:
    return int(EXPECTED[name].split()[PERSONAS.index(persona)])


def is_staff_url(url: str) -> bool:
    return url.startswith(("/styring/", "/en/styring/"))


@pytest.fixture
def policy(db):
    """The Ishøj Medborgerpolitik from `load_ishoj`: the personas get their roles in it."""
    from policy.models import Policy

    load_ishoj()
    return Policy.objects.get(slug="medborgerpolitik")


@pytest.fixture
def process(policy):
    from process.models import Process

    return Process.objects.get(policy=policy)


@pytest.fixture
def world(process, steering_member, project_member, coordinator, committee_member, employee):
    return build_world(
        steering_member=steering_member, project_member=project_member, coordinator=coordinator
    )


def test_every_url_pattern_is_in_the_table():
    names = {p.name for p in all_patterns() if not p.name.startswith("admin:")}
    missing = sorted(names - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - names)
    assert not missing, f"URL patterns without a row in EXPECTED: {missing}"
    assert not stale, f"rows in EXPECTED for URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_as_the_table_says(persona, world, as_persona):
    client, user = as_persona(persona)
    own = {user.email.lower()} if user else set()
    others = world.emails() - own
    wrong, leaks = [], []
    for pattern in all_patterns():
        url = url_for(pattern, world)
        response, body = fetch(client, url)
        assert response.status_code < 500, f"{persona} GET {url}: {response.status_code}"
        assert_strict_csp(response, body, url, inline_allowed=pattern.name.startswith("admin:"))
        if pattern.name.startswith("admin:"):
            if persona != "admin_user" and pattern.name not in ADMIN_OPEN:
                assert response.status_code == 302, url
                assert response["Location"].startswith("/admin/login/"), url
            continue
        want = expected(pattern.name, persona)
        if response.status_code != want:
            wrong.append(f"{pattern.name} {url}: {response.status_code}, expected {want}")
        if is_staff_url(url) and persona == "anonymous":
            assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), url
        # The outsider coordinates another process: the lists of all bodies and events and
        # the staff front page are open to every process role, the rest is per process.
        if (
            is_staff_url(url)
            and want != 405
            and (
                persona == "citizen"
                or (persona == "outsider" and pattern.name not in OPEN_TO_ANY_PROCESS_ROLE)
            )
        ):
            assert response.status_code == 403, url
        if persona in NON_STAFF:
            found = {m.decode().lower() for m in EMAIL.findall(body)} & others
            if found:
                leaks.append(f"{url}: {sorted(found)}")
    assert not wrong, "\n".join(wrong)
    assert not leaks, "other people's e-mail addresses shown:\n" + "\n".join(leaks)


ADMIN_OPEN = {"admin:login", "admin:logout"}  # logout answers GET with 405
OPEN_TO_ANY_PROCESS_ROLE = {
    "process:staff-home",
    "process:body-list",
    "process:body-update",
    "engagement:staff-event-list",
}


@pytest.mark.parametrize("persona", ["anonymous", "citizen", "outsider"])
def test_post_only_staff_views_refuse_outsiders(persona, world, as_persona):
    """The views that answer GET with 405 must refuse a POST from someone without a role."""
    client, _ = as_persona(persona)
    for pattern in all_patterns():
        if pattern.name.startswith("admin:") or expected(pattern.name, "coordinator") != 405:
            continue
        url = url_for(pattern, world)
        if not is_staff_url(url):
            continue
        response = client.post(url, {})
        want = 302 if persona == "anonymous" else 403
        assert response.status_code == want, f"{persona} POST {url}: {response.status_code}"
