"""What `engagement` shows through `process.hooks`: its contributions and its public events."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from engagement.models import Event, Hearing, HearingResponse, Registration
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
    return Event.objects.filter(process=process, audience=Event.Audience.PUBLIC).order_by(
        "starts_at", "pk"
    )


# A meeting's registration becomes the process's phase this long before the meeting.
EVENT_LEADS_DAYS = 28


def _event_windows(process_ids: list[int]) -> list[PublicWindow]:
    """Signing up for a public event: open until its registration deadline (one query)."""
    windows = []
    for event in Event.objects.filter(process_id__in=process_ids, audience=Event.Audience.PUBLIC):
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


def _hearing_windows(process_ids: list[int]) -> list[PublicWindow]:
    """Responding to a hearing while it is open; reading its høringsnotat once out (one query)."""
    windows = []
    for hearing in Hearing.objects.filter(process_id__in=process_ids).select_related(
        "process__policy"
    ):
        slug = hearing.process.policy.slug
        windows.append(
            PublicWindow(
                process_id=hearing.process_id,
                stage=Stage.HEARING,
                phase_label=_("Public hearing"),
                action_label=_("Respond to the hearing"),
                url=hearing.get_absolute_url() + "#respond-heading",
                opens_at=hearing.opens_at,
                closes_at=hearing.closes_at,
                deadline_kind="hearing",
                priority=2,
            )
        )
        if hearing.notat_published_at is not None:
            windows.append(
                PublicWindow(
                    process_id=hearing.process_id,
                    stage=Stage.POLITICAL,
                    phase_label=_("Political handling"),
                    action_label=_("Read the høringsnotat"),
                    url=reverse("engagement:hearing-notat", kwargs={"policy": slug}),
                    opens_at=hearing.notat_published_at,
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
    participation_source_register(
        ParticipationSource(
            key="hearing_responses",
            label=_("Hearing responses"),
            rows=lambda process: HearingResponse.objects.filter(hearing__process=process),
            date_field="received_at",
        )
    )
    public_events_register(_public_events)
    public_windows_register(_event_windows)
    public_windows_register(_hearing_windows)
