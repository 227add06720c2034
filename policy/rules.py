"""Who may do what with policies. Checked alike in views (`has_perm`) and templates."""

from __future__ import annotations

import rules

from medborger import roles


@rules.predicate
def is_policy_coordinator(user, policy) -> bool:
    return policy is not None and roles.COORDINATOR in roles.policy_roles(user, policy.pk)


@rules.predicate
def is_policy_project_member(user, policy) -> bool:
    return policy is not None and roles.PROJECT in roles.policy_roles(user, policy.pk)


@rules.predicate
def is_policy_steering_member(user, policy) -> bool:
    return policy is not None and roles.STEERING in roles.policy_roles(user, policy.pk)


is_admin = rules.is_superuser

rules.add_perm("policy.edit_draft", is_admin | is_policy_coordinator)
rules.add_perm("policy.publish_version", is_admin | is_policy_coordinator)
rules.add_perm(
    "policy.moderate_comments",
    is_admin | is_policy_coordinator | is_policy_steering_member | is_policy_project_member,
)
rules.add_perm(
    "policy.reply_to_comments",
    is_admin | is_policy_coordinator | is_policy_steering_member | is_policy_project_member,
)
rules.add_perm(
    "policy.export_comments",
    is_admin | is_policy_coordinator | is_policy_steering_member | is_policy_project_member,
)
rules.add_perm("policy.manage_comment_settings", is_admin | is_policy_coordinator)
