"""Who may do what with hearings and their responses.

The coordinator manages a hearing (opens it, registers letters, answers, publishes); the project
and steering groups may read the responses, and split and answer those assigned to them. The object is a `Hearing` or a `Process`; both lead to
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


@rules.predicate
def _response_hearing_managed(user, response) -> bool:
    return user.has_perm("hearing.manage_hearing", response.hearing)


@rules.predicate
def _assigned_reader(user, response) -> bool:
    """The colleague a response is assigned to splits and answers it, while they may read it."""
    return response.assigned_to_id == user.pk and user.has_perm(
        "hearing.view_hearing_responses", response.hearing
    )


rules.add_perm("hearing.manage_hearing", is_admin | coordinates)
rules.add_perm("hearing.view_hearing_responses", is_admin | reads_responses)
# The object is a `HearingResponse`: who may split it into points and answer them.
rules.add_perm("hearing.work_on_response", _response_hearing_managed | _assigned_reader)
