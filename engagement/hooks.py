"""What `engagement` shows through `process.hooks`: its contributions and its public events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from engagement.models import Event, HearingResponse, Registration
from process.hooks import (
    ParticipationSource,
    participation_source_register,
    public_events_register,
)
from process.models import Process


def _public_events(process: Process):
    return Event.objects.filter(process=process, audience=Event.Audience.PUBLIC).order_by(
        "starts_at", "pk"
    )


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
    participation_source_register(
        ParticipationSource(
            key="hearing_responses",
            label=_("Hearing responses"),
            rows=lambda process: HearingResponse.objects.filter(hearing__process=process),
            date_field="received_at",
        )
    )
    public_events_register(_public_events, models=[Event])
