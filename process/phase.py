"""Where a process stands: its current step and its public phase, defined here once.

Two questions, answered here and nowhere else (a second copy would disagree with the first):

- `current_step`: which *milestone* the process is in or works towards (the staff board's steps,
  the public timeline's marked entry);
- `process_phase` / `process_phases`: the *phase* the public sees now ("Public hearing",
  "Registration for the citizen meeting"), its deadline, the next public step, the actions open
  to the public and the one main action. The staff board's "Current phase", the public timeline's
  "now", the front page, the policy, process and hearing pages and the list pages all use it.

Hearings and events sit above `process`: they describe their windows (open from, closes at,
the action and its URL) through `process.hooks.public_windows_register`. The policy's own
facts (a version adopted, comments open) are read here directly, since `policy` is below.

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

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from policy.models import PolicyVersion
from process.hooks import PublicWindow, public_windows
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


# -- The public phase -------------------------------------------------------------------------------


class Stage:
    """The steps of the stage bar, in order. A phase belongs to one of them."""

    DIALOGUE = "dialogue"
    HEARING = "hearing"
    POLITICAL = "political"
    ADOPTED = "adopted"

    ORDER = (DIALOGUE, HEARING, POLITICAL, ADOPTED)
    LABELS = {
        DIALOGUE: _("Draft and dialogue"),
        HEARING: _("Public hearing"),
        POLITICAL: _("Political handling"),
        ADOPTED: pgettext_lazy("policy", "Adopted"),
    }


# The stage a milestone kind belongs to; a kind not listed belongs to the dialogue.
_MILESTONE_STAGE = {
    Milestone.Kind.HEARING: Stage.HEARING,
    Milestone.Kind.MED_HANDLING: Stage.POLITICAL,
    Milestone.Kind.COMMITTEE_HANDLING: Stage.POLITICAL,
    Milestone.Kind.COUNCIL_ADOPTION: Stage.POLITICAL,
}


@dataclass(frozen=True)
class PublicAction:
    """Something a citizen can do now, with where to do it."""

    label: str
    url: str
    deadline: datetime.datetime | None = None
    deadline_kind: str = ""


@dataclass(frozen=True)
class StageStep:
    key: str
    label: str
    state: str
    """"done", "current" or "upcoming"."""

    @property
    def is_current(self) -> bool:
        return self.state == "current"


@dataclass(frozen=True)
class Phase:
    """A process's public phase at one moment."""

    now: datetime.datetime
    stage: str
    label: str
    deadline: datetime.datetime | None
    deadline_kind: str
    main_action: PublicAction | None
    actions: tuple[PublicAction, ...]
    next_step: Milestone | None
    """The next public step after this phase: public, never a staff-only step."""
    position: CurrentStep
    adopted_on: datetime.date | None = None

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    @property
    def steps(self) -> list[StageStep]:
        current = Stage.ORDER.index(self.stage)
        return [
            StageStep(
                key=key,
                label=str(Stage.LABELS[key]),
                state="done" if index < current else "current" if index == current else "upcoming",
            )
            for index, key in enumerate(Stage.ORDER)
        ]

    @property
    def other_actions(self) -> tuple[PublicAction, ...]:
        return tuple(a for a in self.actions if a != self.main_action)

    @property
    def is_live(self) -> bool:
        """Whether the public can do something now that ends on a date."""
        return self.deadline is not None

    @property
    def deadline_text(self) -> str:
        """The deadline in words: "The hearing closes on 15 January 2027 – in 12 days"."""
        if self.deadline is None:
            return ""
        return deadline_text(self.deadline, kind=self.deadline_kind, today=self.today)


def days_left_text(day: datetime.date, *, today: datetime.date) -> str:
    days = (day - today).days
    if days <= 0:
        return gettext("today")
    if days == 1:
        return gettext("tomorrow")
    return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}


def deadline_text(
    deadline: datetime.datetime, *, kind: str = "", today: datetime.date | None = None
) -> str:
    today = today or timezone.localdate()
    day = timezone.localdate(deadline)
    values = {"date": date_format(day, "DATE_FORMAT"), "left": days_left_text(day, today=today)}
    if kind == "hearing":
        return gettext("The hearing closes on %(date)s – %(left)s") % values
    if kind == "registration":
        return gettext("Registration closes on %(date)s – %(left)s") % values
    return gettext("The deadline is %(date)s – %(left)s") % values


def _action(window: PublicWindow) -> PublicAction:
    return PublicAction(
        label=str(window.action_label),
        url=window.url,
        deadline=window.closes_at,
        deadline_kind=window.deadline_kind,
    )


def _stage_of(milestone: Milestone | None) -> str:
    return _MILESTONE_STAGE.get(milestone.kind, Stage.DIALOGUE) if milestone else Stage.DIALOGUE


