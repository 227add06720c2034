from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in the cache; each test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def approved_version(process, published_version, steering_member):
    from django.core import mail

    from process.services import version_approve

    version_approve(version=published_version, user=steering_member)
    mail.outbox.clear()  # the coordinators' notice of the approval: not what these tests read
    return published_version


@pytest.fixture
def hearing(process, approved_version):
    from tests.hearing.factories import HearingFactory

    return HearingFactory(process=process, version=approved_version)


def hearing_data(**overrides) -> dict:
    """A valid POST of the public response form, with a fresh idempotency key."""
    import secrets

    data = {
        "kind": "person",
        "name": "Bente Borger",
        "organisation": "",
        "email": "bente@example.org",
        "text": "Jeg synes, at frivillighed skal fylde mere i politikken.",
        "consent": "yes",
        "idempotency_key": secrets.token_hex(16),
        "website": "",
    }
    data.update(overrides)
    return data


def upload(name: str = "svar.pdf", content: bytes = PDF_BYTES, content_type="application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)
