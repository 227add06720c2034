"""Factories for the hearing app's models."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from hearing.models import Hearing, HearingResponse
from hearing.services import tracking_number_new
from tests.factories import ProcessFactory, published_version_with_sections


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
    tracking = factory.LazyFunction(tracking_number_new)
    name = factory.Sequence(lambda n: f"Respondent {n}")
    email = factory.Sequence(lambda n: f"respondent{n}@example.org")
    text = factory.Sequence(lambda n: f"Et høringssvar nummer {n}.")
    consent_to_publish = True
