"""PDF snapshots: frozen, byte-identical downloads, verifiable by file or checksum."""

from __future__ import annotations

import hashlib
import io

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from policy import services, snapshots
from policy.models import PolicyVersion, Snapshot
from tests.concurrency import run_all
from tests.factories import published_version_with_sections

PDF_URL = "/politik/medborgerpolitik/version/1/pdf/"


@pytest.fixture
def version(policy) -> PolicyVersion:
    return published_version_with_sections(policy, sections=6, number=1, label="Høringsudkast")


def _download(client) -> bytes:
    response = client.get(PDF_URL)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_anyone_downloads_the_pdf_of_a_published_version(client, version):
    response = client.get(PDF_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = f"medborgerpolitik-v1-{version.published_at:%Y-%m-%d}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    data = b"".join(response.streaming_content)
    assert response["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert data.startswith(b"%PDF-")


@pytest.mark.django_db
def test_two_downloads_are_byte_identical_and_rendered_once(client, version):
    assert _download(client) == _download(client)
    snapshot = Snapshot.objects.get()
    assert snapshot.size == len(_download(client))


@pytest.mark.django_db
def test_a_repeated_download_with_the_etag_answers_304(client, version):
    first = client.get(PDF_URL)
    b"".join(first.streaming_content)  # read to the end, which closes the stored file
    etag = first["ETag"]
    assert client.get(PDF_URL, headers={"if-none-match": etag}).status_code == 304


@pytest.mark.django_db
def test_drafts_and_unknown_versions_have_no_pdf(client, policy, version, coordinator):
    services.draft_start(policy=policy, user=coordinator)
    assert client.get("/politik/medborgerpolitik/version/2/pdf/").status_code == 404
    assert client.get("/politik/findes-ikke/version/1/pdf/").status_code == 404
    assert Snapshot.objects.count() == 0


@pytest.mark.django_db
def test_a_changed_draft_never_changes_an_existing_snapshot(client, policy, version, coordinator):
    before = _download(client)
    draft = services.draft_start(policy=policy, user=coordinator)
    section = draft.sections.first()
    services.section_update(
        section=section, heading="Helt ny overskrift", body="Ny tekst.", theme=None
    )
    services.draft_publish(draft=draft, label="Anden", change_note="Ændret", user=coordinator)
    assert _download(client) == before
    second = client.get("/politik/medborgerpolitik/version/2/pdf/")
    assert b"".join(second.streaming_content) != before


@pytest.mark.django_db
def test_a_snapshot_cannot_be_changed_once_made(client, version):
    _download(client)
    snapshot = Snapshot.objects.get()
    snapshot.purpose = "Noget andet"
    with pytest.raises(ValidationError, match="fastfrosset"):
        snapshot.save()


@pytest.mark.django_db
def test_the_pdf_reads_back_with_its_metadata_text_and_verification_page(client, version):
    reader = pypdf.PdfReader(io.BytesIO(_download(client)))
    assert reader.metadata.title == "Medborgerpolitik – version 1: Høringsudkast"
    assert reader.trailer["/Root"]["/Lang"] == "da"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "æbler, øer og ålegræs" in text
    assert "UDKAST" not in text  # the watermark is drawn, not written
    last = reader.pages[-1].extract_text()
    assert "Kontrol af dokumentet" in last
    assert "/kontrol/" in last
    assert f"Side {len(reader.pages)} af {len(reader.pages)}" in last


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_first_downloads_make_one_file(policy):
    published_version_with_sections(policy, sections=3, number=1)

    def download():
        response = Client().get(PDF_URL)
        return response.status_code, b"".join(response.streaming_content)

    results = run_all([download, download, download])
    assert [status for status, _ in results] == [200, 200, 200]
    assert len({data for _, data in results}) == 1
    assert Snapshot.objects.count() == 1


# --- Verification ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_uploaded_official_pdf_is_recognised(client, version):
    data = _download(client)
    upload = SimpleUploadedFile("min-kopi.pdf", data, content_type="application/pdf")
    response = client.post("/kontrol/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dette er et officielt dokument" in html
    assert hashlib.sha256(data).hexdigest() in html
    assert "Høringsudkast" in html


@pytest.mark.django_db
def test_a_pasted_checksum_is_recognised_in_english_too(client, version):
    checksum = hashlib.sha256(_download(client)).hexdigest()
    response = client.post("/en/kontrol/", {"sha256": checksum.upper()})
    assert "This is an official document" in response.content.decode()


@pytest.mark.django_db
def test_a_changed_file_is_not_official(client, version):
    data = _download(client) + b"\n% changed"
    response = client.post("/kontrol/", {"file": SimpleUploadedFile("x.pdf", data)})
    assert "Dette er ikke et officielt dokument fra portalen" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Vælg en PDF-fil, eller indsæt dens kontrolsum."),
        ({"sha256": "abc"}, "En SHA-256-kontrolsum er 64 tegn"),
        ({"sha256": "<script>alert(1)</script>" * 3}, "En SHA-256-kontrolsum er 64 tegn"),
        ({"sha256": "ø" * 64}, "En SHA-256-kontrolsum er 64 tegn"),
    ],
)
def test_bad_verification_input_gets_a_clear_message(client, data, message):
    response = client.post("/kontrol/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_the_verification_page_looks_up_snapshots_with_one_query(
    client, version, django_assert_max_num_queries
):
    checksum = hashlib.sha256(_download(client)).hexdigest()
    with django_assert_max_num_queries(3):
        client.post("/kontrol/", {"sha256": checksum})


@pytest.mark.django_db
def test_adopted_versions_are_rendered_without_the_draft_watermark(version, monkeypatch):
    captured = {}

    def fake_render(*, template_name, context, **kwargs):
        captured.update(context)
        return b"%PDF-1.7 test"

    monkeypatch.setattr(snapshots, "pdf_render", fake_render)
    snapshots.version_pdf_bytes(version=version)
    assert captured["watermark_url"].endswith("watermark-udkast.svg")
    version.status = PolicyVersion.Status.ADOPTED
    snapshots.version_pdf_bytes(version=version)
    assert captured["watermark_url"] == ""
