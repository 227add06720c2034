"""Who holds which role, in one place.

Roles in a process come from `process.Membership` rows; staff-wide roles from Django groups.
This module reads memberships through the reverse relation `user.memberships`, so that the
`policy` app can ask about roles without importing `process`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

STEERING = "steering"
PROJECT = "project"
COORDINATOR = "coordinator"

EMPLOYEE_GROUP = "Medarbejder"
COMMITTEE_GROUP = "Udvalgsmedlem"

_CACHE_ATTR = "_medborger_policy_roles"


def policy_roles(user: Any, policy_id: int) -> frozenset[str]:
    """The process groups `user` belongs to in any process of the policy (cached per request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if policy_id not in cache:
        cache[policy_id] = frozenset(
            user.memberships.filter(process__policy_id=policy_id).values_list("group", flat=True)
        )
    return cache[policy_id]


def any_process_roles(user: Any) -> frozenset[str]:
    """The process groups `user` belongs to in any process at all."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if "_medborger_any_roles" not in user.__dict__:
        user.__dict__["_medborger_any_roles"] = frozenset(
            user.memberships.values_list("group", flat=True)
        )
    return user.__dict__["_medborger_any_roles"]


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
