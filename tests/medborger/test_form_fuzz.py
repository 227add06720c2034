"""Random, huge and hostile input to every public form answers with a page, never a 500.

The comment form (tests/policy/views/test_comments.py) and the sign-up and hearing forms at form
level (tests/engagement/test_forms.py, tests/hearing/test_forms.py) have their own fuzz tests; this
file covers the rest through the views: comment report and confirmation, event sign-up, the
resend-link form, registration management, invitations, hearing responses through the view,
snapshot verification, search, the account forms, the section editor and its preview, and
issuing a meeting packet.
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
@given(tracking=TEXT)
def test_any_tracking_number_to_find_answers_without_a_500(client, hearing, tracking):
    response = client.post(reverse("hearing:receipt-find"), {"tracking": tracking})
    assert_answered(response)
    assert response.status_code in {302, 400}


@FUZZ
@given(name=TEXT, role=TEXT, email=EMAIL, phone=TEXT)
def test_any_contact_person_answers_without_a_500_and_saves_only_whole(
    client, process, coordinator, name, role, email, phone
):
    client.force_login(coordinator)
    fields = ["contact_name", "contact_role", "contact_email", "contact_phone"]
    process.refresh_from_db()
    before = [getattr(process, f) for f in fields]
    response = client.post(
        reverse("process:contact-update", kwargs={"policy": process.policy.slug}),
        {
            "contact_name": name,
            "contact_role": role,
            "contact_email": email,
            "contact_phone": phone,
        },
    )
    assert_answered(response)
    assert response.status_code in {302, 400}
    process.refresh_from_db()
    if response.status_code == 400:  # refused: nothing half-saved
        assert [getattr(process, f) for f in fields] == before


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


DATETIME = st.one_of(
    TEXT, st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")), st.just("2027-02-30T25:61")
)


@FUZZ
@given(
    title=TEXT,
    kind=st.sampled_from(["citizen_meeting", "staff_workshop", "", "x"]),
    starts=DATETIME,
    ends=DATETIME,
    deadline=DATETIME,
    place=TEXT,
    capacity=st.one_of(TEXT, st.integers().map(str)),
    description=TEXT,
)
def test_any_staff_event_form_answers_without_a_500(
    as_persona, event, title, kind, starts, ends, deadline, place, capacity, description
):
    client, _ = as_persona("project_member")
    data = {
        "process": event.process_id,
        "title": title,
        "kind": kind,
        "audience": "public",
        "starts_at": starts,
        "ends_at": ends,
        "registration_deadline": deadline,
        "place": place,
        "address": place,
        "capacity": capacity,
        "description": description,
    }
    assert_answered(client.post(reverse("engagement:staff-event-create"), data))
    assert_answered(
        client.post(reverse("engagement:staff-event-update", kwargs={"pk": event.pk}), data)
    )


@FUZZ
@given(
    recipients=st.sampled_from(["confirmed", "waiting", "all", "", "x"]),
    subject=TEXT,
    body=TEXT,
    message=TEXT,
)
def test_any_event_message_or_cancellation_answers_without_a_500(
    as_persona, registration, recipients, subject, body, message
):
    client, _ = as_persona("project_member")
    pk = registration.event_id
    url = reverse("engagement:staff-event-message", kwargs={"pk": pk})
    assert_answered(client.post(url, {"recipients": recipients, "subject": subject, "body": body}))
    url = reverse("engagement:staff-event-cancel", kwargs={"pk": pk})
    assert_answered(client.post(url, {"message": message}))


@pytest.fixture
def draft(published_version, coordinator):
    from policy.services import draft_start

    return draft_start(policy=published_version.policy, user=coordinator)


@FUZZ
@given(heading=TEXT, body=TEXT, theme=TEXT, preview=st.sampled_from(["1", "", None]))
def test_any_section_preview_or_edit_answers_without_a_500(
    client, coordinator, draft, heading, body, theme, preview
):
    client.force_login(coordinator)
    data = {"heading": heading, "body": body, "theme": theme}
    if preview is not None:
        data["preview"] = preview
    slug = draft.policy.slug
    section = draft.sections.first()
    before = (section.heading, section.body)
    assert_answered(client.post(reverse("policy:section-preview", kwargs={"policy": slug}), data))
    response = client.post(
        reverse("policy:section-edit", kwargs={"policy": slug, "key": section.key}), data
    )
    assert_answered(response)
    if response.status_code != 302:  # refused or only previewed: nothing half-saved
        section.refresh_from_db()
        assert (section.heading, section.body) == before


@FUZZ
@given(junk=TEXT)
def test_any_packet_issue_post_answers_without_a_500(client, coordinator, process, junk):
    """Issuing takes no input: whatever is posted, a handling without a version is refused."""
    from tests.process.factories import HandlingFactory

    handling = HandlingFactory(process=process)
    client.force_login(coordinator)
    url = reverse(
        "process:packet-create", kwargs={"policy": process.policy.slug, "pk": handling.pk}
    )
    response = client.post(url, {"confirm": junk})
    assert_answered(response)
    assert not handling.packet_editions.exists()


# -- The municipality's organisation (staff forms) ------------------------------------------------


@FUZZ
@given(name=TEXT, kind=TEXT, email=EMAIL, contact=TEXT, language=TEXT)
def test_any_party_answers_without_a_500(as_persona, name, kind, email, contact, language):
    client, _ = as_persona("coordinator")
    data = {
        "name": name,
        "kind": kind,
        "email": email,
        "contact_name": contact,
        "language": language,
    }
    assert_answered(client.post(reverse("process:party-create"), data))


@FUZZ
@given(
    content=st.one_of(st.binary(max_size=2000), TEXT.map(lambda t: t.encode("utf-8", "replace")))
)
def test_any_party_csv_answers_without_a_500(as_persona, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client, _ = as_persona("coordinator")
    upload = SimpleUploadedFile("parter.csv", b"name;kind;email\n" + content)
    assert_answered(client.post(reverse("process:party-import"), {"file": upload}))


@FUZZ
@given(name=TEXT, order=TEXT, query=TEXT, user=TEXT)
def test_any_department_or_member_search_answers_without_a_500(
    as_persona, name, order, query, user
):
    from tests.factories import BodyFactory

    client, _ = as_persona("coordinator")
    assert_answered(client.post(reverse("process:department-list"), {"name": name, "order": order}))
    body = BodyFactory()
    assert_answered(client.get(reverse("process:body-member-list", args=[body.pk]), {"q": query}))
    assert_answered(
        client.post(reverse("process:body-member-create", args=[body.pk]), {"user": user})
    )


@pytest.fixture
def follow_target(policy):
    from notifications.services import follow_target_sign

    return follow_target_sign(
        topic=policy.follow_topic, title=policy.title, url=policy.get_absolute_url()
    )


@FUZZ
@given(email=EMAIL, language=TEXT, target=TEXT, website=TEXT)
def test_any_follow_request_answers_without_a_500(
    client, follow_target, email, language, target, website
):
    for the_target in (follow_target, target):
        data = {"email": email, "language": language, "target": the_target, "website": website}
        assert_answered(client.post("/foelg/", data))


@FUZZ
@given(token=TEXT, language=TEXT)
def test_any_follow_link_answers_without_a_500(client, db, token, language):
    token = quote(token.replace("/", "") or "x", safe="")
    for path in ("/foelg/bekraeft/{}/", "/foelg/mine/{}/", "/foelg/afmeld/{}/"):
        assert_answered(client.get(path.format(token)))
        assert_answered(client.post(path.format(token), {"language": language}))


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
