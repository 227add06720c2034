"""Who holds which role, in one place.

Roles in a process come from `process.Membership` rows; staff-wide roles from Django groups.
This module reads memberships through the reverse relation `user.memberships`, so that the
`policy` app can ask about roles without importing `process`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules
from django.conf import settings

STEERING = "steering"
PROJECT = "project"
COORDINATOR = "coordinator"

EMPLOYEE_GROUP = "Medarbejder"
COMMITTEE_GROUP = "Udvalgsmedlem"

_CACHE_ATTR = "_medborger_policy_roles"


def _roles_by_policy(user: Any) -> dict[int, frozenset[str]]:
    """All of a user's process groups, by policy, read with one query and kept for the request."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = user.__dict__.get(_CACHE_ATTR)
    if cached is None:
        groups: dict[int, set[str]] = {}
        for group, policy_id in user.memberships.values_list("group", "process__policy_id"):
            groups.setdefault(policy_id, set()).add(group)
        cached = {policy_id: frozenset(names) for policy_id, names in groups.items()}
        user.__dict__[_CACHE_ATTR] = cached
    return cached


def policy_roles(user: Any, policy_id: int) -> frozenset[str]:
    """The process groups `user` belongs to in any process of the policy."""
    return _roles_by_policy(user).get(policy_id, frozenset())


def any_process_roles(user: Any) -> frozenset[str]:
    """The process groups `user` belongs to in any process at all."""
    return frozenset().union(*_roles_by_policy(user).values())


def in_group(user: Any, name: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    names = user.__dict__.get("_medborger_group_names")
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user.__dict__["_medborger_group_names"] = names
    return name in names


def has_staff_email(user: Any) -> bool:
    email = (getattr(user, "email", "") or "").lower()
    domain = email.rpartition("@")[2]
    return bool(domain) and domain in {d.lower() for d in settings.STAFF_EMAIL_DOMAINS}


def is_employee(user: Any) -> bool:
    """A municipal employee: in the Medarbejder group, or holding a municipal e-mail."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or in_group(user, EMPLOYEE_GROUP) or has_staff_email(user)


def holds_role(*groups: str, policy_of: Callable[[Any], int | None]):
    """A rules predicate: the user holds one of `groups` in the process of the policy that
    `policy_of(obj)` names (None for no object or no policy). The apps' `rules.py` build their
    role predicates with it, each saying only how its objects lead to a policy."""
    wanted = frozenset(groups)

    def test(user: Any, obj: Any) -> bool:
        policy_id = None if obj is None else policy_of(obj)
        return policy_id is not None and bool(policy_roles(user, policy_id) & wanted)

    test.__name__ = "holds_" + "_or_".join(sorted(wanted))
    return rules.predicate(test)
