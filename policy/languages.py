"""The languages a policy's text may be translated into, and the lines that mark a translation.

One place for them: the seeded choices staff are offered, the "unofficial translation" line in
each seeded language (written for this portal, read by people who speak the language), which
codes are accepted and which scripts run right to left.
"""

from __future__ import annotations

import re

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ORIGINAL = "da"

# Offered first when staff add a translation; any other valid language code may be typed.
SEEDED = {
    "en": pgettext_lazy("language", "English"),
    "ar": pgettext_lazy("language", "Arabic"),
    "tr": pgettext_lazy("language", "Turkish"),
    "ur": pgettext_lazy("language", "Urdu"),
    "so": pgettext_lazy("language", "Somali"),
    "pl": pgettext_lazy("language", "Polish"),
}

# Each language's own name, as its speakers write it (for the reader's text-language links).
_OWN_NAMES = {
    "da": "Dansk",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "ur": "اردو",
    "so": "Soomaali",
    "pl": "Polski",
}

# "Unofficial translation – the Danish text applies", in each seeded language.
UNOFFICIAL_NOTICE = {
    "da": "Uofficiel oversættelse – den danske tekst gælder",
    "en": "Unofficial translation – the Danish text applies",
    "ar": "ترجمة غير رسمية – النص الدنماركي هو المعتمد",
    "tr": "Resmî olmayan çeviri – Danca metin geçerlidir",
    "ur": "غیر سرکاری ترجمہ – ڈینش متن ہی مستند ہے",
    "so": "Turjumaad aan rasmi ahayn – qoraalka Deenishka ah ayaa ansax ah",
    "pl": "Nieoficjalne tłumaczenie – obowiązuje tekst duński",
}

_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")


def normalise(code: str) -> str:
    return (code or "").strip().lower().replace("_", "-")


def is_known(code: str) -> bool:
    """A language code Django knows (BCP 47 style, e.g. `ar`, `fa`, `zh-hans`), not Danish."""
    code = normalise(code)
    info = LANG_INFO.get(code)
    return bool(_CODE.fullmatch(code)) and info is not None and code != ORIGINAL


def _info(code: str) -> dict:
    info = LANG_INFO.get(normalise(code), {})
    if "fallback" in info:
        info = LANG_INFO.get(info["fallback"][0], {})
    return info


def is_rtl(code: str) -> bool:
    return bool(_info(code).get("bidi"))


def own_name(code: str) -> str:
    code = normalise(code)
    return _OWN_NAMES.get(code) or _info(code).get("name_local") or code


def display_name(code: str) -> str:
    """The language's name in the interface language (seeded ones translated)."""
    code = normalise(code)
    if code in SEEDED:
        return str(SEEDED[code])
    if code == ORIGINAL:
        return str(pgettext_lazy("language", "Danish"))
    return _info(code).get("name") or code


def unofficial_notice(code: str) -> str:
    """The line in language `code`, or "" when none was written for it."""
    return UNOFFICIAL_NOTICE.get(normalise(code), "")


def seeded_choices() -> list[tuple[str, str]]:
    return [(code, f"{name} ({own_name(code)})") for code, name in SEEDED.items()]


OTHER = "other"
OTHER_LABEL = _("Another language (type its code)")
