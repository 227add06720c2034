"""What `engagement` shows through `process.hooks`: its registrations and its public events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from engagement.models import Event, Registration
from process.hooks import (
    ParticipationSource,
    participation_source_register,
    public_events_register,
)
from process.models import Process


def _public_events(process: Process):
    return Event.objects.filter(
        process=process, audience=Event.Audience.PUBLIC, cancelled_at__isnull=True
    ).order_by("starts_at", "pk")


def process_hooks_register() -> None:
    """Called from `EngagementConfig.ready`."""
    participation_source_register(
        ParticipationSource(
            key="registrations",
            label=_("Registrations"),
            rows=lambda process: Registration.objects.filter(event__process=process),
            date_field="created_at",
        )
    )
    public_events_register(_public_events, models=[Event])
