"""Follows, notices and staff notifications.

This app knows nothing of policies, hearings or events. A higher app names what can be followed
by a *topic* string of its own making (``policy:7``), gives it a title and a page, and publishes
*notices* on it; the followers of the topic are told by e-mail, at most once a day each (notices
that come after the day's e-mail wait for the next morning's digest). Staff are told through
`StaffNotice` rows, their inbox, and an e-mail unless they turned that kind off.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import kind_line


def _new_key() -> str:
    return secrets.token_urlsafe(16)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def of_address(self, email: str):
        return self.filter(email__iexact=email.strip())


class Subscription(models.Model):
    """One address following one topic. It counts once confirmed from the mailbox (or made by a
    signed-in person); `key` goes into every signed link, so a new follow voids the old links."""

    topic = models.CharField(_("topic"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("page"), max_length=300)
    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("user"),
    )
    key = models.CharField(_("link key"), max_length=32, default=_new_key)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_mailed_on = models.DateField(_("last e-mail on"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["topic", "email"], name="subscription_topic_email")
        ]
        indexes = [models.Index(fields=["topic", "confirmed_at"], name="subscription_topic")]

    def __str__(self) -> str:
        return f"{self.title} ({self.topic})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Notice(models.Model):
    """Something that happened on a topic, told to its followers by the fan-out task.

    `key` makes publishing idempotent: a scheduled job may try to publish "the hearing opened"
    every ten minutes, and only the first try makes a notice."""

    key = models.CharField(_("key"), max_length=200, unique=True, null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=100, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=40)
    url = models.CharField(_("link"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    fanned_out_at = models.DateTimeField(_("told at"), null=True, blank=True)
    progress_pk = models.PositiveBigIntegerField(
        _("told up to follow"), default=0, help_text=_("The fan-out resumes after this follow.")
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    @property
    def line(self) -> str:
        return kind_line(self.kind, self.params)


class PendingNotice(models.Model):
    """A notice a follower was not told yet because they had their e-mail for the day; the
    next morning's digest tells it."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="pending")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["notice_id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "notice"], name="pending_once")
        ]

    def __str__(self) -> str:
        return f"{self.notice} → {self.subscription_id}"


class StaffNoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class StaffNotice(models.Model):
    """One item in a staff member's inbox; e-mailed too unless they turned the kind off."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_notices",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed = models.BooleanField(_("e-mailed"), default=False)

    objects = StaffNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staff notification")
        verbose_name_plural = _("staff notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="staffnotice_user_read")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"

    @property
    def line(self) -> str:
        return kind_line(self.kind, self.params)


class NotificationPreference(models.Model):
    """A person's choice for one kind; without a row, the kind is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    enabled = models.BooleanField(_("e-mail me"), default=True)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_user_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {'on' if self.enabled else 'off'}"
