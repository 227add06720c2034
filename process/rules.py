"""Who may do what in a process. Checked alike in views (`has_perm`) and templates."""

from __future__ import annotations

import rules

from medborger import roles


@rules.predicate
def holds_any_process_role(user) -> bool:
    return bool(roles.any_process_roles(user))


@rules.predicate
def is_process_coordinator(user, process) -> bool:
    return process is not None and roles.COORDINATOR in roles.policy_roles(user, process.policy_id)


@rules.predicate
def is_process_steering_member(user, process) -> bool:
    return process is not None and roles.STEERING in roles.policy_roles(user, process.policy_id)


@rules.predicate
def is_process_project_member(user, process) -> bool:
    return process is not None and roles.PROJECT in roles.policy_roles(user, process.policy_id)


is_admin = rules.is_superuser

# The staff area is for anyone with a role in some process, and administrators.
rules.add_perm("process.view_staff_area", is_admin | holds_any_process_role)
rules.add_perm(
    "process.view_board",
    is_admin | is_process_coordinator | is_process_steering_member | is_process_project_member,
)
rules.add_perm("process.manage_process", is_admin | is_process_coordinator)
rules.add_perm(
    "process.approve_version", is_admin | is_process_coordinator | is_process_steering_member
)


@rules.predicate
def coordinates_any_process(user) -> bool:
    return roles.COORDINATOR in roles.any_process_roles(user)


# Decision bodies are shared by all processes: any coordinator may keep the list up to date.
rules.add_perm("process.manage_bodies", is_admin | coordinates_any_process)
