"""The one iCalendar builder: the public calendar feed and every mailed .ics use it.

An event has one UID everywhere, `event-<id>@<site host>`, so a calendar that holds it from the
feed and from a confirmation e-mail holds it once, and a cancellation (METHOD:CANCEL with the
same UID and a higher SEQUENCE) removes it again.
"""

from __future__ import annotations

import datetime
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as CalendarEvent

TZ = ZoneInfo(settings.TIME_ZONE)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "medborger.invalid"


def uid(kind: str, pk: int) -> str:
    """A UID that stays the same for the same thing in every file: `event-7@host`."""
    return f"{kind}-{pk}@{_host()}"


def stamp_now() -> datetime.datetime:
    return timezone.now().astimezone(datetime.UTC).replace(microsecond=0)


def new_calendar(*, name: str = "", method: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.MUNICIPALITY_NAME}//{settings.SITE_NAME}//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _organizer() -> vCalAddress:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(settings.MUNICIPALITY_NAME)
    return organizer


def event_component(
    event: Any,
    *,
    stamp: datetime.datetime | None = None,
    sequence: int | None = None,
    cancelled: bool | None = None,
    attendee: str = "",
) -> CalendarEvent:
    """One event (anything with pk, title, starts_at, ends_at, place and the like). The
    SEQUENCE and the cancellation default to the event's own `sequence` and `cancelled_at`."""
    if sequence is None:
        sequence = getattr(event, "sequence", 0)
    if cancelled is None:
        cancelled = getattr(event, "cancelled_at", None) is not None
    item = CalendarEvent()
    item.add("uid", uid("event", event.pk))
    item.add("dtstamp", stamp or stamp_now())
    item.add("sequence", sequence)
    item.add("summary", event.title)
    item.add("dtstart", timezone.localtime(event.starts_at, TZ))
    item.add("dtend", timezone.localtime(event.ends_at, TZ))
    location = ", ".join(part for part in (event.place, getattr(event, "address", "")) if part)
    if location:
        item.add("location", location)
    if event.description:
        item.add("description", event.description)
    item.add("url", settings.SITE_URL + event.get_absolute_url())
    item.add("organizer", _organizer())
    if attendee:
        item.add("attendee", vCalAddress(f"mailto:{attendee}"))
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def calendar_bytes(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_ics(
    event: Any, *, sequence: int | None = None, cancelled: bool | None = None, attendee: str = ""
) -> bytes:
    """One event as a file: METHOD:PUBLISH to add it, METHOD:CANCEL to take it away again."""
    if cancelled is None:
        cancelled = getattr(event, "cancelled_at", None) is not None
    calendar = new_calendar(method="CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(
        event_component(event, sequence=sequence, cancelled=cancelled, attendee=attendee)
    )
    return calendar_bytes(calendar)
