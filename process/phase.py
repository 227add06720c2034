"""Where a process stands: its current step, defined here once.

Every page that says "where we are" asks `current_step`: the staff board's "Current phase", the
public timeline's "Where we are now" and the front page's "Next step". A second copy of the rule
would disagree with the first.

The rule, on a given day:
- A step is *ahead* when it is not done and its date (or the last day of its month) has not
  passed. A step whose date has passed without being marked done is *late*: it is listed as
  late on the board, and is never the current step.
- Of the steps ahead, the current one is the earliest that is *in progress* (work has started,
  or it is planned for a month that has begun); when none is, the earliest step ahead.
- Citizens get the same rule applied to the steps that are for them: public, and not for staff
  only (an internal staff workshop is shown on the public timeline but never offered to a
  citizen as where the process is or what comes next).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from process.models import Milestone, Process


@dataclass(frozen=True)
class CurrentStep:
    """A process's position on one day."""

    today: datetime.date
    step: Milestone | None
    """The step the process is in, or works towards next (every milestone: the staff view)."""
    deadline: datetime.date | None
    """When `step` is due: its date, or the last day of its month."""
    in_progress: bool
    """Whether `step` is under way (else it is the next step ahead)."""
    next_public_step: Milestone | None
    """The step citizens are in or can take part in next: public, never a staff-only step."""
    public_in_progress: bool
    """Whether `next_public_step` is under way."""
    late: tuple[Milestone, ...] = ()
    """Steps whose date has passed without being marked done, earliest first."""

    @property
    def public_deadline(self) -> datetime.date | None:
        return self.next_public_step.due_by if self.next_public_step else None


def _sort_key(milestone: Milestone) -> tuple:
    return (milestone.due_by, milestone.pk or 0)


def _is_in_progress(milestone: Milestone, today: datetime.date) -> bool:
    if milestone.started:
        return True
    return milestone.month_only and milestone.planned_month <= today


def _pick(milestones: list[Milestone], today: datetime.date) -> Milestone | None:
    ahead = [m for m in milestones if m.done_on is None and m.due_by >= today]
    in_progress = [m for m in ahead if _is_in_progress(m, today)]
    candidates = in_progress or ahead
    return min(candidates, key=_sort_key) if candidates else None


def is_for_citizens(milestone: Milestone) -> bool:
    """Whether a citizen may be offered this step: shown publicly, and not for staff only."""
    return milestone.is_public and not milestone.is_staff_only


def current_step(
    milestones: Iterable[Milestone], *, today: datetime.date | None = None
) -> CurrentStep:
    """The position of a process, from its milestones (no queries: pass what you have loaded).

    Pass all of the process's milestones for the staff view; a list of public ones is enough for
    `next_public_step`.
    """
    today = today or timezone.localdate()
    milestones = list(milestones)
    step = _pick(milestones, today)
    public_step = _pick([m for m in milestones if is_for_citizens(m)], today)
    return CurrentStep(
        today=today,
        step=step,
        deadline=step.due_by if step else None,
        in_progress=step is not None and _is_in_progress(step, today),
        next_public_step=public_step,
        public_in_progress=public_step is not None and _is_in_progress(public_step, today),
        late=tuple(
            sorted((m for m in milestones if m.done_on is None and m.due_by < today), key=_sort_key)
        ),
    )


def current_step_of(process: Process, *, today: datetime.date | None = None) -> CurrentStep:
    """The position of `process` (one query)."""
    return current_step(process.milestones.select_related("owner"), today=today)
