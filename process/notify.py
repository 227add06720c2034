"""What `process` tells through `notifications`: who on staff hears about a policy's topic
(registered from `ProcessConfig.ready`), and the staff notices of approvals and milestones."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from notifications import audiences, kinds
from notifications.audiences import audience_register
from notifications.kinds import when_param
from notifications.services import notice_publish, page_path, staff_notify
from policy.models import Policy, PolicyVersion
from process.models import Membership, Milestone, Process, VersionApproval

_GROUPS = {
    audiences.MODERATORS: [
        Membership.Group.PROJECT,
        Membership.Group.STEERING,
        Membership.Group.COORDINATOR,
    ],
    audiences.COORDINATORS: [Membership.Group.COORDINATOR],
    audiences.STEERING: [Membership.Group.STEERING],
}


def _members(groups: list[str]):
    def resolve(topic: str):
        policy_pk = Policy.pk_from_topic(topic)
        if policy_pk is None:
            return []
        return (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__process__policy_id=policy_pk,
                memberships__group__in=groups,
            )
            .distinct()
        )

    return resolve


def audiences_register() -> None:
    for name, groups in _GROUPS.items():
        audience_register(name, _members(groups))


def _person(user) -> str:
    return (user.get_full_name() or "").strip() or user.email


def _board(process: Process) -> str:
    return page_path("process:board", policy=process.policy.slug) + "#versions"


def approval_requested_notify(*, version: PolicyVersion, process: Process, user) -> None:
    """The steering group: a version waits for their approval."""
    staff_notify(
        audience=audiences.STEERING,
        topic=process.policy.follow_topic,
        kind=kinds.APPROVAL_REQUESTED,
        title=process.policy.title,
        url=_board(process),
        params={"person": _person(user), "number": version.number},
    )


def approval_decided_notify(*, decision: VersionApproval) -> None:
    """The coordinators: a steering member approved a version or sent it back (with why)."""
    version = decision.version
    process = Process.objects.filter(policy_id=version.policy_id).select_related("policy").first()
    if process is None:
        return
    staff_notify(
        audience=audiences.COORDINATORS,
        topic=process.policy.follow_topic,
        kind=kinds.APPROVAL_DECIDED,
        title=process.policy.title,
        url=_board(process),
        detail=decision.comment,
        params={
            "person": _person(decision.approved_by),
            "number": version.number,
            "decision": str(decision.get_decision_display()).lower(),
        },
    )


def milestone_assigned_notify(*, milestone: Milestone, by) -> None:
    """The new owner of a milestone (unless they made themselves its owner)."""
    if milestone.owner_id is None:
        return
    process = milestone.process
    staff_notify(
        users=[milestone.owner],
        exclude=by,
        kind=kinds.MILESTONE_ASSIGNED,
        title=process.policy.title,
        url=page_path("process:milestone-detail", policy=process.policy.slug, pk=milestone.pk),
        params={"milestone": milestone.title, "due": when_param(milestone.compute_due_by())},
    )


def policy_adopted_notify(*, version: PolicyVersion) -> None:
    policy = version.policy
    notice_publish(
        topic=policy.follow_topic,
        title=policy.title,
        kind=kinds.POLICY_ADOPTED,
        url=page_path("policy:version-detail", policy=policy.slug, number=version.number),
        params={"number": version.number, "date": when_param(version.adopted_at)},
        key=f"version:{version.pk}:adopted:{version.adopted_at.isoformat()}",
    )
