"""A citizen asks for her data by e-mail, reads it, downloads it and deletes it, in both languages."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from engagement.models import Registration
from hearing.models import HearingResponse
from policy.models import Comment
from tests.e2e.conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "sara@example.org"


@pytest.fixture
def sara_took_part(process, published_version, steering_member):
    from process.services import version_approve
    from tests.engagement.factories import RegistrationFactory
    from tests.factories import EventFactory
    from tests.hearing.factories import HearingFactory, HearingResponseFactory
    from tests.policy.factories import CommentFactory

    CommentFactory(
        section=published_version.sections.first(), author_name="Sara Jensen", email=EMAIL
    )
    event = EventFactory(process=process, starts_at=timezone.now() + datetime.timedelta(days=5))
    RegistrationFactory(event=event, name="Sara Jensen", email=EMAIL)
    version_approve(version=published_version, user=steering_member)
    hearing = HearingFactory(process=process, version=published_version)
    HearingResponseFactory(hearing=hearing, name="Sara Jensen", email=EMAIL, text="Mere natur.")


@pytest.mark.parametrize(
    ("prefix", "lang", "heading"), [("", "da", "Dine data"), ("/en", "en", "Your data")]
)
def test_citizen_gets_a_copy_of_her_data_and_deletes_it(
    page, live_server, sara_took_part, prefix, lang, heading
):
    page.goto(f"{live_server.url}{prefix}/privatliv/")
    page.locator(f'main a[href="{prefix}/mine-data/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    axe_check(page, context=f"my data request ({lang})")

    # Nothing typed: the message stands next to the field.
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    axe_check(page, context=f"my data request with an error ({lang})")

    page.fill("#id_email", EMAIL)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("status")).to_be_visible()
    axe_check(page, context=f"my data link sent ({lang})")

    (message,) = mail.outbox
    link = urlsplit(re.search(r"https?://\S+", message.body).group(0)).path
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_text("Mere natur.")).to_be_visible()
    expect(page.locator("main table")).to_have_count(3)
    axe_check(page, context=f"my data overview ({lang})")

    with page.expect_download() as download_info:
        page.locator(f'a[href="{link}data.json"]').click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["hearing_responses"][0]["response"] == "Mere natur."

    page.locator("main form button[type=submit]").click()  # box not ticked
    expect(page.locator("#id_confirm")).to_have_attribute("aria-invalid", "true")
    page.locator("#id_confirm").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/mine-data/slettet/")
    axe_check(page, context=f"my data deleted ({lang})")

    assert not Comment.objects.filter(email=EMAIL).exists()
    assert not Registration.objects.filter(email=EMAIL).exists()
    assert HearingResponse.objects.get(text="Mere natur.").email == ""

    page.goto(f"{live_server.url}{prefix}/mine-data/not-a-real-link/")
    axe_check(page, context=f"my data, expired link ({lang})")
