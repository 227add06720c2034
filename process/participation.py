"""Participation at a glance: what people contributed to a process, counted per month.

Comments live in `policy`, below `process`, and are counted here directly. The other kinds of
contribution (registrations, hearing responses) live in apps above `process`: they register
themselves as sources in `process.hooks`, so `process` never imports them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from policy.models import Comment
from process.hooks import ParticipationSource, participation_sources
from process.models import Process

COMMENTS = ParticipationSource(
    key="comments",
    label=_("Comments"),
    rows=lambda process: Comment.objects.filter(section__version__policy=process.policy_id),
    date_field="created_at",
)


def sources() -> list[ParticipationSource]:
    """Comments first, then what the higher apps registered."""
    return [COMMENTS, *(s for s in participation_sources() if s.key != COMMENTS.key)]


@dataclass
class Series:
    key: str
    label: str
    total: int
    by_month: dict[datetime.date, int]


@dataclass
class Participation:
    series: list[Series]
    months: list[dict] = field(default_factory=list)
    chart_height: int = 120
    bar_width: int = 14
    chart_width: int = 200

    @property
    def has_data(self) -> bool:
        return any(s.total for s in self.series)


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def participation_for(process: Process) -> Participation:
    """At most one query per kind of contribution that exists, whatever the amount."""
    series = []
    for source in sources():
        rows = (
            source.rows(process)
            .annotate(month=TruncMonth(source.date_field))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        )
        by_month: dict[datetime.date, int] = {}
        for row in rows:
            if row["month"] is None:
                continue
            month = _month(row["month"])
            by_month[month] = by_month.get(month, 0) + row["n"]
        series.append(
            Series(
                key=source.key,
                label=str(source.label),
                total=sum(by_month.values()),
                by_month=by_month,
            )
        )
    result = Participation(series=series)
    months = sorted({m for s in series for m in s.by_month})
    peak = max([n for s in series for n in s.by_month.values()] or [1])
    group_width = result.bar_width * max(len(series), 1) + 10
    for index, month in enumerate(months):
        bars = []
        for position, s in enumerate(series):
            n = s.by_month.get(month, 0)
            height = round(result.chart_height * n / peak, 1)
            bars.append(
                {
                    "key": s.key,
                    "n": n,
                    "height": height,
                    "x": 40 + index * group_width + position * result.bar_width,
                    "y": round(result.chart_height - height + 10, 1),
                }
            )
        result.months.append(
            {
                "month": month,
                "label": date_format(month, "YEAR_MONTH_FORMAT"),
                "short": date_format(month, "M").capitalize()[:3],
                "x": 40 + index * group_width,
                "bars": bars,
            }
        )
    result.chart_width = max(200, 60 + len(months) * group_width)
    return result
