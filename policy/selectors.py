from __future__ import annotations

import re
from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from policy.models import Comment, Policy, PolicyVersion, Section

RECENT_COMMENTS_PER_SECTION = 3


def _sections() -> Prefetch:
    return Prefetch("sections", queryset=Section.objects.select_related("theme").order_by("order"))


def published_version(policy: Policy, number: int | None = None) -> PolicyVersion:
    """The published version `number` of the policy, or the latest one; 404 if there is none."""
    versions = policy.versions.published().prefetch_related(_sections())
    version = (
        versions.filter(number=number).first()
        if number is not None
        else versions.order_by("-number").first()
    )
    if version is None:
        raise Http404("No such published version")
    version.policy = policy
    return version


def published_numbers(policy: Policy) -> list[int]:
    return list(policy.versions.published().order_by("number").values_list("number", flat=True))


def two_versions(policy: Policy, a: int, b: int) -> tuple[PolicyVersion, PolicyVersion]:
    """Versions `a` and `b` with their sections, in two queries; 404 if either is missing."""
    found = {
        v.number: v
        for v in policy.versions.published().filter(number__in=[a, b]).prefetch_related(_sections())
    }
    if a not in found or b not in found:
        raise Http404("No such published version")
    for version in found.values():
        version.policy = policy
    return found[a], found[b]


def comment_summary(version: PolicyVersion) -> tuple[dict[int, int], dict[int, list[Comment]]]:
    """Per section of the version: how many published comments, and the newest few (2 queries)."""
    published = Comment.objects.published().filter(section__version=version)
    counts = dict(
        published.order_by()
        .values("section_id")
        .annotate(n=Count("id"))
        .values_list("section_id", "n")
    )
    # The newest few per section, in one query. PostgreSQL ranks them with a window function;
    # SQLite answers a correlated LIMIT subquery from the (section, status, created_at) index
    # faster. Each was the quicker of the two on its database with 5,000 comments.
    if connection.vendor == "postgresql":
        recent = (
            published.select_related("reply_by")
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("section_id")],
                    order_by=[F("created_at").desc(), F("id").desc()],
                )
            )
            .filter(rank__lte=RECENT_COMMENTS_PER_SECTION)
            .order_by("created_at", "id")
        )
    else:
        newest = (
            Comment.objects.published()
            .filter(section_id=OuterRef("section_id"))
            .order_by("-created_at", "-id")
            .values("pk")[:RECENT_COMMENTS_PER_SECTION]
        )
        recent = (
            published.filter(pk__in=Subquery(newest))
            .select_related("reply_by")
            .order_by("created_at", "id")
        )
    by_section: dict[int, list[Comment]] = defaultdict(list)
    for comment in recent:
        by_section[comment.section_id].append(comment)
    return counts, dict(by_section)


def earlier_comment_counts(version: PolicyVersion, keys: list) -> dict:
    """Per section key: published comments on the same section in earlier versions (1 query)."""
    return dict(
        Comment.objects.published()
        .filter(
            policy_id=version.policy_id,
            section_key__in=keys,
            section__version__number__lt=version.number,
        )
        .order_by()
        .values("section_key")
        .annotate(n=Count("id"))
        .values_list("section_key", "n")
    )


def earlier_comments(section: Section, limit: int = 50) -> list[Comment]:
    """The newest published comments on the same section (by key) in earlier versions."""
    return list(
        Comment.objects.published()
        .filter(
            policy_id=section.version.policy_id,
            section_key=section.key,
            section__version__number__lt=section.version.number,
        )
        .select_related("section__version", "reply_by")
        .order_by("-created_at", "-id")[:limit]
    )


def search(policy: Policy, version: PolicyVersion, query: str) -> tuple[list[Section], QuerySet]:
    """Sections of `version` and published comments of the policy that match `query`.

    PostgreSQL: full-text search with the Danish configuration, ranked. Elsewhere: every word
    (letters and digits; punctuation is left out) must occur somewhere in the text."""
    sections = Section.objects.filter(version=version).select_related("theme")
    comments = (
        Comment.objects.published()
        .filter(policy=policy)
        .select_related("section__version", "reply_by")
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        search_query = SearchQuery(query, config="danish", search_type="websearch")
        section_vector = SearchVector("heading", weight="A", config="danish") + SearchVector(
            "body", weight="B", config="danish"
        )
        sections = (
            sections.annotate(rank=SearchRank(section_vector, search_query))
            .filter(rank__gt=0)
            .order_by("-rank", "order")
        )
        comment_vector = SearchVector("body", "reply", config="danish")
        comments = (
            comments.annotate(rank=SearchRank(comment_vector, search_query))
            .filter(rank__gt=0)
            .order_by("-rank", "-created_at")
        )
    else:
        section_filter = Q()
        comment_filter = Q()
        for word in re.findall(r"\w+", query)[:10]:  # words, as the page marks them
            section_filter &= Q(heading__icontains=word) | Q(body__icontains=word)
            comment_filter &= Q(body__icontains=word) | Q(reply__icontains=word)
        sections = sections.filter(section_filter).order_by("order")
        comments = comments.filter(comment_filter).order_by("-created_at")
    return list(sections), comments
