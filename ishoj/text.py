"""The first draft of Ishøj Kommune's Medborgerpolitik, as loaded by `load_ishoj`.

The sections are Markdown files in `data/medborgerpolitik/`, named `NN-identifier.md`: the
number gives the order, the identifier (used to derive the section's stable key) the rest. Each
file opens with a short header between `---` lines (`heading:` and an optional `theme:` slug),
then the section's Markdown text.
"""

from __future__ import annotations

import re
from pathlib import Path

POLICY_TITLE = "Medborgerpolitik"
POLICY_SLUG = "medborgerpolitik"
POLICY_SUMMARY = (
    "Ishøj Kommunes medborgerpolitik siger, at kommunen møder alle borgere ligeværdigt, uanset "
    "baggrund, og at alle er en del af et fællesskab, der både forpligter og giver muligheder. "
    "Politikken bliver revideret i åbenhed – læs udkastet, kommentér og deltag."
)

THEMES = [
    (
        "faellesskab",
        "Fællesskab",
        "Det, der binder os sammen i byen, i foreningerne og på arbejdspladserne.",
    ),
    ("frivillighed", "Frivillighed", "Borgere, der giver deres tid og kræfter til andre."),
    ("tryghed", "Tryghed", "At alle kan færdes, bo og leve trygt i Ishøj."),
    (
        "uddannelse-og-arbejde",
        "Uddannelse og arbejde",
        "Veje til uddannelse, job og selvforsørgelse.",
    ),
    (
        "demokrati-og-deltagelse",
        "Demokrati og deltagelse",
        "At alle kan få indflydelse på det, der angår dem.",
    ),
]

SECTIONS_DIR = Path(__file__).resolve().parent / "data" / POLICY_SLUG
_FILE_NAME = re.compile(r"^(?P<order>\d{2})-(?P<identifier>[a-z0-9-]+)\.md$")


def section_parse(source: str, *, name: str) -> tuple[str, str | None, str]:
    """Split one section file into (heading, theme slug or None, Markdown body)."""
    lines = source.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in [ln.strip() for ln in lines[1:]]:
        raise ValueError(f"{name}: the file must open with a header between two '---' lines.")
    end = [ln.strip() for ln in lines].index("---", 1)
    header: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if not sep or key.strip() not in {"heading", "theme"}:
            raise ValueError(f"{name}: unknown header line {line!r}.")
        header[key.strip()] = value.strip()
    if not header.get("heading"):
        raise ValueError(f"{name}: the header needs a heading.")
    body = "\n".join(lines[end + 1 :]).strip()
    return header["heading"], header.get("theme") or None, body


def sections_read(directory: Path = SECTIONS_DIR) -> list[tuple[str, str, str | None, str]]:
    """The sections in order, as (identifier, heading, theme slug or None, Markdown body)."""
    sections = []
    for path in sorted(directory.glob("*.md")):
        match = _FILE_NAME.match(path.name)
        if match is None:
            raise ValueError(f"{path.name}: section files are named NN-identifier.md.")
        heading, theme, body = section_parse(path.read_text(encoding="utf-8"), name=path.name)
        sections.append((match["identifier"], heading, theme, body))
    return sections
