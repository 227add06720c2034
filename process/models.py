from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from policy.models import Policy, PolicyVersion, Snapshot


class ProcessQuerySet(models.QuerySet):
    def active(self) -> ProcessQuerySet:
        return self.exclude(status=Process.Status.CLOSED)

    def current(self, *, policy_slug: str) -> Process | None:
        """The current process of a policy: the one that started last (with its policy)."""
        return (
            self.select_related("policy")
            .filter(policy__slug=policy_slug)
            .order_by("-start_date", "-pk")
            .first()
        )


class Process(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("process status", "Planned")
        RUNNING = "running", pgettext_lazy("process status", "Running")
        CLOSED = "closed", pgettext_lazy("process status", "Closed")

    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="processes", verbose_name=_("policy")
    )
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.RUNNING)
    intro = models.TextField(_("public introduction"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_role = models.CharField(
        _("contact person's role"),
        max_length=200,
        blank=True,
        help_text=_("E.g. project coordinator, Center for Kultur og Fritid."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    objects = ProcessQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("process:process-detail", kwargs={"policy": self.policy.slug})


class MilestoneQuerySet(models.QuerySet):
    def public(self) -> MilestoneQuerySet:
        return self.filter(is_public=True)

    def late(self, today: datetime.date | None = None) -> MilestoneQuerySet:
        """Not done, and the planned date (or the end of the planned month) has passed."""
        today = today or timezone.localdate()
        return self.filter(done_on__isnull=True, due_by__lt=today)

    def open(self) -> MilestoneQuerySet:
        return self.filter(done_on__isnull=True)

    def with_status(self, status: str, today: datetime.date | None = None) -> MilestoneQuerySet:
        """Filter by the derived status, in the database (the same rules as `status_on`)."""
        today = today or timezone.localdate()
        if status == "done":
            return self.filter(done_on__isnull=False)
        if status == "late":
            return self.late(today)
        upcoming = self.filter(done_on__isnull=True, due_by__gte=today)
        if status == "in_progress":
            return upcoming.filter(started=True)
        if status == "planned":
            return upcoming.filter(started=False)
        return self.none()


class Milestone(models.Model):
    class Kind(models.TextChoices):
        COMMISSIONING = "commissioning", _("Commissioning")
        STAFF_WORKSHOP = "staff_workshop", _("Staff workshop")
        CITIZEN_MEETING = "citizen_meeting", _("Citizen meeting")
        HEARING = "hearing", _("Public hearing")
        MED_HANDLING = "med_handling", _("Handling in the works councils (MED)")
        COMMITTEE_HANDLING = "committee_handling", _("Committee handling")
        COUNCIL_ADOPTION = "council_adoption", _("Adoption in the city council")
        OTHER = "other", pgettext_lazy("milestone kind", "Other")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("milestone status", "Planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("milestone status", "In progress")
        DONE = "done", pgettext_lazy("milestone status", "Done")
        LATE = "late", pgettext_lazy("milestone status", "Late")

    # Steps only for employees: shown on the public timeline, never offered to a citizen as the
    # current or next step (see process/phase.py).
    STAFF_ONLY_KINDS = frozenset({Kind.STAFF_WORKSHOP})

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    planned_date = models.DateField(
        _("planned date"),
        null=True,
        blank=True,
        help_text=_("Leave empty if only the month is known."),
    )
    planned_month = models.DateField(
        _("planned month"),
        null=True,
        blank=True,
        help_text=_("The first day of the month, when only the month is known."),
    )
    due_by = models.DateField(
        _("due by"),
        editable=False,
        help_text=_("The planned date, or the last day of the planned month."),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    started = models.BooleanField(_("work started"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_milestones",
        verbose_name=_("owner"),
    )
    is_public = models.BooleanField(_("shown on the public timeline"), default=True)
    notes = models.TextField(_("internal notes"), blank=True)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["process", "due_by", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_date__isnull=False) | Q(planned_month__isnull=False),
                name="milestone_has_date_or_month",
            ),
            models.CheckConstraint(
                condition=Q(planned_month__isnull=True) | Q(planned_month__day=1),
                name="milestone_month_is_first_day",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.due_by = self.compute_due_by()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.planned_date is None and self.planned_month is None:
            raise ValidationError(_("Give a planned date or a planned month."))
        if self.planned_month is not None and self.planned_month.day != 1:
            self.planned_month = self.planned_month.replace(day=1)

    def compute_due_by(self) -> datetime.date:
        if self.planned_date is not None:
            return self.planned_date
        month = self.planned_month
        next_month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return next_month - datetime.timedelta(days=1)

    @property
    def is_staff_only(self) -> bool:
        return self.kind in self.STAFF_ONLY_KINDS

    @property
    def month_only(self) -> bool:
        return self.planned_date is None

    def status_on(self, today: datetime.date) -> str:
        """Derived, never stored: done, late, in progress or planned."""
        if self.done_on is not None:
            return self.Status.DONE
        if self.due_by < today:
            return self.Status.LATE
        if self.started:
            return self.Status.IN_PROGRESS
        return self.Status.PLANNED

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class Body(models.Model):
    """A decision-making body: KU, fagudvalg, LokalMED, HovedMED, byråd."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    adopts_policy = models.BooleanField(
        _("adopts the policy"),
        default=False,
        help_text=_("Set for the city council: its approval makes the version the adopted one."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="decision_bodies",
        verbose_name=_("members"),
        help_text=_(
            "Committee members (in the Udvalgsmedlem group) who may download this body's "
            "meeting packets."
        ),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("decision body")
        verbose_name_plural = _("decision bodies")

    def __str__(self) -> str:
        return self.name

    @property
    def is_council(self) -> bool:
        """The body whose approval adopts a policy: data (the flag), never a name in code."""
        return self.adopts_policy


class BodyMemberChange(models.Model):
    """A person seated on or removed from a decision body: the membership's history."""

    class Action(models.TextChoices):
        ADDED = "added", pgettext_lazy("body member change", "Added")
        REMOVED = "removed", pgettext_lazy("body member change", "Removed")

    body = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        related_name="member_changes",
        verbose_name=_("decision body"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    action = models.CharField(_("change"), max_length=8, choices=Action)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("change of members")
        verbose_name_plural = _("changes of members")

    def __str__(self) -> str:
        return f"{self.body}: {self.user} ({self.get_action_display()})"


class Department(models.Model):
    """A department (centre) of the municipality: the managed list that employees pick at
    sign-up and that groups the attendance of staff events. One installation serves one
    municipality (`MUNICIPALITY_NAME`), so the list is the installation's."""

    name = models.CharField(_("name"), max_length=160)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("offered in forms"),
        default=True,
        help_text=_("Untick when the department no longer exists; old sign-ups keep it."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="department_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Party(models.Model):
    """A hearing party (høringspart) of the municipality: a council, committee, MED committee or
    association that hearings consult and events invite. The municipality's organisation, beside
    the decision bodies, so that both hearings and events use the same register.

    The table keeps the name it had as engagement's stakeholder list."""

    class Kind(models.TextChoices):
        COUNCIL = "council", pgettext_lazy("party kind", "Council")
        COMMITTEE = "committee", pgettext_lazy("party kind", "Committee")
        MED = "med", pgettext_lazy("party kind", "MED committee")
        ASSOCIATION = "association", pgettext_lazy("party kind", "Association")
        OTHER = "other", pgettext_lazy("party kind", "Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="da"
    )
    history = HistoricalRecords(table_name="engagement_historicalstakeholder")

    class Meta:
        db_table = "engagement_stakeholder"
        ordering = ["name", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="party_name_once"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("process:party-update", kwargs={"pk": self.pk})


class Membership(models.Model):
    class Group(models.TextChoices):
        STEERING = "steering", _("Steering group")
        PROJECT = "project", _("Project group")
        COORDINATOR = "coordinator", _("Coordinator")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("process")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    group = models.CharField(_("group"), max_length=12, choices=Group)
    department = models.CharField(_("department"), max_length=160, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["process", "group", "user__first_name", "user__last_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "user", "group"], name="membership_once_per_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.email}: {self.get_group_display()}"


class Handling(models.Model):
    """A decision body handles the policy at a meeting."""

    class Decision(models.TextChoices):
        PENDING = "", pgettext_lazy("handling decision", "Not decided yet")
        APPROVED = "approved", pgettext_lazy("handling decision", "Approved")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("Approved with changes")
        SENT_BACK = "sent_back", _("Sent back")
        NOTED = "noted", _("Noted")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="handlings", verbose_name=_("process")
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="handlings", verbose_name=_("decision body")
    )
    meeting_date = models.DateField(_("meeting date"))
    agenda_item_title = models.CharField(_("agenda item title"), max_length=250)
    version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handlings",
        verbose_name=_("version on the agenda"),
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handlings",
        verbose_name=_("milestone"),
        help_text=_(
            "The milestone this meeting fulfils; it is marked done when a decision is recorded."
        ),
    )
    decision = models.CharField(
        _("decision"), max_length=24, choices=Decision, blank=True, default=Decision.PENDING
    )
    decision_text = models.TextField(_("decision text"), blank=True)
    is_public = models.BooleanField(_("shown on the public timeline"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["process", "meeting_date", "id"]
        verbose_name = _("handling")
        verbose_name_plural = _("handlings")

    def __str__(self) -> str:
        return f"{self.body} {self.meeting_date:%Y-%m-%d}: {self.agenda_item_title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "process:handling-detail", kwargs={"policy": self.process.policy.slug, "pk": self.pk}
        )

    @property
    def approves(self) -> bool:
        return self.decision in {self.Decision.APPROVED, self.Decision.APPROVED_WITH_CHANGES}

    @property
    def adopts(self) -> bool:
        return self.approves and self.version_id is not None and self.body.is_council


class ApprovalRequest(models.Model):
    """The coordinator asks the steering group to approve a version, e.g. before a hearing."""

    version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.CASCADE,
        related_name="approval_requests",
        verbose_name=_("version"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        ordering = ["version", "requested_at", "id"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")

    def __str__(self) -> str:
        return f"{self.version}: {self.requested_by}"


class VersionApproval(models.Model):
    """A steering group member's decision on a version: approved, or sent back with a reason."""

    class Decision(models.TextChoices):
        APPROVED = "approved", pgettext_lazy("version decision", "Approved")
        SENT_BACK = "sent_back", pgettext_lazy("version decision", "Sent back")

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("version")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="version_approvals",
        verbose_name=_("decided by"),
    )
    decision = models.CharField(
        _("decision"), max_length=12, choices=Decision, default=Decision.APPROVED
    )
    approved_at = models.DateTimeField(_("decided at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "approved_at", "id"]
        verbose_name = _("version approval")
        verbose_name_plural = _("version approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "approved_by"], name="version_approved_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.approved_by} ({self.get_decision_display()})"

    @property
    def sends_back(self) -> bool:
        return self.decision == self.Decision.SENT_BACK


class ReminderLog(models.Model):
    """One reminder to one owner about one milestone: makes `send_reminders` idempotent."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        LATE = "late", pgettext_lazy("reminder kind", "Late")

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("milestone")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    due_by = models.DateField(_("due by when sent"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "recipient", "kind", "due_by"], name="reminder_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.milestone} → {self.recipient}"


class PacketEdition(models.Model):
    """One issued edition of a handling's meeting packet: frozen on purpose, by the coordinator.

    Editions are numbered per handling from 1; a new edition never replaces an old one, so every
    edition stays downloadable and verifiable (its PDF is a `policy.Snapshot`).
    """

    handling = models.ForeignKey(
        Handling,
        on_delete=models.CASCADE,
        related_name="packet_editions",
        verbose_name=_("handling"),
    )
    number = models.PositiveIntegerField(_("edition"))
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.PROTECT, related_name="+", verbose_name=_("packet PDF")
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    hearing_was_open = models.BooleanField(
        _("issued while a hearing was open"),
        default=False,
        help_text=_("Responses could still come after this edition was issued."),
    )

    class Meta:
        ordering = ["handling", "number"]
        verbose_name = _("meeting packet edition")
        verbose_name_plural = _("meeting packet editions")
        constraints = [
            models.UniqueConstraint(
                fields=["handling", "number"], name="packet_edition_number_once"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="packet_edition_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.handling}: {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "process:packet-detail",
            kwargs={
                "policy": self.handling.process.policy.slug,
                "pk": self.handling_id,
                "number": self.number,
            },
        )
