"""Sharing the hearing's work, in a real browser on a phone: the coordinator logs in with a real
two-factor code and assigns two responses to a colleague of the project group; the colleague logs
in, opens "Mine", splits one response into three points with the suggested sections, answers
them, goes on with "Next response" and makes the other response one point in one click; the
høringsnotat (page and PDF) shows the points by section. axe on every page, Danish and English.

Screenshots go to $SHOTS_DIR when it is set."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from hearing.models import HearingResponse
from policy.models import PolicyVersion
from process.models import Membership
from process.services import version_approve
from tests.conftest import make_account
from tests.e2e.conftest import axe_check
from tests.e2e.test_security_mfa import current_code
from tests.factories import (
    MembershipFactory,
    PolicyFactory,
    PolicyVersionFactory,
    ProcessFactory,
    SectionFactory,
)
from tests.hearing.factories import HearingFactory, HearingResponseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "et-langt-kodeord-til-test"
PHONE = {"width": 390, "height": 844}
SECTIONS = [
    ("Frivillighed", "Foreningerne og de frivillige bærer fællesskabet i byen."),
    ("Uddannelse og arbejde", "Unge skal have en uddannelse og et job efter skolen."),
    ("Tryghed", "Gaderne og boligområderne skal være trygge om aftenen."),
]
# Three points of Ældrerådet's letter, each about one section (in the order of SECTIONS).
POINTS = [
    "Foreningerne og de frivillige skal have lokaler gratis.",
    "De unge skal have et job og en uddannelse efter skolen.",
    "Boligområderne skal være trygge om aftenen med mere lys.",
]
TEXT = {
    "da": {
        "mine": "Mine",
        "assign_to": "Tildel til",
        "assign": "Tildel",
        "assigned": "2 høringssvar tildelt Kim Kollega.",
        "more": "Tre tomme bemærkninger mere",
        "save": "Gem bemærkningerne",
        "saved": "3 bemærkninger gemt.",
        "next": "Næste svar",
        "one": "Én bemærkning: hele svaret",
        "one_done": "Høringssvaret er nu én bemærkning. Kontrollér afsnittet.",
        "notat": "Høringsnotat",
        "suggested": "Foreslået ud fra teksten:",
    },
    "en": {
        "mine": "Mine",
        "assign_to": "Assign to",
        "assign": "Assign",
        "assigned": "2 responses assigned to Kim Kollega.",
        "more": "Three more empty points",
        "save": "Save the points",
        "saved": "3 points saved.",
        "next": "Next response",
        "one": "One point: the whole response",
        "one_done": "The response is now one point. Check its section.",
        "notat": "Høringsnotat",
        "suggested": "Suggested from the text:",
    },
}


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


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
    page.set_default_timeout(60_000)
    return page


def log_in_with_code(page, live_server, prefix: str, user) -> None:
    """The login form, then the authenticator's code."""
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
    expect(page).not_to_have_url(f"{live_server.url}{prefix}/konto/2fa/authenticate/")


@pytest.fixture
def setting(transactional_db):
    policy = PolicyFactory(slug="medborgerpolitik", title="Medborgerpolitik")
    process = ProcessFactory(policy=policy)
    version = PolicyVersionFactory(
        policy=policy, status=PolicyVersion.Status.DRAFT, number=None, published_at=None
    )
    for order, (heading, body) in enumerate(SECTIONS, start=1):
        SectionFactory(version=version, order=order, heading=heading, body=body)
    version.number = 1
    version.status = PolicyVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    coordinator = make_account("koordinator@ishoj.dk", first_name="Jeanet", last_name="Flørnæss")
    colleague = make_account("kollega@ishoj.dk", first_name="Kim", last_name="Kollega")
    MembershipFactory(process=process, user=coordinator, group=Membership.Group.COORDINATOR)
    MembershipFactory(process=process, user=colleague, group=Membership.Group.PROJECT)
    version_approve(version=version, user=coordinator)
    hearing = HearingFactory(process=process, version=version)
    letter = HearingResponseFactory(
        hearing=hearing,
        name="Ældrerådet",
        kind=HearingResponse.Kind.ORGANISATION,
        organisation="Ældrerådet",
        text="\n\n".join(POINTS),
    )
    short = HearingResponseFactory(
        hearing=hearing, name="Bente Borger", text="Der skal være flere frivillige foreninger."
    )
    HearingResponseFactory(hearing=hearing, name="Ikke Tildelt", text="Et svar, der venter.")
    return hearing, coordinator, colleague, letter, short


