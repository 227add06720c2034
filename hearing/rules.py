"""Who may do what with hearings and their responses.

The coordinator manages a hearing (opens it, registers letters, answers, publishes); the project
and steering groups may read the responses. The object is a `Hearing` or a `Process`; both lead to
the policy whose roles count.
"""

from __future__ import annotations

import rules

from medborger import roles


def _policy_id(obj) -> int | None:
    if obj is None:
        return None
    process = getattr(obj, "process", obj)
    return getattr(process, "policy_id", None)


coordinates = roles.holds_role(roles.COORDINATOR, policy_of=_policy_id)
reads_responses = roles.holds_role(
    roles.PROJECT, roles.STEERING, roles.COORDINATOR, policy_of=_policy_id
)
is_admin = rules.is_superuser

rules.add_perm("hearing.manage_hearing", is_admin | coordinates)
rules.add_perm("hearing.view_hearing_responses", is_admin | reads_responses)
