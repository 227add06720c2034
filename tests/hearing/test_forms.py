"""The hearing forms on their own: any text gives a valid form or field errors, never an
exception; the staff forms refuse empty, huge and invisible input."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from hypothesis import given, settings
from hypothesis import strategies as st

from hearing.forms import AnswerForm, HearingResponseForm, StaffIntakeForm, WithholdForm
from hearing.models import Hearing
from hearing.uploads import check_upload, minimal_docx, minimal_odt
from tests.hearing.conftest import PDF_BYTES, PNG_BYTES
from tests.hearing.factories import HearingResponseFactory

_HEARING = Hearing(publication_rule=Hearing.PublicationRule.AFTER_REVIEW)


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(max_size=300),
    organisation=st.text(max_size=300),
    text=st.text(max_size=2000),
    kind=st.sampled_from(["person", "organisation", "med", "", "x"]),
)
def test_any_input_gives_a_valid_form_or_field_errors(name, organisation, text, kind):
    form = HearingResponseForm(
        {
            "kind": kind,
            "name": name,
            "organisation": organisation,
            "email": "a@example.org",
            "text": text,
            "consent": "no",
            "idempotency_key": "0" * 32,
        },
        hearing=_HEARING,
    )
    if form.is_valid():
        assert form.cleaned_data["name"].strip() and form.cleaned_data["text"].strip()
        assert "<script" not in form.cleaned_data["text"].lower()
    else:
        assert set(form.errors) <= {"kind", "name", "organisation", "text"}


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", PDF_BYTES, "pdf"),
        ("a.bin", PNG_BYTES, "png"),
        ("foto.jpeg", b"\xff\xd8\xff\xe0" + b"\0" * 20, "jpg"),
        ("a.docx", minimal_docx(), "docx"),
        ("a.odt", minimal_odt(), "odt"),
        ("a.pdf", b"MZ\x90\0", "type"),
        ("a.docx", b"PK\x03\x04garbage", "type"),
        ("a.pdf", b"", "empty"),
    ],
)
def test_uploads_are_recognised_by_content(name, content, kind):
    result = check_upload(SimpleUploadedFile(name, content))
    assert (result if isinstance(result, str) else result.kind) == kind


def test_stored_file_name_has_the_real_extension_and_no_path():
    checked = check_upload(SimpleUploadedFile("../../etc/passwd.png", PDF_BYTES))
    assert checked.safe_name == "passwd.pdf"


def test_hearing_with_do_not_publish_rule_asks_no_consent():
    form = HearingResponseForm(hearing=Hearing(publication_rule=Hearing.PublicationRule.NONE))
    assert "consent" not in form.fields and "name_protected" not in form.fields


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"summary": "", "comment": "K"}, "summary"),
        ({"summary": "S" * 4001, "comment": "K"}, "summary"),
        ({"summary": "S", "comment": "K\u200b\u0007"}, "comment"),
        ({"summary": "S", "comment": "K", "section": "999999"}, "section"),
    ],
)
def test_answer_form_refuses_empty_huge_and_invisible_input(hearing, data, field):
    form = AnswerForm(data, instance=HearingResponseFactory(hearing=hearing))
    assert not form.is_valid()
    assert field in form.errors


def test_withhold_form_needs_a_real_reason():
    assert not WithholdForm({"reason": "   "}).is_valid()
    assert not WithholdForm({"reason": "x" * 501}).is_valid()
    assert WithholdForm({"reason": "Personfølsomme oplysninger"}).is_valid()


def test_intake_form_refuses_too_many_scans_and_bad_dates():
    files = MultiValueDict({"scan": [SimpleUploadedFile(f"{i}.pdf", PDF_BYTES) for i in range(6)]})
    form = StaffIntakeForm(
        {
            "channel": "pigeon",
            "received_at": "31-31-2026",
            "kind": "person",
            "name": "A",
            "text": "B",
            "language": "da",
        },
        files,
    )
    assert not form.is_valid()
    assert {"channel", "received_at", "scan"} <= set(form.errors)
