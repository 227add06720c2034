"""`purge_hearing_data`: past the deletion date names, e-mails and attachments go; the anonymised
text and the høringsnotat stay; it says what it did, and a second run does nothing."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from hearing.models import HearingAttachment, HearingResponse
from tests.hearing.factories import HearingResponseFactory

pytestmark = pytest.mark.django_db


def _attach(response) -> HearingAttachment:
    attachment = HearingAttachment(
        response=response, original_name="a.pdf", kind="pdf", size=5, sha256="0" * 64
    )
    attachment.file.save("a.pdf", ContentFile(b"%PDF-"), save=True)
    return attachment


def _purge() -> str:
    out = io.StringIO()
    call_command("purge_hearing_data", stdout=out)
    return out.getvalue()


def test_nothing_is_purged_before_the_deletion_date(hearing):
    response = HearingResponseFactory(hearing=hearing, name="Anna")
    assert "nothing to delete" in _purge()
    response.refresh_from_db()
    assert response.name == "Anna" and response.anonymised_at is None


def test_purge_removes_names_emails_and_files_and_keeps_text_and_answers(hearing, caplog):
    person = HearingResponseFactory(
        hearing=hearing,
        name="Anna",
        email="anna@example.org",
        organisation="Privat",
        summary="Resumé",
        comment="Bemærkning",
        text="Mere frivillighed",
    )
    organisation = HearingResponseFactory(
        hearing=hearing, kind="organisation", name="Kontakt", organisation="Ældrerådet"
    )
    attachment = _attach(person)
    path = attachment.file.name
    assert default_storage.exists(path)
    later = datetime.datetime.combine(
        hearing.delete_after + datetime.timedelta(days=1), datetime.time(12), datetime.UTC
    )
    with time_machine.travel(later), caplog.at_level("INFO"):
        output = _purge()
    assert "2 response(s) anonymised, 1 attachment file(s) deleted" in output
    assert "purged hearing" in caplog.text
    person.refresh_from_db()
    organisation.refresh_from_db()
    assert (person.name, person.email, person.organisation) == ("", "", "")
    assert person.text == "Mere frivillighed" and person.summary == "Resumé"
    assert person.anonymised_at is not None
    assert organisation.organisation == "Ældrerådet" and organisation.name == ""
    assert HearingAttachment.objects.count() == 0
    assert not default_storage.exists(path)
    # Nothing personal left in the history either.
    historical = HearingResponse.history.model.objects.filter(id=person.pk)
    assert historical.exists()
    assert not hasattr(historical.first(), "email")
    # Idempotent.
    with time_machine.travel(later):
        assert "nothing to delete" in _purge()


def test_purged_receipt_and_notat_still_work_without_names(client, hearing):
    response = HearingResponseFactory(hearing=hearing, name="Anna", summary="S", comment="C")
    with time_machine.travel(hearing.delete_after + datetime.timedelta(days=2)):
        _purge()
    response.refresh_from_db()
    assert client.get(response.get_absolute_url()).status_code == 200
    from django.utils import timezone

    hearing.notat_published_at = timezone.now()
    hearing.save()
    html = client.get(
        reverse("hearing:notat-detail", kwargs={"policy": "medborgerpolitik"})
    ).content.decode()
    assert "Anna" not in html and "Navne- og adressebeskyttet" in html
