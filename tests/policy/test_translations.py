"""Translations of a published version, the easy-read summary and comments in any language."""

# ruff: noqa: S603 - fixed poppler programs (pdffonts, pdftotext) on a file the test wrote
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from policy import services, snapshots
from policy.models import Comment, VersionTranslation

pytestmark = pytest.mark.django_db


def _translate_all(translation, *, body="نص مترجم"):
    sections = {
        s.key: (f"عنوان {s.order}", body) for s in translation.version.sections.order_by("order")
    }
    return services.translation_update(translation=translation, sections=sections, easy_read="")


def test_unknown_language_code_is_refused(published_version):
    with pytest.raises(services.TranslationError):
        services.translation_create(version=published_version, language="xx-nonsense")
    with pytest.raises(services.TranslationError):
        services.translation_create(version=published_version, language="da")


def test_publishing_with_missing_sections_is_refused_and_lists_them(published_version, coordinator):
    translation = services.translation_create(version=published_version, language="ar")
    first = published_version.sections.order_by("order").first()
    services.translation_update(
        translation=translation, sections={first.key: ("عنوان", "نص")}, easy_read=""
    )
    with pytest.raises(services.TranslationError) as refused:
        services.translation_publish(translation=translation, user=coordinator)
    for section in published_version.sections.exclude(pk=first.pk):
        assert section.heading in str(refused.value)
    assert first.heading not in str(refused.value)
    translation.refresh_from_db()
    assert translation.status == VersionTranslation.Status.DRAFT


def test_a_published_translation_is_frozen(published_version, coordinator):
    translation = services.translation_create(version=published_version, language="ar")
    _translate_all(translation)
    services.translation_publish(translation=translation, user=coordinator)
    with pytest.raises(services.TranslationError):
        _translate_all(translation, body="changed")


def test_language_without_a_written_notice_needs_one(published_version, coordinator):
    translation = services.translation_create(version=published_version, language="fa")
    _translate_all(translation)
    with pytest.raises(services.TranslationError):
        services.translation_publish(translation=translation, user=coordinator)


def test_coordinator_translates_through_the_pages(client, coordinator, published_version):
    client.force_login(coordinator)
    policy = published_version.policy
    base = f"/styring/politik/{policy.slug}/oversaettelser/"
    response = client.post(base, {"version": "1", "language": "other", "other": "zz"})
    assert response.status_code == 400
    assert "zz" in response.content.decode()
    response = client.post(base, {"version": "1", "language": "ar"})
    assert response.status_code == 302
    url = response["Location"]
    assert url.endswith("/oversaettelser/ar/")
    data = {"easy_read": "سهل القراءة"}
    for section in published_version.sections.all():
        data[f"heading_{section.key.hex}"] = f"عنوان {section.order}"
        data[f"body_{section.key.hex}"] = "نص <script>alert(1)</script> [x](javascript:alert(1))"
    assert client.post(url, data).status_code == 302
    response = client.post(url + "offentliggoer/")
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "ترجمة غير رسمية – النص الدنماركي هو المعتمد" in html
    assert "Uofficiel oversættelse – den danske tekst gælder" in html
    assert "سهل القراءة" in html
    # Sanitised exactly like the Danish text: no script, no javascript: link.
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("persona", ["anonymous", "project_member", "steering_member", "citizen"])
def test_only_the_coordinator_reaches_the_translation_pages(as_persona, persona, published_version):
    client, _user = as_persona(persona)
    response = client.get(f"/styring/politik/{published_version.policy.slug}/oversaettelser/")
    assert response.status_code == (302 if persona == "anonymous" else 403)


def test_english_interface_says_the_text_is_only_in_danish(client, published_version):
    html = client.get(f"/en/politik/{published_version.policy.slug}/").content.decode()
    assert "only in Danish" in html
    assert 'class="section-body" lang="da"' in html


