"""The shared PDF renderer: archival, tagged, Danish, with embedded fonts and no text watermark."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.contrib.staticfiles import finders

from medborger.pdf import pdf_render
from policy.selectors import published_version
from tests.factories import published_version_with_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def version_pdf(policy):
    version = published_version_with_sections(policy, sections=6, number=1, label="Høringsudkast")
    version = published_version(policy, 1)
    data = pdf_render(
        template_name="policy/pdf/version.html",
        context={
            "policy": policy,
            "version": version,
            "sections": version.sections.all(),
            "watermark_url": "file://" + finders.find("pdf/watermark-udkast.svg"),
            "verification_url": "https://medborger.example.org/kontrol/",
            "version_url": "https://medborger.example.org/politik/medborgerpolitik/version/1/",
        },
    )
    return version, pypdf.PdfReader(io.BytesIO(data)), data


def test_the_pdf_is_archival_tagged_and_danish(version_pdf):
    _, reader, data = version_pdf
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root  # tagged for accessibility
    assert bool(root["/MarkInfo"]["/Marked"])
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="U"' in xmp
    assert reader.metadata.title == "Medborgerpolitik – version 1: Høringsudkast"
    assert reader.metadata.author == "Ishøj Kommune"
    assert data.startswith(b"%PDF-")


def test_the_pdf_embeds_its_own_fonts(version_pdf):
    _, reader, _ = version_pdf
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Plex" in name for name in fonts)  # never a system font


def test_the_text_keeps_danish_letters_and_the_headings_in_order(version_pdf):
    version, reader, _ = version_pdf
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "æbler, øer og ålegræs" in text
    headings = [f"{n}. {s.heading}" for n, s in enumerate(version.sections.all(), start=1)]
    body = text.split("Indhold", 1)[1]
    after_toc = body[body.index("Kontrol af dokumentet") :]
    positions = [after_toc.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Side 2 af" in text


def test_the_draft_watermark_stays_out_of_the_text(version_pdf):
    _, reader, _ = version_pdf
    text = "\n".join(page.extract_text() for page in reader.pages)
    # The cover says "Udkast – ikke vedtaget" in words; the drawn "UDKAST" must not be text.
    assert "UDKAST" not in text
    assert "Udkast – ikke vedtaget" in text
