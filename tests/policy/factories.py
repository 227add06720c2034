"""Factories for the policy app's comments."""

from __future__ import annotations

import factory
from django.utils import timezone

from policy.models import Comment, Section


class CommentFactory(factory.django.DjangoModelFactory):
    """A published comment on a section of a published version."""

    class Meta:
        model = Comment

    section = factory.Iterator(Section.objects.none())  # always pass section=
    policy = factory.LazyAttribute(lambda o: o.section.version.policy)
    section_key = factory.LazyAttribute(lambda o: o.section.key)
    author_name = factory.Sequence(lambda n: f"Borger {n}")
    email = factory.Sequence(lambda n: f"borger{n}@example.org")
    body = "Jeg synes, afsnittet er godt, men det mangler noget om foreninger."
    status = Comment.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def bulk_comments(section: Section, count: int, **kwargs) -> list[Comment]:
    """Many published comments in one INSERT (for the query-count tests)."""
    now = timezone.now()
    return Comment.objects.bulk_create(
        [
            Comment(
                policy_id=section.version.policy_id,
                section=section,
                section_key=section.key,
                author_name=f"Borger {i}",
                email=f"borger{i}@example.org",
                body=f"Kommentar nummer {i}",
                status=kwargs.get("status", Comment.Status.PUBLISHED),
                published_at=now,
                created_at=now,
            )
            for i in range(count)
        ]
    )
