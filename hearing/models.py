"""Public hearings: a hearing on one approved version, its responses and their attachments.

The tables were made by `engagement` and keep their names (`engagement_hearing` and so on).
"""

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
from process.models import Process


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
    history = HistoricalRecords(table_name="engagement_historicalhearing")

    class Meta:
        db_table = "engagement_hearing"
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
        return reverse("hearing:hearing-detail", kwargs={"policy": self.process.policy.slug})

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
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearing_responses_assigned",
        verbose_name=_("assigned to"),
    )
    # A letter's or an e-mail's case data, entered by staff.
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    sender_address = models.TextField(_("sender's address"), max_length=500, blank=True)
    # A web response's address is confirmed by the link in the receipt; until then it is kept
    # and counted, but published under the sender's name only when staff review it.
    confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
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
        excluded_fields=[
            "name",
            "organisation",
            "email",
            "sender_address",
            "idempotency_key",
            "tracking",
        ],
        table_name="engagement_historicalhearingresponse",
    )

    objects = HearingResponseQuerySet.as_manager()

    class Meta:
        db_table = "engagement_hearingresponse"
        ordering = ["received_at", "id"]
        verbose_name = _("hearing response")
        verbose_name_plural = _("hearing responses")

    def __str__(self) -> str:
        return self.tracking

    def get_absolute_url(self) -> str:
        return reverse("hearing:receipt-detail", kwargs={"tracking": self.tracking})

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
    def is_late(self) -> bool:
        """Received after the hearing closed: kept and counted, but marked."""
        return self.received_at >= self.hearing.closes_at

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
        db_table = "engagement_hearingattachment"
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


class ResponsePoint(models.Model):
    """One point a response makes, as staff split it out: what it says (a quote or a summary),
    which section of the version under hearing it is about (or none: a general remark), the
    administration's comment, and whether it leads to a change. The høringsnotat is built from
    these, point by point."""

    response = models.ForeignKey(
        HearingResponse, on_delete=models.CASCADE, related_name="points", verbose_name=_("response")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    summary = models.TextField(_("quote or summary"), max_length=4000)
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearing_points",
        verbose_name=_("section"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearing_points",
        verbose_name=_("theme"),
    )
    comment = models.TextField(_("the administration's comment"), blank=True, max_length=4000)
    leads_to_change = models.BooleanField(_("leads to a change"), default=False)
    change_made = models.TextField(_("the change made"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["response", "order", "id"]
        verbose_name = _("point")
        verbose_name_plural = _("points")

    def __str__(self) -> str:
        return f"{self.response.tracking}.{self.order}"
