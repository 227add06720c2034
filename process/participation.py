"""Participation at a glance: what people contributed to a process, counted per month.

The models live in other apps and may not exist yet (comments, registrations, hearing
responses), so they are looked up by name and skipped when missing; `process` never imports
`engagement`, which depends on it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from process.models import Process

# (key, label, app label, model name, lookup to the process given a process, date fields to try)
SOURCES = [
    (
        "comments",
        _("Comments"),
        "policy",
        "Comment",
        "section__version__policy",
        "policy",
        ("created_at", "submitted_at"),
    ),
    (
        "registrations",
        _("Registrations"),
        "engagement",
        "Registration",
        "event__process",
        "process",
        ("created_at", "registered_at"),
    ),
    (
        "hearing_responses",
        _("Hearing responses"),
        "engagement",
        "HearingResponse",
        "hearing__process",
        "process",
        ("received_at", "created_at", "submitted_at"),
    ),
]


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


def _date_field(model, candidates) -> str | None:
    for name in candidates:
        try:
            model._meta.get_field(name)
            return name
        except FieldDoesNotExist:
            continue
    return None


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def participation_for(process: Process) -> Participation:
    """At most one query per kind of contribution that exists, whatever the amount."""
    series = []
    for key, label, app_label, model_name, lookup, target, date_fields in SOURCES:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        date_name = _date_field(model, date_fields)
        if date_name is None:
            continue
        value = process.policy_id if target == "policy" else process.pk
        try:
            rows = list(
                model._default_manager.filter(**{f"{lookup}": value})
                .annotate(month=TruncMonth(date_name))
                .values("month")
                .annotate(n=Count("pk"))
                .order_by("month")
            )
        except FieldError:
            continue
        by_month: dict[datetime.date, int] = {}
        for row in rows:
            if row["month"] is None:
                continue
            month = _month(row["month"])
            by_month[month] = by_month.get(month, 0) + row["n"]
        series.append(
            Series(key=key, label=str(label), total=sum(by_month.values()), by_month=by_month)
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
