from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from medborger.languages import language_name
from policy.models import Section, Theme
from process.models import Department, Party, Process


class EventQuerySet(models.QuerySet):
    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gte=timezone.now())

    def public(self) -> EventQuerySet:
        return self.filter(audience=Event.Audience.PUBLIC)

    def not_cancelled(self) -> EventQuerySet:
        return self.filter(cancelled_at__isnull=True)


class Event(models.Model):
    class Kind(models.TextChoices):
        STAFF_WORKSHOP = "staff_workshop", _("Staff workshop")
        CITIZEN_MEETING = "citizen_meeting", _("Citizen meeting")
        OTHER = "other", pgettext_lazy("event kind", "Other")

    class Audience(models.TextChoices):
        STAFF = "staff", _("Municipal employees only")
        PUBLIC = "public", _("Everyone")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="events", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    short_text = models.CharField(
        _("short text for the poster"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences. The description is used when this is empty."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    address = models.CharField(_("address of the venue"), max_length=200, blank=True)
    accessibility = models.TextField(
        _("accessibility of the venue"),
        blank=True,
        help_text=_("Step-free access, toilets, hearing loop, parking and the like."),
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_deadline = models.DateTimeField(_("registration deadline"))
    sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_("Counts the changes of time or place; the SEQUENCE of the event's .ics files."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=F("starts_at")),
                name="event_deadline_before_start",
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:event-detail", kwargs={"pk": self.pk})

    def get_calendar_url(self) -> str:
        return reverse("engagement:event-calendar", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def registration_open(self) -> bool:
        return not self.is_cancelled and timezone.now() <= self.registration_deadline


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.WAITING).order_by("created_at", "id")


class Registration(models.Model):
    """One person's seat (or place in the queue) at an event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
        WAITING = "waiting", pgettext_lazy("registration status", "On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("user"),
    )
    organisation = models.CharField(_("department or organisation"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("department"),
        help_text=_("The managed department the free text names, when it names one."),
    )
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True)
    diet = models.CharField(_("dietary needs"), max_length=200, blank=True)
    interpreter_language = models.CharField(_("interpreter language"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.CONFIRMED)
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=_new_token, editable=False
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="da"
    )
    invitation = models.ForeignKey(
        "Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("invitation"),
    )
    added_by_staff = models.BooleanField(_("added by staff"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="registration_queue")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.event})"

    def get_absolute_url(self) -> str:
        return reverse("engagement:registration-manage", kwargs={"token": self.token})

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def interpreter_language_name(self) -> str:
        return language_name(self.interpreter_language)


class Invitation(models.Model):
    """A personal invitation of one party (process.Party, the municipality's register) to one
    event."""

    class Status(models.TextChoices):
        INVITED = "invited", pgettext_lazy("invitation status", "Invited")
        REGISTERED = "registered", pgettext_lazy("invitation status", "Registered")
        DECLINED = "declined", pgettext_lazy("invitation status", "Declined")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event")
    )
    stakeholder = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("stakeholder"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.INVITED)
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=_new_token, editable=False
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["event", "stakeholder__name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "stakeholder"], name="invitation_once_per_stakeholder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} ({self.event})"

    def get_absolute_url(self) -> str:
        return reverse("engagement:invitation-detail", kwargs={"token": self.token})


class DistributionItem(models.Model):
    """One line of the visibility checklist: where posters or invitations went."""

    class Material(models.TextChoices):
        POSTER = "poster", _("Poster")
        INVITATION = "invitation", _("Invitation")
        FLYER = "flyer", _("Flyer")
        ONLINE = "online", _("Online post or newsletter")

    class PlaceKind(models.TextChoices):
        WORKPLACE = "workplace", _("Municipal workplace")
        ASSOCIATION = "association", _("Association")
        INSTITUTION = "institution", _("Institution")
        OTHER = "other", pgettext_lazy("place kind", "Other")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="distribution", verbose_name=_("event")
    )
    material = models.CharField(_("material"), max_length=12, choices=Material)
    place_kind = models.CharField(_("kind of place"), max_length=12, choices=PlaceKind)
    place = models.CharField(_("place"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "done", "place_kind", "place", "id"]
        verbose_name = _("distribution item")
        verbose_name_plural = _("distribution checklist")

    def __str__(self) -> str:
        return f"{self.get_material_display()}: {self.place}"


class Input(models.Model):
    """An idea or remark from a meeting table, a letter or an e-mail."""

    class Channel(models.TextChoices):
        EVENT = "event", _("At an event")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        OTHER = "other", pgettext_lazy("input channel", "Other")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="inputs", verbose_name=_("process")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("source event"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.EVENT)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("theme"),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("section"),
    )
    table = models.CharField(_("table or group"), max_length=60, blank=True)
    text = models.TextField(_("text"), max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("input")
        verbose_name_plural = _("input")
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel="event") | Q(event__isnull=False),
                name="input_event_channel_has_event",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
