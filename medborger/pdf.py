"""Rendering PDFs with WeasyPrint: archival (PDF/A-3u), tagged, with the portal's own fonts.

Every PDF the portal makes goes through `pdf_render`, so they share fonts, metadata and the
archival profile. Callers pass a template that extends `pdf/base.html`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

_FONT_FILES = {
    ("normal", 400): "IBMPlexSans-Regular.ttf",
    ("italic", 400): "IBMPlexSans-Italic.ttf",
    ("normal", 600): "IBMPlexSans-SemiBold.ttf",
    ("normal", 700): "IBMPlexSans-Bold.ttf",
}


# Scripts IBM Plex does not cover, from Debian's fonts-noto-core (see RUNTIME_DEBS in `portal`).
SCRIPT_FONT_DIR = Path("/usr/share/fonts/truetype/noto")
_SCRIPT_FONT_FILES = {
    "NotoArabic": {
        ("normal", 400): "NotoSansArabic-Regular.ttf",
        ("normal", 700): "NotoSansArabic-Bold.ttf",
    },
}


class PdfFontsMissing(RuntimeError):
    """The fonts the PDFs embed are not installed (run `./portal setup`)."""


@cache
def pdf_fonts() -> tuple[dict[str, str], ...]:
    """@font-face entries for IBM Plex Sans, taken from the DKFDS npm package."""
    faces = []
    for (style, weight), filename in _FONT_FILES.items():
        found = finders.find(f"dkfds/fonts/IBMPlexSans/complete/ttf/{filename}")
        if not found:
            raise PdfFontsMissing(f"{filename} is missing from node_modules/dkfds")
        faces.append({"style": style, "weight": str(weight), "url": Path(found).as_uri()})
    return tuple(faces)


@cache
def pdf_script_fonts() -> tuple[dict[str, str], ...]:
    """@font-face entries for the scripts Plex lacks (Arabic), for those installed."""
    faces = []
    for family, files in _SCRIPT_FONT_FILES.items():
        for (style, weight), filename in files.items():
            path = SCRIPT_FONT_DIR / filename
            if path.is_file():
                faces.append(
                    {"family": family, "style": style, "weight": str(weight), "url": path.as_uri()}
                )
    return tuple(faces)


def pdf_require_script_font(family: str = "NotoArabic") -> None:
    """Refuse to render text in a script whose font is not installed (it would show as boxes)."""
    if not any(face["family"] == family for face in pdf_script_fonts()):
        raise PdfFontsMissing(f"{family} is missing: install Debian's fonts-noto-core")


def pdf_render(
    *,
    template_name: str,
    context: dict,
    language: str = "da",
    text_language: str = "",
    variant: str = "pdf/a-3u",
) -> bytes:
    """Render a template to PDF bytes. The template sets <title> and <meta name=author>.

    `language` is the language the template's own words are rendered in; `text_language`, when
    given, is the document's language (a translation's), set on <html lang>."""
    from weasyprint import HTML  # imported here: it loads Pango, which pages never need

    with translation.override(language):
        html = render_to_string(
            template_name,
            {
                **context,
                "pdf_fonts": pdf_fonts(),
                "pdf_script_fonts": pdf_script_fonts(),
                "lang": text_language or language,
                "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
                "SITE_NAME": settings.SITE_NAME,
            },
        )
    document = HTML(string=html, base_url=str(Path(__file__).resolve().parent))
    return document.write_pdf(pdf_variant=variant, pdf_tags=True, uncompressed_pdf=False)
