from __future__ import annotations

import datetime

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from medborger import pagecache
from notifications.services import notifications_for, notifications_unread_count
from policy.models import Policy, PolicyVersion
from policy.snapshots import snapshot_response
from process import calendar, hooks, selectors, services
from process.forms import (
    ApprovalForm,
    BodyForm,
    DepartmentForm,
    HandlingForm,
    MemberSearchForm,
    MembershipAddForm,
    MembershipDepartmentForm,
    MilestoneFilterForm,
    MilestoneForm,
    MilestoneRowForm,
    PartyForm,
    PartyImportForm,
    ProcessContactForm,
)
from process.inbox import inbox_for
from process.models import (
    ApprovalRequest,
    Body,
    Department,
    Handling,
    Membership,
    Milestone,
    Party,
    Process,
    VersionApproval,
)
from process.participation import participation_for
from process.phase import current_step, process_phase, process_phases
from process.rules import may_approve
from process.timeline import build_timeline

DUE_SOON_DAYS = 14


def _page_models() -> list[type]:
    """What the public process pages show (the keys of their cached copies)."""
    return [
        Process,
        Milestone,
        Handling,
        Policy,
        PolicyVersion,
        Membership,
        Body,
        get_user_model(),
        *hooks.public_event_models(),
    ]


@require_safe
@pagecache.cached_page(models=_page_models)
def home(request: HttpRequest) -> HttpResponse:
    """The front page: the processes that are running or planned, each with its stage bar."""
    processes = list(Process.objects.active().select_related("policy"))
    phases = process_phases(processes)
    for process in processes:
        process.phase = phases[process.pk]
    return render(request, "process/home.html", {"processes": processes})


def _get_process_for_policy(slug: str) -> Process:
    process = Process.objects.current(policy_slug=slug)
    if process is None:
        raise Http404("No process for that policy")
    return process


def _get_process_for_user(request: HttpRequest, slug: str, perm: str) -> Process:
    """The newest process of the policy, if `request.user` holds `perm` on it."""
    process = _get_process_for_policy(slug)
    if not request.user.has_perm(perm, process):
        raise PermissionDenied
    return process


@require_safe
@pagecache.cached_page(models=_page_models)
def process_detail(request: HttpRequest, policy: str) -> HttpResponse:
    """The public timeline and organisation of the newest process for a policy."""
    process = _get_process_for_policy(policy)
    timeline = build_timeline(process)
    phase = process_phase(process)
    adopted = (
        PolicyVersion.objects.filter(
            policy_id=process.policy_id, status=PolicyVersion.Status.ADOPTED
        )
        .order_by("-number")
        .first()
    )
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
            "timeline": timeline,
            "phase": phase,
            "adopted": adopted,
            "groups": groups,
        },
    )


