"""Who may do what in a process. Checked alike in views (`has_perm`) and templates."""

from __future__ import annotations

import rules

from medborger import roles


@rules.predicate
def holds_any_process_role(user) -> bool:
    return bool(roles.any_process_roles(user))


def _policy_id(process) -> int | None:
    return process.policy_id


is_process_coordinator = roles.holds_role(roles.COORDINATOR, policy_of=_policy_id)
is_process_steering_member = roles.holds_role(roles.STEERING, policy_of=_policy_id)
is_process_project_member = roles.holds_role(roles.PROJECT, policy_of=_policy_id)

is_admin = rules.is_superuser

# The staff area is for anyone with a role in some process, and administrators.
rules.add_perm("process.view_staff_area", is_admin | holds_any_process_role)
rules.add_perm(
    "process.view_board",
    is_admin | is_process_coordinator | is_process_steering_member | is_process_project_member,
)
rules.add_perm("process.manage_process", is_admin | is_process_coordinator)
# The steering group's gate before a hearing: only its members approve or send back a version.
# The coordinator writes the version, so the coordinator asks for the approval and never gives it.
rules.add_perm("process.approve_version", is_process_steering_member)
rules.add_perm("process.request_approval", is_admin | is_process_coordinator)


def may_approve(user, process) -> bool:
    """The approval rule itself, without Django's shortcut that grants a superuser every
    permission: an administrator manages roles, and is not the steering group."""
    if getattr(user, "is_superuser", False):
        return is_process_steering_member.test(user, process)
    return user.has_perm("process.approve_version", process)


@rules.predicate
def coordinates_any_process(user) -> bool:
    return roles.COORDINATOR in roles.any_process_roles(user)


# Decision bodies are shared by all processes: any coordinator may keep the list up to date.
rules.add_perm("process.manage_bodies", is_admin | coordinates_any_process)
# The municipality's organisation (departments, the register of parties) likewise.
rules.add_perm("process.manage_organisation", is_admin | coordinates_any_process)


@rules.predicate
def is_committee_member(user) -> bool:
    return roles.in_group(user, roles.COMMITTEE_GROUP)


# "Mine møder": a committee member's own meetings (the list holds only the bodies they sit on).
rules.add_perm("process.view_my_meetings", is_committee_member)


@rules.predicate
def sits_on_the_handling_body(user, handling) -> bool:
    """A committee member (Udvalgsmedlem) who is a member of the body handling the policy."""
    if handling is None or not roles.in_group(user, roles.COMMITTEE_GROUP):
        return False
    return handling.body.members.filter(pk=user.pk).exists()


@rules.predicate
def runs_the_handling_process(user, handling) -> bool:
    return handling is not None and bool(
        roles.policy_roles(user, handling.process.policy_id)
        & {roles.COORDINATOR, roles.STEERING, roles.PROJECT}
    )


@rules.predicate
def sits_on_a_body(user) -> bool:
    """A committee member: in the Udvalgsmedlem group, or a member of some decision body."""
    if not getattr(user, "is_authenticated", False):
        return False
    return roles.in_group(user, roles.COMMITTEE_GROUP) or user.decision_bodies.exists()


# "Til mig", the staff inbox: everyone in the staff area, and committee members (their meetings).
rules.add_perm("process.view_inbox", is_admin | holds_any_process_role | sits_on_a_body)


# Meeting packets: staff of the process, and the members of the body on whose agenda it is.
rules.add_perm(
    "process.download_packet", is_admin | runs_the_handling_process | sits_on_the_handling_body
)
