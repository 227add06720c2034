"""factory_boy factories for the portal's models."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from engagement.models import Event
from policy.models import Policy, PolicyVersion, Section, Theme
from process.models import Body, Membership, Milestone, Process


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.SelfAttribute("email")
    password = factory.django.Password("correct-horse-battery")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy
        django_get_or_create = ["slug"]

    title = factory.Sequence(lambda n: f"Politik {n}")
    slug = factory.Sequence(lambda n: f"politik-{n}")
    summary = "En politik til test."
    owner = "Ishøj Kommune"


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    """A published version; pass status=draft (and number=None) for a working draft."""

    class Meta:
        model = PolicyVersion

    policy = factory.SubFactory(PolicyFactory)
    number = factory.Sequence(lambda n: n + 1)
    label = "Udkast"
    status = PolicyVersion.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class SectionFactory(factory.django.DjangoModelFactory):
    """Sections must be written while their version is a draft: create them through
    `published_version_with_sections` for a published version."""

    class Meta:
        model = Section

    version = factory.SubFactory(
        PolicyVersionFactory, status=PolicyVersion.Status.DRAFT, number=None, published_at=None
    )
    order = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Afsnit {n}")
    body = "Et afsnit med **tekst** om fællesskab, æbler, øer og ålegræs."


def published_version_with_sections(
    policy: Policy | None = None, *, sections: int = 3, number: int = 1, **kwargs
) -> PolicyVersion:
    """Write the sections into a draft, then publish it – the only way text gets into a version."""
    policy = policy or PolicyFactory()
    version = PolicyVersionFactory(
        policy=policy, status=PolicyVersion.Status.DRAFT, number=None, published_at=None
    )
    for order in range(1, sections + 1):
        SectionFactory(version=version, order=order)
    version.number = number
    version.status = kwargs.pop("status", PolicyVersion.Status.PUBLISHED)
    version.published_at = kwargs.pop("published_at", timezone.now())
    for name, value in kwargs.items():
        setattr(version, name, value)
    version.save()
    return version


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    policy = factory.SubFactory(PolicyFactory)
    title = factory.LazyAttribute(lambda o: f"Revision af {o.policy.title}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    process = factory.SubFactory(ProcessFactory)
    kind = Milestone.Kind.OTHER
    title = factory.Sequence(lambda n: f"Milepæl {n}")
    planned_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Udvalg {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    process = factory.SubFactory(ProcessFactory)
    user = factory.SubFactory(UserFactory)
    group = Membership.Group.PROJECT
    department = "Stabsenheden Plan"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    process = factory.SubFactory(ProcessFactory)
    kind = Event.Kind.CITIZEN_MEETING
    audience = Event.Audience.PUBLIC
    title = factory.Sequence(lambda n: f"Borgermøde {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    registration_deadline = factory.LazyAttribute(
        lambda o: o.starts_at - datetime.timedelta(days=2)
    )
    place = "Ishøj Rådhus"
    capacity = 50
