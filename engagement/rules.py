"""Who may do what with events, registrations, invitations and input.

Checked alike in views (`request.user.has_perm("engagement.manage_event", event)`) and templates.
The object is an `Event` or a `Process`; both lead to the policy whose roles count.
"""

from __future__ import annotations

import rules

from medborger import roles


def _policy_id(obj) -> int | None:
    if obj is None:
        return None
    process = getattr(obj, "process", obj)
    return getattr(process, "policy_id", None)


def _has_role(user, obj, *groups: str) -> bool:
    policy_id = _policy_id(obj)
    if policy_id is None:
        return False
    return bool(roles.policy_roles(user, policy_id) & set(groups))


@rules.predicate
def runs_engagement(user, obj) -> bool:
    """Project group, steering group or coordinator of the process the object belongs to."""
    return _has_role(user, obj, roles.PROJECT, roles.STEERING, roles.COORDINATOR)


@rules.predicate
def is_employee(user) -> bool:
    return roles.is_employee(user)


is_admin = rules.is_superuser

rules.add_perm("engagement.manage_event", is_admin | runs_engagement)
rules.add_perm("engagement.manage_invitations", is_admin | runs_engagement)
rules.add_perm("engagement.enter_input", is_admin | runs_engagement)
rules.add_perm("engagement.register_staff_event", is_employee)


@rules.predicate
def coordinates(user, obj) -> bool:
    """Coordinator of the process a hearing (or process) belongs to."""
    return _has_role(user, obj, roles.COORDINATOR)


# Hearings: the coordinator manages (opens, registers letters, answers, publishes); the project
# and steering groups may read the responses.
rules.add_perm("engagement.manage_hearing", is_admin | coordinates)
rules.add_perm("engagement.view_hearing_responses", is_admin | runs_engagement)
