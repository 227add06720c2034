"""Every URL pattern of the portal, requested with GET by every persona.

The tables below hold the expected status per persona, in the order of `PERSONAS`. A new URL
pattern fails `test_every_url_pattern_is_in_the_table` until it gets a row here: decide who may
see it. Django's admin has a table of its own, `ADMIN_EXPECTED`, with rows per kind of model view.
405 = the view only answers POST; `test_post_only_staff_views_refuse_outsiders` covers those.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from tests.medborger.url_walk import (
    admin_model_of,
    all_patterns,
    build_world,
    fetch,
    load_ishoj,
    url_for,
)

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
    "notifications:notice-list": "302 200 200 200 200 200 200 200 200",
    "notifications:preference-update": "302 200 200 200 200 200 200 200 200",
    "notifications:subscription-confirm": "200 200 200 200 200 200 200 200 200",
    "notifications:subscription-create": "405 405 405 405 405 405 405 405 405",
    "notifications:subscription-delete": "200 200 200 200 200 200 200 200 200",
    "notifications:subscription-manage": "200 200 200 200 200 200 200 200 200",
    "privacy:data-delete": "405 405 405 405 405 405 405 405 405",
    "privacy:deletion-detail": "200 200 200 200 200 200 200 200 200",
    "privacy:data-export": "200 200 200 200 200 200 200 200 200",
    "privacy:data-detail": "200 200 200 200 200 200 200 200 200",
    "privacy:link-create": "200 200 200 200 200 200 200 200 200",
    "hearing:packet-detail": "302 403 403 403 404 404 404 403 404",
    "hearing:attachment-detail": "404 404 404 404 404 404 404 404 404",
    "hearing:hearing-detail": "200 200 200 200 200 200 200 200 200",
    "hearing:hearing-list": "200 200 200 200 200 200 200 200 200",
    "hearing:receipt-find": "200 200 200 200 200 200 200 200 200",
    "hearing:notat-detail": "404 404 404 404 404 404 404 404 404",
    "hearing:notat-csv": "404 404 404 404 404 404 404 404 404",
    "hearing:notat-pdf": "404 404 404 404 404 404 404 404 404",
    "hearing:receipt-detail": "200 200 200 200 200 200 200 200 200",
    "hearing:confirmation-update": "200 200 200 200 200 200 200 200 200",
    "engagement:invitation-detail": "200 200 200 200 200 200 200 200 200",
    "engagement:policy-event-list": "200 200 200 200 200 200 200 200 200",
    "engagement:registration-cancel": "405 405 405 405 405 405 405 405 405",
    "engagement:registration-manage": "200 200 200 200 200 200 200 200 200",
    "engagement:registration-resend": "405 405 405 405 405 405 405 405 405",
    "engagement:staff-check-in": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-check-in-toggle": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-distribution": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-distribution-toggle": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-door-list": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-event-cancel": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-event-copy": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-event-create": "302 403 403 403 200 200 200 200 200",
    "engagement:staff-event-detail": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-event-message": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-event-update": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-event-list": "302 403 403 403 200 200 200 200 200",
    "hearing:staff-attachment-detail": "302 403 403 403 200 200 200 403 200",
    "hearing:staff-hearing-detail": "302 403 403 403 200 200 200 403 200",
    "hearing:staff-hearing-list": "302 403 403 403 200 200 200 403 200",
    "hearing:staff-receipts-retry": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-input": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-input-summary": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-invitation-status": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-invitations": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-invitations-send": "302 405 405 405 405 405 405 405 405",
    "hearing:staff-notat-detail": "302 403 403 403 200 200 200 403 200",
    "hearing:staff-notat-csv": "302 403 403 403 200 200 200 403 200",
    "hearing:staff-notat-pdf": "302 403 403 403 200 200 200 403 200",
    "hearing:staff-notat-publish": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-poster": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-registration-add": "302 403 403 403 200 200 200 403 200",
    "engagement:staff-registration-cancel": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-registration-promote": "302 405 405 405 405 405 405 405 405",
    "engagement:staff-registrations-csv": "302 403 403 403 200 200 200 403 200",
    "hearing:staff-response-create": "302 403 403 403 403 403 200 403 200",
    "hearing:staff-response-detail": "302 403 403 403 200 200 200 403 200",
    "hearing:staff-response-publish": "302 405 405 405 405 405 405 405 405",
    "hearing:staff-response-withhold": "302 405 405 405 405 405 405 405 405",
    "hearing:staff-response-assign": "302 405 405 405 405 405 405 405 405",
    "hearing:staff-point-list": "302 403 403 403 200 200 200 403 200",
    "hearing:staff-point-create": "302 405 405 405 405 405 405 405 405",
    "hearing:staff-receipt-detail": "302 403 403 403 403 403 200 403 200",
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
    "policy:section-preview": "302 405 405 405 405 405 405 405 405",
    "policy:snapshot-verify": "200 200 200 200 200 200 200 200 200",
    "policy:version-compare": "200 200 200 200 200 200 200 200 200",
    "policy:version-compare-pdf": "404 404 404 404 404 404 404 404 404",  # a version with itself
    "policy:version-detail": "200 200 200 200 200 200 200 200 200",
    "policy:version-list": "200 200 200 200 200 200 200 200 200",
    "policy:version-pdf": "200 200 200 200 200 200 200 200 200",
    "policy:easy-read-update": "302 403 403 403 403 403 200 403 200",
    "policy:translation-list": "302 403 403 403 403 403 200 403 200",
    "policy:translation-update": "302 403 403 403 403 403 200 403 200",
    "policy:translation-publish": "302 405 405 405 405 405 405 405 405",
    "policy:translation-pdf": "404 404 404 404 404 404 404 404 404",  # the world's is a draft
    "privacy": "200 200 200 200 200 200 200 200 200",
    "rules": "200 200 200 200 200 200 200 200 200",
    "process:board": "302 403 403 403 200 200 200 403 200",
    "process:body-list": "302 403 403 403 403 403 200 200 200",
    "process:body-update": "302 403 403 403 403 403 200 200 200",
    "process:body-member-list": "302 403 403 403 403 403 200 200 200",
    "process:body-member-create": "302 405 405 405 405 405 405 405 405",
    "process:body-member-delete": "302 405 405 405 405 405 405 405 405",
    "process:meeting-list": "302 403 403 200 403 403 403 403 200",
    "process:department-list": "302 403 403 403 403 403 200 200 200",
    "process:department-update": "302 403 403 403 403 403 200 200 200",
    "process:party-list": "302 403 403 403 403 403 200 200 200",
    "process:party-create": "302 403 403 403 403 403 200 200 200",
    "process:party-import": "302 403 403 403 403 403 200 200 200",
    "process:party-update": "302 403 403 403 403 403 200 200 200",
    "engagement:event-calendar": "200 200 200 200 200 200 200 200 200",
    "process:handling-create": "302 403 403 403 403 403 200 403 200",
    "process:handling-delete": "302 403 403 403 403 403 200 403 200",
    "process:handling-detail": "200 200 200 200 200 200 200 200 200",
    "process:handling-list": "302 403 403 403 200 200 200 403 200",
    "process:handling-update": "302 403 403 403 403 403 200 403 200",
    "process:home": "200 200 200 200 200 200 200 200 200",
    "process:member-list": "302 403 403 403 403 403 200 403 200",
    "process:contact-update": "302 403 403 403 403 403 200 403 200",
    "process:member-remove": "302 403 403 403 403 403 200 403 200",
    "process:member-update": "302 403 403 403 403 403 200 403 200",
    "process:milestone-create": "302 403 403 403 403 403 200 403 200",
    "process:milestone-detail": "302 403 403 403 200 200 200 403 200",
    "process:milestone-edit": "302 403 403 403 403 403 200 403 200",
    "process:process-calendar": "200 200 200 200 200 200 200 200 200",
    "process:process-detail": "200 200 200 200 200 200 200 200 200",
    "process:process-list": "200 200 200 200 200 200 200 200 200",
    "process:packet-create": "302 403 403 403 403 403 302 403 302",  # the world's has no version
    "process:packet-detail": "302 403 403 403 404 404 404 403 404",  # and so no edition
    "process:staff-home": "302 403 403 200 200 200 200 200 200",
    "process:version-approve": "302 405 405 405 405 405 405 405 405",
    "process:version-request-approval": "302 405 405 405 405 405 405 405 405",
    "process:version-send-back": "302 405 405 405 405 405 405 405 405",
}

# Django's admin. Only staff get past it: it sends everyone else to its login page, which sends an
# anonymous visitor on to allauth's login (and its two-factor step) and answers a logged-in
# person who is not staff with 403. The test follows that one step, so the statuses below are
# the answers at the admin's login page for everyone but the administrator. Every ModelAdmin
# has the same views, so their rows are per kind of view ("admin:*_change"); a row with a full
# name wins over those.
ADMIN_EXPECTED: dict[str, str] = {
    "admin:(?P<url>.*)$": "302 403 403 403 403 403 403 403 404",
    "admin:<path:object_id>/": "302 403 403 403 403 403 403 403 302",  # old link to a change page
    "admin:app_list": "302 403 403 403 403 403 403 403 200",
    "admin:autocomplete": "302 403 403 403 403 403 403 403 403",  # needs the field it completes
    "admin:index": "302 403 403 403 403 403 403 403 200",
    "admin:jsi18n": "302 403 403 403 403 403 403 403 200",
    "admin:login": "302 403 403 403 403 403 403 403 302",  # staff who are logged in: to the index
    "admin:logout": "302 302 302 302 302 302 302 302 405",  # to the index; logging out is a POST
    "admin:password_change": "302 403 403 403 403 403 403 403 200",
    "admin:password_change_done": "302 403 403 403 403 403 403 403 200",
    "admin:view_on_site": "302 403 403 403 403 403 403 403 302",
    "admin:auth_user_password_change": "302 403 403 403 403 403 403 403 200",
    "admin:*_add": "302 403 403 403 403 403 403 403 200",
    "admin:*_change": "302 403 403 403 403 403 403 403 200",
    "admin:*_changelist": "302 403 403 403 403 403 403 403 200",
    "admin:*_delete": "302 403 403 403 403 403 403 403 200",
    "admin:*_history": "302 403 403 403 403 403 403 403 200",
    "admin:*_simple_history": "302 403 403 403 403 403 403 403 200",
    # Snapshots are made by the portal and never changed, so the admin only shows them.
    "admin:policy_snapshot_add": "302 403 403 403 403 403 403 403 403",
    # The mail log and the task queue are written only by the portal: nothing to add. The world
    # holds one mail (the coordinator is told that the steering group approved the version) and
    # no task, so the task's object pages go back to the list.
    "admin:medborger_outgoingmail_add": "302 403 403 403 403 403 403 403 403",
    "admin:medborger_outgoingmail_change": "302 403 403 403 403 403 403 403 200",
    "admin:medborger_outgoingmail_delete": "302 403 403 403 403 403 403 403 200",
    "admin:medborger_outgoingmail_history": "302 403 403 403 403 403 403 403 200",
    "admin:django_tasks_database_dbtaskresult_add": "302 403 403 403 403 403 403 403 403",
    "admin:django_tasks_database_dbtaskresult_change": "302 403 403 403 403 403 403 403 302",
    "admin:django_tasks_database_dbtaskresult_delete": "302 403 403 403 403 403 403 403 403",
    "admin:django_tasks_database_dbtaskresult_history": "302 403 403 403 403 403 403 403 302",
    # Models the world holds no object of: the admin goes back to its index, or finds no history.
    "admin:engagement_input_change": "302 403 403 403 403 403 403 403 302",
    "admin:engagement_input_delete": "302 403 403 403 403 403 403 403 302",
    "admin:engagement_input_history": "302 403 403 403 403 403 403 403 404",
    "admin:engagement_input_simple_history": "302 403 403 403 403 403 403 403 404",
    "admin:mfa_authenticator_change": "302 403 403 403 403 403 403 403 302",
    "admin:mfa_authenticator_delete": "302 403 403 403 403 403 403 403 302",
    "admin:mfa_authenticator_history": "302 403 403 403 403 403 403 403 302",
    "admin:policy_snapshot_change": "302 403 403 403 403 403 403 403 302",
    "admin:policy_snapshot_delete": "302 403 403 403 403 403 403 403 302",
    "admin:policy_snapshot_history": "302 403 403 403 403 403 403 403 302",
    "admin:process_reminderlog_change": "302 403 403 403 403 403 403 403 302",
    "admin:process_reminderlog_delete": "302 403 403 403 403 403 403 403 302",
    "admin:process_reminderlog_history": "302 403 403 403 403 403 403 403 302",
}
ADMIN_LOGIN = "/admin/login/"

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


def admin_row_key(name: str) -> str | None:
    """The row of ADMIN_EXPECTED that holds the admin view `name`: its own, or its kind's."""
    if name in ADMIN_EXPECTED:
        return name
    model = admin_model_of(name)
    if model is None:
        return None
    kind = name.removeprefix(f"admin:{model._meta.app_label}_{model._meta.model_name}_")
    return f"admin:*_{kind}" if f"admin:*_{kind}" in ADMIN_EXPECTED else None


