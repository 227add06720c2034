"""Staff do their job in the portal, on a phone, with real two-factor codes: a committee member
lands on "Til mig" and downloads the issued meeting packet; the coordinator issues edition 1 and
then edition 2; a steering member sends a version back and the coordinator sees it in the inbox.

Set SHOTS_DIR to keep a screenshot of every page walked."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from django.utils import timezone
from playwright.sync_api import expect

from process.models import ApprovalRequest, Handling, PacketEdition, VersionApproval
from tests.e2e.conftest import axe_check
from tests.e2e.test_security_mfa import current_code
from tests.factories import BodyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "et-langt-kodeord-til-test"
PHONE = {"width": 390, "height": 844}
LANGUAGES = [("", "da"), ("/en", "en")]
TEXT = {
    "da": {
        "inbox": "Til mig",
        "not_issued": "mødepakken er ikke udsendt endnu",
        "issue": "Udsend mødepakken",
        "issue_1": "Udsend udgave 1",
        "issue_2": "Udsend udgave 2",
        "issued_2": "Udgave 2 af mødepakken er udsendt",
        "edition_2": "mødepakke, udgave 2",
        "comment": "Kommentar til version 1 (skal udfyldes, hvis du sender den tilbage)",
        "send_back": "Send version 1 tilbage",
        "sent_back": "Version 1 blev sendt tilbage af",
        "approval": "Version 1 venter på din godkendelse",
    },
    "en": {
        "inbox": "For me",
        "not_issued": "the meeting packet has not been issued yet",
        "issue": "Issue the meeting packet",
        "issue_1": "Issue edition 1",
        "issue_2": "Issue edition 2",
        "issued_2": "Edition 2 of the meeting packet was issued",
        "edition_2": "meeting packet, edition 2",
        "comment": "Comment on version 1 (required if you send it back)",
        "send_back": "Send version 1 back",
        "sent_back": "Version 1 was sent back by",
        "approval": "Version 1 waits for your approval",
    },
}


def shot(page, name: str) -> None:
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def phone(browser, lang: str):
    context = browser.new_context(
        viewport=PHONE,
        locale="da-DK" if lang == "da" else "en-GB",
        timezone_id="Europe/Copenhagen",
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(120_000)  # issuing renders a PDF on a busy machine
    return page


def log_in_with_code(page, live_server, prefix: str, user) -> None:
    """The login form, then the authenticator's code; staff land on their inbox."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_server.url}{prefix}/konto/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/konto/2fa/authenticate/")
    page.fill("input[name=code]", current_code(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/styring/")


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES)
def test_the_coordinator_issues_two_editions_and_the_committee_member_downloads_the_newest(
    browser,
    live_server,
    settings,
    process,
    published_version,
    coordinator,
    committee_member,
    prefix,
    lang,
):
    settings.STAFF_REQUIRE_MFA = True
    text = TEXT[lang]
    body = BodyFactory(name="Kultur- og Fritidsudvalget")
    body.members.add(committee_member)
    handling = Handling.objects.create(
        process=process,
        body=body,
        meeting_date=timezone.localdate() + datetime.timedelta(days=10),
        agenda_item_title="Medborgerpolitik – høringsudkast",
        version=published_version,
    )

    # The committee member logs in and lands on "Til mig": the meeting, no packet yet.
    member = phone(browser, lang)
    log_in_with_code(member, live_server, prefix, committee_member)
    expect(member.get_by_role("heading", level=1)).to_have_text(text["inbox"])
    expect(member.locator("main")).to_contain_text("Medborgerpolitik – høringsudkast")
    expect(member.locator("main")).to_contain_text(text["not_issued"])
    axe_check(member, context=f"committee member's inbox ({lang})")
    shot(member, f"{lang}-1-member-inbox-before")

    # The coordinator logs in, opens the handling and issues the packet, then edition 2.
    page = phone(browser, lang)
    log_in_with_code(page, live_server, prefix, coordinator)
    axe_check(page, context=f"coordinator's inbox ({lang})")
    page.goto(f"{live_server.url}{prefix}/proces/{process.policy.slug}/behandlinger/{handling.pk}/")
    page.get_by_role("link", name=text["issue"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1")
    axe_check(page, context=f"issue confirm page ({lang})")
    shot(page, f"{lang}-2-coordinator-confirm-edition-1")
    page.get_by_role("button", name=text["issue_1"]).click()
    expect(page.locator("table.packet-editions tbody tr")).to_have_count(1)
    page.get_by_role("link", name=text["issue_2"]).click()
    axe_check(page, context=f"issue confirm page, edition 2 ({lang})")
    page.get_by_role("button", name=text["issue_2"]).click()
    expect(page.locator("body")).to_contain_text(text["issued_2"])
    expect(page.locator("table.packet-editions tbody tr")).to_have_count(2)
    axe_check(page, context=f"handling page with two editions ({lang})")
    shot(page, f"{lang}-3-coordinator-handling-two-editions")
    assert list(
        PacketEdition.objects.filter(handling=handling).values_list("number", flat=True)
    ) == [1, 2]

    # The member's inbox now offers edition 2, and it downloads.
    member.reload()
    link = member.get_by_role("link", name=text["edition_2"], exact=False)
    expect(link).to_be_visible()
    shot(member, f"{lang}-4-member-inbox-edition-2")
    with member.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith("-udgave-2.pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    member.context.close()
    page.context.close()


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES)
def test_the_steering_member_sends_a_version_back_and_the_coordinator_sees_it_in_the_inbox(
    browser,
    live_server,
    settings,
    process,
    published_version,
    coordinator,
    steering_member,
    prefix,
    lang,
):
    settings.STAFF_REQUIRE_MFA = True
    text = TEXT[lang]
    ApprovalRequest.objects.create(version=published_version, requested_by=coordinator)

    page = phone(browser, lang)
    log_in_with_code(page, live_server, prefix, steering_member)
    link = page.get_by_role("link", name=text["approval"])
    axe_check(page, context=f"steering member's inbox ({lang})")
    shot(page, f"{lang}-5-steering-inbox")
    link.click()
    page.get_by_label(text["comment"]).fill("Afsnittet om unge mangler.")
    page.get_by_role("button", name=text["send_back"]).click()
    expect(page).to_have_url(re.compile(r"/styring/proces/[\w-]+/#versions$"))
    decision = VersionApproval.objects.get(version=published_version)
    assert decision.sends_back and decision.comment == "Afsnittet om unge mangler."
    page.context.close()

    page = phone(browser, lang)
    log_in_with_code(page, live_server, prefix, coordinator)
    expect(page.locator("main")).to_contain_text(text["sent_back"])
    expect(page.locator("main")).to_contain_text("Afsnittet om unge mangler.")
    axe_check(page, context=f"coordinator's inbox after a send-back ({lang})")
    shot(page, f"{lang}-6-coordinator-inbox-sent-back")
    page.context.close()
