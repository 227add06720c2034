"""The coordinator opens a hearing on an approved version, registers letters, publishes or
withholds responses, answers them, and publishes the høringsnotat; personal data stays private."""

from __future__ import annotations

import csv
import datetime
import io

import pypdf
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hearing import services
from hearing.models import Hearing, HearingAttachment, HearingResponse
from policy.models import Section
from tests.factories import published_version_with_sections
from tests.hearing.conftest import PDF_BYTES, hearing_data, upload
from tests.hearing.factories import HearingResponseFactory

pytestmark = pytest.mark.django_db


def _staff(name: str, hearing, **kwargs) -> str:
    return reverse(
        f"hearing:{name}",
        kwargs={"policy": hearing.process.policy.slug, "pk": hearing.pk, **kwargs},
    )


def _public(hearing) -> str:
    return reverse("hearing:hearing-detail", kwargs={"policy": hearing.process.policy.slug})


def _open_data(version, **overrides) -> dict:
    now = timezone.localtime()
    data = {
        "version": version.pk,
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=21)).strftime("%Y-%m-%dT%H:%M"),
        "publication_rule": "after_review",
        "delete_after": (now + datetime.timedelta(days=400)).strftime("%Y-%m-%d"),
        "intro": "Kom med dit høringssvar.",
    }
    data.update(overrides)
    return data


# --- Opening ---------------------------------------------------------------------------------


def test_coordinator_opens_a_hearing_on_an_approved_version(client, coordinator, approved_version):
    client.force_login(coordinator)
    url = reverse("hearing:staff-hearing-list", kwargs={"policy": "medborgerpolitik"})
    response = client.post(url, _open_data(approved_version))
    hearing = Hearing.objects.get()
    assert response.status_code == 302
    assert hearing.version == approved_version and hearing.created_by == coordinator
    assert hearing.is_open


