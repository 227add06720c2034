"""The portal's own rows: the history of user accounts (so administrators can see who changed
whose roles and details, and when), the mail log, and the worker's schedule."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register

register(
    get_user_model(), app=__package__, table_name="medborger_historicaluser", m2m_fields=["groups"]
)
register(Group, app=__package__, table_name="medborger_historicalgroup", m2m_fields=["permissions"])


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Queued mails whose next attempt is due (their task was lost, or waits for a retry)."""
        return self.filter(
            status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now or timezone.now()
        )


class OutgoingMail(models.Model):
    """One e-mail the portal sends: rendered when it is asked for, sent by a task, recorded.

    The row is written in the transaction that asks for the mail, so a mail exists exactly when
    the change it tells about was committed; the task that sends it is enqueued after the commit.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    template = models.CharField(_("template"), max_length=200)
    ref = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The row the mail is about.")
    )
    to = models.EmailField(_("to"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    headers = models.JSONField(
        _("extra headers"),
        default=dict,
        blank=True,
        help_text=_("E.g. List-Unsubscribe for the mails to followers."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_status_next")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class ScheduledJob(models.Model):
    """When a job of the worker's schedule (settings.TASK_SCHEDULE) is next due.

    Every worker reads the schedule; the one that moves `next_run_at` on (a compare-and-set
    update) enqueues the run, so several workers enqueue each run once."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("next run at"))
    last_enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name
