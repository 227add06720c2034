from __future__ import annotations

import uuid
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from policy import diff


def _s(key, heading, body, order, theme_id=None):
    return SimpleNamespace(
        key=key, heading=heading, body=body, order=order, theme_id=theme_id, theme=None
    )


K = [uuid.uuid4() for _ in range(5)]


def test_sections_are_matched_by_key_and_classified():
    old = [
        _s(K[0], "A", "a", 1),
        _s(K[1], "B", "b", 2),
        _s(K[2], "C", "c", 3),
        _s(K[3], "D", "d", 4),
    ]
    new = [
        _s(K[2], "C", "c", 1),
        _s(K[0], "A", "a ændret", 2),
        _s(K[3], "D", "d", 3),
        _s(K[4], "E", "e", 4),
    ]
    kinds = {c.section.key: c.kind for c in diff.compare_sections(old, new)}
    assert kinds[K[1]] == diff.REMOVED
    assert kinds[K[4]] == diff.ADDED
    assert kinds[K[0]] == diff.CHANGED
    assert kinds[K[2]] == diff.MOVED
    assert kinds[K[3]] == diff.UNCHANGED


def test_word_diff_marks_only_the_changed_words():
    html = diff.diff_words("Vi tror på fællesskab", "Vi tror på stærkt fællesskab")
    assert html.startswith("Vi tror på ")
    assert "<ins>" in html and "stærkt" in html
    assert "<del>" not in html


def test_diff_escapes_html_from_the_text():
    html = diff.diff_text("<b>x</b>", "<script>alert(1)</script>")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_whole_paragraph_added_is_marked():
    html = diff.diff_text("Første.", "Første.\n\nAnden helt ny.")
    assert '<p class="diff-added"><ins>' in html


@given(st.text(max_size=200), st.text(max_size=200))
def test_word_diff_never_loses_text(old, new):
    html = diff.diff_words(old, new)
    assert isinstance(html, str)


def test_word_at_the_end_of_a_paragraph_is_not_marked_when_words_follow_it():
    html = diff.diff_words("Vi tror på fællesskab", "Vi tror på fællesskab og frivillighed")
    assert "<del>" not in html
    assert "og frivillighed" in html


def test_a_rewritten_paragraph_is_shown_as_removed_and_added_whole():
    html = diff.diff_text("Gammel tekst om noget helt andet.", "Helt ny formulering af det hele.")
    assert '<p class="diff-removed">' in html and '<p class="diff-added">' in html
    assert "Helt ny formulering af det hele." in html


LIST_OLD = """Kommunen vil:

- åbne sine bygninger for foreninger,
- hjælpe nye borgere med at finde vej til foreningslivet,
  også på andre sprog."""

LIST_NEW = """Kommunen vil:

- åbne sine bygninger for foreninger og borgergrupper,
- hjælpe nye borgere med at finde vej til foreningslivet,
  også på andre sprog.
- fejre de frivillige."""


def test_a_list_is_compared_as_a_list_without_markdown_bullets_or_line_breaks():
    html = str(diff.diff_text(LIST_OLD, LIST_NEW))
    assert html.startswith("<p>Kommunen vil:</p><ul><li>")
    assert html.count("<li") == 3 and html.endswith("</li></ul>")
    assert "- " not in html and "\n" not in html
    assert "foreningslivet, også på andre sprog." in html  # the soft break read as a space
    assert '<li class="diff-added"><ins>' in html and "fejre de frivillige." in html
    assert "borgergrupper" in html.split("</li>", 1)[0]  # a changed item keeps its place


def test_markdown_marks_are_not_shown_and_a_hard_break_reads_as_a_space():
    html = str(diff.diff_text("Vi er **stærke**  \nsammen.", "Vi er **stærke**  \nsammen i Ishøj."))
    assert "**" not in html and "\n" not in html
    assert html.startswith("<p>Vi er stærke ")


def test_a_nested_list_stays_inside_its_item():
    html = str(diff._plain("- Et\n  1. Under\n  2. Også\n- To"))
    assert html == "<ul><li>Et<ol><li>Under</li><li>Også</li></ol></li><li>To</li></ul>"


def test_only_a_change_of_markdown_spelling_is_no_change():
    old = [_s(K[0], "A", "- en\n- to", 1)]
    new = [_s(K[0], "A", "* en\n* to", 1)]
    (change,) = diff.compare_sections(old, new)
    assert change.kind == diff.UNCHANGED
