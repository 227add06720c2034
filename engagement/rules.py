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


# Project group, steering group or coordinator of the process the object belongs to.
runs_engagement = roles.holds_role(
    roles.PROJECT, roles.STEERING, roles.COORDINATOR, policy_of=_policy_id
)


@rules.predicate
def is_employee(user) -> bool:
    return roles.is_employee(user)


is_admin = rules.is_superuser

rules.add_perm("engagement.manage_event", is_admin | runs_engagement)
rules.add_perm("engagement.manage_invitations", is_admin | runs_engagement)
rules.add_perm("engagement.enter_input", is_admin | runs_engagement)
rules.add_perm("engagement.register_staff_event", is_employee)
