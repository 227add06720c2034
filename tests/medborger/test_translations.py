"""Danish is the default language and English the source: every catalog must be complete."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGS = sorted(
    path
    for locale_dir in settings.LOCALE_PATHS
    for path in Path(locale_dir).glob("*/LC_MESSAGES/django.po")
)


def test_there_is_a_danish_catalog_for_the_project():
    assert Path(settings.BASE_DIR, "medborger/locale/da/LC_MESSAGES/django.po") in CATALOGS


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_string_is_translated_and_none_is_fuzzy(catalog):
    po = polib.pofile(str(catalog))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {catalog.name}: {untranslated[:10]}"
    assert fuzzy == [], f"fuzzy in {catalog.name}: {fuzzy[:10]}"


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_the_compiled_catalog_is_up_to_date(catalog):
    compiled = catalog.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run compilemessages"
    fresh = polib.pofile(str(catalog))
    shipped = polib.mofile(str(compiled))
    wanted = {(e.msgctxt, e.msgid): e.msgstr for e in fresh.translated_entries()}
    have = {(e.msgctxt, e.msgid): e.msgstr for e in shipped}
    assert {k: v for k, v in wanted.items() if have.get(k) != v} == {}, "run compilemessages"


def test_a_string_means_the_same_in_every_catalog():
    """Catalogs are merged at run time (the first wins): the same msgid must not differ."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for catalog in CATALOGS:
        for entry in polib.pofile(str(catalog)).translated_entries():
            seen.setdefault((entry.msgctxt, entry.msgid), {})[str(catalog)] = entry.msgstr
    clashes = {key: found for key, found in seen.items() if len(set(found.values())) > 1}
    assert clashes == {}
