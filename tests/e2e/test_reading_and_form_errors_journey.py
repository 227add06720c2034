"""What readers found when they tried the policy pages in a browser, walked again in Danish and
English, on a phone-sized screen too, with axe on every page: the comparison shows lists as
lists, search shows readable marked snippets, and a form with errors opens with a summary while
a long comment is counted, not cut."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from policy import services
from tests.e2e.conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

V1 = """Kommunen vil:

- åbne sine bygninger for **foreninger**,
- hjælpe nye borgere med at finde vej til foreningslivet,
  også på andre sprog."""

V2 = """Kommunen vil:

- åbne sine bygninger for **foreninger** og borgergrupper,
- hjælpe nye borgere med at finde vej til foreningslivet,
  også på andre sprog.
- fejre de frivillige."""

LANGS = [("", "da", 1280), ("/en", "en", 390)]


@pytest.fixture
def two_versions(policy, coordinator):
    from tests.factories import ThemeFactory

    theme = ThemeFactory(name="Fællesskab", slug="faellesskab")
    draft = services.draft_start(policy=policy, user=coordinator)
    section = services.section_add(draft=draft, heading="Fællesskab", body=V1, theme=theme)
    services.section_add(draft=draft, heading="Tryghed", body="Tryghed er en forudsætning.")
    services.draft_publish(draft=draft, label="Udkast", change_note="Første.", user=coordinator)
    draft = services.draft_start(policy=policy, user=coordinator)
    section = draft.sections.get(key=section.key)
    services.section_update(section=section, heading=section.heading, body=V2, theme=theme)
    return services.draft_publish(
        draft=draft, label="Høringsudkast", change_note="Mere om fællesskab.", user=coordinator
    )


@pytest.mark.parametrize(("prefix", "lang", "width"), LANGS)
def test_reader_compares_versions_and_sees_lists_as_lists(
    page, live_server, two_versions, prefix, lang, width
):
    page.set_viewport_size({"width": width, "height": 900})
    base = f"{live_server.url}{prefix}/politik/{two_versions.policy.slug}"
    page.goto(f"{base}/version/2/")
    compare = {"da": "fra version 1 til version 2", "en": "from version 1 to version 2"}[lang]
    page.get_by_role("link", name=re.compile(compare)).click()
    expect(page).to_have_url(re.compile(r"/sammenlign/1/2/$"))
    changed = page.locator(".diff-section.diff-changed .diff-body")
    expect(changed.locator("ul > li")).to_have_count(3)
    expect(changed.locator("ul > li ins", has_text="fejre de frivillige.")).to_be_visible()
    text = changed.inner_text()
    assert "**" not in text and not re.search(r"^\s*- ", text, re.MULTILINE)
    assert "foreningslivet, også på andre sprog." in text  # a soft line break reads as a space
    axe_check(page, context=f"comparison ({lang}, {width}px)")

    # The same version twice, and the newer one first.
    page.goto(f"{base}/sammenlign/2/2/")
    twice = {"da": "Du har valgt version 2 to gange", "en": "You chose version 2 twice"}[lang]
    expect(page.get_by_text(twice)).to_be_visible()
    axe_check(page, context=f"a version compared with itself ({lang})")
    page.get_by_role("link", name=re.compile(compare)).click()
    expect(page).to_have_url(re.compile(r"/sammenlign/1/2/$"))
    page.goto(f"{base}/sammenlign/2/1/")
    expect(page).to_have_url(re.compile(r"/sammenlign/1/2/$"))


@pytest.mark.parametrize(("prefix", "lang", "width"), LANGS)
def test_reader_searches_and_reads_marked_snippets_or_a_sentence(
    page, live_server, two_versions, prefix, lang, width
):
    t = {
        "da": ("Søg i politikken og kommentarerne", "Søg", "Intet i version 2", "Skriv et"),
        "en": ("Search the policy and comments", "Search", "Nothing in version 2", "Write one"),
    }[lang]
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{prefix}/politik/{two_versions.policy.slug}/soeg/")
    field = page.get_by_label(t[0], exact=True)
    expect(page.locator("label[for=id_q]")).to_have_text(t[0])  # not "(optional)"
    field.fill("foreninger")
    page.get_by_role("button", name=t[1], exact=True).click()
    result = page.locator(".search-results > li")
    expect(result).to_have_count(1)
    expect(result.locator("mark").first).to_have_text("foreninger")
    expect(result.get_by_text("Fællesskab", exact=True)).to_have_count(1)  # heading, no badge
    assert "**" not in result.inner_text() and "- " not in result.inner_text()
    axe_check(page, context=f"search results ({lang}, {width}px)")

    page.get_by_label(t[0], exact=True).fill("zebraer")
    page.get_by_role("button", name=t[1], exact=True).click()
    expect(page.locator(".search-empty")).to_contain_text(t[2])
    expect(page.get_by_text(re.compile(r"^0 "))).to_have_count(0)
    axe_check(page, context=f"search without results ({lang})")

    page.get_by_label(t[0], exact=True).fill("")
    page.get_by_role("button", name=t[1], exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text(t[3])
    expect(page.locator("#id_q")).to_have_attribute("aria-invalid", "true")
    axe_check(page, context=f"empty search ({lang})")


@pytest.mark.parametrize(("prefix", "lang", "width"), LANGS)
def test_citizen_sees_a_long_comment_counted_and_refused_with_a_summary_and_nothing_lost(
    page, live_server, two_versions, prefix, lang, width
):
    t = {
        "da": ("Du har 4000 tegn tilbage", "Du har 52 tegn for meget", "Ret venligst følgende"),
        "en": ("You have 4000 characters left", "You have 52 characters too many", "Please"),
    }[lang]
    page.set_viewport_size({"width": width, "height": 900})
    section = two_versions.sections.order_by("order").first()
    page.goto(f"{live_server.url}{prefix}/politik/{two_versions.policy.slug}/version/2/")
    page.locator(f"a[href$='/afsnit/{section.key}/']").first.click()
    count = page.locator(".form-limit .character-limit")
    expect(count).to_have_text(t[0])
    body = "Ord " * 1012 + "slut"  # 4,052 characters: a paste the old maxlength cut silently
    page.locator("#id_comment_body").fill(body)
    page.locator("#id_comment_body").press("End")
    expect(count).to_have_text(t[1])
    assert len(page.locator("#id_comment_body").input_value()) == len(body)
    page.locator("#id_comment_name").fill("Ali Hassan")
    page.locator("#id_comment_email").fill("ali@example.org")
    page.locator("form.comment-form button[type=submit]").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(t[2])
    expect(summary).to_be_focused()
    expect(page.locator("#id_comment_body")).to_have_value(body)
    expect(page.locator(".form-limit .form-error-message")).to_contain_text("4052")
    axe_check(page, context=f"comment form with a too long comment ({lang}, {width}px)")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_comment_body")).to_be_focused()


def test_without_javascript_the_limit_is_stated_as_text(browser, live_server, two_versions):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    section = two_versions.sections.order_by("order").first()
    page.goto(
        f"{live_server.url}/politik/{two_versions.policy.slug}/version/2/afsnit/{section.key}/"
    )
    expect(page.locator(".form-limit .character-limit")).to_have_text(
        "Du kan skrive op til 4.000 tegn."
    )
    # (axe runs as JavaScript, so this page is checked with JavaScript on, above.)
    context.close()
