"""iCalendar feeds: a process's milestones and public events, and a single event."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from process.models import Milestone, Process

TZ = ZoneInfo("Europe/Copenhagen")


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "medborger.invalid"


def _new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Medborger portal//process calendar//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    return calendar


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def milestone_component(milestone: Milestone, *, stamp: datetime.datetime) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", f"milestone-{milestone.pk}@{_uid_domain()}")
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


def event_component(event, *, stamp: datetime.datetime) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@{_uid_domain()}")
    item.add("dtstamp", stamp)
    item.add("summary", event.title)
    item.add("dtstart", timezone.localtime(event.starts_at, TZ))
    item.add("dtend", timezone.localtime(event.ends_at, TZ))
    location = ", ".join(part for part in (event.place, getattr(event, "address", "")) if part)
    if location:
        item.add("location", location)
    if event.description:
        item.add("description", event.description)
    item.add("url", settings.SITE_URL + event.get_absolute_url())
    return item


def process_calendar(process: Process) -> bytes:
    """Public milestones and public events; two queries."""
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    calendar = _new_calendar(process.title)
    for milestone in process.milestones.public().order_by("due_by", "pk"):
        calendar.add_component(milestone_component(milestone, stamp=stamp))
    events = getattr(process, "events", None)
    if events is not None:
        for event in events.filter(audience="public").order_by("starts_at", "pk"):
            calendar.add_component(event_component(event, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_calendar(event) -> bytes:
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    calendar = _new_calendar(event.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(event_component(event, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
