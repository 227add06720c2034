"""Factories for the engagement app's models."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from engagement.hearing_services import new_tracking_number
from engagement.models import (
    DistributionItem,
    Hearing,
    HearingResponse,
    Input,
    Invitation,
    Registration,
)
from tests.factories import EventFactory, ProcessFactory, published_version_with_sections
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


class HearingFactory(factory.django.DjangoModelFactory):
    """An open hearing (since yesterday, for two weeks) on a published version."""

    class Meta:
        model = Hearing

    process = factory.SubFactory(ProcessFactory)
    version = factory.LazyAttribute(lambda o: published_version_with_sections(o.process.policy))
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    delete_after = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    publication_rule = Hearing.PublicationRule.AFTER_REVIEW


class HearingResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HearingResponse

    hearing = factory.SubFactory(HearingFactory)
    tracking = factory.LazyFunction(new_tracking_number)
    name = factory.Sequence(lambda n: f"Respondent {n}")
    email = factory.Sequence(lambda n: f"respondent{n}@example.org")
    text = factory.Sequence(lambda n: f"Et høringssvar nummer {n}.")
    consent_to_publish = True
