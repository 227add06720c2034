from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from process.models import Membership, Milestone, Process


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The front page: the processes that are running or planned."""
    processes = Process.objects.active().select_related("policy").prefetch_related(
        Prefetch(
            "milestones",
            queryset=Milestone.objects.public().filter(done_on__isnull=True).order_by("due_by"),
            to_attr="open_milestones",
        )
    )
    return render(request, "process/home.html", {"processes": processes})


def _get_process_for_policy(slug: str) -> Process:
    process = (
        Process.objects.select_related("policy").filter(policy__slug=slug).order_by("-start_date").first()
    )
    if process is None:
        raise Http404("No process for that policy")
    return process


@require_safe
def process_detail(request: HttpRequest, policy: str) -> HttpResponse:
    """The public timeline and organisation of the newest process for a policy."""
    process = _get_process_for_policy(policy)
    today = timezone.localdate()
    milestones = list(process.milestones.public().order_by("due_by", "id"))
    for milestone in milestones:
        milestone.current_status = milestone.status_on(today)
    memberships = list(
        process.memberships.select_related("user").order_by("user__first_name", "user__last_name")
    )
    groups = [
        (label, [m for m in memberships if m.group == value])
        for value, label in Membership.Group.choices
    ]
    return render(
        request,
        "process/process_detail.html",
        {
            "process": process,
            "policy": process.policy,
            "milestones": milestones,
            "groups": groups,
            "today": today,
        },
    )


@login_required
@require_safe
def staff_home(request: HttpRequest) -> HttpResponse:
    """The staff area's front door: the processes this person has a role in."""
    if not request.user.has_perm("process.view_staff_area"):
        raise PermissionDenied
    processes = Process.objects.select_related("policy")
    if not request.user.is_superuser:
        processes = processes.filter(memberships__user=request.user).distinct()
    my_memberships = request.user.memberships.select_related("process")
    return render(
        request,
        "process/staff_home.html",
        {"processes": processes, "memberships": my_memberships},
    )