@pytest.mark.parametrize(("prefix", "lang"), [("", "da"), ("/en", "en")])
def test_the_coordinator_shares_responses_and_a_colleague_answers_them_point_by_point(
    setting, browser, live_server, prefix, lang
):
    hearing, coordinator, colleague, letter, short = setting
    text = TEXT[lang]
    base = f"{live_server.url}{prefix}/styring/hoering/medborgerpolitik/{hearing.pk}/"

    # The coordinator chooses the two responses and assigns them to the colleague.
    boss = phone(browser, lang)
    log_in_with_code(boss, live_server, prefix, coordinator)
    boss.goto(base)
    for response in (letter, short):
        boss.locator(f"input[name=responses][value='{response.pk}']").check()
    boss.get_by_label(text["assign_to"]).select_option(label="Kim Kollega")
    shot(boss, f"{lang}-1-assign")
    boss.get_by_role("button", name=text["assign"], exact=True).click()
    expect(boss.get_by_text(text["assigned"])).to_be_visible()
    axe_check(boss, context=f"staff responses after assignment ({lang})")
    assert set(HearingResponse.objects.filter(assigned_to=colleague)) == {letter, short}

    # The colleague logs in and opens their own responses.
    page = phone(browser, lang)
    log_in_with_code(page, live_server, prefix, colleague)
    page.goto(base)
    page.get_by_role("link", name=text["mine"]).click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    shot(page, f"{lang}-2-mine")
    axe_check(page, context=f"mine ({lang})")
    page.locator("tbody tr", has_text=letter.tracking).locator("td a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(letter.tracking)
    axe_check(page, context=f"points of a response ({lang})")

    # Three points, one box each; saved first without a section ...
    page.get_by_role("link", name=text["more"]).click()
    for index, point in enumerate(POINTS):
        page.locator(f"#id_form-{index}-summary").fill(point)
        page.locator(f"#id_form-{index}-section").select_option("")
        page.locator(f"#id_form-{index}-comment").fill(f"Tak. Bemærkning {index + 1} er noteret.")
    page.get_by_role("button", name=text["save"]).click()
    expect(page.get_by_text(text["saved"])).to_be_visible()
    # ... then each point takes the section suggested from its own text.
    sections = list(hearing.version.sections.order_by("order"))
    for index, section in enumerate(sections):
        hint = page.locator(f"#id_form-{index}-section_suggested")
        expect(hint).to_contain_text(f"{text['suggested']} {section.order}. {section.heading}")
        page.locator(f"#id_form-{index}-section").select_option(str(section.pk))
    page.get_by_role("button", name=text["save"]).click()
    expect(page.get_by_text(text["saved"])).to_be_visible()
    shot(page, f"{lang}-3-points")
    axe_check(page, context=f"points saved ({lang})")
    # On a wide screen the response stands beside its points.
    page.set_viewport_size({"width": 1280, "height": 900})
    source = page.locator(".points-source").bounding_box()
    form = page.locator(".points-form").bounding_box()
    assert source["x"] + source["width"] <= form["x"], (source, form)
    shot(page, f"{lang}-3-wide")
    axe_check(page, context=f"points on a wide screen ({lang})")
    page.set_viewport_size(PHONE)
    source = page.locator(".points-source").bounding_box()
    form = page.locator(".points-form").bounding_box()
    assert source["y"] + source["height"] <= form["y"], (source, form)
    points = list(letter.points.order_by("order").values_list("summary", "section"))
    assert points == [(point, s.pk) for point, s in zip(POINTS, sections, strict=True)]
    letter.refresh_from_db()
    assert letter.answered_at is not None

    # Next response: the short one, as one point in one click.
    page.get_by_role("link", name=text["next"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(short.tracking)
    page.get_by_role("button", name=text["one"]).click()
    expect(page.get_by_text(text["one_done"])).to_be_visible()
    assert short.points.get().section == sections[0]

    # The høringsnotat: the points by section, on the page and in the PDF.
    page.get_by_role("link", name=text["notat"], exact=True).first.click()
    main = page.locator("main")
    for point in POINTS:
        expect(main).to_contain_text(point)
    for section in sections:
        expect(main).to_contain_text(section.heading)
    shot(page, f"{lang}-4-notat")
    axe_check(page, context=f"staff notat ({lang})")
    pdf = page.request.get(f"{base}notat.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    words = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf.body())).pages
    )
    for point in POINTS:
        assert point in words, point
    assert words.index(SECTIONS[0][0]) < words.index(POINTS[0]) < words.index(SECTIONS[1][0])


@pytest.mark.parametrize(("prefix", "lang"), [("", "da"), ("/en", "en")])
def test_a_letter_is_entered_as_a_case_with_a_printable_receipt(
    setting, browser, live_server, tmp_path, prefix, lang
):
    hearing, coordinator, *_ = setting
    scan = tmp_path / "brev.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page = phone(browser, lang)
    log_in_with_code(page, live_server, prefix, coordinator)
    page.goto(f"{live_server.url}{prefix}/styring/hoering/medborgerpolitik/{hearing.pk}/indtast/")
    axe_check(page, context=f"letter intake ({lang})")
    page.locator("#id_channel").select_option("letter")
    page.locator("#id_case_number").fill("24/98765")
    page.locator("input[name=kind][value=organisation]").check()
    page.locator("#id_name").fill("Grethe Formand")
    page.locator("#id_organisation").fill("Handicaprådet")
    page.locator("#id_sender_address").fill("Rådhusvej 1\n2635 Ishøj")
    page.locator("#id_text").fill("Handicaprådet ønsker trinfri adgang til alle mødesteder.")
    page.locator("#id_scan").set_input_files(str(scan))
    page.locator("input[name=receipt][value=letter]").check()
    shot(page, f"{lang}-5-intake")
    page.locator("main form button[type=submit]").last.click()
    stored = HearingResponse.objects.get(case_number="24/98765")
    expect(page.get_by_role("heading", level=1)).to_contain_text(stored.tracking)
    expect(page.locator("main")).to_contain_text("Rådhusvej 1")
    shot(page, f"{lang}-6-letter")
    axe_check(page, context=f"letter registered ({lang})")
    pdf = page.request.get(
        f"{live_server.url}{prefix}/styring/hoering/medborgerpolitik/{hearing.pk}"
        f"/svar/{stored.pk}/kvittering.pdf"
    )
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert stored.tracking in text and "2635 Ishøj" in text
