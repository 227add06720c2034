"""/mine-data/: a copy of, and erasure of, what the portal holds about an e-mail address."""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from engagement.models import Registration
from hearing.models import HearingAttachment, HearingResponse
from policy.models import Comment
from privacy import services as gdpr
from tests.engagement.factories import RegistrationFactory
from tests.factories import EventFactory
from tests.hearing.factories import HearingFactory, HearingResponseFactory
from tests.policy.factories import CommentFactory

pytestmark = pytest.mark.django_db

EMAIL = "sara@example.org"
OTHER = "other@example.org"


@pytest.fixture(autouse=True)
def _danish(settings):
    from django.utils import translation

    translation.activate("da")
    yield
    translation.activate("da")


@pytest.fixture
def held(process, published_version, steering_member):
    """Sara has a comment, a past and a future registration and a hearing response with a file;
    someone else has the same of each."""
    from process.services import version_approve

    section = published_version.sections.first()
    now = timezone.now()
    past = EventFactory(process=process, starts_at=now - datetime.timedelta(days=10), capacity=5)
    future = EventFactory(process=process, starts_at=now + datetime.timedelta(days=10), capacity=1)
    version_approve(version=published_version, user=steering_member)
    hearing = HearingFactory(process=process, version=published_version)
    objects = {
        "comment": CommentFactory(
            section=section, author_name="Sara Jensen", email="Sara@Example.org"
        ),
        "other_comment": CommentFactory(section=section, author_name="Ole", email=OTHER),
        "past": RegistrationFactory(event=past, name="Sara Jensen", email=EMAIL, diet="Vegetar"),
        "future": RegistrationFactory(event=future, name="Sara Jensen", email=EMAIL),
        "waiting": RegistrationFactory(
            event=future, name="Ventende", email=OTHER, status=Registration.Status.WAITING
        ),
        "response": HearingResponseFactory(
            hearing=hearing, name="Sara Jensen", email=EMAIL, text="Mere natur, tak."
        ),
        "other_response": HearingResponseFactory(hearing=hearing, name="Ole", email=OTHER),
    }
    attachment = HearingAttachment(
        response=objects["response"],
        original_name="bilag.pdf",
        kind="pdf",
        size=10,
        sha256="0" * 64,
    )
    attachment.file.save("bilag.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    objects["attachment"] = attachment
    return objects


def link_from_mail() -> str:
    (message,) = mail.outbox
    return urlsplit(re.search(r"https?://\S+", message.body).group(0)).path


def overview_path(email: str = EMAIL) -> str:
    return reverse("privacy:data-detail", kwargs={"token": gdpr.gdpr_token_make(email=email)})


def test_the_request_page_has_the_form(client, db):
    response = client.get("/mine-data/")
    assert response.status_code == 200
    assert b'name="email"' in response.content


def test_a_request_mails_a_signed_link_that_shows_everything_held(client, held):
    response = client.post("/mine-data/", {"email": EMAIL, "website": ""})
    assert response.status_code == 200
    assert mail.outbox[0].to == [EMAIL]
    path = link_from_mail()
    assert path.startswith("/mine-data/")
    page = client.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mere natur, tak." in text
    assert held["past"].event.title in text
    assert "bilag.pdf" in text
    assert held["comment"].body[:30] in text
    assert OTHER not in text and "Ole" not in text


def test_the_answer_is_the_same_whether_or_not_anything_is_held(client, held):
    known = client.post("/mine-data/", {"email": EMAIL, "website": ""})
    unknown = client.post("/mine-data/", {"email": "nobody@example.org", "website": ""})
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", r.content)  # noqa: E731
    assert strip(known) == strip(unknown)
    assert len(mail.outbox) == 2  # the link goes out either way; only the mailbox owner sees it


def test_a_robot_filling_the_honeypot_gets_the_same_page_and_no_mail(client, db):
    response = client.post("/mine-data/", {"email": EMAIL, "website": "http://spam"})
    assert response.status_code == 200
    assert mail.outbox == []


@pytest.mark.parametrize(
    "email", ["", "not-an-address", "<script>@x", "a" * 300 + "@example.org", "a\x00@b.dk"]
)
def test_bad_addresses_get_a_message_next_to_the_field_and_no_mail(client, db, email):
    response = client.post("/mine-data/", {"email": email, "website": ""})
    assert response.status_code == 400
    assert (
        b'aria-describedby="id_email' in response.content or b"id_email_error" in response.content
    )
    assert mail.outbox == []


def test_the_request_form_is_rate_limited(client, db):
    for _ in range(5):
        client.post("/mine-data/", {"email": "", "website": ""})
    assert client.post("/mine-data/", {"email": EMAIL, "website": ""}).status_code == 429


def test_a_forged_token_is_refused(client, held):
    token = gdpr.gdpr_token_make(email=EMAIL)
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    for name in ("privacy:data-detail", "privacy:data-export"):
        assert client.get(reverse(name, kwargs={"token": forged})).status_code == 410
    response = client.post(
        reverse("privacy:data-delete", kwargs={"token": forged}), {"confirm": "on"}
    )
    assert response.status_code == 410
    assert HearingResponse.objects.get(pk=held["response"].pk).email == EMAIL


def test_the_link_expires_after_24_hours(client, held):
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=25), tick=False):
        token = gdpr.gdpr_token_make(email=EMAIL)
    assert client.get(reverse("privacy:data-detail", kwargs={"token": token})).status_code == 410
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=23), tick=False):
        token = gdpr.gdpr_token_make(email=EMAIL)
    assert client.get(reverse("privacy:data-detail", kwargs={"token": token})).status_code == 200


