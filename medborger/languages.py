"""The languages the municipality offers beyond the interface's Danish and English.

One list, used wherever a person chooses a language that is not the interface language: the
interpreter at an event today, translations of a policy tomorrow. Codes are ISO 639-1, the
names are translated into the interface language.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (code, name): the order in which they are offered.
INTERPRETATION_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("ur", _("Urdu")),
    ("so", _("Somali")),
    ("pl", _("Polish")),
)

# Written from right to left (for `dir="rtl"`).
RIGHT_TO_LEFT = frozenset({"ar", "ur"})


def language_name(code: str) -> str:
    """The name of a language of the list; anything else (older free text) as it was written."""
    return str(dict(INTERPRETATION_LANGUAGES).get(code, code))
