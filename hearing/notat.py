"""The høringsnotat, built point by point: the one computation behind its page, PDF, CSV and the
meeting packet's appendix.

A Danish høringsnotat answers each point a response makes ("bemærkning"), grouped by the
section it is about, with the administration's comment and whether it leads to a change. Staff
split a response into points (`ResponsePoint`); a response nobody has split yet counts as one
point made of the response's own answer, so a small hearing needs no extra step.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext

from hearing.models import Hearing, HearingResponse, ResponsePoint


@dataclass
class NotatPoint:
    number: str
    response: HearingResponse
    label: str
    summary: str
    comment: str
    leads_to_change: bool
    change_made: str
    section: object | None
    theme: object | None


@dataclass
class NotatGroup:
    key: str
    title: str
    points: list[NotatPoint] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.points)

    @property
    def changed(self) -> int:
        return sum(1 for point in self.points if point.leads_to_change)


@dataclass
class Respondent:
    number: int
    label: str
    response: HearingResponse
    points: list[NotatPoint]


@dataclass
class Notat:
    hearing: Hearing
    responses: list[HearingResponse]
    points: list[NotatPoint]
    groups: list[NotatGroup]
    respondents: list[Respondent]

    @property
    def total(self) -> int:
        return len(self.responses)

    @property
    def point_count(self) -> int:
        return len(self.points)

    @property
    def changed(self) -> int:
        return sum(1 for point in self.points if point.leads_to_change)

    @property
    def by_channel(self) -> list[tuple[str, int]]:
        counts = Counter(response.channel for response in self.responses)
        return [
            (label, counts[value])
            for value, label in HearingResponse.Channel.choices
            if counts[value]
        ]

    @property
    def late(self) -> int:
        closes = self.hearing.closes_at
        return sum(1 for response in self.responses if response.received_at >= closes)


def respondent_label(response: HearingResponse) -> str:
    """Who responded, as the public høringsnotat may say it."""
    if response.anonymised_at or response.name_protected or not response.consent_to_publish:
        if response.kind != HearingResponse.Kind.PERSON and response.organisation:
            return response.organisation
        return gettext("Name and address protected")
    return response.organisation or response.name


def _points_of(response: HearingResponse, number: int) -> list[NotatPoint]:
    stored = list(response.points.all())
    if not stored:
        return [
            NotatPoint(
                number=str(number),
                response=response,
                label=response.label,
                summary=response.summary,
                comment=response.comment,
                leads_to_change=response.led_to_change,
                change_made="",
                section=response.section,
                theme=response.theme,
            )
        ]
    many = len(stored) > 1
    return [
        NotatPoint(
            number=f"{number}.{position}" if many else str(number),
            response=response,
            label=response.label,
            summary=point.summary,
            comment=point.comment,
            leads_to_change=point.leads_to_change,
            change_made=point.change_made,
            section=point.section,
            theme=point.theme,
        )
        for position, point in enumerate(stored, start=1)
    ]


def _groups(points: list[NotatPoint], by: str) -> list[NotatGroup]:
    if by == "theme":
        ordered = sorted(points, key=lambda p: (p.theme is None, p.theme.name if p.theme else ""))
    else:
        ordered = sorted(
            points, key=lambda p: (p.section is None, p.section.order if p.section else 0)
        )
    groups: OrderedDict[str, NotatGroup] = OrderedDict()
    for point in ordered:
        target = point.theme if by == "theme" else point.section
        if target is None:
            key, title = "none", gettext("General remarks")
        elif by == "theme":
            key, title = f"theme-{target.pk}", target.name
        else:
            key, title = f"section-{target.pk}", f"{target.order}. {target.heading}"
        groups.setdefault(key, NotatGroup(key=key, title=title)).points.append(point)
    return list(groups.values())


def notat_build(*, hearing: Hearing, by: str = "section", responses=None) -> Notat:
    """The høringsnotat of `hearing` in three queries, whatever its size. `responses` may be a
    queryset of the hearing's responses with more prefetched (the meeting packet's attachments)."""
    queryset = responses if responses is not None else hearing.responses.all()
    rows = list(
        queryset.select_related("section", "theme")
        .prefetch_related(
            Prefetch("points", queryset=ResponsePoint.objects.select_related("section", "theme"))
        )
        .order_by("received_at", "id")
    )
    points: list[NotatPoint] = []
    respondents: list[Respondent] = []
    for number, response in enumerate(rows, start=1):
        response.number = number
        response.label = respondent_label(response)
        own = _points_of(response, number)
        points.extend(own)
        respondents.append(
            Respondent(number=number, label=response.label, response=response, points=own)
        )
    return Notat(
        hearing=hearing,
        responses=rows,
        points=points,
        groups=_groups(points, by),
        respondents=respondents,
    )
