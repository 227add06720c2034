"""Suggest the sections a piece of hearing text is most likely about.

Staff split a hearing response into points; for each point the portal suggests the section(s)
of the version under hearing and staff confirm or change it. The ranking is plain Python so it
works alike on SQLite and PostgreSQL and needs no search service:

- words are lower-cased, Danish stop words dropped, and the rest reduced to their stem with the
  Snowball Danish stemmer (``foreningerne`` and ``foreningslivet`` → ``forening``...), so
  inflected forms match;
- each section is one document of its stemmed heading and body, the heading's words counted
  `HEADING_WEIGHT` times (a point that names the heading's subject is most likely about it);
- the documents are ranked by BM25 (the usual `k1`, `b`), over the sections of that version
  only, so a word common to every section weighs little.

Long Danish compounds (``frivilligpris``, ``fritidsaktiviteter``) are also matched by their
first part when it is itself a stem of the version's vocabulary (see `_compound_parts`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import snowballstemmer

HEADING_WEIGHT = 3
K1 = 1.2
B = 0.75
# A compound is split only at a known stem at least this long (avoids "ar" + "bejde").
_MIN_PART = 4

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Danish words that carry no subject (the Snowball list, shortened), plus the municipality's
# own name, which a point mentions without meaning any one section.
_STOP_WORDS_TEXT = """
    af alle allerede alt andet andre at bare blev blive bliver da de dem den denne der deres det
    dette dig din dine disse dit du efter eller en end er et for fordi fra få får god godt
    han hans har have hende hendes her hos hun hvad hvem hver hvilke hvis hvor hvordan hvorfor
    i ikke ind ingen jeg jer jo kan kun kunne man mange med meget men mere mig min mine mit
    mod må ned noget nogen nok nu når og også om op os over på sig sin sine sit skal skulle
    som så sådan selv til ud under var vi vil ville vor vores være været ved
    kommune kommunen kommunens ishøj
    """
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


class SectionLike(Protocol):
    heading: str
    body: str


@dataclass(frozen=True)
class SectionSuggestion:
    section: SectionLike
    score: float


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("danish")


@lru_cache(maxsize=20_000)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def text_stems(text: str) -> list[str]:
    """The stems of a text's words, in order, without stop words."""
    words = (w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1)
    return [_stem(word) for word in words]


def _compound_parts(stem: str, vocabulary: set[str]) -> list[str]:
    """A stem, and the stem it starts with when it is a compound of a known first part."""
    if stem in vocabulary or len(stem) < 2 * _MIN_PART:
        return [stem]
    for cut in range(len(stem) - _MIN_PART, _MIN_PART - 1, -1):
        head = stem[:cut]
        if head in vocabulary:
            return [stem, head]
        # Danish joins compounds with an "s" or "e": "forenings|liv", "børne|have".
        if head[-1] in "se" and head[:-1] in vocabulary and len(head) - 1 >= _MIN_PART:
            return [stem, head[:-1]]
    return [stem]


@dataclass
class _Index:
    sections: Sequence[SectionLike]
    counts: list[Counter]
    lengths: list[int]
    document_frequency: Counter
    vocabulary: set[str]

    @property
    def average_length(self) -> float:
        return (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0


def _index(sections: Sequence[SectionLike]) -> _Index:
    plain = [(text_stems(section.heading), text_stems(section.body)) for section in sections]
    vocabulary = {stem for heading, body in plain for stem in (*heading, *body)}
    counts = []
    for heading, body in plain:
        count: Counter = Counter()
        for stem in body:
            count.update(_compound_parts(stem, vocabulary))
        for stem in heading:
            for part in _compound_parts(stem, vocabulary):
                count[part] += HEADING_WEIGHT
        counts.append(count)
    frequency: Counter = Counter()
    for count in counts:
        frequency.update(count.keys())
    return _Index(
        sections=sections,
        counts=counts,
        lengths=[sum(count.values()) for count in counts],
        document_frequency=frequency,
        vocabulary=vocabulary,
    )


def _query_stems(text: str, vocabulary: set[str]) -> list[str]:
    stems: list[str] = []
    for stem in text_stems(text):
        stems.extend(_compound_parts(stem, vocabulary))
    return stems


def sections_rank(
    *, text: str, sections: Sequence[SectionLike], limit: int = 3
) -> list[SectionSuggestion]:
    """The `limit` sections the text is most likely about, best first; sections that share no
    word with the text are never suggested (an empty list: no guess)."""
    if not sections or not text.strip():
        return []
    index = _index(sections)
    total = len(sections)
    average = index.average_length or 1.0
    query = Counter(_query_stems(text, index.vocabulary))
    scored: list[SectionSuggestion] = []
    for position, count in enumerate(index.counts):
        length = index.lengths[position]
        score = 0.0
        for stem, times in query.items():
            frequency = count.get(stem, 0)
            if not frequency:
                continue
            documents = index.document_frequency[stem]
            idf = math.log(1 + (total - documents + 0.5) / (documents + 0.5))
            norm = frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / average))
            score += times * idf * norm
        if score > 0:
            scored.append(SectionSuggestion(section=sections[position], score=score))
    # Ties keep the sections' own order (sorted is stable).
    scored.sort(key=lambda suggestion: suggestion.score, reverse=True)
    return scored[:limit]


def sections_suggest(*, text: str, version, limit: int = 3) -> list[SectionSuggestion]:
    """The most likely sections of `version` (a PolicyVersion) for a hearing point's text."""
    sections: Iterable = version.sections.all()
    return sections_rank(text=text, sections=list(sections), limit=limit)
