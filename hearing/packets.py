"""Meeting packets: the PDF a committee gets for the handling on its agenda.

A packet has a cover sheet (body, meeting, agenda item, edition), the version on the agenda, what
changed since the previous version (legible in black and white), the input from the meetings,
and, when a hearing has been held before the meeting, its høringsnotat and responses as
appendices. This module only renders it: the coordinator issues numbered editions
(`process.services.packet_edition_issue`, through the renderer registered in `hooks`), and a
download never freezes anything.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import override

from engagement.models import Input
from hearing.models import Hearing, HearingAttachment
from hearing.notat import Notat, notat_build
from medborger.pdf import pdf_render
from policy import diff
from policy.models import PolicyVersion
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


def packet_pdf_bytes(
    *,
    handling: Handling,
    edition: int | None = None,
    issued_at: datetime.datetime | None = None,
    preview: bool = False,
) -> bytes:
    """Render the packet (nothing is stored): an issued `edition`, or a preview marked as one."""
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
            "edition": edition,
            "issued_at": issued_at,
            "preview": preview,
        },
    )
