"""The portal's 403 page: it says why the door is shut and where the person can go instead.

It lives in `process` because what a person may do instead depends on their roles in the
processes and the decision bodies they sit on, which this app holds.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from medborger import roles
from process.models import Handling


def _meetings_for(user) -> list[Handling]:
    """The handlings of the bodies `user` sits on, the coming ones first, then the latest past."""
    if not roles.in_group(user, roles.COMMITTEE_GROUP):
        return []
    handlings = Handling.objects.filter(body__members=user).select_related(
        "body", "process__policy"
    )
    today = timezone.localdate()
    coming = list(handlings.filter(meeting_date__gte=today).order_by("meeting_date")[:10])
    past = list(handlings.filter(meeting_date__lt=today).order_by("-meeting_date")[:5])
    return coming + past


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    user = request.user
    context = {
        "meetings": _meetings_for(user),
        "is_committee_member": roles.in_group(user, roles.COMMITTEE_GROUP),
        "is_employee": roles.is_employee(user),
        "has_process_role": bool(roles.any_process_roles(user)),
        "today": timezone.localdate(),
    }
    return render(request, "403.html", context, status=403)
