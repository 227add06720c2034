"""A committee member downloads the version's PDF and checks it on the verification page."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("prefix", "link", "check", "official"),
    [
        ("", "Hent version 1 som PDF", "Kontrollér", "Dette er et officielt dokument"),
        ("/en", "Download version 1 as PDF", "Check", "This is an official document"),
    ],
)
def test_reader_downloads_the_pdf_and_verifies_it(
    page, live_server, tmp_path, prefix, link, check, official
):
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    page.goto(f"{live_server.url}{prefix}/politik/medborgerpolitik/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=link).click()
    download = download_info.value
    assert download.suggested_filename.startswith("medborgerpolitik-v1-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-")

    page.goto(f"{live_server.url}{prefix}/kontrol/")
    axe_check(page, context="verification form")
    page.get_by_role("button", name=check, exact=True).click()
    expect(page.locator(".alert-error")).to_be_visible()
    axe_check(page, context="verification form with an error")
    page.get_by_label("SHA-256", exact=False).fill(hashlib.sha256(data).hexdigest())
    page.get_by_role("button", name=check, exact=True).click()
    expect(page.get_by_text(official)).to_be_visible()
    axe_check(page, context="verification result")
