from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from policy.models import Policy
from policy.selectors import published_version


def _get_policy(slug: str) -> Policy:
    return get_object_or_404(Policy, slug=slug)


@require_safe
def policy_detail(request: HttpRequest, policy: str) -> HttpResponse:
    """The latest published version of a policy, section by section."""
    the_policy = _get_policy(policy)
    version = published_version(the_policy)
    return render(
        request,
        "policy/version_detail.html",
        {"policy": the_policy, "version": version, "sections": version.sections.all(), "is_latest": True},
    )


@require_safe
def version_detail(request: HttpRequest, policy: str, number: int) -> HttpResponse:
    the_policy = _get_policy(policy)
    version = published_version(the_policy, number)
    latest_number = the_policy.versions.published().order_by("-number").values_list("number", flat=True).first()
    return render(
        request,
        "policy/version_detail.html",
        {
            "policy": the_policy,
            "version": version,
            "sections": version.sections.all(),
            "is_latest": version.number == latest_number,
        },
    )
