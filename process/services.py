"""What changes a process: milestones, handlings, approvals, memberships and reminders."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medborger.mail import mail_send
from policy.models import PolicyVersion
from process import notify
from process.models import (
    ApprovalRequest,
    Body,
    Handling,
    Membership,
    Milestone,
    Process,
    ReminderLog,
    VersionApproval,
)

# -- Versions -------------------------------------------------------------------------------------


def version_is_approved(version: PolicyVersion) -> bool:
    """Whether the steering group has approved this version: a member approved it, and none
    sent it back.

    Other apps call this before they let something happen to a version, e.g. open a hearing on it.
    """
    if version is None or version.pk is None:
        return False
    decisions = set(
        VersionApproval.objects.filter(version=version).values_list("decision", flat=True)
    )
    return decisions == {VersionApproval.Decision.APPROVED}


def _check_decidable(version: PolicyVersion) -> None:
    if version.status == PolicyVersion.Status.DRAFT:
        raise ValidationError(_("Only a published version can be approved."))


@transaction.atomic
def version_approve(*, version: PolicyVersion, user, comment: str = "") -> VersionApproval:
    """Record that `user`, a steering group member, approves a published version.

    Each member decides once: a second approval, or an approval after sending it back, keeps the
    first decision. The view checks that `user` is in the steering group.
    """
    _check_decidable(version)
    approval, created = VersionApproval.objects.get_or_create(
        version=version, approved_by=user, defaults={"comment": comment.strip()}
    )
    if created:
        notify.approval_decided_notify(decision=approval)
    return approval


@transaction.atomic
def version_send_back(*, version: PolicyVersion, user, comment: str) -> VersionApproval:
    """Record that `user`, a steering group member, sends a version back, with the reason.

    A version sent back cannot go to hearing; the coordinator publishes a new version instead.
    """
    _check_decidable(version)
    if not comment.strip():
        raise ValidationError(_("Say why the version is sent back."), code="required")
    decision, created = VersionApproval.objects.get_or_create(
        version=version,
        approved_by=user,
        defaults={"comment": comment.strip(), "decision": VersionApproval.Decision.SENT_BACK},
    )
    if created:
        notify.approval_decided_notify(decision=decision)
    return decision


@transaction.atomic
def version_request_approval(*, version: PolicyVersion, process: Process, user) -> ApprovalRequest:
    """The coordinator asks the steering group to approve a version; its members are told (in
    their notifications, and by e-mail unless they turned it off)."""
    _check_decidable(version)
    request = ApprovalRequest.objects.create(version=version, requested_by=user)
    notify.approval_requested_notify(version=version, process=process, user=user)
    return request


@transaction.atomic
def version_adopt(*, version: PolicyVersion, adopted_on: datetime.date) -> PolicyVersion:
    """Make `version` the adopted one; an earlier adopted version goes back to published."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    for earlier in (
        PolicyVersion.objects.select_for_update()
        .filter(policy_id=version.policy_id, status=PolicyVersion.Status.ADOPTED)
        .exclude(pk=version.pk)
    ):
        earlier.status = PolicyVersion.Status.PUBLISHED
        earlier.save(update_fields=["status"])
    version.status = PolicyVersion.Status.ADOPTED
    version.adopted_at = adopted_on
    version.save(update_fields=["status", "adopted_at"])
    notify.policy_adopted_notify(version=version)
    return version


# -- Milestones -----------------------------------------------------------------------------------


