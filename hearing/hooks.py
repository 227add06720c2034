"""What `hearing` shows through `process.hooks`: its responses on the staff board's chart."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hearing.models import HearingResponse
from process.hooks import ParticipationSource, participation_source_register


def process_hooks_register() -> None:
    """Called from `HearingConfig.ready`."""
    participation_source_register(
        ParticipationSource(
            key="hearing_responses",
            label=_("Hearing responses"),
            rows=lambda process: HearingResponse.objects.filter(hearing__process=process),
            date_field="received_at",
        )
    )
