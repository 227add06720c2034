"""`{% deadline_in_words moment kind %}`: a deadline as the stage bar says it (process.phase)."""

from __future__ import annotations

import datetime

from django import template

from process.phase import deadline_text

register = template.Library()


@register.simple_tag
def deadline_in_words(deadline: datetime.datetime | None, kind: str = "") -> str:
    return deadline_text(deadline, kind=kind) if deadline else ""
