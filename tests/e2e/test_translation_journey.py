"""A policy readable by all: the coordinator translates a version into Arabic with an easy-read
summary and publishes it; a reader switches the text to Arabic, reads the summary first and
downloads the Arabic PDF (a font that covers Arabic embedded, the "unofficial" line inside)."""

# ruff: noqa: S603 - fixed poppler programs (pdffonts, pdftotext) on a file the test wrote
from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from policy.models import Policy
from process.models import Process
from tests.e2e.conftest import axe_check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set SCREENSHOT_DIR to keep screenshots of the journey for a person to look at.
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "")) if os.environ.get("SCREENSHOT_DIR") else None
EASY_READ = "هذه السياسة تخص كل المواطنين في إيشوي."


@pytest.fixture
def ishoj(transactional_db):
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    return Process.objects.get(policy__slug="medborgerpolitik")


def _shot(page, name: str) -> None:
    if SHOTS is not None:
        page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_coordinator_publishes_an_arabic_translation_and_a_reader_reads_it(
    page, live_server, ishoj, prefix, tmp_path
):
    page.set_viewport_size({"width": 390, "height": 844})
    policy = Policy.objects.get(slug="medborgerpolitik")
    version = policy.versions.get(number=1)
    sections = list(version.sections.order_by("order"))
    coordinator = ishoj.memberships.get(group="coordinator").user
    log_in(page, live_server, coordinator)
    lang = prefix.strip("/") or "da"

    page.goto(f"{live_server.url}{prefix}/styring/politik/medborgerpolitik/oversaettelser/")
    axe_check(page, context=f"translation list ({lang})")
    _shot(page, f"translation-list-{lang}.png")
    page.locator("#id_language").select_option("ar")
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(
        f"{live_server.url}{prefix}/styring/politik/medborgerpolitik/version/1/oversaettelser/ar/"
    )
    easy = page.locator("#id_easy_read")
    expect(easy).to_have_attribute("dir", "rtl")
    easy.fill(EASY_READ)
    # Only the first section first: publishing is refused and names the rest.
    first = sections[0]
    page.locator(f"#id_heading_{first.key.hex}").fill("المقدمة")
    page.locator(f"#id_body_{first.key.hex}").fill("نص القسم الأول.")
    page.locator("form.translation-form button[type=submit]").click()
    publish = page.locator(".translation-publish button")
    publish.click()
    alert = page.locator(".alert-error, [role=alert]").first
    expect(alert).to_contain_text(sections[1].heading)
    axe_check(page, context=f"translation form with a refusal ({lang})")
    _shot(page, f"translation-refused-{lang}.png")
    for number, section in enumerate(sections[1:], start=2):
        page.locator(f"#id_heading_{section.key.hex}").fill(f"القسم {number}")
        page.locator(f"#id_body_{section.key.hex}").fill(f"نص القسم رقم {number}.")
    page.locator("form.translation-form button[type=submit]").click()
    page.locator(".translation-publish button").click()
    expect(page).to_have_url(
        f"{live_server.url}{prefix}/politik/medborgerpolitik/version/1/?tekst=ar"
    )

    # A reader, not signed in, on the Danish text first.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{prefix}/politik/medborgerpolitik/")
    if prefix:
        expect(page.locator(".only-danish")).to_be_visible()
    page.locator('.text-language a[lang="ar"]').click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/politik/medborgerpolitik/?tekst=ar")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    body = page.locator(".policy-section .section-body").first
    expect(body).to_have_attribute("lang", "ar")
    expect(body).to_have_attribute("dir", "rtl")
    expect(page.locator(".policy-section h2 [lang=ar]").first).to_have_attribute("dir", "rtl")
    easy_read = page.locator(".easy-read .section-body")
    expect(easy_read).to_contain_text(EASY_READ)
    expect(easy_read).to_have_attribute("lang", "ar")
    # The summary comes before the first section.
    assert page.evaluate(
        "() => document.querySelector('.easy-read').compareDocumentPosition("
        "document.querySelector('.policy-section')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    notice = page.locator(".unofficial-translation")
    expect(notice).to_contain_text("ترجمة غير رسمية")
    expect(notice).to_contain_text(
        "Uofficiel oversættelse" if not prefix else "Unofficial translation"
    )
    axe_check(page, context=f"version page in Arabic ({lang})")
    _shot(page, f"version-arabic-{lang}.png")

    with page.expect_download(timeout=120_000) as download_info:
        page.locator('a[href$="/version/1/pdf/ar/"]').click()
    pdf = tmp_path / "ar.pdf"
    download_info.value.save_as(pdf)
    fonts = subprocess.run(
        [shutil.which("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    arabic = [line for line in fonts.splitlines() if "NotoArabic" in line]
    assert arabic and all(" yes " in line for line in arabic), fonts
    text = subprocess.run(
        [shutil.which("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Uofficiel oversættelse – den danske tekst gælder" in text