def expected(name: str, persona: str) -> int:
    row = ADMIN_EXPECTED[admin_row_key(name)] if name.startswith("admin:") else EXPECTED[name]
    return int(row.split()[PERSONAS.index(persona)])


def next_of(location: str) -> str:
    return parse_qs(urlsplit(location).query).get("next", [""])[0]


def past_the_admin_login(client, response, url: str):
    """Where the admin sends someone to its login page, the answer there (`next` kept)."""
    location = response.get("Location", "")
    if response.status_code != 302 or urlsplit(location).path != ADMIN_LOGIN:
        return response
    assert next_of(location) == url, f"{url}: {location}"
    response = client.get(location)
    if response.status_code == 302:
        assert urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL), url
        assert next_of(response["Location"]) == url, f"{url}: {response['Location']}"
    return response


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


def test_every_admin_url_pattern_is_in_the_admin_table():
    names = [p.name for p in all_patterns() if p.name.startswith("admin:")]
    assert "admin:index" in names and "admin:auth_user_change" in names
    missing = sorted(name for name in names if admin_row_key(name) is None)
    stale = sorted(ADMIN_EXPECTED.keys() - {admin_row_key(name) for name in names})
    assert not missing, f"admin URL patterns without a row in ADMIN_EXPECTED: {missing}"
    assert not stale, f"rows in ADMIN_EXPECTED that no admin URL pattern uses: {stale}"


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
        is_admin = pattern.name.startswith("admin:")
        assert_strict_csp(response, body, url, inline_allowed=is_admin)
        if is_admin:
            response = past_the_admin_login(client, response, url)
        want = expected(pattern.name, persona)
        if response.status_code != want:
            wrong.append(f"{pattern.name} {url}: {response.status_code}, expected {want}")
        if persona == "anonymous" and (
            is_staff_url(url) or (is_admin and pattern.name != "admin:logout")
        ):
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
        # The municipality's organisation (parties' contact addresses, body members) is open to
        # every coordinator, the outsider included: she is staff, just of another process.
        if persona in NON_STAFF and not (
            persona == "outsider" and pattern.name in OPEN_TO_ANY_PROCESS_ROLE
        ):
            found = {m.decode().lower() for m in EMAIL.findall(body)} & others
            if found:
                leaks.append(f"{url}: {sorted(found)}")
    assert not wrong, "\n".join(wrong)
    assert not leaks, "other people's e-mail addresses shown:\n" + "\n".join(leaks)


OPEN_TO_ANY_PROCESS_ROLE = {
    "process:staff-home",
    "process:body-list",
    "process:body-update",
    # The municipality's organisation: any coordinator keeps it up to date.
    "process:body-member-list",
    "process:body-member-create",
    "process:body-member-delete",
    "process:department-list",
    "process:department-update",
    "process:party-list",
    "process:party-create",
    "process:party-import",
    "process:party-update",
    "engagement:staff-event-list",
    "engagement:staff-event-create",
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
        if persona == "outsider" and pattern.name in OPEN_TO_ANY_PROCESS_ROLE:
            continue  # a coordinator of another process: these are hers to use too
        response = client.post(url, {})
        want = 302 if persona == "anonymous" else 403
        assert response.status_code == want, f"{persona} POST {url}: {response.status_code}"
