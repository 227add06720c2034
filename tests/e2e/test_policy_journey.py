"""The policy text journey of the issue's "Done when", in Danish and English, with axe on every
page: the coordinator drafts and publishes version 2, the comparison shows what changed; a
citizen without an account comments and confirms by e-mail, a project group member publishes
the comment, the coordinator replies officially, and the citizen sees both."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from policy.models import Comment, Policy, PolicyVersion
from process.models import Membership
from tests.e2e.conftest import axe_check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "da": {
        "draft_link": "Arbejdsudkast til Medborgerpolitik",
        "start": "Start et arbejdsudkast",
        "edit": "Redigér",
        "preview": "Forhåndsvis",
        "save_section": "Gem afsnit",
        "add": "Tilføj et afsnit",
        "heading": "Overskrift",
        "text": "Tekst",
        "publish_link": "Offentliggør som ny version",
        "label": "Betegnelse",
        "note": "Ændringsnote",
        "publish": "Offentliggør",
        "compare": "Se, hvad der er ændret fra version 1 til version 2",
        "comment_on": "Kommentér",
        "your_comment": "Din kommentar",
        "name": "Dit navn",
        "email": "Din e-mail",
        "send": "Send kommentar",
        "confirm": "Bekræft kommentaren",
        "carry_out": "Udfør",
        "open": "Åbn, svar eller moderér",
        "reply": "Officielt svar",
        "save_reply": "Gem svaret",
        "badge": "Officielt svar",
    },
    "en": {
        "draft_link": "Working draft of Medborgerpolitik",
        "start": "Start a working draft",
        "edit": "Edit",
        "preview": "Preview",
        "save_section": "Save section",
        "add": "Add a section",
        "heading": "Heading",
        "text": "Text",
        "publish_link": "Publish as a new version",
        "label": "Label",
        "note": "Change note",
        "publish": "Publish",
        "compare": "See what changed from version 1 to version 2",
        "comment_on": "Comment on",
        "your_comment": "Your comment",
        "name": "Your name",
        "email": "Your e-mail",
        "send": "Send comment",
        "confirm": "Confirm the comment",
        "carry_out": "Carry out",
        "open": "Open, reply or moderate",
        "reply": "Official reply",
        "save_reply": "Save the reply",
        "badge": "Official reply",
    },
}


@pytest.fixture
def ishoj(transactional_db):
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    Policy.objects.filter(slug="medborgerpolitik").update(moderate_comments=True)


def _user(group: str):
    return Membership.objects.filter(group=group).select_related("user").first().user


def _as(page, live_server, user) -> None:
    page.context.clear_cookies()
    if user is not None:
        log_in(page, live_server, user)


@pytest.mark.parametrize(("prefix", "lang"), [("", "da"), ("/en", "en")])
def test_draft_publish_compare_comment_moderate_reply(page, live_server, ishoj, prefix, lang):
    t = TEXT[lang]
    base = f"{live_server.url}{prefix}"
    policy = Policy.objects.get(slug="medborgerpolitik")
    v1_before = list(
        policy.versions.get(number=1).sections.values_list("key", "heading", "body", "order")
    )

    # The coordinator drafts version 2.
    coordinator = _user(Membership.Group.COORDINATOR)
    _as(page, live_server, coordinator)
    page.goto(f"{base}/styring/")
    axe_check(page, context=f"staff home ({lang})")
    page.get_by_role("link", name=t["draft_link"]).click()
    axe_check(page, context=f"draft page, no draft ({lang})")
    page.get_by_role("button", name=t["start"]).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    axe_check(page, context=f"draft page ({lang})")

    page.get_by_role("link", name=t["edit"]).first.click()
    axe_check(page, context=f"section form ({lang})")
    body = page.get_by_label(t["text"])
    body.fill(body.input_value() + "\n\nVi inviterer **alle** foreninger med.")
    page.get_by_role("button", name=t["preview"]).click()
    expect(page.locator(".markdown-preview strong")).to_have_text("alle")
    axe_check(page, context=f"section preview ({lang})")
    page.get_by_role("button", name=t["save_section"]).click()

    page.get_by_role("link", name=t["add"]).click()
    page.get_by_label(t["heading"]).fill("Frivillighed i hverdagen")
    page.get_by_label(t["text"]).fill("Frivillige gør Ishøj til et bedre sted.")
    page.get_by_role("button", name=t["save_section"]).click()
    axe_check(page, context=f"draft page with new section ({lang})")

    page.get_by_role("link", name=t["publish_link"]).click()
    axe_check(page, context=f"publish form ({lang})")
    page.get_by_label(t["label"]).fill("Udkast til borgermøde")
    page.get_by_label(t["note"]).fill("Nyt afsnit om frivillighed; foreningerne nævnt.")
    page.get_by_role("button", name=t["publish"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/politik/medborgerpolitik/version/2/$"))
    axe_check(page, context=f"version 2 ({lang})")

    page.get_by_role("link", name=t["compare"]).click()
    axe_check(page, context=f"comparison ({lang})")
    expect(page.locator("ins", has_text="Frivillighed i hverdagen")).to_be_visible()
    expect(page.locator("ins", has_text="foreninger med.")).to_be_visible()
    assert (
        list(policy.versions.get(number=1).sections.values_list("key", "heading", "body", "order"))
        == v1_before
    )
    assert policy.versions.get(number=2).status == PolicyVersion.Status.PUBLISHED

    # A citizen without an account comments on a section of version 2 and confirms by e-mail.
    _as(page, live_server, None)
    page.goto(f"{base}/politik/medborgerpolitik/")
    axe_check(page, context=f"policy page for a reader ({lang})")
    page.locator("main a[href*='/afsnit/']").filter(has_text=t["comment_on"]).first.click()
    axe_check(page, context=f"section with comment form ({lang})")
    page.get_by_label(t["your_comment"]).fill("Husk også de unge i foreningerne.")
    page.get_by_label(t["name"]).fill("Amira Hansen")
    page.get_by_label(t["email"], exact=True).fill("amira@example.org")
    page.get_by_role("button", name=t["send"]).click()
    axe_check(page, context=f"after commenting ({lang})")
    (message,) = [m for m in mail.outbox if m.to == ["amira@example.org"]]
    link = re.search(r"https?://\S+/kommentar/bekraeft/\S+/", message.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page.goto(f"{live_server.url}{path}")
    axe_check(page, context=f"confirm page ({lang})")
    page.get_by_role("button", name=t["confirm"]).click()
    axe_check(page, context=f"after confirming ({lang})")
    comment = Comment.objects.get(author_name="Amira Hansen")
    assert comment.status == Comment.Status.PENDING
    expect(page.get_by_text("Husk også de unge i foreningerne.")).to_have_count(0)

    # A project group member publishes it from the queue.
    _as(page, live_server, _user(Membership.Group.PROJECT))
    page.goto(f"{base}/styring/politik/medborgerpolitik/kommentarer/")
    axe_check(page, context=f"moderation queue ({lang})")
    page.locator(f"#choose-{comment.pk}").check()
    page.locator("input[name=action][value=publish]").check()
    page.get_by_role("button", name=t["carry_out"]).click()
    axe_check(page, context=f"moderation queue after publishing ({lang})")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED

    # The coordinator replies officially.
    _as(page, live_server, coordinator)
    page.goto(f"{base}/styring/politik/medborgerpolitik/kommentarer/{comment.pk}/")
    axe_check(page, context=f"comment page for staff ({lang})")
    page.get_by_label(t["reply"]).fill("Tak! Vi skriver de unge ind i afsnittet.")
    page.get_by_role("button", name=t["save_reply"]).click()
    axe_check(page, context=f"comment page after reply ({lang})")

    # The citizen sees the comment with the official reply.
    _as(page, live_server, None)
    page.goto(f"{base}/politik/medborgerpolitik/")
    expect(page.get_by_text("Husk også de unge i foreningerne.")).to_be_visible()
    expect(page.get_by_text("Tak! Vi skriver de unge ind i afsnittet.")).to_be_visible()
    expect(page.locator(".badge-official", has_text=t["badge"])).to_be_visible()
    expect(page.get_by_text("amira@example.org")).to_have_count(0)
    axe_check(page, context=f"policy page with comment and reply ({lang})")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_version_list_search_and_report_pages_have_no_axe_violations(
    page, live_server, ishoj, prefix
):
    base = f"{live_server.url}{prefix}"
    version = Policy.objects.get(slug="medborgerpolitik").versions.get(number=1)
    section = version.sections.order_by("order").first()
    comment = Comment.objects.create(
        policy=version.policy,
        section=section,
        section_key=section.key,
        author_name="Ole",
        body="Godt skrevet om fællesskab.",
        status=Comment.Status.PUBLISHED,
    )
    for path in [
        "/politik/medborgerpolitik/versioner/",
        "/politik/medborgerpolitik/soeg/?q=f%C3%A6llesskab",
        f"/kommentar/{comment.pk}/anmeld/",
        "/politik/medborgerpolitik/?tema=frivillighed",
        "/kommentar/bekraeft/ukendt/",
    ]:
        page.goto(base + path)
        axe_check(page, context=path)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_pages_and_form_errors_have_no_axe_violations(page, live_server, ishoj, prefix):
    from policy import services

    base = f"{live_server.url}{prefix}"
    policy = Policy.objects.get(slug="medborgerpolitik")
    coordinator = _user(Membership.Group.COORDINATOR)
    v1 = policy.versions.get(number=1)
    first = v1.sections.order_by("order").first()
    Comment.objects.create(
        policy=policy,
        section=first,
        section_key=first.key,
        author_name="Ole",
        body="Kommentar til version 1.",
        status=Comment.Status.PUBLISHED,
    )
    draft = services.draft_start(policy=policy, user=coordinator)
    section = draft.sections.order_by("order").first()
    services.section_update(
        section=section, heading=section.heading, body="Ny tekst i udkastet.", theme=None
    )

    # A reader's comment form with errors next to the fields.
    _as(page, live_server, None)
    page.goto(f"{base}/politik/medborgerpolitik/version/1/afsnit/{first.key}/")
    page.locator("form.comment-form button[type=submit]").click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    axe_check(page, context="comment form with errors")

    _as(page, live_server, coordinator)
    for path in [
        "/styring/politik/medborgerpolitik/udkast/sammenlign/",
        f"/styring/politik/medborgerpolitik/udkast/afsnit/{section.key}/slet/",
        f"/styring/politik/medborgerpolitik/udkast/afsnit/{section.key}/",
    ]:
        page.goto(base + path)
        axe_check(page, context=path)
    page.goto(f"{base}/styring/politik/medborgerpolitik/udkast/afsnit/ny/")
    page.locator("button[name=save]").click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    axe_check(page, context="section form with errors")
    page.goto(f"{base}/styring/politik/medborgerpolitik/udkast/offentliggoer/")
    page.locator("main form button[type=submit]").click()
    axe_check(page, context="publish form with errors")
    page.goto(f"{base}/styring/politik/medborgerpolitik/kommentarer/?vis=alle")
    page.locator("input[name=action][value=hide]").check()
    page.locator("main form button.button-primary").last.click()
    axe_check(page, context="moderation queue with errors")

    services.draft_publish(draft=draft, label="2", change_note="Ny tekst", user=coordinator)
    _as(page, live_server, None)
    page.goto(f"{base}/politik/medborgerpolitik/version/2/afsnit/{first.key}/")
    expect(page.get_by_text("Kommentar til version 1.")).to_be_visible()
    axe_check(page, context="section with comments on earlier versions")
