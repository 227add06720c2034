"""The stage bar on the policy's page, given to `policy` through `policy.hooks`."""

from __future__ import annotations

from django.utils.translation import get_language

from policy.hooks import PagePanel, policy_panel_register
from policy.models import Policy
from process.hooks import public_event_models
from process.models import Milestone, Process
from process.phase import Phase, process_phase


def phase_signature(phase: Phase) -> str:
    """Everything the stage bar shows (it changes when the phase, a deadline or a day does)."""
    main = phase.main_action
    step = phase.next_step
    return "|".join(
        str(part)
        for part in (
            get_language(),
            phase.stage,
            phase.label,
            phase.deadline_text,
            phase.adopted_on,
            main.label if main else "",
            main.url if main else "",
            step.title if step else "",
            step.due_by if step else "",
        )
    )


def _stage_bar(policy: Policy) -> PagePanel | None:
    process = Process.objects.filter(policy=policy).order_by("-start_date").first()
    if process is None:
        return None
    process.policy = policy
    phase = process_phase(process)
    return PagePanel(
        template="includes/stage_bar.html",
        context={"phase": phase, "process": process},
        etag=phase_signature(phase),
    )


def _stage_bar_models() -> list[type]:
    return [Process, Milestone, *public_event_models()]


def policy_hooks_register() -> None:
    """Called from `ProcessConfig.ready`."""
    policy_panel_register(_stage_bar, models=_stage_bar_models)
