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

from policy.models import Section, Theme
from process.models import Department, Party, Process


class EventQuerySet(models.QuerySet):
    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gte=timezone.now())

    def public(self) -> EventQuerySet:
        return self.filter(audience=Event.Audience.PUBLIC)


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
    def registration_open(self) -> bool:
        return timezone.now() <= self.registration_deadline


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


# --- Public hearing --------------------------------------------------------------------------


class Hearing(models.Model):
    """A public hearing on one published, approved version of a policy."""

    class PublicationRule(models.TextChoices):
        AFTER_REVIEW = "after_review", _("Publish after review")
        AT_ONCE = "at_once", _("Publish at once")
        NONE = "none", _("Do not publish")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("process")
    )
    version = models.ForeignKey(
        "policy.PolicyVersion",
        on_delete=models.PROTECT,
        related_name="hearings",
        verbose_name=_("version under hearing"),
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=4000)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    publication_rule = models.CharField(
        _("publication of responses"),
        max_length=14,
        choices=PublicationRule,
        default=PublicationRule.AFTER_REVIEW,
    )
    delete_after = models.DateField(
        _("deletion date"),
        help_text=_("After this date names, e-mail addresses and attachments are deleted."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    notat_published_at = models.DateTimeField(
        _("consultation report published at"), null=True, blank=True
    )
    purged_at = models.DateTimeField(_("personal data deleted at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="hearing_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:hearing-detail", kwargs={"policy": self.process.policy.slug})

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    @property
    def publishes_responses(self) -> bool:
        return self.publication_rule != self.PublicationRule.NONE


class HearingResponseQuerySet(models.QuerySet):
    def public(self) -> HearingResponseQuerySet:
        return self.filter(
            status=HearingResponse.Status.PUBLISHED, consent_to_publish=True
        ).exclude(hearing__publication_rule=Hearing.PublicationRule.NONE)

    def receipt_failed(self) -> HearingResponseQuerySet:
        return self.filter(receipt_sent_at__isnull=True, receipt_attempts__gt=0).exclude(email="")


class HearingResponse(models.Model):
    """One hearing response, from the web form or entered by staff from a letter or e-mail."""

    class Kind(models.TextChoices):
        PERSON = "person", _("A private person")
        ORGANISATION = "organisation", _("An organisation or association")
        MED = "med", _("A MED committee")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("response status", "Received")
        PUBLISHED = "published", pgettext_lazy("response status", "Published")
        WITHHELD = "withheld", pgettext_lazy("response status", "Withheld")

    hearing = models.ForeignKey(
        Hearing, on_delete=models.PROTECT, related_name="responses", verbose_name=_("hearing")
    )
    tracking = models.CharField(_("tracking number"), max_length=20, unique=True)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    kind = models.CharField(_("respondent"), max_length=14, choices=Kind, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    text = models.TextField(_("response"), max_length=20000)
    consent_to_publish = models.BooleanField(_("consent to publication"), default=False)
    name_protected = models.BooleanField(_("name and address protection"), default=False)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel, default=Channel.WEB)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="da"
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.RECEIVED)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withheld_reason = models.CharField(_("reason for withholding"), max_length=500, blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent at"), null=True, blank=True)
    receipt_attempts = models.PositiveSmallIntegerField(_("receipt attempts"), default=0)
    receipt_error = models.CharField(_("last receipt error"), max_length=500, blank=True)
    # The administration's answer, which makes up the høringsnotat.
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    comment = models.TextField(_("the administration's comment"), blank=True, max_length=4000)
    led_to_change = models.BooleanField(_("led to a change"), default=False)
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearing_responses",
        verbose_name=_("section"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearing_responses",
        verbose_name=_("theme"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_mail_sent_at = models.DateTimeField(_("answer e-mail sent at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # Personal data stays out of the history, so the purge really removes it.
    history = HistoricalRecords(
        excluded_fields=["name", "organisation", "email", "idempotency_key", "tracking"]
    )

    objects = HearingResponseQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("hearing response")
        verbose_name_plural = _("hearing responses")

    def __str__(self) -> str:
        return self.tracking

    def get_absolute_url(self) -> str:
        return reverse("engagement:hearing-receipt", kwargs={"tracking": self.tracking})

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.consent_to_publish
            and self.hearing.publishes_responses
        )

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def public_name(self) -> str:
        """What the public list shows instead of the name when the name is protected."""
        if self.anonymised_at is not None:
            return str(_("Anonymised"))
        if self.name_protected or not self.name:
            return str(_("Name and address protected"))
        return self.name

    def public_attachments(self) -> list[HearingAttachment]:
        """The attachments anyone may download (no scans), each with `public_name` set: the
        original file name, or "Attachment 1.pdf" when the name and address are protected,
        since people name their files after themselves ("Høringssvar fra <name>, <address>")."""
        files = [a for a in self.attachments.all() if not a.is_scan]
        for number, attachment in enumerate(files, start=1):
            attachment.public_name = (
                attachment.neutral_name(number) if self.name_protected else attachment.original_name
            )
        return files


def hearing_upload_to(instance: HearingAttachment, filename: str) -> str:
    """A random name: the original name is kept in the row, never in the path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"hearing/{instance.response.hearing_id}/{secrets.token_hex(16)}.{extension}"


class HearingAttachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        ODT = "odt", "OpenDocument (ODT)"
        JPEG = "jpg", "JPEG"
        PNG = "png", "PNG"

    response = models.ForeignKey(
        HearingResponse,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("response"),
    )
    file = models.FileField(_("file"), upload_to=hearing_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=5, choices=Kind)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    is_scan = models.BooleanField(
        _("scan of a letter"),
        default=False,
        help_text=_("Scans are for staff only; they may show an address."),
    )

    class Meta:
        ordering = ["response", "id"]
        verbose_name = _("hearing attachment")
        verbose_name_plural = _("hearing attachments")

    def __str__(self) -> str:
        return self.original_name

    def neutral_name(self, number: int) -> str:
        """A file name that says nothing about the sender: "Bilag 1.pdf"."""
        return _("Attachment %(number)d") % {"number": number} + f".{self.kind}"

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "odt": "application/vnd.oasis.opendocument.text",
            "jpg": "image/jpeg",
            "png": "image/png",
        }[self.kind]
