"""What `engagement` shows through `process.hooks`: its registrations, its public events and the
time to sign up for them (a window of the public phase)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from engagement.models import Event, Registration
from process.hooks import (
    ParticipationSource,
    PublicWindow,
    participation_source_register,
    public_events_register,
    public_windows_register,
)
from process.models import Process
from process.phase import Stage


def _public_events(process: Process):
    return Event.objects.filter(
        process=process, audience=Event.Audience.PUBLIC, cancelled_at__isnull=True
    ).order_by("starts_at", "pk")


# A meeting's registration becomes the process's phase this long before the meeting.
EVENT_LEADS_DAYS = 28


def _event_windows(process_ids: list[int]) -> list[PublicWindow]:
    """Signing up for a public event: open until its registration deadline (one query)."""
    windows = []
    events = Event.objects.filter(
        process_id__in=process_ids, audience=Event.Audience.PUBLIC, cancelled_at__isnull=True
    )
    for event in events:
        meeting = event.kind == Event.Kind.CITIZEN_MEETING
        windows.append(
            PublicWindow(
                process_id=event.process_id,
                stage=Stage.DIALOGUE,
                phase_label=_("Registration for the citizen meeting")
                if meeting
                else _("Registration for an event"),
                action_label=_("Sign up for the citizen meeting")
                if meeting
                else _("Sign up for the event"),
                url=event.get_absolute_url(),
                closes_at=event.registration_deadline,
                leads_from=event.starts_at - datetime.timedelta(days=EVENT_LEADS_DAYS),
                deadline_kind="registration",
                priority=1,
            )
        )
    return windows


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
    public_windows_register(_event_windows, models=[Event])
