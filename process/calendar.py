"""The iCalendar feed of a process: its milestones and public events.

Events are written by `medborger.ics`, the builder the mailed .ics files use too, so an event
has the same UID in the feed and in a confirmation e-mail.
"""

from __future__ import annotations

import datetime

from icalendar import Event as CalendarEvent

from medborger import ics
from process.hooks import public_events
from process.models import Milestone, Process


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def milestone_component(milestone: Milestone, *, stamp: datetime.datetime) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", ics.uid("milestone", milestone.pk))
    item.add("dtstamp", stamp)
    item.add("summary", milestone.title)
    if milestone.month_only:
        # All month long: the month is all that is known.
        item.add("dtstart", milestone.planned_month)
        item.add("dtend", _next_month(milestone.planned_month))
    else:
        item.add("dtstart", milestone.planned_date)
        item.add("dtend", milestone.planned_date + datetime.timedelta(days=1))
    item.add("transp", "TRANSPARENT")
    if milestone.description:
        item.add("description", milestone.description)
    item.add("status", "CONFIRMED")
    return item


def process_calendar(process: Process) -> bytes:
    """Public milestones and the public events the higher apps provide (`process.hooks`)."""
    stamp = ics.stamp_now()
    calendar = ics.new_calendar(name=process.title)
    for milestone in process.milestones.public().order_by("due_by", "pk"):
        calendar.add_component(milestone_component(milestone, stamp=stamp))
    for event in public_events(process):
        calendar.add_component(ics.event_component(event, stamp=stamp))
    return ics.calendar_bytes(calendar)
