"""A protected sender's name must not leak through the name of an attached file.

People name their files after themselves ("Høringssvar fra <name>, <address>.pdf"). When a
response is marked "name and address protected", the public page and the public download call
its files "Bilag 1.pdf", "Bilag 2.pdf"; staff keep the original names.
"""

from __future__ import annotations

import csv
import io

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from hearing.models import HearingAttachment
from tests.hearing.conftest import PDF_BYTES, PNG_BYTES
from tests.hearing.factories import HearingResponseFactory

pytestmark = pytest.mark.django_db

SENDER = "Hanne Hemmelig"
ADDRESS = "Strandvejen 17"
FILE_NAMES = [f"Høringssvar fra {SENDER}, {ADDRESS}.pdf", f"Kort over {ADDRESS}.png"]


def _attach(response, name: str, data: bytes, kind: str) -> HearingAttachment:
    attachment = HearingAttachment(
        response=response, original_name=name, kind=kind, size=len(data), sha256="0" * 64
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def _published(hearing, *, protected: bool, name: str = SENDER):
    response = HearingResponseFactory(
        hearing=hearing,
        name=name,
        email="hanne@example.org",
        name_protected=protected,
        status="published",
        published_at=timezone.now(),
        summary="Mere tryghed ved stranden.",
        comment="Forvaltningen tager det med.",
    )
    files = [
        _attach(response, FILE_NAMES[0], PDF_BYTES, "pdf"),
        _attach(response, FILE_NAMES[1], PNG_BYTES, "png"),
    ]
    return response, files


def _hearing_page(client, hearing, prefix: str = "") -> str:
    url = prefix + reverse("hearing:hearing-detail", kwargs={"policy": "medborgerpolitik"})
    return client.get(url).content.decode()


def _disposition(client, attachment, prefix: str = "") -> str:
    url = prefix + reverse("hearing:attachment-detail", kwargs={"pk": attachment.pk})
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    return response["Content-Disposition"]


def _assert_no_trace_of_the_sender(text: str) -> None:
    for secret in (SENDER, "Hemmelig", ADDRESS, "Strandvejen"):
        assert secret not in text, secret


def test_public_page_names_a_protected_senders_files_bilag_1_and_2(client, hearing):
    _published(hearing, protected=True)
    _published(hearing, protected=False, name="Ole Åben")
    html = _hearing_page(client, hearing)
    protected_part, open_part = html.split("Ole Åben")
    _assert_no_trace_of_the_sender(protected_part)
    assert ">Bilag 1.pdf</a>" in protected_part and ">Bilag 2.png</a>" in protected_part
    # A sender without protection keeps the names of their files.
    assert f">{FILE_NAMES[0]}</a>" in open_part and "Bilag 1" not in open_part


def test_public_page_in_english_says_attachment_1(client, hearing):
    _published(hearing, protected=True)
    html = _hearing_page(client, hearing, "/en")
    _assert_no_trace_of_the_sender(html)
    assert ">Attachment 1.pdf</a>" in html and ">Attachment 2.png</a>" in html


def test_public_download_of_a_protected_senders_file_has_a_neutral_name_staff_the_real_one(
    client, hearing, coordinator
):
    response, files = _published(hearing, protected=True)
    first = _disposition(client, files[0])
    second = _disposition(client, files[1], "/en")
    _assert_no_trace_of_the_sender(first + second)
    assert first == 'attachment; filename="Bilag 1.pdf"'
    assert second == 'attachment; filename="Attachment 2.png"'

    client.force_login(coordinator)
    kwargs = {"policy": "medborgerpolitik", "pk": hearing.pk}
    detail = client.get(
        reverse("hearing:staff-response-detail", kwargs={**kwargs, "response_pk": response.pk})
    ).content.decode()
    assert FILE_NAMES[0] in detail
    download = client.get(
        reverse("hearing:staff-attachment-detail", kwargs={**kwargs, "attachment_pk": files[0].pk})
    )
    b"".join(download.streaming_content)
    assert "Strandvejen" in download["Content-Disposition"]


def test_a_scan_does_not_count_among_the_public_files(client, hearing):
    response, files = _published(hearing, protected=True)
    scan = _attach(response, f"Brev fra {SENDER}.pdf", PDF_BYTES, "pdf")
    scan.is_scan = True
    scan.save(update_fields=["is_scan"])
    HearingAttachment.objects.filter(pk=files[0].pk).update(id=scan.pk + 1)  # scan comes first
    html = _hearing_page(client, hearing)
    _assert_no_trace_of_the_sender(html)
    assert ">Bilag 1.png</a>" in html and ">Bilag 2.pdf</a>" in html


def test_the_public_hoeringsnotat_page_pdf_and_csv_carry_no_trace_of_the_sender(client, hearing):
    _published(hearing, protected=True)
    hearing.notat_published_at = timezone.now()
    hearing.closes_at = timezone.now()
    hearing.save()
    kwargs = {"policy": "medborgerpolitik"}
    page = client.get(reverse("hearing:notat-detail", kwargs=kwargs)).content.decode()
    assert "Mere tryghed ved stranden." in page
    pdf = client.get(reverse("hearing:notat-pdf", kwargs=kwargs)).content
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Mere tryghed ved stranden." in text.replace("\n", " ")
    rows = client.get(reverse("hearing:notat-csv", kwargs=kwargs)).content
    table = "\n".join(
        " ".join(row) for row in csv.reader(io.StringIO(rows.decode("utf-8-sig")), delimiter=";")
    )
    assert "Mere tryghed ved stranden." in table
    for text_of_it in (page, text, table):
        _assert_no_trace_of_the_sender(text_of_it)
