"""One text rule for every name-like field in every app (medborger.forms).

A name, organisation or department is one line: a value with a line break is refused with a
message next to the field (so "Eva\\r\\nBcc: x@y" can never become lines of an e-mail), invisible
control and format characters are refused, and a tab pasted from a spreadsheet becomes a space.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement.forms import (
    CitizenRegistrationForm,
    ManageRegistrationForm,
    StaffRegistrationForm,
)
from engagement.models import Event
from hearing.forms import HearingResponseForm, StaffIntakeForm
from medborger.forms import clean_text
from policy.forms import CommentForm
from process.forms import (
    BodyForm,
    DepartmentForm,
    MembershipAddForm,
    MembershipDepartmentForm,
    PartyForm,
)

HEADER_INJECTION = "Eva\r\nBcc: x@y\r\nSubject: hi"
NO_HEARING = SimpleNamespace(publishes_responses=False)
# A public event: its organisation field is optional, like the sign-up form's.
PUBLIC_EVENT = Event(audience=Event.Audience.PUBLIC)

NAME_FIELDS = [
    (CommentForm, {}, "name"),
    (CitizenRegistrationForm, {}, "name"),
    (CitizenRegistrationForm, {}, "organisation"),
    (StaffRegistrationForm, {}, "organisation"),
    (ManageRegistrationForm, {"event": PUBLIC_EVENT}, "organisation"),
    (HearingResponseForm, {"hearing": NO_HEARING}, "name"),
    (HearingResponseForm, {"hearing": NO_HEARING}, "organisation"),
    (StaffIntakeForm, {}, "name"),
    (PartyForm, {}, "name"),
    (PartyForm, {}, "contact_name"),
    (DepartmentForm, {}, "name"),
    (MembershipAddForm, {}, "first_name"),
    (MembershipAddForm, {}, "last_name"),
    (MembershipAddForm, {}, "department"),
    (MembershipDepartmentForm, {}, "department"),
    (BodyForm, {}, "name"),
]
IDS = [f"{form.__name__}.{field}" for form, _kwargs, field in NAME_FIELDS]


def _field_result(form_class, kwargs, field, value):
    form = form_class({field: value}, **kwargs)
    form.is_valid()
    return form


# Some forms read a managed list (departments, parties) from the database when they are made.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("form_class", "kwargs", "field"), NAME_FIELDS, ids=IDS)
@pytest.mark.parametrize(
    "value", [HEADER_INJECTION, "Eva\nHansen", "Eva\rHansen", "Eva\u2028Hansen", "Eva\x85Hansen"]
)
def test_a_line_break_in_a_name_like_field_is_refused_next_to_the_field(
    form_class, kwargs, field, value
):
    form = _field_result(form_class, kwargs, field, value)
    assert form.has_error(field, "newline"), form.errors.get(field)


@pytest.mark.parametrize(("form_class", "kwargs", "field"), NAME_FIELDS, ids=IDS)
@pytest.mark.parametrize("char", ["\x07", "\x1b", "\u202e", "\u200b", "\ufeff"])
def test_an_invisible_control_character_in_a_name_like_field_is_refused(
    form_class, kwargs, field, char
):
    form = _field_result(form_class, kwargs, field, f"Eva{char}Hansen")
    assert form.has_error(field, "control"), form.errors.get(field)


@pytest.mark.django_db  # a model form checks uniqueness once the field is valid
@pytest.mark.parametrize(("form_class", "kwargs", "field"), NAME_FIELDS, ids=IDS)
def test_a_tab_in_a_name_like_field_becomes_a_space(form_class, kwargs, field):
    form = _field_result(form_class, kwargs, field, "Eva\tHansen")
    assert field not in form.errors
    assert form.cleaned_data[field] == "Eva Hansen"


def test_the_rule_keeps_line_breaks_and_joiners_where_they_belong():
    assert (
        clean_text(" To linjer\r\nher\ttabuleret ", one_line=False) == "To linjer\nher\ttabuleret"
    )
    assert clean_text("مهرداد نیک\u200cنام", one_line=True) == "مهرداد نیک\u200cنام"
    assert clean_text("A\u030arhus", one_line=True) == "Århus"  # composed, as typed on a Mac


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=200))
def test_any_text_a_name_field_accepts_is_one_clean_line(value):
    form = CommentForm({"name": value, "body": "Hej", "email": "eva@example.org"})
    if form.is_valid():
        name = form.cleaned_data["name"]
        assert name == name.strip()
        assert len(name.splitlines()) <= 1
        assert "\t" not in name
