""" "Til mig": what waits for one person across the processes they have a role in.

Everything is counted from the data, with a fixed number of queries whatever the number of
processes, comments or meetings (tests/process/test_inbox.py counts them). Higher apps add their
lines through `hooks.inbox_source_register` (hearing responses without an answer).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medborger.models import OutgoingMail
from policy.models import Comment, PolicyVersion
from process import hooks
from process.models import (
    Handling,
    Membership,
    Milestone,
    PacketEdition,
    Process,
    VersionApproval,
)
from process.phase import CurrentStep, current_step

DUE_SOON_DAYS = 14
# Decisions on a coordinator's versions stay in the inbox this long.
DECISION_DAYS = 30
MEETINGS_PAST_DAYS = 14


@dataclass
class ProcessRoles:
    process: Process
    groups: list[str]
    position: CurrentStep | None = None

    @property
    def labels(self) -> list[str]:
        names = dict(Membership.Group.choices)
        return [str(names[g]) for g in self.groups if g in names]


@dataclass
class Inbox:
    processes: list[ProcessRoles] = field(default_factory=list)
    items: list[hooks.InboxItem] = field(default_factory=list)
    decisions: list[VersionApproval] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    meetings: list[Handling] = field(default_factory=list)
    failed_mails: int = 0
    failed_mail_url: str = ""

    @property
    def total(self) -> int:
        return (
            sum(item.count for item in self.items)
            + sum(1 for d in self.decisions if d.sends_back)
            + len(self.milestones)
            + self.failed_mails
        )


def _processes_with_roles(user) -> list[ProcessRoles]:
    """The person's processes with their groups in each (an administrator: every active one)."""
    by_process: dict[int, ProcessRoles] = {}
    for membership in Membership.objects.filter(user=user).select_related("process__policy"):
        entry = by_process.setdefault(
            membership.process_id, ProcessRoles(process=membership.process, groups=[])
        )
        entry.groups.append(membership.group)
    if user.is_superuser:
        for process in Process.objects.active().select_related("policy"):
            by_process.setdefault(process.pk, ProcessRoles(process=process, groups=[]))
    return sorted(
        by_process.values(), key=lambda e: (-e.process.start_date.toordinal(), e.process.title)
    )


def _positions(entries: list[ProcessRoles], today: datetime.date) -> None:
    """Each process's current step, through the one phase function (one query)."""
    by_process = {e.process.pk: [] for e in entries}
    for milestone in Milestone.objects.filter(process_id__in=by_process):
        by_process[milestone.process_id].append(milestone)
    for entry in entries:
        entry.position = current_step(by_process[entry.process.pk], today=today)


def _comment_items(entries: list[ProcessRoles]) -> list[hooks.InboxItem]:
    """Comments waiting for moderation or reported: every role in a process moderates (one
    query)."""
    policies = {e.process.policy_id: e.process for e in entries}
    if not policies:
        return []
    counts = (
        Comment.objects.filter(policy_id__in=policies)
        .values("policy_id")
        .annotate(
            waiting=Count("id", filter=Q(status=Comment.Status.PENDING)),
            reported=Count("id", filter=Q(open_reports__gt=0) & ~Q(status=Comment.Status.HIDDEN)),
        )
        .order_by()
    )
    items = []
    for row in counts:
        process = policies[row["policy_id"]]
        url = reverse("policy:moderation-queue", kwargs={"policy": process.policy.slug})
        if row["waiting"]:
            items.append(
                hooks.InboxItem(
                    kind="moderation",
                    label=_("Comments waiting for moderation"),
                    count=row["waiting"],
                    url=url,
                    process_title=process.title,
                )
            )
        if row["reported"]:
            items.append(
                hooks.InboxItem(
                    kind="moderation",
                    label=_("Comments reported by readers"),
                    count=row["reported"],
                    url=url,
                    process_title=process.title,
                )
            )
    return items


def _approval_items(user, entries: list[ProcessRoles]) -> list[hooks.InboxItem]:
    """Versions the steering group was asked to approve that this member has not decided on and
    nobody has sent back (one query)."""
    steering = {
        e.process.policy_id: e.process for e in entries if Membership.Group.STEERING in e.groups
    }
    if not steering:
        return []
    versions = (
        PolicyVersion.objects.published()
        .filter(policy_id__in=steering, approval_requests__isnull=False)
        .exclude(approvals__approved_by=user)
        .exclude(approvals__decision=VersionApproval.Decision.SENT_BACK)
        .distinct()
        .order_by("policy_id", "number")
    )
    items = []
    for version in versions:
        process = steering[version.policy_id]
        items.append(
            hooks.InboxItem(
                kind="approval",
                label=_("Version %(number)s waits for your approval") % {"number": version.number},
                count=1,
                url=reverse("process:board", kwargs={"policy": process.policy.slug})
                + f"#version-{version.number}",
                process_title=process.title,
            )
        )
    return items


def _decisions(coordinated: list[Process], today: datetime.date) -> list[VersionApproval]:
    """The steering group's recent decisions on the coordinator's versions (one query)."""
    if not coordinated:
        return []
    since = timezone.now() - datetime.timedelta(days=DECISION_DAYS)
    decisions = list(
        VersionApproval.objects.filter(
            version__policy_id__in={p.policy_id for p in coordinated}, approved_at__gte=since
        )
        .select_related("approved_by", "version__policy")
        .order_by("-approved_at", "-pk")[:20]
    )
    slugs = {p.policy_id: p.policy.slug for p in coordinated}
    for decision in decisions:
        decision.board_url = (
            reverse("process:board", kwargs={"policy": slugs[decision.version.policy_id]})
            + f"#version-{decision.version.number}"
        )
    return decisions


def _meetings(user, today: datetime.date) -> list[Handling]:
    """Handlings of the bodies the person sits on, from two weeks back, with their editions."""
    meetings = list(
        Handling.objects.filter(
            body__members=user,
            meeting_date__gte=today - datetime.timedelta(days=MEETINGS_PAST_DAYS),
        )
        .select_related("body", "version", "process__policy")
        .prefetch_related(
            Prefetch(
                "packet_editions",
                queryset=PacketEdition.objects.order_by("-number"),
                to_attr="editions",
            )
        )
        .order_by("meeting_date", "pk")
    )
    for handling in meetings:
        handling.latest_edition = handling.editions[0] if handling.editions else None
    return meetings


def inbox_for(user, *, today: datetime.date | None = None) -> Inbox:
    today = today or timezone.localdate()
    entries = _processes_with_roles(user)
    _positions(entries, today)
    coordinated = [
        e.process
        for e in entries
        if Membership.Group.COORDINATOR in e.groups or (user.is_superuser and not e.groups)
    ]
    inbox = Inbox(processes=entries)
    inbox.items = [
        *_comment_items(entries),
        *_approval_items(user, entries),
        *hooks.inbox_items(user=user, coordinated=coordinated),
    ]
    inbox.decisions = _decisions(coordinated, today)
    inbox.milestones = list(
        Milestone.objects.filter(
            owner=user,
            done_on__isnull=True,
            due_by__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("process__policy")
        .order_by("due_by", "pk")
    )
    for milestone in inbox.milestones:
        milestone.current_status = milestone.status_on(today)
    inbox.meetings = _meetings(user, today)
    if coordinated or user.is_superuser:
        inbox.failed_mails = OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED).count()
        if user.is_superuser:
            inbox.failed_mail_url = (
                reverse("admin:medborger_outgoingmail_changelist") + "?status__exact=failed"
            )
    return inbox