@require_safe
def process_calendar(request: HttpRequest, policy: str) -> HttpResponse:
    process = _get_process_for_policy(policy)
    response = HttpResponse(
        calendar.process_calendar(process), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{process.policy.slug}.ics"'
    return response


@login_required
@require_safe
def staff_home(request: HttpRequest) -> HttpResponse:
    """ "Til mig": what waits for the signed-in person in every process they have a role in, and
    the meetings of the bodies they sit on. A constant number of queries."""
    if not request.user.has_perm("process.view_inbox"):
        raise PermissionDenied
    inbox = inbox_for(request.user)
    notices = notifications_for(request.user, limit=10)
    kinds = [
        ("moderation", _("Comments")),
        ("hearing", _("Hearing responses")),
        ("approval", _("Versions waiting for your approval")),
    ]
    groups = [
        (key, label, [item for item in inbox.items if item.kind == key]) for key, label in kinds
    ]
    return render(
        request,
        "process/staff_home.html",
        {
            "inbox": inbox,
            "groups": [g for g in groups if g[2]],
            "has_process_role": bool(inbox.processes),
            "processes": [entry.process for entry in inbox.processes],
            "due_soon_days": DUE_SOON_DAYS,
            "two_factor_enabled": is_mfa_enabled(request.user),
            "notices": notices,
            "unread_notices": notifications_unread_count(request.user),
        },
    )


# -- The board ------------------------------------------------------------------------------------


def _owner_choices(process: Process, milestones: list[Milestone]) -> list[tuple[int, str]]:
    """Everyone with a role in the process, plus anyone already owning a milestone (one query)."""
    people = {m.user_id: m.user for m in process.memberships.select_related("user")}
    for milestone in milestones:
        if milestone.owner_id is not None:
            people.setdefault(milestone.owner_id, milestone.owner)
    return sorted(
        ((pk, user.get_full_name() or user.email or user.username) for pk, user in people.items()),
        key=lambda choice: choice[1].lower(),
    )


def _filter_milestones(
    milestones: list[Milestone], data: dict, today: datetime.date
) -> list[Milestone]:
    owner, status, kind = data.get("owner"), data.get("status"), data.get("kind")
    result = milestones
    if owner == "none":
        result = [m for m in result if m.owner_id is None]
    elif owner:
        result = [m for m in result if str(m.owner_id) == owner]
    if status:
        result = [m for m in result if m.status_on(today) == status]
    if kind:
        result = [m for m in result if m.kind == kind]
    return result


def _board_row_form(
    milestone: Milestone, owner_choices: list[tuple[int, str]], data=None
) -> MilestoneRowForm:
    return MilestoneRowForm(
        data,
        prefix=f"m{milestone.pk}",
        initial=MilestoneRowForm.initial_for(milestone),
        owner_choices=owner_choices,
        track_changes=True,
    )


def _board_save(
    request: HttpRequest, milestones: list[Milestone], owner_choices: list[tuple[int, str]]
) -> tuple[dict[int, MilestoneRowForm], int | None]:
    """Save every row the person changed, in one go; or none, with each row's errors.

    Returns the bound forms by milestone, and the number of milestones saved (None if none was,
    because a row has errors).
    """
    by_pk = {m.pk: m for m in milestones}
    forms: dict[int, MilestoneRowForm] = {}
    for raw in request.POST.getlist("row"):
        pk = int(raw) if raw.isdigit() else None
        if pk in by_pk and pk not in forms:
            forms[pk] = _board_row_form(by_pk[pk], owner_choices, request.POST)
    if not all([form.is_valid() for form in forms.values()]):
        return forms, None
    changes = {}
    for pk, form in forms.items():
        if form.has_changed():
            changes[by_pk[pk]] = {
                ("owner_id" if name == "owner" else name): form.cleaned_data[name]
                for name in form.changed_data
            }
    try:
        services.milestones_update(user=request.user, changes=changes)
    except services.MilestoneRowError as error:
        forms[error.milestone_pk].add_error(None, error.messages)
        return forms, None
    return forms, len(changes)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def board(request: HttpRequest, policy: str) -> HttpResponse:
    """The milestone board and process overview: a constant number of queries.

    The coordinator edits every shown row in one form with one save button, so a change in one
    row is never lost by saving another; it works without JavaScript.
    """
    process = _get_process_for_user(request, policy, "process.view_board")
    milestones = list(process.milestones.select_related("owner").order_by("due_by", "pk"))
    owner_choices = _owner_choices(process, milestones)
    can_manage = request.user.has_perm("process.manage_process", process)
    bound: dict[int, MilestoneRowForm] = {}
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        bound, saved = _board_save(request, milestones, owner_choices)
        if saved is not None:
            if saved:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d milestone was saved.",
                        "%(count)d milestones were saved.",
                        saved,
                    )
                    % {"count": saved},
                )
            else:
                messages.info(request, _("Nothing was changed, so nothing was saved."))
            query = request.GET.urlencode()
            # To the top of the board, where the message says what was saved.
            return redirect(
                reverse("process:board", kwargs={"policy": policy}) + (f"?{query}" if query else "")
            )
    return _board_page(
        request,
        process,
        milestones=milestones,
        owner_choices=owner_choices,
        can_manage=can_manage,
        bound=bound,
    )


