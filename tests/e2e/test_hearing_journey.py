"""The hearing in a real browser: a citizen responds with an attachment and gets a receipt; after
the deadline the form is closed; the coordinator answers and publishes the høringsnotat (PDF);
the citizen's e-mail leads to the answer. axe on every hearing page, in Danish and English."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from hearing.models import Hearing, HearingResponse
from process.models import Membership
from process.services import version_approve
from tests.conftest import make_account
from tests.e2e.conftest import axe_check, log_in
from tests.factories import (
    MembershipFactory,
    PolicyFactory,
    ProcessFactory,
    published_version_with_sections,
)
from tests.hearing.conftest import PDF_BYTES
from tests.hearing.factories import HearingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def setting(transactional_db):
    policy = PolicyFactory(slug="medborgerpolitik", title="Medborgerpolitik")
    process = ProcessFactory(policy=policy)
    version = published_version_with_sections(policy, sections=3, label="Høringsudkast")
    coordinator = make_account("koordinator@ishoj.dk", first_name="Jeanet", last_name="Flørnæss")
    MembershipFactory(process=process, user=coordinator, group=Membership.Group.COORDINATOR)
    version_approve(version=version, user=coordinator)
    hearing = HearingFactory(process=process, version=version)
    return hearing, coordinator


def test_citizen_responds_coordinator_answers_and_citizen_reads_the_answer(
    setting, browser, live_server, tmp_path
):
    hearing, coordinator = setting
    attachment = tmp_path / "høringssvar.pdf"
    attachment.write_bytes(PDF_BYTES)

    citizen_context = browser.new_context(locale="da-DK")
    citizen = citizen_context.new_page()
    citizen.goto(f"{live_server.url}/hoering/medborgerpolitik/")
    expect(citizen.get_by_role("heading", name="Afgiv høringssvar")).to_be_visible()
    axe_check(citizen, context="hearing page (da)")
    # Send it empty first: clear messages, accessible.
    citizen.get_by_role("button", name="Send høringssvaret").click()
    # The message stands next to the field and, as a link to it, in the summary above the form.
    consent_error = "Vælg, om dit høringssvar må offentliggøres."
    expect(citizen.locator("#id_consent_error", has_text=consent_error)).to_be_visible()
    expect(citizen.locator(".error-summary a", has_text=consent_error)).to_be_visible()
    axe_check(citizen, context="hearing form with errors (da)")
    citizen.get_by_label("Privatperson").check()
    citizen.get_by_label("Navn", exact=True).fill("Bente Borger")
    citizen.get_by_label("E-mail", exact=True).fill("bente@example.org")
    citizen.get_by_label("Dit høringssvar").fill("Frivillighed skal nævnes tydeligere.")
    citizen.get_by_label("Bilag").set_input_files(str(attachment))
    citizen.get_by_label("Ja, mit høringssvar må offentliggøres på denne side").check()
    citizen.get_by_role("button", name="Send høringssvaret").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Kvittering for dit høringssvar")
    response = HearingResponse.objects.get()
    expect(citizen.get_by_text(response.tracking, exact=True)).to_be_visible()
    axe_check(citizen, context="receipt (da)")
    assert response.attachments.count() == 1
    # The receipt (the follow box's mails are others' business).
    [receipt] = [m for m in mail.outbox if response.tracking in m.body]
    assert receipt.to == [response.email]

    # The deadline passes: the form is gone and a post is refused.
    Hearing.objects.filter(pk=hearing.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    citizen.goto(f"{live_server.url}/hoering/medborgerpolitik/")
    expect(citizen.get_by_text("Høringen sluttede")).to_be_visible()
    expect(citizen.get_by_role("button", name="Send høringssvaret")).to_have_count(0)
    axe_check(citizen, context="closed hearing (da)")

    # The coordinator answers and publishes the høringsnotat.
    staff_context = browser.new_context(locale="da-DK")
    staff = staff_context.new_page()
    log_in(staff, live_server, coordinator)
    staff.goto(f"{live_server.url}/styring/hoering/medborgerpolitik/{hearing.pk}/")
    axe_check(staff, context="staff responses (da)")
    staff.get_by_role("link", name=response.tracking, exact=True).click()
    axe_check(staff, context="staff response (da)")
    section = hearing.version.sections.order_by("order")[1]
    staff.get_by_label("Resumé").fill("Ønsker frivillighed nævnt tydeligere.")
    staff.get_by_label("Administrationens bemærkning").fill("Afsnittet om frivillighed er udvidet.")
    staff.get_by_label("Førte til ændring").check()
    staff.get_by_label("Afsnit, som svaret handler om eller har ændret").select_option(
        str(section.pk)
    )
    staff.get_by_role("button", name="Gem besvarelsen").click()
    expect(staff.get_by_text("Besvarelsen er gemt.")).to_be_visible()
    staff.get_by_role("link", name="Høringsnotat", exact=True).click()
    axe_check(staff, context="staff notat (da)")
    with staff.expect_download() as download_info:
        staff.get_by_role("link", name="Hent som PDF").click()
    assert download_info.value.suggested_filename.endswith(".pdf")
    staff.get_by_role(
        "button", name="Offentliggør høringsnotatet, og giv afsenderne besked"
    ).click()
    expect(staff.get_by_text("Høringsnotatet er offentliggjort.")).to_be_visible()

    # The citizen's e-mail leads to the answer.
    [answer_mail] = [m for m in mail.outbox if "Sådan er dit høringssvar brugt" in m.subject]
    link = re.search(r"https?://\S+#svar", answer_mail.body).group(0)
    citizen.goto(live_server.url + urlparse(link).path + "#svar")
    expect(citizen.get_by_role("heading", name="Sådan er dit høringssvar besvaret")).to_be_visible()
    expect(citizen.get_by_text("Afsnittet om frivillighed er udvidet.")).to_be_visible()
    axe_check(citizen, context="receipt with answer (da)")
    citizen.goto(f"{live_server.url}/hoering/medborgerpolitik/notat/")
    axe_check(citizen, context="public notat (da)")
    pdf = citizen.request.get(f"{live_server.url}/hoering/medborgerpolitik/notat.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    staff_context.close()
    citizen_context.close()


def test_every_hearing_page_passes_axe_in_english(setting, browser, live_server):
    hearing, coordinator = setting
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/hoering/medborgerpolitik/")
    expect(page.get_by_role("heading", name="Respond to the hearing")).to_be_visible()
    axe_check(page, context="hearing page (en)")
    page.get_by_role("button", name="Send the response").click()
    consent_error = "Choose whether your response may be published."
    expect(page.locator("#id_consent_error", has_text=consent_error)).to_be_visible()
    expect(page.locator(".error-summary a", has_text=consent_error)).to_be_visible()
    axe_check(page, context="hearing form with errors (en)")
    page.get_by_label("A private person").check()
    page.get_by_label("Name", exact=True).fill("Ben Citizen")
    page.get_by_label("E-mail", exact=True).fill("ben@example.org")
    page.get_by_label("Your response").fill("Please say more about volunteering.")
    page.get_by_label("No, only the municipality may read it").check()
    page.get_by_role("button", name="Send the response").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Receipt for your hearing response")
    axe_check(page, context="receipt (en)")
    response = HearingResponse.objects.get()
    log_in(page, live_server, coordinator)
    base = f"{live_server.url}/en/styring/hoering/medborgerpolitik"
    for path in (
        "/",
        f"/{hearing.pk}/",
        f"/{hearing.pk}/svar/{response.pk}/",
        f"/{hearing.pk}/indtast/",
        f"/{hearing.pk}/notat/",
    ):
        page.goto(base + path)
        axe_check(page, context=f"staff {path} (en)")
    page.goto(f"{base}/{hearing.pk}/indtast/")
    page.get_by_role("button", name="Register the response").click()
    axe_check(page, context="staff intake with errors (en)")
    page.goto(f"{live_server.url}/styring/hoering/medborgerpolitik/")
    axe_check(page, context="staff hearing list (da)")
    page.goto(f"{live_server.url}/styring/hoering/medborgerpolitik/{hearing.pk}/indtast/")
    axe_check(page, context="staff intake (da)")
    context.close()


@pytest.mark.parametrize(
    "locale,prefix,texts",
    [
        (
            "da-DK",
            "",
            {
                "question": "Bliver mit svar offentligt?",
                "answer": "når kommunen har læst det",
                "kinds": ["Privatperson", "Organisation eller forening"],
                "kind_label": "Jeg svarer som",
            },
        ),
        (
            "en-GB",
            "/en",
            {
                "question": "Will my response be public?",
                "answer": "once the municipality has read it",
                "kinds": ["A private person", "An organisation or association"],
                "kind_label": "I respond as",
            },
        ),
    ],
)
def test_a_citizen_on_a_phone_meets_the_hearing_in_their_own_words_under_one_name(
    setting, browser, live_server, locale, prefix, texts
):
    """The page once said "Offentliggørelse af høringssvar: Offentliggør med det samme" and
    offered citizens to answer as a MED committee; the portal had three names."""
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}{prefix}/hoering/medborgerpolitik/")
    expect(page.locator(".solution-heading a")).to_have_text("Medborgerportalen")
    expect(page).to_have_title(re.compile(r" – Medborgerportalen, Ishøj Kommune$"))
    expect(page.get_by_text(texts["question"])).to_be_visible()
    expect(page.get_by_text(texts["answer"])).to_be_visible()
    kinds = page.get_by_role("group", name=texts["kind_label"]).get_by_role("radio")
    expect(kinds).to_have_count(2)
    for label in texts["kinds"]:
        expect(page.get_by_label(label, exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"\bMED\b"))).to_have_count(0)
    axe_check(page, context=f"hearing page at 390 px ({locale})")
    context.close()
