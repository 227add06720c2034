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


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in the cache; every test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
