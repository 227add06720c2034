"""Nothing lost under load: simultaneous submissions through the real view, each in its own thread
with its own database connection (see test_concurrency.py for why SQLite takes turns)."""

from __future__ import annotations

import secrets

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from hearing.models import HearingAttachment, HearingResponse
from process.services import version_approve
from tests.concurrency import run_all
from tests.conftest import make_account
from tests.factories import ProcessFactory, published_version_with_sections
from tests.hearing.conftest import PDF_BYTES, hearing_data
from tests.hearing.factories import HearingFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def open_hearing():
    process = ProcessFactory()
    version = published_version_with_sections(process.policy, sections=2)
    version_approve(version=version, user=make_account("styring@example.org"))
    return HearingFactory(process=process, version=version)


def _submit(url: str, data: dict, with_file: bool = False):
    def job():
        from django.core.files.uploadedfile import SimpleUploadedFile

        payload = dict(data)
        if with_file:
            payload["attachments"] = [SimpleUploadedFile("svar.pdf", PDF_BYTES)]
        response = Client().post(url, payload)
        return response.status_code, response.get("Location", "")

    return job


def test_100_simultaneous_submissions_give_100_responses_numbers_and_receipts(open_hearing):
    url = reverse("hearing:hearing-detail", kwargs={"policy": open_hearing.process.policy.slug})
    jobs = [
        _submit(url, hearing_data(email=f"person{n}@example.org", name=f"Person {n}"), n % 4 == 0)
        for n in range(100)
    ]
    results = run_all(jobs)
    assert [status for status, _location in results] == [302] * 100
    responses = HearingResponse.objects.filter(hearing=open_hearing)
    assert responses.count() == 100
    trackings = set(responses.values_list("tracking", flat=True))
    assert len(trackings) == 100
    assert {location.split("/")[-2] for _status, location in results} == trackings
    assert HearingAttachment.objects.count() == 25
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"person{n}@example.org" for n in range(100)
    )
    assert responses.filter(receipt_sent_at__isnull=True).count() == 0


def test_the_same_form_sent_20_times_at_once_stores_one_response(open_hearing):
    url = reverse("hearing:hearing-detail", kwargs={"policy": open_hearing.process.policy.slug})
    data = hearing_data(idempotency_key=secrets.token_hex(16))
    results = run_all([_submit(url, data) for _ in range(20)])
    assert {status for status, _ in results} == {302}
    assert len({location for _, location in results}) == 1
    assert HearingResponse.objects.count() == 1
    assert len(mail.outbox) == 1
