from __future__ import annotations

from dataclasses import dataclass

import pytest

from bench.section_suggest import accuracy, points_load, sections_load
from policy.models import PolicyVersion
from policy.suggest import sections_rank, sections_suggest, text_stems
from tests.factories import PolicyVersionFactory, SectionFactory


@dataclass(frozen=True)
class Plain:
    heading: str
    body: str


SECTIONS = [
    Plain("Foreninger", "Kommunen støtter foreningslivet og dets bestyrelser."),
    Plain("Tryghed", "Lys på stierne og synlige voksne om aftenen."),
    Plain("Uddannelse", "Flere unge skal gennemføre en ungdomsuddannelse."),
]


def test_inflected_forms_share_a_stem():
    assert text_stems("foreningerne")[0] == text_stems("foreninger")[0]


def test_point_about_associations_ranks_the_associations_section_first():
    ranked = sections_rank(text="Foreningernes bestyrelser mangler hjælp.", sections=SECTIONS)
    assert ranked[0].section is SECTIONS[0]
    assert ranked == sorted(ranked, key=lambda s: s.score, reverse=True)


def test_heading_words_weigh_more_than_body_words():
    sections = [Plain("Andet", "tryghed er vigtigt"), Plain("Tryghed", "noget andet her")]
    assert sections_rank(text="tryghed", sections=sections)[0].section is sections[1]


def test_text_sharing_no_word_gets_no_suggestion():
    assert sections_rank(text="xyzzy qwerty", sections=SECTIONS) == []
    assert sections_rank(text="   ", sections=SECTIONS) == []
    assert sections_rank(text="og i at", sections=SECTIONS) == []


def test_limit_caps_the_suggestions():
    text = "foreninger tryghed ungdomsuddannelse"
    assert len(sections_rank(text=text, sections=SECTIONS, limit=2)) == 2


def test_evaluation_set_is_large_enough_and_names_real_sections():
    identifiers = {section.identifier for section in sections_load()}
    points = points_load()
    assert len(points) >= 40
    assert {expected for expected, _ in points} <= identifiers


def test_suggestion_finds_the_right_section_on_the_evaluation_set():
    result = accuracy(sections_load(), points_load())
    assert result["top3"] / result["points"] >= 0.70
    assert result["top1"] / result["points"] >= 0.60


@pytest.mark.django_db
def test_sections_suggest_ranks_the_sections_of_the_given_version_only():
    version = PolicyVersionFactory(
        status=PolicyVersion.Status.DRAFT, number=None, published_at=None
    )
    other = SectionFactory(version=version, heading="Frivillighed", body="Frivillige hjælper.")
    SectionFactory(version=version, heading="Tryghed", body="Lys på stierne.")
    SectionFactory(heading="Frivillighed", body="Frivillige i en anden version.")
    ranked = sections_suggest(text="De frivillige fortjener en pris.", version=version)
    assert [suggestion.section for suggestion in ranked] == [other]
