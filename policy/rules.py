"""Who may do what with policies. Checked alike in views (`has_perm`) and templates."""

from __future__ import annotations

import rules

from medborger import roles


def _policy_id(policy) -> int | None:
    return policy.pk


is_policy_coordinator = roles.holds_role(roles.COORDINATOR, policy_of=_policy_id)
is_policy_project_member = roles.holds_role(roles.PROJECT, policy_of=_policy_id)
is_policy_steering_member = roles.holds_role(roles.STEERING, policy_of=_policy_id)

is_admin = rules.is_superuser

rules.add_perm("policy.edit_draft", is_admin | is_policy_coordinator)
rules.add_perm("policy.publish_version", is_admin | is_policy_coordinator)
rules.add_perm("policy.translate_version", is_admin | is_policy_coordinator)
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
