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


@pytest.mark.parametrize(
    ("prefix", "download_label"),
    [
        ("", "Hent mødepakken, udgave 1 (PDF)"),
        ("/en", "Download the meeting packet, edition 1 (PDF)"),
    ],
)
def test_committee_member_downloads_the_fagudvalg_packet_and_a_citizen_cannot(
    page, live_server, prefix, download_label
):
    import datetime

    from medborger import roles
    from process.models import Body, Handling, Process
    from tests.conftest import make_account
    from tests.e2e.conftest import log_in

    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    process = Process.objects.get(policy__slug="medborgerpolitik")
    fagudvalget = Body.objects.get(short_name="Fagudvalg")
    handling = Handling.objects.create(
        process=process,
        body=fagudvalget,
        meeting_date=datetime.date(2027, 5, 12),
        agenda_item_title="Medborgerpolitik til behandling",
        version=process.policy.versions.get(number=1),
    )
    member = make_account("ulla@example.org", first_name="Ulla", groups=[roles.COMMITTEE_GROUP])
    fagudvalget.members.add(member)
    citizen = make_account("bente@example.org", first_name="Bente")
    # The coordinator issues the packet on purpose (a download never freezes one).
    from process.services import packet_edition_issue

    packet_edition_issue(handling=handling, user=None)

    log_in(page, live_server, member)
    page.goto(f"{live_server.url}{prefix}/proces/medborgerpolitik/")
    page.get_by_role("link", name="Fagudvalget: Medborgerpolitik til behandling").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fagudvalget")
    axe_check(page, context="handling page")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=download_label).click()
    assert download_info.value.suggested_filename.startswith(
        "medborgerpolitik-v1-fagudvalg-2027-05-12"
    )

    page.context.clear_cookies()
    log_in(page, live_server, citizen)
    response = page.request.get(
        f"{live_server.url}{prefix}/proces/medborgerpolitik/behandlinger/{handling.pk}/moedepakke.pdf"
    )
    assert response.status == 403
