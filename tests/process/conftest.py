from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from process.models import Process


@pytest.fixture
def ishoj(db) -> Process:
    """The Ishøj data set, as `load_ishoj` loads it."""
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    return Process.objects.get(policy__slug="medborgerpolitik")


@pytest.fixture
def board_url(process) -> str:
    return f"/styring/proces/{process.policy.slug}/"