@transaction.atomic
def milestone_create(*, process: Process, user, **fields) -> Milestone:
    milestone = Milestone(process=process, **fields)
    milestone._history_user = user
    milestone.full_clean()
    milestone.save()
    notify.milestone_assigned_notify(milestone=milestone, by=user)
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, user, **changes) -> Milestone:
    """Change a milestone's fields; the change lands in its history under `user`."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    owner_before = milestone.owner_id
    for name, value in changes.items():
        setattr(milestone, name, value)
    if milestone.planned_date is not None:
        milestone.planned_month = None
    milestone._history_user = user
    milestone.full_clean()
    milestone.save()
    if milestone.owner_id != owner_before:
        notify.milestone_assigned_notify(milestone=milestone, by=user)
    return milestone


class MilestoneRowError(ValidationError):
    """A change to one milestone of several was refused; none of them was saved."""

    def __init__(self, milestone_pk: int, error: ValidationError):
        super().__init__(error.messages)
        self.milestone_pk = milestone_pk


@transaction.atomic
def milestones_update(*, user, changes: dict[Milestone, dict]) -> list[Milestone]:
    """Save the board: each changed milestone with its own history record, all or none."""
    updated = []
    for milestone, fields in changes.items():
        try:
            updated.append(milestone_update(milestone=milestone, user=user, **fields))
        except ValidationError as error:
            raise MilestoneRowError(milestone.pk, error) from error
    return updated


# -- Handlings ------------------------------------------------------------------------------------


def _apply_handling(handling: Handling) -> None:
    if handling.decision and handling.milestone_id is not None:
        milestone = Milestone.objects.select_for_update().get(pk=handling.milestone_id)
        if milestone.done_on is None:
            milestone.done_on = handling.meeting_date
            milestone._history_user = getattr(handling, "_history_user", None)
            milestone.save()
    if handling.adopts:
        version_adopt(version=handling.version, adopted_on=handling.meeting_date)


@transaction.atomic
def handling_record(
    *,
    process: Process,
    user,
    body: Body,
    meeting_date: datetime.date,
    agenda_item_title: str,
    version: PolicyVersion | None = None,
    milestone: Milestone | None = None,
    decision: str = "",
    decision_text: str = "",
    is_public: bool = True,
) -> Handling:
    """Record a body's handling of the policy. A council approval adopts the version."""
    handling = Handling(
        process=process,
        body=body,
        meeting_date=meeting_date,
        agenda_item_title=agenda_item_title,
        version=version,
        milestone=milestone,
        decision=decision,
        decision_text=decision_text,
        is_public=is_public,
    )
    handling._history_user = user
    handling.save()
    _apply_handling(handling)
    return handling


@transaction.atomic
def handling_update(*, handling: Handling, user, **changes) -> Handling:
    handling = Handling.objects.select_for_update().select_related("body").get(pk=handling.pk)
    for name, value in changes.items():
        setattr(handling, name, value)
    handling._history_user = user
    handling.save()
    _apply_handling(handling)
    return handling


@transaction.atomic
def handling_delete(*, handling: Handling, user) -> None:
    handling._history_user = user
    handling.delete()


# -- Memberships ----------------------------------------------------------------------------------


class LastCoordinatorError(ValidationError):
    """Removing this membership would leave the process without a coordinator."""


