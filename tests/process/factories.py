"""Factories for the process app's own models."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from process.models import Department, Handling, Party, VersionApproval
from tests.factories import BodyFactory, ProcessFactory, UserFactory


class HandlingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handling

    process = factory.SubFactory(ProcessFactory)
    body = factory.SubFactory(BodyFactory)
    meeting_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    agenda_item_title = factory.Sequence(lambda n: f"Punkt {n}: Medborgerpolitik")


class VersionApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VersionApproval

    approved_by = factory.SubFactory(UserFactory)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Forening {n}")
    kind = Party.Kind.ASSOCIATION
    email = factory.Sequence(lambda n: f"forening{n}@example.org")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Center {n}")