def test_coordinator_cannot_open_a_hearing_on_an_unapproved_version(
    client, coordinator, published_version
):
    client.force_login(coordinator)
    url = reverse("hearing:staff-hearing-list", kwargs={"policy": "medborgerpolitik"})
    response = client.post(url, _open_data(published_version))
    assert response.status_code == 400
    assert "er ikke godkendt af styregruppen" in response.content.decode()
    assert Hearing.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_at": "2000-01-01T10:00"}, "Høringen skal slutte, efter at den åbner"),
        ({"delete_after": "2000-01-01"}, "Sletningsdatoen skal ligge efter høringsfristen"),
        ({"publication_rule": "sometimes"}, "Marker en gyldig valgmulighed"),
        ({"opens_at": "i morgen"}, "Indtast gyldig dato/tid"),
        ({"intro": "<b>\u0000</b>"}, "Null-tegn er ikke tilladt"),
    ],
)
def test_opening_a_hearing_with_bad_input_saves_nothing(
    client, coordinator, approved_version, overrides, message
):
    client.force_login(coordinator)
    url = reverse("hearing:staff-hearing-list", kwargs={"policy": "medborgerpolitik"})
    response = client.post(url, _open_data(approved_version, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Hearing.objects.count() == 0


def test_version_of_another_policy_cannot_be_chosen(client, coordinator, approved_version):
    other = published_version_with_sections(sections=1)
    client.force_login(coordinator)
    url = reverse("hearing:staff-hearing-list", kwargs={"policy": "medborgerpolitik"})
    response = client.post(url, _open_data(other))
    assert response.status_code == 400
    assert Hearing.objects.count() == 0


def test_steering_member_sees_hearings_but_gets_no_open_form(client, steering_member, hearing):
    client.force_login(steering_member)
    url = reverse("hearing:staff-hearing-list", kwargs={"policy": "medborgerpolitik"})
    html = client.get(url).content.decode()
    assert "Åbn en høring" not in html
    assert client.post(url, _open_data(hearing.version)).status_code == 403


# --- Staff intake ----------------------------------------------------------------------------


def test_coordinator_registers_a_letter_with_its_scan_and_a_tracking_number(
    client, coordinator, hearing
):
    client.force_login(coordinator)
    response = client.post(
        _staff("staff-response-create", hearing),
        {
            "channel": "letter",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kind": "organisation",
            "name": "Kirsten Kasserer",
            "organisation": "Ishøj Idrætsforening",
            "email": "",
            "text": "Vi vil gerne nævnes under frivillighed.",
            "language": "da",
            "scan": [upload("scan.pdf")],
        },
    )
    stored = HearingResponse.objects.get()
    assert response.status_code == 302
    assert stored.channel == "letter" and stored.entered_by == coordinator
    assert stored.tracking.startswith("H-")
    [scan] = stored.attachments.all()
    assert scan.is_scan
    assert mail.outbox == []  # no e-mail address, so no receipt


def test_letter_intake_with_a_disguised_scan_saves_nothing(client, coordinator, hearing):
    client.force_login(coordinator)
    response = client.post(
        _staff("staff-response-create", hearing),
        {
            "channel": "email",
            "received_at": "2026-04-10T10:00",
            "kind": "person",
            "name": "A",
            "text": "B",
            "language": "da",
            "scan": [upload("scan.pdf", b"MZ" + b"\0" * 100)],
        },
    )
    assert response.status_code == 400
    assert HearingResponse.objects.count() == 0


# --- Publication -----------------------------------------------------------------------------


def test_after_review_responses_show_only_once_staff_publish_them(client, coordinator, hearing):
    client.post(_public(hearing), {**hearing_data(), "attachments": [upload()]})
    stored = HearingResponse.objects.get()
    assert "frivillighed skal fylde mere" not in client.get(_public(hearing)).content.decode()
    client.force_login(coordinator)
    client.post(_staff("staff-response-publish", hearing, response_pk=stored.pk))
    client.logout()
    html = client.get(_public(hearing)).content.decode()
    assert "frivillighed skal fylde mere" in html
    assert "Bente Borger" in html
    assert "bente@example.org" not in html
    attachment = stored.attachments.get()
    download = client.get(reverse("hearing:attachment-detail", kwargs={"pk": attachment.pk}))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_at_once_rule_publishes_on_confirmation_and_protected_names_are_hidden(client, hearing):
    hearing.publication_rule = Hearing.PublicationRule.AT_ONCE
    hearing.save()
    client.post(_public(hearing), hearing_data(name="Hemmelig Person", name_protected="on"))
    client.post(_public(hearing), hearing_data(name="Nej Tak", consent="no", text="Privat svar"))
    for response in HearingResponse.objects.all():  # each sender follows the receipt's link
        token = services.confirm_token_make(response=response)
        client.post(reverse("hearing:confirmation-update", kwargs={"token": token}))
    assert HearingResponse.objects.filter(status="published").count() == 1
    html = client.get(_public(hearing)).content.decode()
    assert "Navne- og adressebeskyttet" in html
    assert "Hemmelig Person" not in html
    assert "Privat svar" not in html and "Nej Tak" not in html
    assert "bente@example.org" not in html


def test_do_not_publish_rule_shows_no_responses_and_refuses_publishing(
    client, coordinator, hearing
):
    hearing.publication_rule = Hearing.PublicationRule.NONE
    hearing.save()
    response = HearingResponseFactory(hearing=hearing, status="published")
    html = client.get(_public(hearing)).content.decode()
    assert response.text not in html
    assert "consent" not in html  # no consent question when nothing is published
    client.force_login(coordinator)
    page = client.post(
        _staff("staff-response-publish", hearing, response_pk=response.pk), follow=True
    )
    assert "offentliggør ikke høringssvar" in page.content.decode()


def test_attachments_of_unpublished_responses_and_scans_are_never_public(client, hearing):
    unpublished = HearingResponseFactory(hearing=hearing)
    scanned = HearingResponseFactory(hearing=hearing, status="published")
    for response, is_scan in ((unpublished, False), (scanned, True)):
        attachment = HearingAttachment.objects.create(
            response=response,
            file="hearing/x.pdf",
            original_name="x.pdf",
            kind="pdf",
            size=1,
            sha256="0" * 64,
            is_scan=is_scan,
        )
        url = reverse("hearing:attachment-detail", kwargs={"pk": attachment.pk})
        assert client.get(url).status_code == 404


def test_coordinator_withholds_a_published_response_with_a_reason(client, coordinator, hearing):
    response = HearingResponseFactory(hearing=hearing, status="published", text="Grimt sprog")
    assert "Grimt sprog" in client.get(_public(hearing)).content.decode()
    client.force_login(coordinator)
    url = _staff("staff-response-withhold", hearing, response_pk=response.pk)
    client.post(url, {"reason": ""})
    response.refresh_from_db()
    assert response.status == "published"  # no reason, no change
    client.post(url, {"reason": "Krænkende indhold"})
    response.refresh_from_db()
    assert response.status == "withheld" and response.withheld_reason == "Krænkende indhold"
    client.logout()
    assert "Grimt sprog" not in client.get(_public(hearing)).content.decode()


def test_staff_download_of_an_attachment_is_an_attachment(client, project_member, hearing):
    client.post(_public(hearing), {**hearing_data(), "attachments": [upload()]})
    attachment = HearingAttachment.objects.get()
    client.force_login(project_member)
    response = client.get(_staff("staff-attachment-detail", hearing, attachment_pk=attachment.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="svar.pdf"'
    assert response["Content-Type"] == "application/pdf"
    b"".join(response.streaming_content)


# --- Answering and the høringsnotat ---------------------------------------------------------


def _answer(client, hearing, response, **overrides):
    data = {
        "summary": "Ønsker mere om frivillighed.",
        "comment": "Afsnittet er udvidet.",
        "led_to_change": "on",
        "section": hearing.version.sections.first().pk,
        "theme": "",
    }
    data.update(overrides)
    return client.post(_staff("staff-response-detail", hearing, response_pk=response.pk), data)


def test_change_needs_a_section_of_the_version_under_hearing(client, coordinator, hearing):
    response = HearingResponseFactory(hearing=hearing)
    client.force_login(coordinator)
    assert _answer(client, hearing, response, section="").status_code == 400
    other_section = published_version_with_sections(sections=1).sections.get()
    assert _answer(client, hearing, response, section=other_section.pk).status_code == 400
    response.refresh_from_db()
    assert response.answered_at is None
    assert _answer(client, hearing, response).status_code == 302
    response.refresh_from_db()
    assert response.answered_at and response.led_to_change
    assert response.section.version_id == hearing.version_id


def test_steering_member_may_read_but_not_answer(client, steering_member, hearing):
    response = HearingResponseFactory(hearing=hearing)
    client.force_login(steering_member)
    url = _staff("staff-response-detail", hearing, response_pk=response.pk)
    page = client.get(url)
    assert page.status_code == 200 and response.email in page.content.decode()
    assert "Gem besvarelsen" not in page.content.decode()
    assert _answer(client, hearing, response).status_code == 403


@pytest.fixture
def answered(hearing, coordinator, client):
    sections = list(hearing.version.sections.order_by("order"))
    first = HearingResponseFactory(hearing=hearing, name="Anna", email="anna@example.org")
    second = HearingResponseFactory(
        hearing=hearing,
        kind="organisation",
        organisation="Ishøj Ældreråd",
        email="raad@example.org",
    )
    third = HearingResponseFactory(hearing=hearing, name="Skjult", name_protected=True)
    client.force_login(coordinator)
    _answer(client, hearing, first, section=sections[1].pk)
    _answer(client, hearing, second, section=sections[1].pk, led_to_change="")
    _answer(client, hearing, third, section="", led_to_change="", summary="Generelt ros")
    hearing.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    hearing.save()
    return hearing, sections


def test_notat_groups_by_section_with_counts(client, answered):
    hearing, sections = answered
    html = client.get(_staff("staff-notat-detail", hearing)).content.decode()
    assert f"{sections[1].order}. {sections[1].heading}" in html
    assert "2 bemærkninger" in html and "1 fører til ændring" in html
    assert "Generelle bemærkninger" in html
    assert "Skjult" not in html and "Navne- og adressebeskyttet" in html
    assert "anna@example.org" not in html


def test_notat_pdf_and_csv_hold_every_answer(client, answered):
    hearing, sections = answered
    response = client.get(_staff("staff-notat-pdf", hearing))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Høringsnotat" in text and "Ishøj Ældreråd" in text
    assert sections[1].heading in text and "Generelt ros" in text
    assert reader.trailer["/Root"]["/Lang"] == "da"
    content = client.get(_staff("staff-notat-csv", hearing)).content
    assert content.startswith("\ufeffNr.;Afsender;".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Nr." and len(rows) == 4
    assert "anna@example.org" not in str(rows)


def test_publishing_the_notat_mails_each_respondent_a_link_to_their_answer(client, answered):
    hearing, _sections = answered
    public_notat = reverse("hearing:notat-detail", kwargs={"policy": "medborgerpolitik"})
    assert client.get(public_notat).status_code == 404
    mail.outbox.clear()
    client.post(_staff("staff-notat-publish", hearing))
    hearing.refresh_from_db()
    assert hearing.notat_published_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        hearing.responses.values_list("email", flat=True)
    )
    anna = hearing.responses.get(email="anna@example.org")
    [message] = [m for m in mail.outbox if m.to == ["anna@example.org"]]
    assert f"/hoering/kvittering/{anna.tracking}/#svar" in message.body
    client.logout()
    receipt = client.get(anna.get_absolute_url()).content.decode()
    assert 'id="svar"' in receipt and "Afsnittet er udvidet." in receipt
    assert client.get(public_notat).status_code == 200
    pdf = client.get(reverse("hearing:notat-pdf", kwargs={"policy": "medborgerpolitik"}))
    assert pdf.content.startswith(b"%PDF")
    # Publishing twice mails nobody twice.
    mail.outbox.clear()
    from hearing.services import notat_publish

    notat_publish(hearing=hearing)
    assert mail.outbox == []


def test_notat_cannot_be_published_while_the_hearing_is_open(client, coordinator, hearing):
    client.force_login(coordinator)
    client.post(_staff("staff-notat-publish", hearing))
    hearing.refresh_from_db()
    assert hearing.notat_published_at is None


def test_answers_of_a_frozen_section_stay_linked_by_section(hearing):
    assert Section.objects.filter(version=hearing.version).count() == 3


class _FailingBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise TimeoutError("smtp timeout")


def test_failed_answer_mails_are_shown_to_staff_and_sent_again(client, answered, settings):
    hearing, _sections = answered
    settings.EMAIL_BACKEND = "tests.hearing.test_staff._FailingBackend"
    client.post(_staff("staff-notat-publish", hearing))
    hearing.refresh_from_db()
    assert hearing.notat_published_at is not None
    assert hearing.responses.filter(answer_mail_sent_at__isnull=True).count() == 3
    page = client.get(_staff("staff-hearing-detail", hearing)).content.decode()
    assert "3 afsendere har endnu ikke fået besked" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    client.post(_staff("staff-receipts-retry", hearing))
    answers = [m for m in mail.outbox if "Sådan er dit høringssvar brugt" in m.subject]
    assert len(answers) == 3
    assert hearing.responses.filter(answer_mail_sent_at__isnull=True).count() == 0