@transaction.atomic
def membership_add(
    *,
    process: Process,
    email: str,
    group: str,
    department: str = "",
    first_name: str = "",
    last_name: str = "",
    invited_by=None,
) -> Membership:
    """Give a person a role; create their account if needed; invite them by e-mail."""
    User = get_user_model()
    email = email.strip()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(
            username=email.lower(),
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        user.set_unusable_password()
        user.save()
    if Membership.objects.filter(process=process, user=user, group=group).exists():
        raise ValidationError(_("This person already has that role in the process."))
    membership = Membership(process=process, user=user, group=group, department=department.strip())
    membership._history_user = invited_by
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:  # a concurrent request added the same role
        raise ValidationError(_("This person already has that role in the process.")) from error
    mail_send(
        to=membership.user.email,
        template="process/emails/invitation",
        context={
            "membership": membership,
            "process": process,
            "invited_by": invited_by,
            "has_password": user.has_usable_password(),
            "board_url": settings.SITE_URL
            + reverse("process:board", kwargs={"policy": process.policy.slug}),
            "login_url": settings.SITE_URL + reverse("account_login"),
            "reset_url": settings.SITE_URL + reverse("account_reset_password"),
        },
        ref=f"membership:{membership.pk}",
    )
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, user, department: str) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.department = department.strip()
    membership._history_user = user
    membership.save(update_fields=["department"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, user) -> None:
    """End a membership. The person's access to the process ends with it."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.group == Membership.Group.COORDINATOR:
        coordinators = Membership.objects.select_for_update().filter(
            process_id=membership.process_id, group=Membership.Group.COORDINATOR
        )
        if coordinators.count() <= 1:
            raise LastCoordinatorError(_("A process needs at least one coordinator."))
    membership._history_user = user
    membership.delete()


# -- Reminders ------------------------------------------------------------------------------------


@dataclass
class ReminderRun:
    emails_sent: int = 0
    reminders: int = 0
    redirected: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _person(user) -> str:
    return user.get_full_name() or user.email or user.username


def _reminder_recipients(milestone: Milestone, coordinators: dict[int, list]) -> tuple[list, str]:
    """Who is told about `milestone`: its owner, or else the process's coordinators.

    Returns the recipients and, when they are not the owner, why (for the command's report).
    """
    owner = milestone.owner
    if owner is not None and owner.email:
        return [owner], ""
    why = (
        f"{_person(owner)} has no e-mail address"
        if owner is not None
        else "the milestone has no owner"
    )
    return [u for u in coordinators.get(milestone.process_id, []) if u.email], why


def reminders_send(*, today: datetime.date | None = None, days: int = 7) -> ReminderRun:
    """E-mail each owner about their milestones due within `days` days or late, each once.

    An owner without an e-mail address (or a milestone without an owner) is not left in silence:
    the reminder goes to the process's coordinators, and the run reports each such redirection
    and each reminder nobody could be sent.

    A reminder is remembered in `ReminderLog` per milestone, recipient, kind and due date, so
    running the command again (twice a day, say) sends nothing new; moving a milestone's date
    makes it due for a fresh reminder.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    candidates = list(
        Milestone.objects.open()
        .filter(
            due_by__lte=horizon,
            process__status__in=[Process.Status.PLANNED, Process.Status.RUNNING],
        )
        .select_related("owner", "process__policy")
        .order_by("due_by", "pk")
    )
    coordinators: dict[int, list] = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            process_id__in={m.process_id for m in candidates}, group=Membership.Group.COORDINATOR
        )
        .select_related("user")
        .order_by("pk")
    ):
        coordinators[membership.process_id].append(membership.user)
    sent = {
        (log.milestone_id, log.recipient_id, log.kind, log.due_by)
        for log in ReminderLog.objects.filter(milestone__in=candidates)
    }
    run = ReminderRun()
    by_recipient: dict[int, list[tuple[Milestone, str, str]]] = defaultdict(list)
    people = {}
    for milestone in candidates:
        kind = ReminderLog.Kind.LATE if milestone.due_by < today else ReminderLog.Kind.DUE_SOON
        recipients, why = _reminder_recipients(milestone, coordinators)
        pending = [
            u for u in recipients if (milestone.pk, u.pk, kind, milestone.due_by) not in sent
        ]
        if not recipients:
            run.skipped.append(
                f"“{milestone.title}” ({milestone.process.title}): {why}, "
                "and the process has no coordinator with one."
            )
            continue
        if why and pending:
            names = ", ".join(f"{_person(u)} <{u.email}>" for u in pending)
            run.redirected.append(f"“{milestone.title}”: {why}; sent to {names} instead.")
        for user in pending:
            people[user.pk] = user
            by_recipient[user.pk].append((milestone, kind, why))
    for recipient_pk, items in by_recipient.items():
        recipient = people[recipient_pk]
        with transaction.atomic():
            created = []
            for milestone, kind, why in items:
                _log, was_created = ReminderLog.objects.get_or_create(
                    milestone=milestone, recipient=recipient, kind=kind, due_by=milestone.due_by
                )
                if was_created:
                    milestone.sent_instead_of_owner = bool(why)
                    created.append((milestone, kind))
            if not created:
                continue
            # Recorded in the same transaction as the log rows: the reminder exists exactly
            # when they do, and the mail module keeps trying until it is sent.
            mail_send(
                to=recipient.email,
                template="process/emails/reminder",
                context={
                    "recipient": recipient,
                    "late": [m for m, k in created if k == ReminderLog.Kind.LATE],
                    "due_soon": [m for m, k in created if k == ReminderLog.Kind.DUE_SOON],
                    "days": days,
                    "site_url": settings.SITE_URL,
                },
                language=settings.LANGUAGE_CODE,
            )
        run.emails_sent += 1
        run.reminders += len(created)
    return run