def public_phase(
    *,
    process: Process,
    milestones: Iterable[Milestone],
    windows: Iterable[PublicWindow],
    latest_version: PolicyVersion | None,
    now: datetime.datetime,
) -> Phase:
    """The phase from what is loaded (no queries). Use `process_phase(s)` to load it.

    In order: an adopted version makes the policy adopted; else the window that leads now (an open
    hearing before a meeting's registration); else, once a hearing has closed or the next public
    step is a political one, the political handling; else the draft open for comments, or the
    preparation when it is not.
    """
    today = timezone.localdate(now)
    milestones = list(milestones)
    position = current_step(milestones, today=today)
    windows = sorted(windows, key=lambda w: (-w.priority, w.closes_at or now, w.url))
    open_windows = [w for w in windows if w.is_open(now)]
    actions = [_action(w) for w in open_windows]
    comments_open = (
        latest_version is not None
        and latest_version.status == PolicyVersion.Status.PUBLISHED
        and process.policy.comments_open
    )
    if comments_open:
        actions.append(
            PublicAction(
                label=gettext("Comment on the draft"),
                url=latest_version.get_absolute_url() + "#toc-heading",
            )
        )
    leading = next((w for w in open_windows if w.leads(now)), None)
    adopted_on = None
    deadline, deadline_kind = None, ""
    if latest_version is not None and latest_version.status == PolicyVersion.Status.ADOPTED:
        stage, label = Stage.ADOPTED, str(Stage.LABELS[Stage.ADOPTED])
        main = PublicAction(
            label=gettext("Read the adopted policy"), url=latest_version.get_absolute_url()
        )
        actions.insert(0, main)
        adopted_on = latest_version.adopted_at
    elif leading is not None:
        stage, label = leading.stage, str(leading.phase_label)
        main = _action(leading)
        deadline, deadline_kind = leading.closes_at, leading.deadline_kind
    elif any(w.stage == Stage.HEARING and w.has_closed(now) for w in windows) or (
        _stage_of(position.next_public_step) == Stage.POLITICAL
    ):
        stage, label = Stage.POLITICAL, str(Stage.LABELS[Stage.POLITICAL])
        main = PublicAction(
            label=gettext("Follow the timeline"),
            url=reverse("process:process-detail", kwargs={"policy": process.policy.slug}),
        )
    elif comments_open:
        stage, label = Stage.DIALOGUE, gettext("Draft open for comments")
        main = actions[-1]
    else:
        stage, label = Stage.DIALOGUE, gettext("In preparation")
        main = None
    return Phase(
        now=now,
        stage=stage,
        label=label,
        deadline=deadline,
        deadline_kind=deadline_kind,
        main_action=main,
        actions=tuple(actions),
        next_step=_next_step(milestones, today=today, stage=stage, leading=leading),
        position=position,
        adopted_on=adopted_on,
    )


def _next_step(
    milestones: list[Milestone],
    *,
    today: datetime.date,
    stage: str,
    leading: PublicWindow | None,
) -> Milestone | None:
    """The earliest public step ahead that is not the phase itself (never a staff-only step)."""
    if stage == Stage.ADOPTED:
        return None
    ahead = sorted(
        (m for m in milestones if is_for_citizens(m) and m.done_on is None and m.due_by >= today),
        key=_sort_key,
    )
    now_kind = None
    if leading is not None and leading.stage == Stage.HEARING:
        now_kind = Milestone.Kind.HEARING
    elif leading is not None and leading.deadline_kind == "registration":
        now_kind = Milestone.Kind.CITIZEN_MEETING
    current = Stage.ORDER.index(stage)
    for milestone in ahead:
        if milestone.kind == now_kind:
            continue
        if Stage.ORDER.index(_stage_of(milestone)) < current:
            continue
        return milestone
    return None


def process_phases(
    processes: Iterable[Process], *, now: datetime.datetime | None = None
) -> dict[int, Phase]:
    """The phase of each process (with `policy` loaded), in a constant number of queries."""
    now = now or timezone.now()
    processes = list(processes)
    ids = [p.pk for p in processes]
    milestones: dict[int, list[Milestone]] = {pk: [] for pk in ids}
    for milestone in Milestone.objects.filter(process_id__in=ids).public():
        milestones[milestone.process_id].append(milestone)
    latest: dict[int, PolicyVersion] = {}
    for version in (
        PolicyVersion.objects.published()
        .filter(policy_id__in={p.policy_id for p in processes})
        .select_related("policy")
        .order_by("policy_id", "-number")
    ):
        latest.setdefault(version.policy_id, version)
    windows = public_windows(ids)
    return {
        process.pk: public_phase(
            process=process,
            milestones=milestones[process.pk],
            windows=windows.get(process.pk, []),
            latest_version=latest.get(process.policy_id),
            now=now,
        )
        for process in processes
    }


def process_phase(process: Process, *, now: datetime.datetime | None = None) -> Phase:
    """The public phase of one process (with `policy` loaded)."""
    return process_phases([process], now=now)[process.pk]
