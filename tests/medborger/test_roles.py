"""The one factory the apps' rules.py build their role predicates with."""

from __future__ import annotations

import pytest

from medborger import roles
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db

runs_it = roles.holds_role(roles.PROJECT, roles.COORDINATOR, policy_of=lambda p: p.policy_id)


def test_a_role_in_the_objects_process_passes(coordinator, process):
    assert runs_it.test(coordinator, process)


def test_a_role_outside_the_groups_asked_for_fails(steering_member, process):
    assert not runs_it.test(steering_member, process)


def test_a_role_in_another_process_fails(coordinator):
    assert not runs_it.test(coordinator, ProcessFactory())


def test_no_object_or_no_policy_fails(coordinator, process):
    assert not runs_it.test(coordinator, None)
    no_policy = roles.holds_role(roles.COORDINATOR, policy_of=lambda obj: None)
    assert not no_policy.test(coordinator, process)


def test_anonymous_visitors_hold_no_role(process):
    from django.contrib.auth.models import AnonymousUser

    assert not runs_it.test(AnonymousUser(), process)
