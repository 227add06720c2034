"""Random, huge and hostile input to every public form answers with a page, never a 500.

The comment form (tests/policy/views/test_comments.py) and the sign-up and hearing forms at form
level (tests/engagement/test_forms.py, tests/hearing/test_forms.py) have their own fuzz tests; this
file covers the rest through the views: comment report and confirmation, event sign-up, the
resend-link form, registration management, invitations, hearing responses through the view,
snapshot verification, search and the account forms.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\ufeff\u200b\u200d",
    "𝕳𝖊𝖏 🙂 æøå ÆØÅ",
    "\ud7ff\ue000\uffff",
    "x" * 100_000,
    "Robert'); DROP TABLE policy_comment;--",
    "a@b",
    "%s%n{0}{{ x }}",
]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=400))
EMAIL = st.one_of(st.emails(), TEXT)
FUZZ = hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


def fresh_limits() -> None:
    """allauth counts login, sign-up and reset attempts in the cache, apart from RATELIMIT_ENABLE."""
    from django.core.cache import cache

    cache.clear()


def assert_answered(response) -> None:
    assert response.status_code < 500, response.status_code
    assert response.status_code != 429


@pytest.fixture
def comment(published_version):
    from tests.policy.factories import CommentFactory

    return CommentFactory(section=published_version.sections.first())


@pytest.fixture
def event(process):
    return EventFactory(process=process, capacity=5)


@pytest.fixture
def registration(event):
    from tests.engagement.factories import RegistrationFactory

    return RegistrationFactory(event=event)


@pytest.fixture
def hearing(process, published_version, steering_member):
    from process.services import version_approve
    from tests.hearing.factories import HearingFactory

    version_approve(version=published_version, user=steering_member)
    return HearingFactory(process=process, version=published_version)


@FUZZ
@given(reason=TEXT)
def test_any_comment_report_answers_without_a_500(client, comment, reason):
    url = reverse("policy:comment-report", kwargs={"comment_id": comment.pk})
    assert_answered(client.post(url, {"reason": reason}))


@FUZZ
@given(token=TEXT)
def test_any_comment_confirmation_token_answers_without_a_500(client, db, token):
    url = "/kommentar/bekraeft/" + quote(token.replace("/", "") or "x", safe="") + "/"
    assert_answered(client.get(url))
    assert_answered(client.post(url))


@FUZZ
@given(name=TEXT, email=EMAIL, organisation=TEXT, needs=TEXT, diet=TEXT, language=TEXT)
def test_any_event_sign_up_answers_without_a_500(
    client, event, name, email, organisation, needs, diet, language
):
    data = {
        "name": name,
        "email": email,
        "organisation": organisation,
        "accessibility_needs": needs,
        "diet": diet,
        "interpreter_language": language,
        "website": "",
    }
    assert_answered(client.post(reverse("engagement:event-detail", kwargs={"pk": event.pk}), data))


@FUZZ
@given(email=EMAIL)
def test_any_resend_link_request_answers_without_a_500(client, event, email):
    url = reverse("engagement:registration-resend", kwargs={"pk": event.pk})
    assert_answered(client.post(url, {"email": email}))


@FUZZ
@given(organisation=TEXT, needs=TEXT, diet=TEXT, language=TEXT)
def test_any_registration_change_answers_without_a_500(
    client, registration, organisation, needs, diet, language
):
    data = {
        "organisation": organisation,
        "accessibility_needs": needs,
        "diet": diet,
        "interpreter_language": language,
    }
    assert_answered(client.post(registration.get_absolute_url(), data))


@FUZZ
@given(token=TEXT)
def test_any_registration_invitation_or_receipt_token_answers_without_a_500(client, db, token):
    safe = quote(token.replace("/", "") or "x", safe="")
    for prefix in ("/tilmelding/", "/invitation/", "/hoering/kvittering/", "/hoering/bekraeft/"):
        assert_answered(client.get(f"{prefix}{safe}/"))
        assert_answered(client.post(f"{prefix}{safe}/"))


@FUZZ
@given(
    kind=st.sampled_from(["person", "organisation", "", "x", "<b>"]),
    name=TEXT,
    organisation=TEXT,
    email=EMAIL,
    text=TEXT,
    consent=st.sampled_from(["yes", "no", "", "x"]),
    key=st.one_of(st.just(None), TEXT),
)
def test_any_hearing_response_answers_without_a_500(
    client, hearing, kind, name, organisation, email, text, consent, key
):
    data = {
        "kind": kind,
        "name": name,
        "organisation": organisation,
        "email": email,
        "text": text,
        "consent": consent,
        "idempotency_key": key if key is not None else secrets.token_hex(16),
        "website": "",
    }
    url = reverse("hearing:hearing-detail", kwargs={"policy": hearing.process.policy.slug})
    assert_answered(client.post(url, data))


@FUZZ
@given(checksum=TEXT)
def test_any_snapshot_checksum_answers_without_a_500(client, db, checksum):
    assert_answered(client.post(reverse("policy:snapshot-verify"), {"sha256": checksum}))


@FUZZ
@given(content=st.binary(max_size=2000), name=TEXT)
def test_any_uploaded_file_to_verify_answers_without_a_500(client, db, content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    safe_name = "".join(c for c in name[:80] if c.isalnum()) or "upload"
    upload = SimpleUploadedFile(safe_name + ".pdf", content)
    assert_answered(client.post(reverse("policy:snapshot-verify"), {"file": upload}))


@FUZZ
@given(query=TEXT)
def test_any_search_answers_without_a_500(client, published_version, query):
    url = reverse("policy:search", kwargs={"policy": published_version.policy.slug})
    assert_answered(client.get(url, {"q": query}))


@FUZZ
@given(login=EMAIL, password=TEXT)
def test_any_login_answers_without_a_500(client, db, login, password):
    fresh_limits()
    assert_answered(client.post(reverse("account_login"), {"login": login, "password": password}))


@FUZZ
@given(email=EMAIL, password=TEXT, first=TEXT, last=TEXT)
def test_any_signup_answers_without_a_500(client, db, email, password, first, last):
    fresh_limits()
    data = {
        "email": email,
        "password1": password,
        "password2": password,
        "first_name": first,
        "last_name": last,
    }
    assert_answered(client.post(reverse("account_signup"), data))


@FUZZ
@given(email=EMAIL)
def test_any_password_reset_request_answers_without_a_500(client, db, email):
    fresh_limits()
    assert_answered(client.post(reverse("account_reset_password"), {"email": email}))


@FUZZ
@given(email=EMAIL, website=TEXT)
def test_any_my_data_request_answers_without_a_500(client, db, email, website):
    assert_answered(
        client.post(reverse("privacy:link-create"), {"email": email, "website": website})
    )


@FUZZ
@given(token=TEXT, confirm=TEXT)
def test_any_my_data_link_answers_without_a_500(client, db, token, confirm):
    safe = quote(token.replace("/", "") or "x", safe="")
    assert_answered(client.get(f"/mine-data/{safe}/"))
    assert_answered(client.get(f"/mine-data/{safe}/data.json"))
    assert_answered(client.post(f"/mine-data/{safe}/slet/", {"confirm": confirm}))


@pytest.fixture
def staff_response(hearing):
    from tests.hearing.factories import HearingResponseFactory

    return HearingResponseFactory(hearing=hearing, text="Foreningerne skal have lokaler.")


@FUZZ
@given(
    summary=TEXT,
    section=st.one_of(st.sampled_from(["", "0", "-1", "99999999999999999999", "x"]), TEXT),
    theme=st.one_of(st.sampled_from(["", "1", "x"]), TEXT),
    comment=TEXT,
    change=st.sampled_from(["on", "", "x"]),
    made=TEXT,
    total=st.sampled_from(["1", "0", "51", "-1", "x", ""]),
)
def test_any_points_of_a_response_answer_without_a_500(
    client, coordinator, staff_response, summary, section, theme, comment, change, made, total
):
    """The points screen's formset, posted by the coordinator with any values."""
    client.force_login(coordinator)
    hearing = staff_response.hearing
    url = reverse(
        "hearing:staff-point-list",
        kwargs={
            "policy": hearing.process.policy.slug,
            "pk": hearing.pk,
            "response_pk": staff_response.pk,
        },
    )
    data = {
        "form-TOTAL_FORMS": total,
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-summary": summary,
        "form-0-section": section,
        "form-0-theme": theme,
        "form-0-comment": comment,
        "form-0-leads_to_change": change,
        "form-0-change_made": made,
    }
    assert_answered(client.post(url, data))


@FUZZ
@given(
    responses=st.lists(st.one_of(st.sampled_from(["", "0", "x", "-5"]), TEXT), max_size=3),
    assignee=st.one_of(st.sampled_from(["", "0", "x", "99999999999999999999"]), TEXT),
    own=st.booleans(),
)
def test_any_assignment_answers_without_a_500(
    client, coordinator, staff_response, responses, assignee, own
):
    """The assignment form, posted by the coordinator with any responses and assignee."""
    client.force_login(coordinator)
    hearing = staff_response.hearing
    url = reverse(
        "hearing:staff-response-assign",
        kwargs={"policy": hearing.process.policy.slug, "pk": hearing.pk},
    )
    chosen = [*responses, str(staff_response.pk)] if own else responses
    assert_answered(client.post(url, {"responses": chosen, "assignee": assignee}))
