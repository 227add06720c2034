from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from policy import languages


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
        help_text=_(
            "If set, comments are published only after a project group member approves them."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    comments_changed_at = models.DateTimeField(
        _("comments last changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set whenever a comment is added, published, hidden or answered."),
    )
    history = HistoricalRecords(excluded_fields=["comments_changed_at"])

    class Meta:
        ordering = ["title"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policy:policy-detail", kwargs={"policy": self.slug})

    @property
    def follow_topic(self) -> str:
        """What followers of this policy follow (notifications knows topics, not policies)."""
        return f"policy:{self.pk}"

    @staticmethod
    def pk_from_topic(topic: str) -> int | None:
        prefix, _sep, pk = topic.partition(":")
        return int(pk) if prefix == "policy" and pk.isdigit() else None


class PolicyVersionQuerySet(models.QuerySet):
    def published(self) -> PolicyVersionQuerySet:
        return self.filter(
            status__in=[PolicyVersion.Status.PUBLISHED, PolicyVersion.Status.ADOPTED]
        )

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
    easy_read = models.TextField(
        _("easy-read summary"),
        blank=True,
        help_text=_("A short text in plain language, shown first. Markdown."),
    )
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

    def save(self, *args, **kwargs) -> None:
        # A published version never goes back to being a draft, and keeps its number.
        if self.pk is not None:
            stored = (
                PolicyVersion.objects.filter(pk=self.pk).values_list("status", "number").first()
            )
            if (
                stored is not None
                and stored[0] != self.Status.DRAFT
                and (self.status == self.Status.DRAFT or self.number != stored[1])
            ):
                raise FrozenVersionError(
                    _("A published version is frozen; its sections cannot change.")
                )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "policy:version-detail", kwargs={"policy": self.policy.slug, "number": self.number}
        )

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class FrozenVersionError(ValidationError):
    """Raised when something tries to change a section of a published version."""


class SectionQuerySet(models.QuerySet):
    """Bulk updates and deletes obey the same freeze as `Section.save()`."""

    def _refuse_if_any_frozen(self) -> None:
        frozen = PolicyVersion.objects.filter(pk__in=self.values("version_id").order_by()).exclude(
            status=PolicyVersion.Status.DRAFT
        )
        if frozen.exists():
            raise FrozenVersionError(
                _("A published version is frozen; its sections cannot change.")
            )

    def update(self, **kwargs) -> int:
        self._refuse_if_any_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_any_frozen()
        return super().delete()


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

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="section_key_once_per_version"),
        ]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args, **kwargs) -> None:
        # The guard that keeps published text frozen, whatever code path writes a section.
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"afsnit-{self.key.hex[:8]}"

    def _refuse_if_frozen(self) -> None:
        status = (
            PolicyVersion.objects.filter(pk=self.version_id)
            .values_list("status", flat=True)
            .first()
        )
        if status is not None and status != PolicyVersion.Status.DRAFT:
            raise FrozenVersionError(
                _("A published version is frozen; its sections cannot change.")
            )


COMMENT_MAX_LENGTH = 4000
REPLY_MAX_LENGTH = 4000
NAME_MAX_LENGTH = 120


class CommentQuerySet(models.QuerySet):
    def published(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PUBLISHED)

    def written_under(self, email: str) -> CommentQuerySet:
        """Comments whose author gave `email`, or wrote them signed in with that address."""
        return self.filter(Q(email__iexact=email) | Q(author__email__iexact=email))

    def awaiting_moderation(self) -> CommentQuerySet:
        return self.filter(Q(status=Comment.Status.PENDING) | Q(open_reports__gt=0)).exclude(
            status=Comment.Status.UNCONFIRMED
        )

    def expired(self, now) -> CommentQuerySet:
        return self.filter(status=Comment.Status.UNCONFIRMED, confirm_by__lt=now)


