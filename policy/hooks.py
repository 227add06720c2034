"""Hooks through which higher apps add a panel to a policy's page, without `policy` importing them.

`process` sits above `policy`: it adds the stage bar (where the process stands, its deadline and
main action) to the page of the policy's latest version by registering a panel provider in its
`AppConfig.ready`. Without a registration the page simply shows no panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policy.models import Policy


@dataclass(frozen=True)
class PagePanel:
    """A template fragment for the policy page, with its context."""

    template: str
    context: dict = field(default_factory=dict)
    etag: str = ""
    """Everything the panel shows, as text: part of the page's ETag, so a 304 is never stale."""


_panel_providers: list[Callable[[Policy], PagePanel | None]] = []
_panel_models: list[Callable[[], list[type]]] = []


def policy_panel_register(
    provider: Callable[[Policy], PagePanel | None],
    *,
    models: Callable[[], list[type]] | None = None,
) -> None:
    """Register a panel provider, and a function giving the models it reads (they key the
    cached copies of the page; a function, since apps above the registrant add theirs later)."""
    if provider not in _panel_providers:
        _panel_providers.append(provider)
        if models is not None:
            _panel_models.append(models)


def policy_panel_models() -> list[type]:
    """The models the registered panels read."""
    return [model for models in _panel_models for model in models()]


def policy_panels(policy: Policy) -> list[PagePanel]:
    return [panel for provider in _panel_providers if (panel := provider(policy)) is not None]
