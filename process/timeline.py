"""The public timeline: milestones, events and handlings in one ordered list, plus its drawing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from process.hooks import public_events
from process.models import Handling, Milestone, Process
from process.phase import current_step

PAST, CURRENT, FUTURE = "past", "current", "future"
STATE_LABELS = {
    PAST: pgettext_lazy("timeline state", "Done"),
    CURRENT: pgettext_lazy("timeline state", "Now"),
    FUTURE: pgettext_lazy("timeline state", "Coming"),
}


@dataclass
class Entry:
    sort_key: tuple
    day: datetime.date
    when: str
    title: str
    kind: str
    kind_label: str
    state: str
    description: str = ""
    url: str = ""
    detail_url: str = ""
    calendar_url: str = ""
    decision: str = ""
    version_number: int | None = None
    number: int = 0
    x: float = 0.0
    level: int = 0
    label_y: float = 0.0

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def is_current(self) -> bool:
        return self.state == CURRENT


@dataclass
class Timeline:
    entries: list[Entry]
    current: Entry | None
    in_progress: bool = False
    ticks: list[dict] = field(default_factory=list)
    today_x: float | None = None
    width: int = 960
    height: int = 150
    axis_y: int = 70


def _milestone_when(milestone: Milestone) -> str:
    if milestone.done_on is not None:
        return date_format(milestone.done_on, "DATE_FORMAT")
    if milestone.month_only:
        return date_format(milestone.planned_month, "YEAR_MONTH_FORMAT").capitalize()
    return date_format(milestone.planned_date, "DATE_FORMAT")


def build_timeline(process: Process, *, today: datetime.date | None = None) -> Timeline:
    """Three queries, whatever the number of milestones, events and handlings."""
    today = today or timezone.localdate()
    now = timezone.now()
    milestones = list(process.milestones.public().order_by("due_by", "pk"))
    position = current_step(milestones, today=today)
    current = position.next_public_step
    entries: list[Entry] = []
    for m in milestones:
        if current is not None and m.pk == current.pk:
            state = CURRENT
        elif m.done_on is not None or m.due_by < today:
            state = PAST
        else:
            state = FUTURE
        day = m.done_on or m.planned_date or m.planned_month
        entries.append(
            Entry(
                sort_key=(day, 0, m.pk),
                day=day,
                when=_milestone_when(m),
                title=m.title,
                kind="milestone",
                kind_label=str(_("Milestone")),
                state=state,
                description=m.description,
            )
        )
    handlings = (
        Handling.objects.filter(process=process, is_public=True)
        .select_related("body", "version__policy")
        .order_by("meeting_date", "pk")
    )
    for h in handlings:
        state = PAST if (h.decision or h.meeting_date < today) else FUTURE
        entries.append(
            Entry(
                sort_key=(h.meeting_date, 1, h.pk),
                day=h.meeting_date,
                when=date_format(h.meeting_date, "DATE_FORMAT"),
                title=f"{h.body.name}: {h.agenda_item_title}",
                kind="handling",
                kind_label=str(_("Meeting")),
                state=state,
                description=h.decision_text,
                decision=h.get_decision_display() if h.decision else "",
                version_number=h.version.number if h.version_id else None,
                url=h.version.get_absolute_url() if h.version_id else "",
                detail_url=reverse(
                    "process:handling-detail", kwargs={"policy": process.policy.slug, "pk": h.pk}
                ),
            )
        )
    for event in public_events(process):
        starts = timezone.localtime(event.starts_at)
        entries.append(
            Entry(
                sort_key=(starts.date(), 2, event.pk),
                day=starts.date(),
                when=date_format(starts, "DATETIME_FORMAT"),
                title=event.title,
                kind="event",
                kind_label=str(_("Event")),
                state=PAST if event.ends_at < now else FUTURE,
                url=event.get_absolute_url(),
                calendar_url=event.get_calendar_url(),
            )
        )
    entries.sort(key=lambda e: e.sort_key)
    timeline = Timeline(entries=entries, current=None, in_progress=position.public_in_progress)
    for number, entry in enumerate(entries, start=1):
        entry.number = number
        if entry.is_current:
            timeline.current = entry
    _lay_out(timeline, today)
    return timeline


def _lay_out(timeline: Timeline, today: datetime.date) -> None:
    """Place each entry on a horizontal axis by date (the SVG's coordinates, no inline styles)."""
    if not timeline.entries:
        return
    left, right = 40, timeline.width - 40
    first = min(e.day for e in timeline.entries).replace(day=1)
    last_day = max(e.day for e in timeline.entries)
    last = (last_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    span = max((last - first).days, 1)

    def x_of(day: datetime.date) -> float:
        return round(left + (right - left) * (day - first).days / span, 1)

    month = first
    while month <= last:
        timeline.ticks.append(
            {
                "x": x_of(month),
                "label": date_format(month, "M").capitalize()[:3],
                "year": month.year if month.month == 1 or month == first else None,
            }
        )
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    if first <= today <= last:
        timeline.today_x = x_of(today)
    # Stagger numbers that would overlap: each takes the lowest level free of a close neighbour,
    # and the drawing grows tall enough for the highest, so no number is clipped.
    placed: list[tuple[float, int]] = []
    for entry in timeline.entries:
        entry.x = x_of(entry.day)
        taken = {level for x, level in placed if entry.x - x < 26}
        entry.level = next(level for level in range(len(placed) + 1) if level not in taken)
        placed.append((entry.x, entry.level))
    top = max(level for _, level in placed)
    timeline.axis_y = 56 + top * 18
    timeline.height = timeline.axis_y + 60
    for entry in timeline.entries:
        entry.label_y = timeline.axis_y - 26 - entry.level * 18
