from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class Policy(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    owner = models.CharField(
        _("owner"), max_length=120, help_text=_("The municipality or body that owns the policy.")
    )
    comments_open = models.BooleanField(
        _("comments open"), default=True, help_text=_("Whether readers may comment right now.")
    )
    moderate_comments = models.BooleanField(
        _("hold comments for moderation"),
        default=False,
        help_text=_("If set, comments are published only after a project group member approves them."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policy:policy-detail", kwargs={"policy": self.slug})


class PolicyVersionQuerySet(models.QuerySet):
    def published(self) -> PolicyVersionQuerySet:
        return self.filter(status__in=[PolicyVersion.Status.PUBLISHED, PolicyVersion.Status.ADOPTED])

    def drafts(self) -> PolicyVersionQuerySet:
        return self.filter(status=PolicyVersion.Status.DRAFT)


class PolicyVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("version status", "Working draft")
        PUBLISHED = "published", pgettext_lazy("version status", "Published")
        ADOPTED = "adopted", pgettext_lazy("version status", "Adopted")

    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="versions", verbose_name=_("policy")
    )
    number = models.PositiveIntegerField(
        _("number"), null=True, blank=True, help_text=_("Given when the version is published.")
    )
    label = models.CharField(_("label"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    change_note = models.TextField(_("change note"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    adopted_at = models.DateField(_("adopted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["policy", "number"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "number"], name="policy_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(status="draft"),
                name="policy_one_working_draft",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False, published_at__isnull=False),
                name="policy_version_published_has_number_and_date",
            ),
        ]

    def __str__(self) -> str:
        if self.number is None:
            return f"{self.policy} – {_('working draft')}"
        return f"{self.policy} – {_('version')} {self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    def get_absolute_url(self) -> str:
        return reverse(
            "policy:version-detail", kwargs={"policy": self.policy.slug, "number": self.number}
        )


class FrozenVersionError(ValidationError):
    """Raised when something tries to change a section of a published version."""


class Section(models.Model):
    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    key = models.UUIDField(
        _("key"),
        default=uuid.uuid4,
        help_text=_("Stays the same across versions, so a section can be followed."),
    )
    order = models.PositiveIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sections",
        verbose_name=_("theme"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="section_key_once_per_version"),
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def anchor(self) -> str:
        return f"afsnit-{self.key.hex[:8]}"

    def _refuse_if_frozen(self) -> None:
        status = (
            PolicyVersion.objects.filter(pk=self.version_id).values_list("status", flat=True).first()
        )
        if status is not None and status != PolicyVersion.Status.DRAFT:
            raise FrozenVersionError(_("A published version is frozen; its sections cannot change."))

    def save(self, *args, **kwargs) -> None:
        # The guard that keeps published text frozen, whatever code path writes a section.
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)
