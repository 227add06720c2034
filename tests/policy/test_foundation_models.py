"""The shapes and constraints of the policy models."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from policy.models import FrozenVersionError, PolicyVersion, Section
from tests.factories import PolicyFactory, PolicyVersionFactory, published_version_with_sections

pytestmark = pytest.mark.django_db


def test_a_section_of_a_published_version_cannot_be_changed():
    version = published_version_with_sections(sections=2)
    section = version.sections.first()
    section.body = "Ændret efter offentliggørelsen."
    with pytest.raises(FrozenVersionError):
        section.save()
    with pytest.raises(FrozenVersionError):
        section.delete()
    with pytest.raises(FrozenVersionError):
        Section.objects.create(version=version, order=9, heading="Nyt", body="Tekst")
    assert version.sections.count() == 2
    assert "Ændret" not in Section.objects.get(pk=section.pk).body


def test_a_policy_has_at_most_one_working_draft():
    policy = PolicyFactory()
    PolicyVersionFactory(policy=policy, status="draft", number=None, published_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersionFactory(policy=policy, status="draft", number=None, published_at=None)


def test_a_published_version_needs_a_number_and_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersion.objects.create(policy=PolicyFactory(), status="published", number=None)


def test_version_numbers_are_unique_per_policy():
    policy = PolicyFactory()
    PolicyVersionFactory(policy=policy, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersionFactory(policy=policy, number=1, published_at=timezone.now())


def test_changes_to_sections_are_recorded_in_history():
    draft = PolicyVersionFactory(status="draft", number=None, published_at=None)
    section = Section.objects.create(version=draft, order=1, heading="Formål", body="Første tekst")
    section.body = "Anden tekst"
    section.save()
    assert [h.body for h in section.history.order_by("history_date")] == [
        "Første tekst",
        "Anden tekst",
    ]
