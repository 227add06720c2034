"""The one "current process of a policy" query: `Process.objects.current(policy_slug=...)`."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from process.models import Process
from tests.factories import PolicyFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def test_the_current_process_is_the_one_that_started_last():
    policy = PolicyFactory()
    today = timezone.localdate()
    ProcessFactory(policy=policy, start_date=today - datetime.timedelta(days=800))
    newest = ProcessFactory(policy=policy, start_date=today - datetime.timedelta(days=3))
    ProcessFactory(start_date=today)  # another policy's, newer still
    current = Process.objects.current(policy_slug=policy.slug)
    assert current == newest
    assert current.policy == policy


def test_a_policy_without_a_process_has_no_current_one():
    assert Process.objects.current(policy_slug=PolicyFactory().slug) is None
    assert Process.objects.current(policy_slug="findes-ikke") is None