def test_the_json_export_holds_everything_and_only_this_person(client, held):
    token = gdpr.gdpr_token_make(email=EMAIL)
    response = client.get(reverse("privacy:data-export", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert len(data["comments"]) == 1 and data["comments"][0]["name"] == "Sara Jensen"
    assert {r["diet"] for r in data["registrations"]} == {"Vegetar", ""}
    assert data["hearing_responses"][0]["attachments"] == ["bilag.pdf"]
    assert OTHER not in response.content.decode()


def test_erasure_needs_the_box_ticked(client, held):
    response = client.post(
        reverse("privacy:data-delete", kwargs={"token": gdpr.gdpr_token_make(email=EMAIL)}), {}
    )
    assert response.status_code == 400
    assert Comment.objects.get(pk=held["comment"].pk).email != ""


def test_erasure_anonymises_keeps_the_record_and_moves_the_waiting_list(
    client, held, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    path = held["attachment"].file.name
    token = gdpr.gdpr_token_make(email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:data-delete", kwargs={"token": token}), {"confirm": "on"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:deletion-detail")

    comment = Comment.objects.get(pk=held["comment"].pk)
    assert (comment.email, comment.author_id) == ("", None)
    assert comment.author_name == "Slettet af forfatteren"
    assert comment.body == held["comment"].body
    assert not comment.history.filter(email__iexact=EMAIL).exists()
    assert not comment.history.filter(author_name="Sara Jensen").exists()

    assert not Registration.objects.filter(pk=held["future"].pk).exists()
    assert not Registration.history.filter(id=held["future"].pk).exists()
    waiting = Registration.objects.get(pk=held["waiting"].pk)
    assert waiting.status == Registration.Status.CONFIRMED  # promoted into the freed seat
    past = Registration.objects.get(pk=held["past"].pk)
    assert (past.name, past.email, past.diet) == ("", "", "")
    assert not Registration.history.filter(name="Sara Jensen").exists()

    response_row = HearingResponse.objects.get(pk=held["response"].pk)
    assert (response_row.name, response_row.email) == ("", "")
    assert response_row.text == "Mere natur, tak."
    assert response_row.anonymised_at is not None
    assert not HearingAttachment.objects.filter(pk=held["attachment"].pk).exists()
    assert not default_storage.exists(path)

    # Other people's data is untouched.
    assert Comment.objects.get(pk=held["other_comment"].pk).email == OTHER
    assert HearingResponse.objects.get(pk=held["other_response"].pk).email == OTHER

    # The link now shows nothing left.
    data = gdpr.personal_data_export(email=EMAIL)
    assert data["comments"] == data["registrations"] == data["hearing_responses"] == []
    assert client.get(reverse("privacy:deletion-detail")).status_code == 200


def test_after_erasure_the_version_page_shows_the_anonymised_name_not_a_cached_copy(
    client, held, published_version
):
    """The page and its ETag are cached; erasure must retire both, or the name stays public."""
    url = published_version.get_absolute_url()
    first = client.get(url)
    assert "Sara Jensen" in first.content.decode()
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    client.post(
        reverse("privacy:data-delete", kwargs={"token": gdpr.gdpr_token_make(email=EMAIL)}),
        {"confirm": "on"},
    )

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag
    html = again.content.decode()
    assert "Sara Jensen" not in html
    assert "Slettet af forfatteren" in html
    assert "Ole" in html  # the other person's comment is still signed


def test_erasing_twice_is_harmless(held):
    gdpr.personal_data_erase(email=EMAIL)
    result = gdpr.personal_data_erase(email=EMAIL)
    assert result == gdpr.ErasureResult()


def test_the_email_on_the_overview_is_only_the_link_holders_own(client, held):
    page = client.get(overview_path())
    found = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", page.content.decode()))
    # Besides the link holder's own address, only the municipality's help address (footer).
    assert found <= {EMAIL, "medborger@ishoj.dk"}


def test_english_pages_are_in_english(client, held):
    response = client.get("/en/mine-data/")
    assert b"Your data" in response.content
    response = client.post("/en/mine-data/", {"email": "", "website": ""})
    assert b"Write the e-mail address you used on the portal." in response.content
    client.post("/en/mine-data/", {"email": EMAIL, "website": ""})
    assert "/en/mine-data/" in mail.outbox[0].body
    assert "Open this link" in mail.outbox[0].body


def test_danish_mail_and_pages_are_in_danish(client, held):
    client.post("/mine-data/", {"email": EMAIL, "website": ""})
    assert "Åbn" in mail.outbox[0].body or "åbn" in mail.outbox[0].body
    assert "Dine data" in client.get("/mine-data/").content.decode()


@pytest.mark.parametrize(
    ("path", "link", "words"),
    [
        (
            "/privatliv/",
            'href="/mine-data/"',
            ["Automatisk sletning", "24 timer", "tre dage", "tre måneder efter arrangementet"],
        ),
        (
            "/en/privatliv/",
            'href="/en/mine-data/"',
            ["Automatic deletion", "24 hours", "three days", "three months after the event"],
        ),
    ],
)
def test_the_privacy_page_points_to_my_data_and_names_the_retention_jobs(
    client, db, path, link, words
):
    text = client.get(path).content.decode()
    assert link in text
    for word in words:
        assert word in text


def test_registrations_lose_personal_data_three_months_after_the_event(process):
    import io

    from django.core.management import call_command

    now = timezone.now()
    old = EventFactory(process=process, starts_at=now - datetime.timedelta(days=91))
    recent = EventFactory(process=process, starts_at=now - datetime.timedelta(days=89))
    gone = RegistrationFactory(event=old, name="Gammel", email=EMAIL, diet="Vegan")
    kept = RegistrationFactory(event=recent, name="Ny", email=OTHER)
    out = io.StringIO()
    call_command("purge_registrations", stdout=out)
    assert "1 registration(s)" in out.getvalue()
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.name, gone.email, gone.diet, gone.status) == ("", "", "", "confirmed")
    assert not Registration.history.filter(name="Gammel").exists()
    assert (kept.name, kept.email) == ("Ny", OTHER)
    call_command("purge_registrations", stdout=out)
    assert "0 registration(s)" in out.getvalue()


def test_comments_written_while_signed_in_are_listed_and_erased_too(client, published_version):
    """A signed-in author's comment stores the account, not an e-mail: the account's address
    must find it, or erasure would leave the name on the page."""
    from tests.conftest import make_account

    author = make_account(EMAIL, first_name="Sara", last_name="Jensen")
    comment = CommentFactory(
        section=published_version.sections.first(),
        author=author,
        author_name="Sara Jensen",
        email="",
        status=Comment.Status.PUBLISHED,
    )

    assert "Sara Jensen" in client.get(overview_path()).content.decode()
    gdpr.personal_data_erase(email=EMAIL)

    comment.refresh_from_db()
    assert comment.author is None
    assert comment.author_name == "Slettet af forfatteren"
    assert "Sara Jensen" not in client.get(published_version.get_absolute_url()).content.decode()


def test_erasure_also_deletes_the_mails_sent_to_the_address(held):
    from medborger.mail import mail_send
    from medborger.models import OutgoingMail

    mail_send(to=EMAIL, template="privacy/emails/my_data_link", context={"hours": 24})
    mail_send(to="other@example.org", template="privacy/emails/my_data_link", context={"hours": 1})
    assert OutgoingMail.objects.filter(to=EMAIL).exists()
    gdpr.personal_data_erase(email=EMAIL.upper())
    kept = set(OutgoingMail.objects.values_list("to", flat=True))
    assert EMAIL not in kept and "other@example.org" in kept


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/privatliv/", ["e-mails, portalen har sendt dig", "30 dage"]),
        ("/en/privatliv/", ["30 days"]),
    ],
)
def test_the_privacy_page_says_how_long_sent_mails_are_kept(client, db, path, words):
    text = client.get(path).content.decode()
    assert all(word in text for word in words)


def test_the_purges_run_from_the_privacy_app_on_the_schedule(settings):
    from django.utils.module_loading import import_string

    for job in ("hearing-data-purge", "registrations-purge"):
        path, _when = settings.TASK_SCHEDULE[job]
        assert path.startswith("privacy.tasks.")
        assert callable(import_string(path).enqueue)


def test_erasure_goes_through_engagements_registration_service(monkeypatch):
    calls = []
    real = gdpr.registrations_erase

    def spy(**kwargs):
        calls.append(kwargs["email"])
        return real(**kwargs)

    monkeypatch.setattr(gdpr, "registrations_erase", spy)
    gdpr.personal_data_erase(email=EMAIL)
    assert calls == [EMAIL]


def test_the_overview_tables_scroll_inside_the_page_on_a_phone(client, held):
    """Wide tables sit in a focusable scroll box, so a 390 px page does not scroll sideways."""
    content = client.get(overview_path()).content.decode()
    tables = content.count("<table")
    assert tables == 3
    assert content.count('<div class="table--responsive-scroll" tabindex="0">\n<table') == tables
