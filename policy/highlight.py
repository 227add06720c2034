"""Search results as a reader sees them: plain text around the first match, matches in <mark>.

The query is only ever used inside a regular expression (escaped); the page shows escaped pieces
of the text itself, so nothing a person types can reach the page as HTML."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Danish endings to take off a query word, longest first, so that "foreningerne" also marks
# "foreninger" and "forening" (as PostgreSQL's Danish stemmer finds them).
_ENDINGS = ("ernes", "erne", "enes", "ene", "ens", "ers", "ets", "er", "en", "et", "es", "e", "s")
_SHORTEST_STEM = 3
_MAX_WORDS = 10


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _SHORTEST_STEM:
            return word[: -len(ending)]
    return word


def query_pattern(query: str) -> re.Pattern | None:
    """The words of the query (without search operators) as one pattern: a word of four letters
    or more marks every word that begins with its stem, a shorter one only itself. None when the
    query has no words."""
    words = {w.casefold() for w in re.findall(r"\w+", query)[:_MAX_WORDS]}
    words -= {"or"}  # websearch syntax, not a word to find
    long = sorted({_stem(w) for w in words if len(w) >= 4}, key=len, reverse=True)
    short = sorted({w for w in words if 2 <= len(w) < 4}, key=len, reverse=True)
    parts = [r"\b(?:" + "|".join(map(re.escape, long)) + r")\w*"] if long else []
    parts += [r"\b(?:" + "|".join(map(re.escape, short)) + r")\b"] if short else []
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """The text, escaped, with every match in <mark>."""
    if pattern is None:
        return mark_safe(escape(text))
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() == match.end():
            continue
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, pattern: re.Pattern | None, *, length: int = 240) -> SafeString:
    """About `length` characters of the text around its first match, cut at spaces, with "…"
    where text was left out, and the matches marked."""
    text = " ".join(text.split())
    match = pattern.search(text) if pattern is not None else None
    if len(text) <= length:
        return highlight(text, pattern)
    start = 0
    if match is not None and match.end() > length - 40:
        start = max(0, match.start() - length // 3)
        start = text.find(" ", start) + 1 if text.find(" ", start) != -1 else start
    end = start + length
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    piece = text[start:end].strip()
    html = str(highlight(piece, pattern))
    return mark_safe(("… " if start > 0 else "") + html + (" …" if end < len(text) else ""))
