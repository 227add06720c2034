"""What `hearing` shows through `process.hooks`: its responses on the staff board's chart, the
meeting packet's renderer and its warnings, the responses waiting in the staff inbox, and the
hearing's windows of the public phase (respond while open, read the høringsnotat)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hearing import packets
from hearing.models import Hearing, HearingResponse
from process.hooks import (
    InboxItem,
    ParticipationSource,
    PublicWindow,
    inbox_source_register,
    packet_renderer_register,
    packet_warnings_register,
    participation_source_register,
    public_windows_register,
)
from process.models import Handling, Process
from process.phase import Stage


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
                    url=reverse("hearing:notat-detail", kwargs={"policy": slug}),
                    opens_at=hearing.notat_published_at,
                )
            )
    return windows


def _open_hearing_warnings(handling: Handling) -> list[str]:
    """A packet issued while a hearing of the process is open may miss responses still to come."""
    now = timezone.now()
    hearings = Hearing.objects.filter(
        process_id=handling.process_id, opens_at__lte=now, closes_at__gt=now
    ).order_by("closes_at")
    return [
        gettext(
            "The hearing is still open until %(closes)s: responses may still come after this "
            "edition is issued. Issue a new edition when the hearing has closed."
        )
        % {"closes": formats.date_format(timezone.localtime(h.closes_at), "DATETIME_FORMAT")}
        for h in hearings
    ]


def _unanswered_responses(*, user, coordinated: list[Process]) -> list[InboxItem]:
    """Hearing responses without an answer, per hearing, in the processes `user` coordinates."""
    if not coordinated:
        return []
    by_process = {p.pk: p for p in coordinated}
    hearings = (
        Hearing.objects.filter(process_id__in=by_process)
        .annotate(waiting=Count("responses", filter=Q(responses__answered_at__isnull=True)))
        .filter(waiting__gt=0)
        .order_by("closes_at", "pk")
    )
    items = []
    for hearing in hearings:
        process = by_process[hearing.process_id]
        url = reverse(
            "hearing:staff-hearing-detail",
            kwargs={"policy": process.policy.slug, "pk": hearing.pk},
        )
        items.append(
            InboxItem(
                kind="hearing",
                label=_("Hearing responses without an answer"),
                count=hearing.waiting,
                url=f"{url}?vis=ubesvarede",
                process_title=process.title,
            )
        )
    return items


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
    packet_renderer_register(packets.packet_pdf_bytes)
    packet_warnings_register(_open_hearing_warnings)
    inbox_source_register(_unanswered_responses)
    public_windows_register(_hearing_windows, models=[Hearing])
