"""A letter or e-mail entered by staff holds the case: sender, address, date received (late ones
kept and marked), case number, scans, and the receipt the staff chose (e-mail, letter or none)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from hearing.models import Hearing, HearingResponse
from tests.hearing.conftest import upload

pytestmark = pytest.mark.django_db


def _url(name: str, hearing, **kwargs) -> str:
    return reverse(
        f"hearing:{name}",
        kwargs={"policy": hearing.process.policy.slug, "pk": hearing.pk, **kwargs},
    )


def _letter(**overrides) -> dict:
    data = {
        "channel": "letter",
        "received_at": (timezone.localtime() - datetime.timedelta(hours=2)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "case_number": "24/98765",
        "kind": "organisation",
        "name": "Grethe Formand",
        "organisation": "Ældrerådet",
        "sender_address": "Ældrevej 7\n2635 Ishøj",
        "email": "",
        "text": "Ældrerådet ønsker flere mødesteder.",
        "receipt": "letter",
        "language": "da",
        "scan": [upload("scan.pdf")],
    }
    data.update(overrides)
    return data


def test_the_form_speaks_to_staff(client, coordinator, hearing):
    client.force_login(coordinator)
    html = client.get(_url("staff-response-create", hearing)).content.decode()
    for wording in ("Afsenderens navn", "Modtaget", "Journalnummer", "Afsenderens adresse"):
        assert wording in html, wording
    for citizen_wording in ("Dit høringssvar", "Jeg svarer som"):
        assert citizen_wording not in html, citizen_wording


def test_a_letter_keeps_its_case_data_and_offers_a_printable_receipt(client, coordinator, hearing):
    client.force_login(coordinator)
    result = client.post(_url("staff-response-create", hearing), _letter())
    stored = HearingResponse.objects.get()
    assert result.status_code == 302 and result["Location"].endswith("?kvittering=brev")
    assert stored.case_number == "24/98765"
    assert stored.sender_address == "Ældrevej 7\n2635 Ishøj"
    assert stored.attachments.get().is_scan
    assert mail.outbox == []

    page = client.get(result["Location"]).content.decode()
    assert "24/98765" in page and "Ældrevej 7" in page
    pdf = client.get(_url("staff-receipt-detail", hearing, response_pk=stored.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert stored.tracking in text
    assert "2635 Ishøj" in text and "24/98765" in text


def test_the_receipt_goes_by_e_mail_only_when_staff_choose_it(client, coordinator, hearing):
    client.force_login(coordinator)
    client.post(
        _url("staff-response-create", hearing),
        _letter(email="aeldreraadet@example.org", receipt="none", scan=[]),
    )
    assert mail.outbox == []
    client.post(
        _url("staff-response-create", hearing),
        _letter(email="aeldreraadet@example.org", receipt="email", scan=[]),
    )
    [receipt] = mail.outbox
    assert receipt.to == ["aeldreraadet@example.org"]
    assert HearingResponse.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"receipt": "email", "email": ""}, "email"),
        ({"receipt": "letter", "sender_address": " "}, "sender_address"),
        ({"received_at": "2999-01-01T10:00"}, "received_at"),
    ],
)
def test_a_receipt_without_its_address_or_a_future_date_is_refused_at_the_field(
    client, coordinator, hearing, overrides, field
):
    client.force_login(coordinator)
    result = client.post(_url("staff-response-create", hearing), _letter(**overrides))
    assert result.status_code == 400
    assert field in result.context["form"].errors
    assert not HearingResponse.objects.exists()


def test_a_letter_received_after_the_deadline_is_kept_and_marked_late(client, coordinator, hearing):
    Hearing.objects.filter(pk=hearing.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=20),
        closes_at=timezone.now() - datetime.timedelta(days=3),
    )
    client.force_login(coordinator)
    received = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    result = client.post(_url("staff-response-create", hearing), _letter(received_at=received))
    assert result.status_code == 302
    hearing.refresh_from_db()
    assert HearingResponse.objects.get().received_at > hearing.closes_at  # kept, though late
    page = client.get(result["Location"]).content.decode()
    with translation.override("da"):
        late = translation.gettext("Late")
    assert f'<span class="status-badge">{late}</span>' in page


def test_case_data_and_the_receipt_letter_stay_with_staff(
    client, coordinator, project_member, hearing
):
    client.force_login(coordinator)
    client.post(_url("staff-response-create", hearing), _letter(consent_to_publish="on"))
    stored = HearingResponse.objects.get()
    client.post(_url("staff-response-publish", hearing, response_pk=stored.pk))
    stored.refresh_from_db()
    assert stored.status == HearingResponse.Status.PUBLISHED
    client.force_login(project_member)
    assert (
        client.get(_url("staff-receipt-detail", hearing, response_pk=stored.pk)).status_code == 403
    )
    client.logout()
    public = client.get(
        reverse("hearing:hearing-detail", kwargs={"policy": hearing.process.policy.slug})
    ).content.decode()
    assert "Ældrerådet ønsker flere mødesteder." in public  # the response is public ...
    assert "24/98765" not in public and "Ældrevej 7" not in public  # ... its case data not
