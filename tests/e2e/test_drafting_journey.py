"""The coordinator sees a section as it will be published while writing it, and anyone downloads
the redline of two versions from the comparison page. Set SHOTS_DIR to keep screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from policy import services
from tests.e2e.conftest import axe_check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("prefix", "lang", "preview", "download"),
    [
        ("", "da", "Forhåndsvis", "Hent ændringerne som PDF"),
        ("/en", "en", "Preview", "Download the changes as PDF (in Danish)"),
    ],
)
def test_coordinator_previews_a_section_while_typing_and_downloads_a_redline(
    page, live_server, published_version, coordinator, prefix, lang, preview, download
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_default_timeout(120_000)
    draft = services.draft_start(policy=published_version.policy, user=coordinator)
    section = draft.sections.order_by("order").first()
    log_in(page, live_server, coordinator)
    slug = published_version.policy.slug
    page.goto(f"{live_server.url}{prefix}/styring/politik/{slug}/udkast/afsnit/{section.key}/")
    box = page.locator("textarea[name=body]")
    box.fill("Foreningerne er **byens hjerte**.\n\n- unge\n- ældre")
    # The script refreshes the preview beside the box; nothing is saved.
    expect(page.locator("#section-preview strong")).to_have_text("byens hjerte")
    expect(page.locator("#section-preview li")).to_have_count(2)
    axe_check(page, context=f"section editor with preview ({lang})")
    shot(page, f"{lang}-7-section-preview")
    section.refresh_from_db()
    assert "byens hjerte" not in section.body

    # Without the script's refresh, the button gives the same preview.
    box.fill("Et *nyt* forslag.")
    page.locator("button[name=preview]").click()
    expect(page.locator("button[name=preview]")).to_have_text(preview)
    expect(page.locator("#section-preview em")).to_have_text("nyt")

    page.locator("#id_body").fill("Et helt nyt afsnit om frivillighed.")
    page.locator("button[name=save]").click()
    services.draft_publish(draft=draft, label="", change_note="", user=coordinator)
    page.goto(f"{live_server.url}{prefix}/politik/{slug}/sammenlign/1/2/")
    axe_check(page, context=f"comparison page ({lang})")
    shot(page, f"{lang}-8-compare")
    with page.expect_download() as info:
        page.get_by_role("link", name=download).click()
    assert info.value.suggested_filename == f"{slug}-aendringer-v1-v2.pdf"
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF-")
