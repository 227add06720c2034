"""Who on staff hears about a topic: a registry that higher apps fill.

`notifications` knows no roles. The app that does (`process`, with its memberships) registers a
resolver per audience ("moderators", "coordinators", "steering") in its `AppConfig.ready`; an app
that has something to tell staff names the audience and the topic, e.g. `policy` when a comment
is reported. Without a registration an audience is nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

MODERATORS = "moderators"
COORDINATORS = "coordinators"
STEERING = "steering"

_resolvers: dict[str, Callable[[str], Iterable[Any]]] = {}


def audience_register(name: str, resolver: Callable[[str], Iterable[Any]]) -> None:
    """Register (or replace) how to find the users of audience `name` for a topic."""
    _resolvers[name] = resolver


def audience_users(name: str, topic: str) -> list[Any]:
    resolver = _resolvers.get(name)
    if resolver is None:
        return []
    return list(resolver(topic))
