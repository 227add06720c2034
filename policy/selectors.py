from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from policy.models import Policy, PolicyVersion, Section


def _sections() -> Prefetch:
    return Prefetch("sections", queryset=Section.objects.select_related("theme").order_by("order"))


def published_version(policy: Policy, number: int | None = None) -> PolicyVersion:
    """The published version `number` of the policy, or the latest one; 404 if there is none."""
    versions = policy.versions.published().prefetch_related(_sections())
    version = (
        versions.filter(number=number).first() if number is not None else versions.order_by("-number").first()
    )
    if version is None:
        raise Http404("No such published version")
    version.policy = policy
    return version