class Comment(models.Model):
    """A reader's comment on one section of a published version."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", pgettext_lazy("comment status", "Awaiting e-mail confirmation")
        PENDING = "pending", pgettext_lazy("comment status", "Awaiting moderation")
        PUBLISHED = "published", pgettext_lazy("comment status", "Published")
        HIDDEN = "hidden", pgettext_lazy("comment status", "Hidden")

    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="comments", verbose_name=_("policy")
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="comments", verbose_name=_("section")
    )
    section_key = models.UUIDField(
        _("section key"), db_index=True, help_text=_("The section's stable key across versions.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_comments",
        verbose_name=_("author account"),
    )
    author_name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Never shown publicly."))
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    language = models.CharField(
        _("language"),
        max_length=15,
        blank=True,
        help_text=_("The language the comment is written in, so screen readers read it right."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.PENDING, db_index=True
    )
    token = models.CharField(_("confirmation token"), max_length=64, blank=True, db_index=True)
    confirm_by = models.DateTimeField(_("confirm by"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    open_reports = models.PositiveIntegerField(_("open reports"), default=0)
    reply = models.TextField(_("official reply"), blank=True, max_length=REPLY_MAX_LENGTH)
    reply_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    history = HistoricalRecords(excluded_fields=["token"])

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["section", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="unconfirmed") | Q(confirm_by__isnull=False),
                name="comment_unconfirmed_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"

    @property
    def anchor(self) -> str:
        return f"kommentar-{self.pk}"

    @property
    def direction(self) -> str:
        return "rtl" if self.language and languages.is_rtl(self.language) else ""


class CommentReport(models.Model):
    """A reader's report that a comment breaks the rules."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment")
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return self.reason[:60]


def _snapshot_path(instance: Snapshot, filename: str) -> str:
    return f"snapshots/{instance.created_at:%Y}/{filename}"


class Snapshot(models.Model):
    """A rendered PDF of a published version, frozen: made once, never changed, verifiable."""

    class Kind(models.TextChoices):
        VERSION = "version", _("Version snapshot")
        MEETING_PACKET = "meeting_packet", _("Meeting packet")
        TRANSLATION = "translation", _("Translation snapshot")

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="snapshots", verbose_name=_("version")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.VERSION)
    translation = models.ForeignKey(
        "VersionTranslation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshots",
        verbose_name=_("translation"),
    )
    purpose = models.CharField(
        _("purpose"), max_length=300, blank=True, help_text=_("What the document was made for.")
    )
    file = models.FileField(_("file"), upload_to=_snapshot_path, max_length=300)
    filename = models.CharField(_("file name for downloads"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("PDF snapshot")
        verbose_name_plural = _("PDF snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["version"], condition=Q(kind="version"), name="snapshot_one_per_version"
            ),
            models.UniqueConstraint(
                fields=["translation"],
                condition=Q(kind="translation"),
                name="snapshot_one_per_translation",
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="snapshot_sha256_is_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    def save(self, *args, **kwargs) -> None:
        # Immutable once made: a committee member's copy must always match the stored one.
        if self.pk is not None:
            raise ValidationError(_("A snapshot is frozen and cannot be changed."))
        super().save(*args, **kwargs)


class VersionTranslation(models.Model):
    """An unofficial translation of a published version, made section by section by staff.

    Once published it is frozen like the version: its PDF is a snapshot."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("translation status", "Draft")
        PUBLISHED = "published", pgettext_lazy("translation status", "Published")

    version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.PROTECT,
        related_name="translations",
        verbose_name=_("version"),
    )
    language = models.CharField(
        _("language"), max_length=15, help_text=_("A language code such as ar, tr or fa.")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    easy_read = models.TextField(
        _("easy-read summary"),
        blank=True,
        help_text=_("A short text in plain language, shown first. Markdown."),
    )
    notice = models.CharField(
        _("“unofficial translation” line in the language"),
        max_length=200,
        blank=True,
        help_text=_("Needed only for a language the portal has no such line for."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["version", "language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="translation_one_per_language"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="translation_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.language})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_rtl(self) -> bool:
        return languages.is_rtl(self.language)

    @property
    def direction(self) -> str:
        return "rtl" if self.is_rtl else "ltr"

    @property
    def own_notice(self) -> str:
        """ "Unofficial translation – the Danish text applies" in the translation's language."""
        return languages.unofficial_notice(self.language) or self.notice

    @property
    def own_name(self) -> str:
        return languages.own_name(self.language)

    @property
    def display_name(self) -> str:
        return languages.display_name(self.language)

    def get_absolute_url(self) -> str:
        return f"{self.version.get_absolute_url()}?tekst={self.language}"


class SectionTranslation(models.Model):
    """One section of a translation, tied to the version's section by its stable key."""

    translation = models.ForeignKey(
        VersionTranslation,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("translation"),
    )
    section_key = models.UUIDField(_("section key"))
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))

    class Meta:
        ordering = ["translation", "section_key"]
        verbose_name = _("translated section")
        verbose_name_plural = _("translated sections")
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "section_key"], name="section_translation_key_once"
            ),
        ]

    def __str__(self) -> str:
        return self.heading
