"""Responding to a hearing: stored before acknowledged, one receipt per response, no duplicates,
and every bad input refused with a clear message and nothing saved."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hearing import services as hearing_services
from hearing.models import HearingAttachment, HearingResponse
from hearing.uploads import MAX_ATTACHMENT_BYTES, minimal_docx, minimal_odt
from tests.hearing.conftest import PDF_BYTES, PNG_BYTES, hearing_data, upload

pytestmark = pytest.mark.django_db

TRACKING = re.compile(r"^H-\d{4}-[2-9A-HJKMNP-Z]{8}$")


def _url(hearing) -> str:
    return reverse("hearing:hearing-detail", kwargs={"policy": hearing.process.policy.slug})


def _nothing_saved() -> None:
    assert HearingResponse.objects.count() == 0
    assert HearingAttachment.objects.count() == 0
    assert mail.outbox == []


def test_public_page_shows_the_version_deadline_and_form_while_open(client, hearing):
    response = client.get(_url(hearing))
    assert response.status_code == 200
    html = response.content.decode()
    version_url = reverse(
        "policy:version-detail",
        kwargs={"policy": hearing.process.policy.slug, "number": hearing.version.number},
    )
    assert version_url in html
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'name="idempotency_key" value="[0-9a-f]{32}"', html)
    assert 'aria-current="page">Høring<' in html


def test_public_page_without_a_hearing_says_so(client, policy):
    response = client.get(reverse("hearing:hearing-detail", kwargs={"policy": policy.slug}))
    assert response.status_code == 200
    assert "ingen offentlig høring" in response.content.decode()


def test_citizen_response_with_attachment_is_stored_and_receipt_mailed(client, hearing):
    response = client.post(
        _url(hearing), {**hearing_data(), "attachments": [upload(), upload("kort.png", PNG_BYTES)]}
    )
    stored = HearingResponse.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/hoering/kvittering/{stored.tracking}/"
    assert TRACKING.match(stored.tracking)
    assert stored.name == "Bente Borger" and stored.email == "bente@example.org"
    assert stored.consent_to_publish and stored.channel == "web"
    attachments = list(stored.attachments.order_by("kind"))
    assert [a.kind for a in attachments] == ["pdf", "png"]
    with default_storage.open(attachments[0].file.name) as handle:
        assert handle.read() == PDF_BYTES
    assert stored.receipt_sent_at is not None
    [receipt] = mail.outbox
    assert receipt.to == ["bente@example.org"]
    assert stored.tracking in receipt.subject and stored.tracking in receipt.body
    assert "frivillighed skal fylde mere" in receipt.body  # a copy of what was received
    assert "svar.pdf" in receipt.body
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert stored.tracking in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex"
    assert "bente@example.org" not in page.content.decode()


def test_docx_and_odt_are_recognised_by_their_content(client, hearing):
    files = [
        upload("brev.docx", minimal_docx(), "application/octet-stream"),
        upload("brev.odt", minimal_odt(), "application/octet-stream"),
    ]
    response = client.post(_url(hearing), {**hearing_data(), "attachments": files})
    assert response.status_code == 302
    kinds = sorted(HearingAttachment.objects.values_list("kind", flat=True))
    assert kinds == ["docx", "odt"]


def test_double_submit_with_the_same_key_stores_one_response_and_one_receipt(client, hearing):
    data = hearing_data()
    first = client.post(_url(hearing), data)
    second = client.post(_url(hearing), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert HearingResponse.objects.count() == 1
    assert len(mail.outbox) == 1


def test_two_different_submissions_get_distinct_tracking_numbers(client, hearing):
    client.post(_url(hearing), hearing_data())
    client.post(_url(hearing), hearing_data(email="anden@example.org"))
    numbers = set(HearingResponse.objects.values_list("tracking", flat=True))
    assert len(numbers) == 2


def test_a_taken_tracking_number_is_drawn_again(hearing, monkeypatch):
    from tests.hearing.factories import HearingResponseFactory

    HearingResponseFactory(hearing=hearing, tracking="H-2026-AAAAAAAA")
    draws = iter(["H-2026-AAAAAAAA", "H-2026-BBBBBBBB"])
    monkeypatch.setattr(hearing_services, "tracking_number_new", lambda now=None: next(draws))
    response, created = hearing_services.response_submit(
        hearing_id=hearing.pk,
        idempotency_key="a" * 32,
        data=hearing_services.ResponseInput(kind="person", name="X", text="Tekst", email="x@e.dk"),
    )
    assert created and response.tracking == "H-2026-BBBBBBBB"


def test_late_response_is_refused_by_the_server_with_a_clear_message(client, hearing):
    data = hearing_data()
    with time_machine.travel(hearing.closes_at + datetime.timedelta(seconds=1)):
        response = client.post(_url(hearing), data)
    assert response.status_code == 400
    assert "Høringen sluttede" in response.content.decode()
    _nothing_saved()


def test_late_response_refused_in_the_service_even_if_the_view_thought_it_open(hearing):
    with (
        time_machine.travel(hearing.closes_at + datetime.timedelta(minutes=1)),
        pytest.raises(hearing_services.HearingError) as error,
    ):
        hearing_services.response_submit(
            hearing_id=hearing.pk,
            idempotency_key="b" * 32,
            data=hearing_services.ResponseInput(kind="person", name="X", text="Sent"),
        )
    assert error.value.code == "closed"
    assert HearingResponse.objects.count() == 0


def test_after_the_deadline_the_page_shows_no_form(client, hearing):
    hearing.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    hearing.save()
    html = client.get(_url(hearing)).content.decode()
    assert "multipart/form-data" not in html
    assert "Høringen sluttede" in html


def test_before_opening_the_form_is_not_shown_and_posts_are_refused(client, hearing):
    hearing.opens_at = timezone.now() + datetime.timedelta(days=1)
    hearing.closes_at = timezone.now() + datetime.timedelta(days=10)
    hearing.save()
    assert "multipart/form-data" not in client.get(_url(hearing)).content.decode()
    assert client.post(_url(hearing), hearing_data()).status_code == 400
    _nothing_saved()


def _refused(client, hearing, data, message: str, files=None) -> None:
    payload = {**data}
    if files is not None:
        payload["attachments"] = files
    response = client.post(_url(hearing), payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    _nothing_saved()


def test_oversize_attachment_is_refused(client, hearing):
    big = upload("stor.pdf", PDF_BYTES + b"0" * MAX_ATTACHMENT_BYTES)
    _refused(client, hearing, hearing_data(), "er for stor", [big])


def test_exe_renamed_to_pdf_is_refused(client, hearing):
    exe = upload("svar.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "application/pdf")
    _refused(client, hearing, hearing_data(), "Filens indhold bliver kontrolleret", [exe])


def test_zip_renamed_to_docx_is_refused(client, hearing):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", b"MZ")
    _refused(
        client,
        hearing,
        hearing_data(),
        "Filens indhold bliver kontrolleret",
        [upload("brev.docx", buffer.getvalue())],
    )


def test_html_file_renamed_to_png_is_refused(client, hearing):
    fake = upload("billede.png", b"<script>alert(1)</script>", "image/png")
    _refused(client, hearing, hearing_data(), "Filens indhold bliver kontrolleret", [fake])


def test_a_request_larger_than_five_full_attachments_is_refused_unread(client, hearing):
    from hearing.views import MAX_REQUEST_BYTES

    response = client.generic(
        "POST",
        _url(hearing),
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=zzz",
        CONTENT_LENGTH=str(MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413
    assert "for stort" in response.content.decode()
    _nothing_saved()


def test_more_than_five_attachments_are_refused(client, hearing):
    files = [upload(f"bilag{i}.pdf") for i in range(6)]
    _refused(client, hearing, hearing_data(), "højst 5 filer", files)


def test_empty_attachment_is_refused(client, hearing):
    _refused(client, hearing, hearing_data(), "er tom", [upload("tom.pdf", b"")])


def test_missing_consent_choice_is_refused(client, hearing):
    data = hearing_data()
    del data["consent"]
    _refused(client, hearing, data, "Vælg, om dit høringssvar må offentliggøres")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "Se <img src=x onerror=alert(1)>",
        'Klik <a href="javascript:alert(1)">her</a>',
    ],
)
def test_script_in_the_text_is_refused(client, hearing, text):
    _refused(client, hearing, hearing_data(text=text), "uden HTML- eller scriptkode")


def test_plain_text_with_angle_brackets_is_fine_and_escaped(client, hearing):
    client.post(_url(hearing), hearing_data(text="Udgifter < 5 % og > 2 %"))
    stored = HearingResponse.objects.get()
    assert stored.text == "Udgifter < 5 % og > 2 %"
    html = client.get(stored.get_absolute_url()).content.decode()
    assert "Udgifter &lt; 5 % og &gt; 2 %" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", "", "Dette felt er påkrævet"),
        ("text", "   ", "Dette felt er påkrævet"),
        ("text", "x" * 20001, "højst have 20000 tegn"),
        ("name", "", "Dette felt er påkrævet"),
        ("name", "Bente\u202eBorger", "usynlige kontroltegn"),
        ("email", "ikke-en-adresse", "gyldig e-mail-adresse"),
        ("kind", "robot", "Marker en gyldig valgmulighed"),
        ("idempotency_key", "x" * 32, "Genindlæs siden"),
        ("website", "http://spam.example", "Lad dette felt stå tomt"),
    ],
)
def test_bad_fields_get_a_clear_message_and_nothing_is_saved(
    client, hearing, field, value, message
):
    _refused(client, hearing, hearing_data(**{field: value}), message)


def test_organisation_is_required_when_responding_on_behalf_of_one(client, hearing):
    _refused(client, hearing, hearing_data(kind="organisation"), "Skriv navnet på organisationen")


def test_odd_unicode_names_are_accepted(client, hearing):
    name = "Zoë Ørsted-Ålund محمد 李"
    assert client.post(_url(hearing), hearing_data(name=name)).status_code == 302
    assert HearingResponse.objects.get().name == name


@pytest.mark.parametrize(
    "tracking",
    [
        "H-2026-AAAAAAAA",
        "h-2026-aaaaaaaa",
        "H-2026-0000OOOO",
        "../../etc",
        "H-٢٠٢٦-AAAAAAAA",
        "x" * 300,
    ],
)
def test_forged_or_malformed_tracking_number_is_not_found(client, hearing, tracking):
    response = client.get(f"/hoering/kvittering/{tracking}/")
    assert response.status_code == 404


class _FailingBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_when_mail_fails_the_response_is_kept_receipt_shows_and_failure_is_recorded(
    client, hearing, settings, coordinator
):
    settings.EMAIL_BACKEND = "tests.hearing.test_respond._FailingBackend"
    response = client.post(_url(hearing), {**hearing_data(), "attachments": [upload()]})
    assert response.status_code == 302
    stored = HearingResponse.objects.get()
    assert stored.receipt_sent_at is None
    assert stored.receipt_attempts == 1
    assert "mail server down" in stored.receipt_error
    page = client.get(response["Location"])
    assert page.status_code == 200 and stored.tracking in page.content.decode()
    # Staff see it in the list.
    client.force_login(coordinator)
    staff = client.get(
        reverse(
            "hearing:staff-hearing-detail",
            kwargs={"policy": hearing.process.policy.slug, "pk": hearing.pk},
        )
        + "?vis=kvittering"
    )
    assert stored.tracking in staff.content.decode()
    assert "kunne ikke sendes" in staff.content.decode()
    # The mail server is back: the scheduled mail retry sends it once its pause has run out,
    # and only once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("run_job", "mail-retry", stdout=io.StringIO())
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        call_command("run_job", "mail-retry", stdout=io.StringIO())
        call_command("run_job", "mail-retry", stdout=io.StringIO())
    stored.refresh_from_db()
    assert stored.receipt_sent_at is not None and stored.receipt_error == ""
    assert stored.receipt_attempts == 2
    assert [m.to for m in mail.outbox] == [["bente@example.org"]]


def test_coordinator_can_retry_failed_receipts_from_the_list(
    client, hearing, settings, coordinator
):
    settings.EMAIL_BACKEND = "tests.hearing.test_respond._FailingBackend"
    client.post(_url(hearing), hearing_data())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(coordinator)
    url = reverse(
        "hearing:staff-receipts-retry",
        kwargs={"policy": hearing.process.policy.slug, "pk": hearing.pk},
    )
    response = client.post(url, follow=True)
    assert "1 e-mails sendt" in response.content.decode()
    assert HearingResponse.objects.get().receipt_sent_at is not None


def test_with_a_worker_the_coordinator_is_told_the_receipts_are_being_sent_again(
    client, hearing, settings, coordinator
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.post(_url(hearing), hearing_data())
    client.force_login(coordinator)
    url = reverse(
        "hearing:staff-receipts-retry",
        kwargs={"policy": hearing.process.policy.slug, "pk": hearing.pk},
    )
    page = client.post(url, follow=True).content.decode()
    assert "1 e-mails bliver sendt igen. Genindlæs siden om et minut" in page
    assert mail.outbox == []  # the worker sends it


def test_storage_files_are_removed_when_the_transaction_fails(hearing, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hearing.uploads import check_upload

    checked = check_upload(SimpleUploadedFile("a.pdf", PDF_BYTES))
    saved = []
    original_save = default_storage.save

    def spy(name, content, **kwargs):
        path = original_save(name, content, **kwargs)
        saved.append(path)
        return path

    monkeypatch.setattr(default_storage, "save", spy)
    monkeypatch.setattr(
        HearingAttachment.objects, "bulk_create", lambda *a, **k: (_ for _ in ()).throw(OSError)
    )
    with pytest.raises(OSError):
        hearing_services.response_submit(
            hearing_id=hearing.pk,
            idempotency_key="c" * 32,
            data=hearing_services.ResponseInput(kind="person", name="X", text="T", files=[checked]),
        )
    assert saved and not default_storage.exists(saved[0])
    assert HearingResponse.objects.count() == 0


def test_english_form_gives_english_errors_and_receipt(client, hearing):
    url = "/en" + _url(hearing)  # reversed while Danish is active
    response = client.post(url, hearing_data(text="<script>x</script>"))
    assert "without HTML or script code" in response.content.decode()
    client.post(url, hearing_data(email="eng@example.org"))
    [receipt] = mail.outbox
    assert receipt.subject.startswith("Receipt for your hearing response")
    assert "/en/hoering/kvittering/" in receipt.body


@pytest.mark.django_db(transaction=True)
def test_a_stored_response_is_acknowledged_even_if_the_database_goes_before_the_receipt(
    client, hearing, monkeypatch, caplog
):
    """The receipt is recorded with the response and enqueued after the commit; if the
    database is gone by then, the response is still stored with its attachment, the citizen
    still gets the receipt page, and the mail retry job sends the e-mail later."""
    from django.db import OperationalError

    from medborger import mail as mail_module

    def database_gone(mail_id, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(mail_module, "_enqueue", database_gone)
    response = client.post(_url(hearing), {**hearing_data(), "attachments": [upload()]})
    assert response.status_code == 302
    stored = HearingResponse.objects.get()
    assert response["Location"] == stored.get_absolute_url()
    assert default_storage.exists(stored.attachments.get().file.name)
    assert stored.receipt_sent_at is None and mail.outbox == []
    assert "server closed the connection" in caplog.text
    monkeypatch.undo()
    call_command("run_job", "mail-retry", stdout=io.StringIO())
    stored.refresh_from_db()
    assert stored.receipt_sent_at is not None
    assert [m.to for m in mail.outbox] == [["bente@example.org"]]
