"""What changes a process: milestones, handlings, approvals, meeting packets, memberships and
reminders; and the municipality's organisation: committee members, departments and the register
of parties."""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from medborger import roles
from medborger.mail import mail_send
from policy.models import PolicyVersion, Snapshot
from policy.snapshots import snapshot_store
from process import hooks, notify, selectors
from process.models import (
    ApprovalRequest,
    Body,
    BodyMemberChange,
    Department,
    Handling,
    Membership,
    Milestone,
    PacketEdition,
    Party,
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


# -- Meeting packets ------------------------------------------------------------------------------


def packet_filename(handling: Handling, *, edition: int) -> str:
    version = handling.version
    body = slugify(handling.body.short_name or handling.body.name)
    return (
        f"{version.policy.slug}-v{version.number}-{body}-{handling.meeting_date:%Y-%m-%d}"
        f"-udgave-{edition}.pdf"
    )


@transaction.atomic
def packet_edition_issue(*, handling: Handling, user) -> PacketEdition:
    """Freeze the handling's meeting packet as its next numbered edition, and tell the body.

    The handling's row is locked while the edition is numbered and rendered, so two coordinators
    pressing "Issue" at once make editions n and n+1, never two of the same number. Earlier
    editions are kept: each stays downloadable and verifiable.
    """
    if handling.version_id is None:
        raise ValidationError(
            _("Put a version on the agenda before issuing the meeting packet."), code="no_version"
        )
    Handling.objects.select_for_update().filter(pk=handling.pk).first()
    last = handling.packet_editions.order_by("-number").values_list("number", flat=True).first()
    number = (last or 0) + 1
    issued_at = timezone.now()
    hearing_was_open = bool(hooks.packet_warnings(handling))
    data = hooks.packet_render(handling, edition=number, issued_at=issued_at)
    snapshot = snapshot_store(
        version=handling.version,
        data=data,
        kind=Snapshot.Kind.MEETING_PACKET,
        purpose=f"{handling} ({_('edition')} {number})",
        filename=packet_filename(handling, edition=number),
        user=user,
    )
    edition = PacketEdition.objects.create(
        handling=handling,
        number=number,
        snapshot=snapshot,
        issued_at=issued_at,
        issued_by=user,
        hearing_was_open=hearing_was_open,
    )
    packet_edition_announce(edition=edition)
    return edition


def packet_edition_announce(*, edition: PacketEdition) -> int:
    """Tell the members of the body that a new edition is out; returns how many were told.

    One mail per member for now; the notification settings may later route this elsewhere.
    """
    handling = edition.handling
    slug = handling.process.policy.slug
    context = {
        "edition": edition,
        "handling": handling,
        "packet_url": settings.SITE_URL + edition.get_absolute_url(),
        "handling_url": settings.SITE_URL
        + reverse("process:handling-detail", kwargs={"policy": slug, "pk": handling.pk}),
    }
    addresses = sorted(
        {email for email in handling.body.members.values_list("email", flat=True) if email}
    )
    for address in addresses:
        mail_send(
            to=address,
            template="process/emails/packet_issued",
            context=context,
            language=settings.LANGUAGE_CODE,
            ref=f"packet-edition:{edition.pk}",
        )
    return len(addresses)


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


# -- Committee members ----------------------------------------------------------------------------


@transaction.atomic
def body_member_add(*, body: Body, user, added_by) -> None:
    """Seat a staff account on a decision body, so that it sees the body's meetings and packets.

    Only employees and role holders (staff accounts) can sit on a body, never a citizen; the
    person is put in the committee members' group (Udvalgsmedlem) their access rests on.
    """
    if not selectors.is_staff_account(user):
        raise ValidationError(
            _("Only staff accounts can be members of a decision body."), code="not_staff"
        )
    if body.members.filter(pk=user.pk).exists():
        raise ValidationError(
            _("%(name)s is already a member.") % {"name": user.get_full_name() or user.email},
            code="duplicate",
        )
    group, _created = Group.objects.get_or_create(name=roles.COMMITTEE_GROUP)
    user.groups.add(group)
    body.members.add(user)
    BodyMemberChange.objects.create(
        body=body, user=user, changed_by=added_by, action=BodyMemberChange.Action.ADDED
    )


@transaction.atomic
def body_member_remove(*, body: Body, user, removed_by) -> None:
    if not body.members.filter(pk=user.pk).exists():
        raise ValidationError(_("This person is not a member."), code="not_member")
    body.members.remove(user)
    BodyMemberChange.objects.create(
        body=body, user=user, changed_by=removed_by, action=BodyMemberChange.Action.REMOVED
    )


# -- Departments ----------------------------------------------------------------------------------


def department_normalise(name: str) -> str:
    """The form two department names are compared in: case and spacing do not count."""
    return " ".join(name.split()).casefold()


def department_match(*, name: str) -> Department | None:
    """The managed department a free-text department names, if any ("center for børn og
    unge " is "Center for Børn og Unge")."""
    wanted = department_normalise(name)
    if not wanted:
        return None
    for department in Department.objects.all():
        if department_normalise(department.name) == wanted:
            return department
    return None


@transaction.atomic
def departments_seed(*, names: list[str]) -> list[Department]:
    """Add the departments that are not on the list yet (compared without case and spacing);
    idempotent, for a municipality's seed."""
    known = {department_normalise(d.name) for d in Department.objects.all()}
    created = []
    for order, name in enumerate(names, start=1):
        if department_normalise(name) in known:
            continue
        created.append(Department.objects.create(name=" ".join(name.split()), order=order * 10))
        known.add(department_normalise(name))
    return created


# -- Parties (høringsparter) ----------------------------------------------------------------------


def party_name_taken(name: str, *, exclude_pk: int | None = None) -> bool:
    """Whether another party has this name, without case and spacing. Compared in Python:
    SQLite folds only ASCII letters, and "ÆLDRERÅDET" is "Ældrerådet" (the register is small)."""
    wanted = department_normalise(name)
    others = Party.objects.exclude(pk=exclude_pk) if exclude_pk is not None else Party.objects
    return any(
        department_normalise(other) == wanted for other in others.values_list("name", flat=True)
    )


@transaction.atomic
def party_create(
    *, name: str, kind: str, email: str, contact_name: str = "", language: str = "da"
) -> Party:
    name = " ".join(name.split())
    if party_name_taken(name):
        raise ValidationError(
            {"name": _("This party is already in the register.")}, code="duplicate"
        )
    return Party.objects.create(
        name=name,
        kind=kind,
        email=email.strip().lower(),
        contact_name=contact_name.strip(),
        language=language,
    )


@transaction.atomic
def party_update(
    *, party: Party, name: str, kind: str, email: str, contact_name: str = "", language: str = "da"
) -> Party:
    name = " ".join(name.split())
    if party_name_taken(name, exclude_pk=party.pk):
        raise ValidationError(
            {"name": _("This party is already in the register.")}, code="duplicate"
        )
    party.name, party.kind, party.email = name, kind, email.strip().lower()
    party.contact_name, party.language = contact_name.strip(), language
    party.save(update_fields=["name", "kind", "email", "contact_name", "language"])
    return party


PARTY_CSV_COLUMNS = ("name", "kind", "email", "contact_name", "language")
PARTY_CSV_REQUIRED = ("name", "kind", "email")
PARTY_CSV_MAX_ROWS = 2000


@dataclass
class PartyImport:
    """The outcome of a CSV import: the parties created, or every bad row (and nothing saved)."""

    created: list[Party] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _kind_lookup() -> dict[str, str]:
    """A kind by its code or its label in either language ("MED", "Råd", "council")."""
    from django.utils import translation

    lookup = {}
    for value, label in Party.Kind.choices:
        lookup[value] = value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup[str(label).casefold()] = value
    return lookup


def _decode_lines(data: bytes) -> tuple[list[str], list[tuple[int, str]]]:
    """The file's lines as text, or the numbers of the lines that are not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines, errors = [], []
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            errors.append(
                (
                    number,
                    _("The line is not UTF-8 text; save the file as “CSV UTF-8” and try again."),
                )
            )
    return lines, errors


def parties_import(*, data: bytes) -> PartyImport:
    """Import parties from a CSV file (UTF-8, `;` or `,` between fields, a header row naming
    the columns name, kind, email and optionally contact_name and language).

    All or nothing: if any row is bad (wrong columns, a bad e-mail, an unknown kind, a name
    twice in the file or already in the register, text that is not UTF-8), nothing is imported
    and every bad row is listed with its line number; a good file is imported in one
    transaction.
    """
    result = PartyImport()
    lines, result.errors = _decode_lines(data)
    if result.errors:
        return result
    lines = [line for line in lines]
    if not lines or not lines[0].strip():
        result.errors.append((1, _("The file is empty; the first line must name the columns.")))
        return result
    delimiter = ";" if ";" in lines[0] else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter, quotechar='"')
    rows = list(reader)
    header = [column.strip().casefold() for column in rows[0]]
    unknown = [column for column in header if column not in PARTY_CSV_COLUMNS]
    missing = [column for column in PARTY_CSV_REQUIRED if column not in header]
    if unknown or missing or len(set(header)) != len(header):
        result.errors.append(
            (
                1,
                _(
                    "The first line must name the columns %(columns)s (contact_name and "
                    "language may be left out); found: %(found)s."
                )
                % {"columns": ", ".join(PARTY_CSV_COLUMNS), "found": ", ".join(header) or "–"},
            )
        )
        return result
    if len(rows) - 1 > PARTY_CSV_MAX_ROWS:
        result.errors.append(
            (1, _("At most %(max)d parties can be imported at once.") % {"max": PARTY_CSV_MAX_ROWS})
        )
        return result
    kinds = _kind_lookup()
    languages = {code for code, _name in settings.LANGUAGES}
    existing = {department_normalise(name) for name in Party.objects.values_list("name", flat=True)}
    seen: dict[str, int] = {}
    parties = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            result.errors.append(
                (
                    number,
                    _("The line has %(found)d fields, the header %(expected)d.")
                    % {"found": len(row), "expected": len(header)},
                )
            )
            continue
        values = {column: cell.strip() for column, cell in zip(header, row, strict=True)}
        problems = []
        name = " ".join(values["name"].split())
        key = department_normalise(name)
        if not name:
            problems.append(_("the name is missing"))
        elif len(name) > 200:
            problems.append(_("the name is longer than 200 characters"))
        elif key in existing:
            problems.append(_("“%(name)s” is already in the register") % {"name": name})
        elif key in seen:
            problems.append(
                _("“%(name)s” is also on line %(line)d") % {"name": name, "line": seen[key]}
            )
        kind = kinds.get(values["kind"].casefold())
        if kind is None:
            problems.append(
                _("the kind “%(kind)s” is not one of %(kinds)s")
                % {"kind": values["kind"], "kinds": ", ".join(Party.Kind.values)}
            )
        email = values["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(email)s” is not an e-mail address") % {"email": values["email"]})
        language = values.get("language", "").lower() or "da"
        if language not in languages:
            problems.append(
                _("the language must be one of %(languages)s") % {"languages": ", ".join(languages)}
            )
        contact_name = values.get("contact_name", "")
        if len(contact_name) > 200:
            problems.append(_("the contact person is longer than 200 characters"))
        if problems:
            message = "; ".join(problems)
            result.errors.append((number, message[:1].upper() + message[1:] + "."))
            continue
        seen[key] = number
        parties.append(
            Party(name=name, kind=kind, email=email, contact_name=contact_name, language=language)
        )
    if result.errors:
        return result
    if not parties:
        result.errors.append((2, _("The file has no parties below its header.")))
        return result
    with transaction.atomic():
        for party in parties:
            party.save()  # one by one, so each party's history starts with its creation
    result.created = parties
    return result


@transaction.atomic
def process_contact_update(
    *, process: Process, name: str, role: str, email: str, phone: str
) -> Process:
    """Set the contact person shown on the process's public pages."""
    process.contact_name, process.contact_role = name, role
    process.contact_email, process.contact_phone = email, phone
    process.save(update_fields=["contact_name", "contact_role", "contact_email", "contact_phone"])
    return process
