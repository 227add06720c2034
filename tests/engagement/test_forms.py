"""The sign-up form takes the names people really have, refuses invisible tricks, never crashes."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from engagement.forms import CitizenRegistrationForm


def _form(**overrides) -> CitizenRegistrationForm:
    data = {"name": "Bente Borger", "email": "bente@example.org"}
    data.update(overrides)
    return CitizenRegistrationForm(data)


@pytest.mark.parametrize(
    "name",
    [
        "فاطمة الزهراء",  # Arabic
        "مهرداد نیک\u200cنام",  # Persian with a zero-width non-joiner
        "Zeynep Öztürk",
        "Nguyễn Thị Minh Khai",
        "Søren Aakjær",
        "José\u0301 Combining",
        "👩\u200d👩\u200d👧 Familien Hansen",
        "O'Brien-Ørsted",
    ],
)
def test_real_names_in_any_script_are_accepted(name):
    form = _form(name=name)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == name


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\x07", "\x1b", "\ufeff", "\u2066"])
def test_invisible_control_and_direction_characters_are_refused(char):
    form = _form(name=f"Bente{char}Borger")
    assert not form.is_valid()
    assert form.has_error("name", "control")


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=300), diet=st.text(max_size=300), org=st.text(max_size=300))
@example(name="0", diet="", org="0\t0")  # hypothesis found it: a tab on one line
def test_any_text_gives_a_clean_answer_never_an_exception(name, diet, org):
    form = _form(name=name, diet=diet, organisation=org)
    if form.is_valid():
        for value in (
            form.cleaned_data["name"],
            form.cleaned_data["diet"],
            form.cleaned_data["organisation"],
        ):
            assert len(value) <= 200
            assert "\n" not in value and "\x00" not in value
            assert all(unicodedata.category(c) not in {"Cc", "Cs", "Co", "Cn"} for c in value)
    else:
        assert form.errors