def test_english_interface_shows_the_english_translation(client, published_version, coordinator):
    translation = services.translation_create(version=published_version, language="en")
    _translate_all(translation, body="The translated text.")
    services.translation_publish(translation=translation, user=coordinator)
    html = client.get(f"/en/politik/{published_version.policy.slug}/").content.decode()
    assert "The translated text." in html
    assert "only in Danish" not in html
    assert "Unofficial translation – the Danish text applies" in html


def test_the_arabic_pdf_embeds_an_arabic_font_and_says_it_is_unofficial(
    published_version, coordinator, tmp_path
):
    translation = services.translation_create(version=published_version, language="ar")
    _translate_all(translation)
    services.translation_update(
        translation=translation,
        sections={
            s.key: (f"عنوان {s.order}", "نص مترجم") for s in published_version.sections.all()
        },
        easy_read="ملخص سهل القراءة",
    )
    services.translation_publish(translation=translation, user=coordinator)
    translation.refresh_from_db()
    snapshot = snapshots.translation_snapshot_get_or_create(translation=translation)
    assert snapshot.kind == "translation" and snapshot.filename.endswith(".pdf")
    assert snapshots.translation_snapshot_get_or_create(translation=translation).pk == snapshot.pk
    path = tmp_path / "ar.pdf"
    with snapshot.file.open("rb") as stored:
        path.write_bytes(stored.read())
    fonts = subprocess.run(
        [shutil.which("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    arabic = [line for line in fonts.splitlines() if "NotoArabic" in line]
    assert arabic and all(" yes " in line for line in arabic), fonts
    text = subprocess.run(
        [shutil.which("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Uofficiel oversættelse" in text
    assert snapshots.snapshot_find(sha256=snapshot.sha256).pk == snapshot.pk


def test_the_danish_pdf_begins_with_the_easy_read_summary(policy, coordinator):
    from tests.factories import published_version_with_sections

    published_version_with_sections(policy, sections=1, number=1)
    draft = services.draft_start(policy=policy, user=coordinator)
    services.version_easy_read_update(draft=draft, easy_read="Kort og klart om politikken.")
    version = services.draft_publish(draft=draft, label="2", change_note="", user=coordinator)
    data = snapshots.version_pdf_bytes(version=version)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages[:3])
    assert "Let at læse" in text and "Kort og klart" in text


def test_a_comment_keeps_its_chosen_language(client, published_version, citizen):
    section = published_version.sections.order_by("order").first()
    client.force_login(citizen)
    url = f"/politik/{published_version.policy.slug}/version/1/afsnit/{section.key}/"
    assert 'name="language"' in client.get(url).content.decode()
    response = client.post(url, {"body": "تعليق باللغة العربية", "language": "ar"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.language == "ar"
    html = client.get(url).content.decode()
    assert 'lang="ar" dir="rtl"' in html


def test_a_comment_in_an_unknown_language_is_refused_at_the_field(
    client, published_version, citizen
):
    section = published_version.sections.order_by("order").first()
    client.force_login(citizen)
    url = f"/politik/{published_version.policy.slug}/version/1/afsnit/{section.key}/"
    response = client.post(url, {"body": "Hej", "language": "klingon"})
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "nasty",
    ["", "\x00", "a\u202eb", "<script>alert(1)</script>", "x" * 30_000, "ترجمة\r\nنص", "zz-ZZ"],
)
def test_hostile_input_to_the_translation_forms_answers_with_a_page(
    client, coordinator, published_version, nasty
):
    client.force_login(coordinator)
    base = f"/styring/politik/{published_version.policy.slug}/oversaettelser/"
    response = client.post(base, {"version": nasty, "language": "other", "other": nasty})
    assert response.status_code in (302, 400)
    translation = services.translation_create(version=published_version, language="ar")
    data = {"easy_read": nasty}
    for section in published_version.sections.all():
        data[f"heading_{section.key.hex}"] = nasty
        data[f"body_{section.key.hex}"] = nasty
    slug = published_version.policy.slug
    response = client.post(f"/styring/politik/{slug}/version/1/oversaettelser/ar/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not translation.sections.exists()  # nothing half-saved
