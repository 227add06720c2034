"""Hooks through which higher apps give `process` their figures, without `process` importing them.

`process` sits below `engagement` (and the apps above it), so it may not import them, and it may
not reach their models by name or reflection either (a renamed field would silently empty a
chart). Instead each higher app registers what it has to show in its `AppConfig.ready`:

- a participation source: a kind of contribution, counted per month on the staff board;
- a public-events provider: the public events of a process, for the timeline and its calendar,
  with the models it reads (so the cached public pages change when an event does);
- the meeting packet's renderer, and warnings before an edition is issued (an open hearing);
- inbox sources: counts for the staff inbox "Til mig" (hearing responses without an answer).

Without a registration the board and the timeline simply show nothing of that kind.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.db.models import QuerySet

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from process.models import Handling, Process


@dataclass(frozen=True)
class ParticipationSource:
    """One kind of contribution to a process: the rows that count, and their date field."""

    key: str
    label: str | Promise
    rows: Callable[[Process], QuerySet]
    date_field: str


class PublicEvent(Protocol):
    """What the timeline and the calendar feed need from an event (and `medborger.ics`)."""

    pk: int
    title: str
    description: str
    place: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime

    def get_absolute_url(self) -> str: ...

    def get_calendar_url(self) -> str: ...


_participation_sources: dict[str, ParticipationSource] = {}
_public_event_providers: list[Callable[[Process], Iterable[PublicEvent]]] = []
_public_event_models: list[type] = []


def participation_source_register(source: ParticipationSource) -> None:
    """Register (or replace, by key) a kind of contribution; shown in registration order."""
    _participation_sources[source.key] = source


def participation_sources() -> list[ParticipationSource]:
    return list(_participation_sources.values())


def public_events_register(
    provider: Callable[[Process], Iterable[PublicEvent]], *, models: Iterable[type] = ()
) -> None:
    """Register a function giving a process's public events, ordered by start, and the models
    it reads them from (they key the cached copies of the pages that show them)."""
    if provider not in _public_event_providers:
        _public_event_providers.append(provider)

    _public_event_models.extend(m for m in models if m not in _public_event_models)


# -- What the public can do now: the windows that make the current phase (process/phase.py) --------


@dataclass(frozen=True)
class PublicWindow:
    """Something the public can do in a process for a while: respond, sign up, read a report.

    A higher app describes its windows; `process.phase` decides which one leads. A window is
    *open* from `opens_at` (None: already) until `closes_at` (None: no end); it *leads* the
    process (it is the phase, with the main action) from `leads_from` until it closes.
    """

    process_id: int
    stage: str
    """Which step of the stage bar it belongs to: one of `process.phase.Stage`."""
    phase_label: str | Promise
    """The phase while it leads ("Public hearing", "Sign up for the citizen meeting")."""
    action_label: str | Promise
    """The button ("Respond to the hearing")."""
    url: str
    opens_at: datetime.datetime | None = None
    closes_at: datetime.datetime | None = None
    leads_from: datetime.datetime | None = None
    deadline_kind: str = ""
    """How its deadline is said: "hearing", "registration" (see `process.phase.deadline_text`)."""
    priority: int = 0
    """Higher wins when two windows lead at once."""

    def is_open(self, now: datetime.datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )

    def leads(self, now: datetime.datetime) -> bool:
        start = self.leads_from or self.opens_at
        return self.is_open(now) and (start is None or start <= now)

    def has_closed(self, now: datetime.datetime) -> bool:
        return self.closes_at is not None and self.closes_at <= now


_public_window_providers: list[Callable[[list[int]], Iterable[PublicWindow]]] = []


def public_windows_register(
    provider: Callable[[list[int]], Iterable[PublicWindow]], *, models: Iterable[type] = ()
) -> None:
    """Register a function giving the public windows of the processes with the given ids, and
    the models it reads them from (they key the cached copies of the pages that show the phase).

    It must answer for many processes in a constant number of queries (the front page asks for
    all of them at once).
    """
    if provider not in _public_window_providers:
        _public_window_providers.append(provider)
    _public_event_models.extend(m for m in models if m not in _public_event_models)


def public_windows(process_ids: list[int]) -> dict[int, list[PublicWindow]]:
    by_process: dict[int, list[PublicWindow]] = {pk: [] for pk in process_ids}
    if not process_ids:
        return by_process
    for provider in _public_window_providers:
        for window in provider(process_ids):
            by_process.setdefault(window.process_id, []).append(window)
    return by_process


def public_event_models() -> list[type]:
    """The models the registered public-events and public-windows providers read."""
    return list(_public_event_models)


def public_events(process: Process) -> list[PublicEvent]:
    events: list[PublicEvent] = []
    for provider in _public_event_providers:
        events.extend(provider(process))
    return sorted(events, key=lambda event: (event.starts_at, event.pk))


# -- Meeting packets ------------------------------------------------------------------------------
# The packet is rendered by the app that knows hearings and meeting input; `process` issues and
# stores its editions. The renderer takes the handling and, keyword-only, `edition`, `issued_at`
# and `preview`; the warning sources say why an edition issued now may be incomplete.

PacketRenderer = Callable[..., bytes]

_packet_renderer: list[PacketRenderer] = []
_packet_warning_sources: list[Callable[[Handling], Iterable[str]]] = []


def packet_renderer_register(renderer: PacketRenderer) -> None:
    """Register the function that renders a handling's meeting packet (the last one wins)."""
    _packet_renderer[:] = [renderer]


def packet_render(
    handling: Handling,
    *,
    edition: int | None = None,
    issued_at: datetime.datetime | None = None,
    preview: bool = False,
) -> bytes:
    if not _packet_renderer:
        raise LookupError("No meeting packet renderer is registered.")
    return _packet_renderer[0](
        handling=handling, edition=edition, issued_at=issued_at, preview=preview
    )


def packet_warnings_register(source: Callable[[Handling], Iterable[str]]) -> None:
    """Register a function giving reasons (translated sentences) to think twice before issuing."""
    if source not in _packet_warning_sources:
        _packet_warning_sources.append(source)


def packet_warnings(handling: Handling) -> list[str]:
    return [str(w) for source in _packet_warning_sources for w in source(handling)]


# -- The staff inbox ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxItem:
    """One line of "Til mig": a count of things waiting for the person, and where to deal with
    them. `kind` groups lines under a heading: moderation, hearing, approval, milestone, meeting,
    mail (see `process.inbox`)."""

    kind: str
    label: str | Promise
    count: int
    url: str
    process_title: str = ""


InboxSource = Callable[..., Iterable[InboxItem]]
_inbox_sources: list[InboxSource] = []


def inbox_source_register(source: InboxSource) -> None:
    """Register a function `source(*, user, coordinated)` giving inbox items from a higher app.

    `coordinated` is the list of processes (with their policy) the person coordinates, or all
    processes for an administrator. A source runs a fixed number of queries, whatever the data.
    """
    if source not in _inbox_sources:
        _inbox_sources.append(source)


def inbox_items(*, user, coordinated: list[Process]) -> list[InboxItem]:
    items: list[InboxItem] = []
    for source in _inbox_sources:
        items.extend(source(user=user, coordinated=coordinated))
    return items
