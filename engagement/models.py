from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from process.models import Process


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
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
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

    @property
    def registration_open(self) -> bool:
        return timezone.now() <= self.registration_deadline
