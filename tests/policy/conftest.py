from __future__ import annotations

import pytest

from policy import services
from policy.models import PolicyVersion


@pytest.fixture
def version_one(published_version) -> PolicyVersion:
    return published_version


@pytest.fixture
def first_section(version_one):
    return version_one.sections.order_by("order").first()


@pytest.fixture
def draft(version_one, coordinator) -> PolicyVersion:
    return services.draft_start(policy=version_one.policy, user=coordinator)
