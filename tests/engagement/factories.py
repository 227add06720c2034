"""Factories for the engagement app's models."""

from __future__ import annotations

import factory

from engagement.models import (
    DistributionItem,
    Input,
    Invitation,
    Registration,
)
from tests.factories import EventFactory, ProcessFactory
from tests.process.factories import PartyFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Deltager {n}")
    email = factory.Sequence(lambda n: f"deltager{n}@example.org")
    status = Registration.Status.CONFIRMED


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)
    stakeholder = factory.SubFactory(PartyFactory)


class DistributionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistributionItem

    event = factory.SubFactory(EventFactory)
    material = DistributionItem.Material.POSTER
    place_kind = DistributionItem.PlaceKind.INSTITUTION
    place = factory.Sequence(lambda n: f"Bibliotek {n}")


class InputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Input

    process = factory.SubFactory(ProcessFactory)
    channel = Input.Channel.LETTER
    text = factory.Sequence(lambda n: f"Et input nummer {n}")
