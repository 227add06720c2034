"""Meeting packets: one frozen PDF per handling, for the committee that has it on its agenda.

A packet has a cover sheet (body, meeting, agenda item), the version on the agenda, what changed
since the previous version (legible in black and white), the input from the meetings, and, when
a hearing has been held before the meeting, its høringsnotat and responses as appendices. It is
rendered once, on the first download, under a lock on the handling's row, and stored as a
`policy.Snapshot` so the verification page knows it too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import override

from engagement.models import Input
from hearing.models import Hearing, HearingAttachment
from hearing.notat import Notat, notat_build
from medborger.pdf import pdf_render
from policy import diff
from policy.models import PolicyVersion, Snapshot
from policy.snapshots import snapshot_store
from process.models import Handling

_WATERMARK = "pdf/watermark-udkast.svg"


def _previous_version(version: PolicyVersion) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.published()
        .filter(policy_id=version.policy_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


def _sections(version: PolicyVersion) -> list:
    return list(version.sections.select_related("theme").order_by("order"))


def _inputs_by_theme(handling: Handling) -> list[tuple[str, list[Input]]]:
    inputs = (
        Input.objects.filter(process=handling.process)
        .select_related("theme", "event", "section")
        .order_by("theme__name", "created_at", "pk")
    )
    groups: dict[str, list[Input]] = {}
    for item in inputs:
        groups.setdefault(item.theme.name if item.theme else "", []).append(item)
    return sorted(groups.items(), key=lambda pair: (pair[0] == "", pair[0]))


def _hearing_appendices(handling: Handling) -> list[Notat]:
    """The hearings of the process held before the meeting: their høringsnotat, point by point,
    and the responses with their public attachments."""
    hearings = (
        Hearing.objects.filter(process=handling.process, closes_at__date__lte=handling.meeting_date)
        .select_related("version")
        .order_by("closes_at", "pk")
    )
    appendices = []
    for hearing in hearings:
        notat = notat_build(
            hearing=hearing,
            responses=hearing.responses.prefetch_related(
                Prefetch("attachments", queryset=HearingAttachment.objects.filter(is_scan=False))
            ),
        )
        for response in notat.responses:
            # Named as on the public page: "Bilag 1.pdf" when the sender is protected.
            response.attachment_list = response.public_attachments()
        appendices.append(notat)
    return appendices


def packet_filename(handling: Handling) -> str:
    version = handling.version
    return (
        f"{version.policy.slug}-v{version.number}-{slugify(handling.body.short_name or handling.body.name)}"
        f"-{handling.meeting_date:%Y-%m-%d}.pdf"
    )


def packet_pdf_bytes(*, handling: Handling) -> bytes:
    """Render the packet (nothing is stored)."""
    version = handling.version
    policy = version.policy
    previous = _previous_version(version)
    sections = _sections(version)
    with override("da"):
        changes = diff.compare_sections(_sections(previous), sections) if previous else []
        verification_url = reverse("policy:snapshot-verify")
        hearings = _hearing_appendices(handling)
    watermark = finders.find(_WATERMARK) if version.status != PolicyVersion.Status.ADOPTED else None
    return pdf_render(
        template_name="hearing/pdf/packet.html",
        context={
            "handling": handling,
            "policy": policy,
            "version": version,
            "previous": previous,
            "sections": sections,
            "changes": changes,
            "inputs_by_theme": _inputs_by_theme(handling),
            "hearings": hearings,
            "watermark_url": f"file://{watermark}" if watermark else "",
            "verification_url": f"{settings.SITE_URL}{verification_url}",
        },
    )


def handling_packet_get_or_create(*, handling: Handling, user: Any = None) -> Snapshot:
    """The handling's meeting packet, rendered and stored the first time it is asked for."""
    if handling.version_id is None:
        raise ValueError("A handling without a version on the agenda has no packet.")
    if handling.packet_id is not None:
        return handling.packet
    with transaction.atomic():
        locked = Handling.objects.select_for_update().get(pk=handling.pk)
        if locked.packet_id is not None:
            return Snapshot.objects.get(pk=locked.packet_id)
        data = packet_pdf_bytes(handling=handling)
        snapshot = snapshot_store(
            version=handling.version,
            data=data,
            kind=Snapshot.Kind.MEETING_PACKET,
            purpose=str(handling),
            filename=packet_filename(handling),
            user=user,
        )
        locked.packet = snapshot
        locked._change_reason = "Meeting packet made"
        locked.save(update_fields=["packet"])
        handling.packet = snapshot
        return snapshot