def _board_page(
    request: HttpRequest,
    process: Process,
    *,
    milestones: list[Milestone] | None = None,
    owner_choices: list[tuple[int, str]] | None = None,
    can_manage: bool | None = None,
    bound: dict[int, MilestoneRowForm] | None = None,
    decision_forms: dict[int, ApprovalForm] | None = None,
) -> HttpResponse:
    """Render the board, with a bound form (and its errors) where a save was refused."""
    today = timezone.localdate()
    if milestones is None:
        milestones = list(process.milestones.select_related("owner").order_by("due_by", "pk"))
    if owner_choices is None:
        owner_choices = _owner_choices(process, milestones)
    if can_manage is None:
        can_manage = request.user.has_perm("process.manage_process", process)
    bound = bound or {}
    decision_forms = decision_forms or {}
    filter_form = MilestoneFilterForm(request.GET or None, owner_choices=owner_choices)
    filters = filter_form.cleaned_data if filter_form.is_bound and filter_form.is_valid() else {}
    shown = _filter_milestones(milestones, filters, today)
    rows = []
    for milestone in shown:
        milestone.current_status = milestone.status_on(today)
        form = None
        if can_manage:
            form = bound.get(milestone.pk) or _board_row_form(milestone, owner_choices)
        rows.append((milestone, form))
    rows_with_errors = [m for m, form in rows if form is not None and form.errors]
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due_soon = [m for m in milestones if m.done_on is None and today <= m.due_by <= horizon]
    position = current_step(milestones, today=today)
    phase = process_phase(process)
    versions = list(
        PolicyVersion.objects.published()
        .filter(policy_id=process.policy_id)
        .prefetch_related(
            Prefetch("approvals", queryset=VersionApproval.objects.select_related("approved_by")),
            Prefetch(
                "approval_requests",
                queryset=ApprovalRequest.objects.select_related("requested_by"),
            ),
        )
        .order_by("-number")
    )
    can_approve = may_approve(request.user, process)
    can_request = request.user.has_perm("process.request_approval", process)
    for version in versions:
        decisions = list(version.approvals.all())
        version.decided_by_me = any(d.approved_by_id == request.user.pk for d in decisions)
        version.is_sent_back = any(d.sends_back for d in decisions)
        version.is_approved = bool(decisions) and not version.is_sent_back
        version.decision_form = decision_forms.get(version.number) or ApprovalForm(
            prefix=f"v{version.number}"
        )
    recent_changes = list(
        Milestone.history.filter(process_id=process.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:10]
    )
    return render(
        request,
        "process/board.html",
        {
            "process": process,
            "policy": process.policy,
            "rows": rows,
            "rows_with_errors": rows_with_errors,
            "board_action": reverse("process:board", kwargs={"policy": process.policy.slug})
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
            "total": len(milestones),
            "filter_form": filter_form,
            "filtered": bool(filters and any(filters.values())),
            "position": position,
            "phase": phase,
            "due_soon": due_soon,
            "late": position.late,
            "due_soon_days": DUE_SOON_DAYS,
            "versions": versions,
            "can_manage": can_manage,
            "can_approve": can_approve,
            "can_request": can_request,
            "recent_changes": recent_changes,
            "participation": participation_for(process),
            "today": today,
            "active_section": "board",
        },
    )


