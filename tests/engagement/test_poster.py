# ruff: noqa: S603, S607  (fixed tool names with file paths this test made)
"""The A4 poster: date, place, short text and a QR code that decodes to the event's URL.

The QR code is checked twice:
- the PDF itself is rasterised (poppler's `pdftoppm`) and decoded with ZBar's `zbarimg`, so the
  code a phone would scan is the one tested; this needs the Debian packages `poppler-utils` and
  `zbar-tools` on the machine that runs the tests;
- the SVG embedded in the poster's HTML source equals segno's own encoding of the URL.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
import segno
from django.urls import reverse
from pypdf import PdfReader

from engagement import services

pytestmark = pytest.mark.django_db


def _decode_qr_codes(pdf: bytes, tmp_path) -> list[str]:
    for tool in ("pdftoppm", "zbarimg"):
        assert shutil.which(tool), (
            f"{tool} is needed to decode the poster's QR code (apt: poppler-utils, zbar-tools)"
        )
    pdf_path = tmp_path / "poster.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(pdf_path), str(tmp_path / "page")], check=True
    )
    [png] = sorted(tmp_path.glob("page*.png"))
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_poster_is_one_a4_page_with_date_place_and_text(meeting, settings):
    settings.SITE_URL = "https://medborger.ishoj.dk"
    meeting.short_text = "Kom og vær med til at forme medborgerpolitikken."
    meeting.save()
    reader = PdfReader(io.BytesIO(services.event_poster_pdf(event=meeting)))
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(reader.pages[0].extract_text().split())
    assert meeting.title in text
    assert meeting.place in text
    assert "Kom og vær med" in text
    assert f"https://medborger.ishoj.dk/arrangementer/{meeting.pk}/" in text.replace(" ", "")


def test_poster_qr_code_decodes_to_the_event_url(meeting, settings, tmp_path):
    settings.SITE_URL = "https://medborger.ishoj.dk"
    pdf = services.event_poster_pdf(event=meeting)
    assert _decode_qr_codes(pdf, tmp_path) == [
        f"https://medborger.ishoj.dk/arrangementer/{meeting.pk}/"
    ]


def test_poster_source_embeds_segnos_encoding_of_the_absolute_url(meeting, settings, tmp_path):
    settings.SITE_URL = "https://medborger.ishoj.dk"
    url = f"https://medborger.ishoj.dk/arrangementer/{meeting.pk}/"
    html = services.event_poster_html(event=meeting)
    expected = segno.make(url, error="m", micro=False).svg_inline(scale=8, border=4, omitsize=True)
    assert expected in html
    png = tmp_path / "qr.png"
    segno.make(url, error="m", micro=False).save(str(png), scale=6)
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == url


def test_english_poster_is_in_english(meeting):
    html = services.event_poster_html(event=meeting, language="en")
    assert 'lang="en"' in html
    assert "Scan the code" in html


def test_staff_downloads_the_poster(as_persona, meeting):
    client, _ = as_persona("project_member")
    response = client.get(reverse("engagement:staff-poster", kwargs={"pk": meeting.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_poster_embeds_the_dkfds_font(meeting):
    reader = PdfReader(io.BytesIO(services.event_poster_pdf(event=meeting)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("IBM-Plex-Sans" in name for name in fonts), fonts
