from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from policy import highlight


def test_an_inflected_word_marks_the_words_that_begin_with_its_stem():
    pattern = highlight.query_pattern("Foreningerne")
    html = highlight.highlight("En forening, to foreninger, medborgerforeningen.", pattern)
    assert html == "En <mark>forening</mark>, to <mark>foreninger</mark>, medborgerforeningen."


def test_a_short_word_marks_only_itself_and_one_letter_marks_nothing():
    pattern = highlight.query_pattern("og b")
    assert highlight.highlight("og også bog", pattern) == "<mark>og</mark> også bog"


def test_a_long_text_is_cut_around_the_first_match_at_spaces():
    text = "Indledning uden fund. " * 30 + "Her står frivillighed midt i teksten. " + "Slut. " * 30
    html = highlight.snippet(text, highlight.query_pattern("frivillighed"), length=120)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>frivillighed</mark>" in html
    assert len(re.sub(r"</?mark>", "", html)) <= 126


@given(st.text(max_size=300), st.text(max_size=40))
def test_nothing_typed_or_written_ever_becomes_html(text, query):
    html = highlight.snippet(text, highlight.query_pattern(query))
    assert "<" not in re.sub(r"</?mark>", "", str(html))