def _history_with_changes(records: list, names: dict[int, str]) -> list[dict]:
    """Each history record with what changed since the one before it (no extra queries)."""
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    entries = []
    previous = None
    for record in ordered:
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                field = record.instance_type._meta.get_field(change.field)
                old, new = change.old, change.new
                if change.field == "owner":
                    old, new = names.get(old, old), names.get(new, new)
                changes.append(
                    {"field": field.verbose_name, "old": old, "new": new, "name": change.field}
                )
        entries.append({"record": record, "changes": changes})
        previous = record
    entries.reverse()
    return entries


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def milestone_detail(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    """One milestone: its edit form (the board's row form, with room for errors) and its history."""
    process = _get_process_for_user(request, policy, "process.view_board")
    milestone = get_object_or_404(process.milestones.select_related("owner"), pk=pk)
    can_manage = request.user.has_perm("process.manage_process", process)
    milestones = list(process.milestones.select_related("owner"))
    owner_choices = _owner_choices(process, milestones)
    form = None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = MilestoneRowForm(
            request.POST, prefix=f"m{milestone.pk}", owner_choices=owner_choices
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.milestone_update(
                    milestone=milestone,
                    user=request.user,
                    owner_id=data["owner"],
                    planned_date=data["planned_date"],
                    planned_month=data["planned_month"],
                    done_on=data["done_on"],
                    started=data["started"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("“%(title)s” was updated.") % {"title": milestone.title}
                )
                return redirect(
                    reverse("process:board", kwargs={"policy": policy})
                    + f"#milestone-{milestone.pk}"
                )
    elif can_manage:
        form = MilestoneRowForm(
            prefix=f"m{milestone.pk}",
            initial=MilestoneRowForm.initial_for(milestone),
            owner_choices=owner_choices,
        )
    history = _history_with_changes(
        list(milestone.history.select_related("history_user")), dict(owner_choices)
    )
    milestone.current_status = milestone.status
    return render(
        request,
        "process/milestone_detail.html",
        {
            "process": process,
            "policy": process.policy,
            "milestone": milestone,
            "form": form,
            "history": history,
            "active_section": "board",
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def milestone_create(request: HttpRequest, policy: str) -> HttpResponse:
    process = _get_process_for_user(request, policy, "process.manage_process")
    form = MilestoneForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            milestone = services.milestone_create(
                process=process, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(title)s” was added.") % {"title": milestone.title})
            return redirect(
                reverse("process:board", kwargs={"policy": policy}) + f"#milestone-{milestone.pk}"
            )
    return render(
        request,
        "process/milestone_form.html",
        {
            "process": process,
            "policy": process.policy,
            "form": form,
            "milestone": None,
            "active_section": "board",
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def milestone_edit(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    process = _get_process_for_user(request, policy, "process.manage_process")
    milestone = get_object_or_404(process.milestones, pk=pk)
    form = MilestoneForm(request.POST or None, instance=milestone, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(milestone=milestone, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(title)s” was updated.") % {"title": milestone.title})
            return redirect("process:milestone-detail", policy=policy, pk=milestone.pk)
    return render(
        request,
        "process/milestone_form.html",
        {
            "process": process,
            "policy": process.policy,
            "form": form,
            "milestone": milestone,
            "active_section": "board",
        },
    )


# -- Versions -------------------------------------------------------------------------------------


def _get_version_for_decision(
    request: HttpRequest, policy: str, number: int
) -> tuple[Process, PolicyVersion]:
    """A published version, for a member of the process's steering group to decide on."""
    process = _get_process_for_policy(policy)
    if not may_approve(request.user, process):
        raise PermissionDenied
    version = get_object_or_404(
        PolicyVersion.objects.published(), policy_id=process.policy_id, number=number
    )
    return process, version


def _versions_url(policy: str) -> str:
    return reverse("process:board", kwargs={"policy": policy}) + "#versions"


@login_required
@require_POST
def version_approve(request: HttpRequest, policy: str, number: int) -> HttpResponse:
    """A steering group member approves a version (never the coordinator who wrote it)."""
    process, version = _get_version_for_decision(request, policy, number)
    form = ApprovalForm(request.POST, prefix=f"v{number}")
    if not form.is_valid():
        return _board_page(request, process, decision_forms={number: form})
    services.version_approve(
        version=version, user=request.user, comment=form.cleaned_data["comment"]
    )
    messages.success(request, _("You approved version %(number)s.") % {"number": number})
    return redirect(_versions_url(policy))


@login_required
@require_POST
def version_send_back(request: HttpRequest, policy: str, number: int) -> HttpResponse:
    """A steering group member sends a version back, saying why: it cannot go to hearing."""
    process, version = _get_version_for_decision(request, policy, number)
    form = ApprovalForm(request.POST, prefix=f"v{number}", reason_required=True)
    if not form.is_valid():
        return _board_page(request, process, decision_forms={number: form})
    services.version_send_back(
        version=version, user=request.user, comment=form.cleaned_data["comment"]
    )
    messages.success(
        request,
        _("You sent version %(number)s back to the coordinator.") % {"number": number},
    )
    return redirect(_versions_url(policy))


@login_required
@require_POST
def version_request_approval(request: HttpRequest, policy: str, number: int) -> HttpResponse:
    """The coordinator asks the steering group to approve a version; its members are e-mailed."""
    process = _get_process_for_user(request, policy, "process.request_approval")
    version = get_object_or_404(
        PolicyVersion.objects.published(), policy_id=process.policy_id, number=number
    )
    services.version_request_approval(version=version, process=process, user=request.user)
    messages.success(
        request,
        _("The steering group has been asked to approve version %(number)s.") % {"number": number},
    )
    return redirect(_versions_url(policy))


# -- Handlings ------------------------------------------------------------------------------------


@login_required
@require_safe
def handling_list(request: HttpRequest, policy: str) -> HttpResponse:
    process = _get_process_for_user(request, policy, "process.view_board")
    handlings = process.handlings.select_related("body", "version__policy", "milestone").order_by(
        "-meeting_date", "-pk"
    )
    return render(
        request,
        "process/handling_list.html",
        {
            "process": process,
            "policy": process.policy,
            "handlings": handlings,
            "can_manage": request.user.has_perm("process.manage_process", process),
            "active_section": "handlings",
        },
    )


def _handling_message(handling: Handling) -> str:
    if handling.adopts:
        return _("The handling was saved. Version %(number)s is now the adopted version.") % {
            "number": handling.version.number
        }
    return _("The handling was saved.")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def handling_create(request: HttpRequest, policy: str) -> HttpResponse:
    process = _get_process_for_user(request, policy, "process.manage_process")
    form = HandlingForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        handling = services.handling_record(process=process, user=request.user, **form.cleaned_data)
        messages.success(request, _handling_message(handling))
        return redirect("process:handling-list", policy=policy)
    return render(
        request,
        "process/handling_form.html",
        {
            "process": process,
            "policy": process.policy,
            "form": form,
            "handling": None,
            "active_section": "handlings",
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def handling_update(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    process = _get_process_for_user(request, policy, "process.manage_process")
    handling = get_object_or_404(process.handlings, pk=pk)
    form = HandlingForm(request.POST or None, instance=handling, process=process)
    if request.method == "POST" and form.is_valid():
        handling = services.handling_update(
            handling=handling, user=request.user, **form.cleaned_data
        )
        messages.success(request, _handling_message(handling))
        return redirect("process:handling-list", policy=policy)
    return render(
        request,
        "process/handling_form.html",
        {
            "process": process,
            "policy": process.policy,
            "form": form,
            "handling": handling,
            "active_section": "handlings",
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def handling_delete(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    process = _get_process_for_user(request, policy, "process.manage_process")
    handling = get_object_or_404(process.handlings.select_related("body"), pk=pk)
    if request.method == "POST":
        services.handling_delete(handling=handling, user=request.user)
        messages.success(request, _("The handling was deleted."))
        return redirect("process:handling-list", policy=policy)
    return render(
        request,
        "process/handling_confirm_delete.html",
        {
            "process": process,
            "policy": process.policy,
            "handling": handling,
            "active_section": "handlings",
        },
    )


# -- Members --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_list(request: HttpRequest, policy: str) -> HttpResponse:
    process = _get_process_for_user(request, policy, "process.manage_process")
    form = MembershipAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                process=process, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("%(name)s was added to the %(group)s and has been sent an invitation.")
                % {
                    "name": membership.user.get_full_name() or membership.user.email,
                    "group": membership.get_group_display().lower(),
                },
            )
            return redirect("process:member-list", policy=policy)
    memberships = list(process.memberships.select_related("user"))
    groups = [
        (value, label, [m for m in memberships if m.group == value])
        for value, label in Membership.Group.choices
    ]
    return render(
        request,
        "process/member_list.html",
        {
            "process": process,
            "policy": process.policy,
            "form": form,
            "groups": groups,
            "active_section": "members",
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_update(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    """Change a member's department (the row form on the member list, or this page on errors)."""
    process = _get_process_for_user(request, policy, "process.manage_process")
    membership = get_object_or_404(process.memberships.select_related("user"), pk=pk)
    form = MembershipDepartmentForm(
        request.POST or None, initial={"department": membership.department}
    )
    if request.method == "POST" and form.is_valid():
        services.membership_update(
            membership=membership, user=request.user, department=form.cleaned_data["department"]
        )
        messages.success(
            request,
            _("The department of %(name)s was saved.")
            % {"name": membership.user.get_full_name() or membership.user.email},
        )
        return redirect("process:member-list", policy=policy)
    return render(
        request,
        "process/member_form.html",
        {
            "process": process,
            "policy": process.policy,
            "membership": membership,
            "form": form,
            "active_section": "members",
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_remove(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    process = _get_process_for_user(request, policy, "process.manage_process")
    membership = get_object_or_404(process.memberships.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s no longer has the role %(group)s.")
                % {
                    "name": membership.user.get_full_name() or membership.user.email,
                    "group": membership.get_group_display().lower(),
                },
            )
        return redirect("process:member-list", policy=policy)
    return render(
        request,
        "process/member_confirm_remove.html",
        {
            "process": process,
            "policy": process.policy,
            "membership": membership,
            "active_section": "members",
        },
    )


# -- Decision bodies ------------------------------------------------------------------------------


def _require_body_manager(request: HttpRequest) -> None:
    if not request.user.has_perm("process.manage_bodies"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def body_list(request: HttpRequest) -> HttpResponse:
    """The shared, editable list of decision bodies (KU, LokalMED, HovedMED, fagudvalg, byråd)."""
    _require_body_manager(request)
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        body = form.save()
        messages.success(request, _("“%(name)s” was added.") % {"name": body.name})
        return redirect("process:body-list")
    return render(request, "process/body_list.html", {"bodies": Body.objects.all(), "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def body_update(request: HttpRequest, pk: int) -> HttpResponse:
    _require_body_manager(request)
    body = get_object_or_404(Body, pk=pk)
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(name)s” was updated.") % {"name": body.name})
        return redirect("process:body-list")
    return render(request, "process/body_form.html", {"body": body, "form": form})


@require_safe
def handling_detail(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    """One handling: the body, the meeting, the version on the agenda, the decision, and the
    meeting packet's issued editions for those who may have them."""
    process = _get_process_for_policy(policy)
    handling = get_object_or_404(
        process.handlings.select_related("body", "version", "process__policy"), pk=pk
    )
    if not handling.is_public and not request.user.has_perm("process.view_board", process):
        raise Http404("No such handling")
    can_download = request.user.has_perm("process.download_packet", handling)
    editions = (
        list(handling.packet_editions.select_related("snapshot", "issued_by").order_by("-number"))
        if can_download
        else []
    )
    return render(
        request,
        "process/handling_detail.html",
        {
            "process": process,
            "policy": process.policy,
            "handling": handling,
            "can_download": can_download,
            "can_issue": request.user.has_perm("process.manage_process", process),
            "editions": editions,
            "latest": editions[0] if editions else None,
        },
    )


def _get_handling_for_issue(request: HttpRequest, policy: str, pk: int) -> Handling:
    """A handling of a process that `request.user` coordinates (or an administrator)."""
    process = _get_process_for_user(request, policy, "process.manage_process")
    return get_object_or_404(
        process.handlings.select_related("body", "version__policy", "process__policy"), pk=pk
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def packet_create(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    """The coordinator issues the meeting packet as its next edition, after a confirm page that
    warns when the hearing is still open."""
    handling = _get_handling_for_issue(request, policy, pk)
    if handling.version_id is None:
        messages.error(request, _("Put a version on the agenda before issuing the meeting packet."))
        return redirect("process:handling-update", policy=policy, pk=handling.pk)
    if request.method == "POST":
        edition = services.packet_edition_issue(handling=handling, user=request.user)
        messages.success(
            request,
            _(
                "Edition %(number)s of the meeting packet was issued; the members of "
                "%(body)s have been told."
            )
            % {"number": edition.number, "body": handling.body.name},
        )
        return redirect("process:handling-detail", policy=policy, pk=handling.pk)
    editions = list(handling.packet_editions.order_by("-number"))
    return render(
        request,
        "process/packet_form.html",
        {
            "process": handling.process,
            "policy": handling.process.policy,
            "handling": handling,
            "editions": editions,
            "next_number": (editions[0].number if editions else 0) + 1,
            "warnings": hooks.packet_warnings(handling),
            "members": handling.body.members.count(),
            "active_section": "handlings",
        },
    )


@login_required
@require_safe
def packet_detail(request: HttpRequest, policy: str, pk: int, number: int) -> HttpResponse:
    """One issued edition of a meeting packet, byte for byte as it was issued."""
    handling = get_object_or_404(
        Handling.objects.select_related("body", "process__policy"),
        process__policy__slug=policy,
        pk=pk,
    )
    if not request.user.has_perm("process.download_packet", handling):
        raise PermissionDenied
    edition = get_object_or_404(handling.packet_editions.select_related("snapshot"), number=number)
    return snapshot_response(request, edition.snapshot)


# -- Committee members ----------------------------------------------------------------------------


def _body_members_page(
    request: HttpRequest, body: Body, search: MemberSearchForm, *, status: int = 200
) -> HttpResponse:
    results = []
    if search.is_valid() and search.cleaned_data["q"]:
        sitting = set(body.members.values_list("pk", flat=True))
        results = [
            (account, account.pk in sitting)
            for account in selectors.staff_accounts_search(query=search.cleaned_data["q"])
        ]
    return render(
        request,
        "process/body_member_list.html",
        {
            "body": body,
            "members": body.members.order_by("first_name", "last_name", "email"),
            "search": search,
            "results": results,
            "searched": search.is_bound and search.is_valid() and search.cleaned_data["q"],
            "min_length": selectors.SEARCH_MIN_LENGTH,
            "changes": body.member_changes.select_related("user", "changed_by")[:50],
        },
        status=status,
    )


@login_required
@require_safe
def body_member_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A body's members, a search of staff accounts to add one, and the history of changes."""
    _require_body_manager(request)
    body = get_object_or_404(Body, pk=pk)
    search = MemberSearchForm(request.GET if "q" in request.GET else None)
    return _body_members_page(request, body, search)


@login_required
@require_POST
def body_member_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_body_manager(request)
    body = get_object_or_404(Body, pk=pk)
    user_pk = request.POST.get("user", "")
    account = (
        selectors.staff_accounts().filter(pk=int(user_pk)).first()
        if user_pk.isdigit() and len(user_pk) < 19  # beyond that, no bigint: no account
        else None
    )
    if account is None:
        messages.error(request, _("Choose a staff account from the search results."))
        return redirect("process:body-member-list", pk=body.pk)
    try:
        services.body_member_add(body=body, user=account, added_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is now a member of %(body)s.")
            % {"name": account.get_full_name() or account.email, "body": body.name},
        )
    return redirect("process:body-member-list", pk=body.pk)


@login_required
@require_POST
def body_member_delete(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    _require_body_manager(request)
    body = get_object_or_404(Body, pk=pk)
    member = get_object_or_404(body.members, pk=user_pk)
    services.body_member_remove(body=body, user=member, removed_by=request.user)
    messages.success(
        request,
        _("%(name)s is no longer a member of %(body)s.")
        % {"name": member.get_full_name() or member.email, "body": body.name},
    )
    return redirect("process:body-member-list", pk=body.pk)


@login_required
@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    """ "Mine møder": the meetings of the bodies a committee member sits on."""
    if not request.user.has_perm("process.view_my_meetings"):
        raise PermissionDenied
    today = timezone.localdate()
    handlings = list(selectors.handlings_for_member(request.user))
    return render(
        request,
        "process/meeting_list.html",
        {
            "upcoming": [h for h in handlings if h.meeting_date >= today],
            "past": [h for h in handlings if h.meeting_date < today][::-1],
            "bodies": request.user.decision_bodies.all(),
        },
    )


# -- Departments ----------------------------------------------------------------------------------


def _require_organisation_manager(request: HttpRequest) -> None:
    if not request.user.has_perm("process.manage_organisation"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def department_list(request: HttpRequest) -> HttpResponse:
    """The managed list of departments employees pick from when they sign up."""
    _require_organisation_manager(request)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        department = form.save()
        messages.success(request, _("“%(name)s” was added.") % {"name": department.name})
        return redirect("process:department-list")
    return render(
        request,
        "process/department_list.html",
        {"departments": Department.objects.annotate(used=Count("registrations")), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def department_update(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organisation_manager(request)
    department = get_object_or_404(Department, pk=pk)
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(name)s” was updated.") % {"name": department.name})
        return redirect("process:department-list")
    return render(
        request,
        "process/department_form.html",
        {"department": department, "form": form},
        status=400 if form.errors else 200,
    )


# -- Parties --------------------------------------------------------------------------------------


@login_required
@require_safe
def party_list(request: HttpRequest) -> HttpResponse:
    """The register of hearing parties: councils, committees, MED committees, associations."""
    _require_organisation_manager(request)
    return render(request, "process/party_list.html", {"parties": Party.objects.all()})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_create(request: HttpRequest) -> HttpResponse:
    _require_organisation_manager(request)
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party = services.party_create(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": party.name})
            return redirect("process:party-list")
    return render(
        request,
        "process/party_form.html",
        {"party": None, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_update(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organisation_manager(request)
    party = get_object_or_404(Party, pk=pk)
    form = PartyForm(request.POST or None, instance=party)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_update(party=Party.objects.get(pk=party.pk), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(name)s” was updated.") % {"name": party.name})
            return redirect("process:party-list")
    return render(
        request,
        "process/party_form.html",
        {"party": party, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_import(request: HttpRequest) -> HttpResponse:
    """Import parties from a CSV file: all of it, or nothing and a list of the bad lines."""
    _require_organisation_manager(request)
    form = PartyImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        result = services.parties_import(data=form.cleaned_data["file"].read())
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "%(count)d party was imported.",
                    "%(count)d parties were imported.",
                    len(result.created),
                )
                % {"count": len(result.created)},
            )
            return redirect("process:party-list")
        errors = result.errors
        form.add_error(
            "file",
            ngettext(
                "Nothing was imported: %(count)d line has an error.",
                "Nothing was imported: %(count)d lines have errors.",
                len(errors),
            )
            % {"count": len(errors)},
        )
    return render(
        request,
        "process/party_import.html",
        {"form": form, "import_errors": errors, "columns": services.PARTY_CSV_COLUMNS},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_update(request: HttpRequest, policy: str) -> HttpResponse:
    """The coordinator sets the contact person shown on the process's public pages."""
    process = _get_process_for_user(request, policy, "process.manage_process")
    form = ProcessContactForm(request.POST or None, instance=process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.process_contact_update(
            process=process,
            name=data["contact_name"],
            role=data["contact_role"],
            email=data["contact_email"],
            phone=data["contact_phone"],
        )
        messages.success(request, _("The contact person was saved."))
        return redirect("process:contact-update", policy=policy)
    return render(
        request,
        "process/contact_form.html",
        {"process": process, "policy": process.policy, "form": form, "active_section": "contact"},
        status=400 if form.is_bound else 200,
    )


@require_safe
def process_list(request: HttpRequest) -> HttpResponse:
    """Every policy being revised (or revised), each with its phase and deadline."""
    processes = list(Process.objects.select_related("policy").order_by("status", "-start_date"))
    phases = process_phases(processes)
    for process in processes:
        process.phase = phases[process.pk]
    return render(request, "process/process_list.html", {"processes": processes})
