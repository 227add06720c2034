from __future__ import annotations

import pytest

from policy.models import FrozenVersionError, PolicyVersion, Section

pytestmark = pytest.mark.django_db


def test_section_of_published_version_refuses_to_save(version_one):
    section = version_one.sections.first()
    section.body = "Ændret i al hemmelighed"
    with pytest.raises(FrozenVersionError):
        section.save()


def test_section_of_published_version_refuses_to_be_deleted(version_one):
    with pytest.raises(FrozenVersionError):
        version_one.sections.first().delete()


def test_bulk_update_of_published_sections_is_refused(version_one):
    with pytest.raises(FrozenVersionError):
        Section.objects.filter(version=version_one).update(body="Ændret")
    with pytest.raises(FrozenVersionError):
        Section.objects.filter(version=version_one).delete()
    assert version_one.sections.count() == 3


def test_new_section_cannot_be_added_to_published_version(version_one):
    with pytest.raises(FrozenVersionError):
        Section.objects.create(version=version_one, order=9, heading="Nyt", body="Tekst")


def test_published_version_cannot_go_back_to_draft_or_change_number(version_one):
    version_one.status = PolicyVersion.Status.DRAFT
    with pytest.raises(FrozenVersionError):
        version_one.save()
    version_one.refresh_from_db()
    version_one.number = 7
    with pytest.raises(FrozenVersionError):
        version_one.save()


def test_published_version_can_be_marked_adopted(version_one):
    version_one.status = PolicyVersion.Status.ADOPTED
    version_one.save()
    version_one.refresh_from_db()
    assert version_one.status == PolicyVersion.Status.ADOPTED


def test_draft_sections_can_be_bulk_updated(draft):
    assert Section.objects.filter(version=draft).update(body="Ny tekst") == 3
