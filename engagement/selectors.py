"""Read queries other pages use: input from the meetings, by the section it concerns."""

from __future__ import annotations

import uuid
from collections import defaultdict

from engagement.models import Input


def inputs_by_section_key(*, policy_id: int) -> dict[uuid.UUID, list[Input]]:
    """All input linked to a section of the policy, keyed by the section's stable `key`, so it
    can be shown next to the same section in a later draft (one query)."""
    grouped: dict[uuid.UUID, list[Input]] = defaultdict(list)
    rows = (
        Input.objects.filter(process__policy_id=policy_id, section__isnull=False)
        .select_related("section", "event", "theme")
        .order_by("created_at", "id")
    )
    for item in rows:
        grouped[item.section.key].append(item)
    return dict(grouped)
