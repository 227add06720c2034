from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Subscription
from notifications.services import follow_target_sign
from tests.hearing.conftest import approved_version, hearing  # noqa: F401

TOPIC = "policy:{pk}"


@pytest.fixture
def target(policy) -> str:
    return follow_target_sign(
        topic=policy.follow_topic, title=policy.title, url=policy.get_absolute_url()
    )


def follow_data(target: str, **overrides) -> dict:
    data = {"email": "folger@example.org", "language": "da", "target": target, "website": ""}
    data.update(overrides)
    return data


def follower(policy, email: str = "folger@example.org", language: str = "da", **fields):
    """A confirmed follower of the policy."""
    fields.setdefault("confirmed_at", timezone.now())
    return Subscription.objects.create(
        topic=policy.follow_topic,
        title=policy.title,
        url=policy.get_absolute_url(),
        email=email,
        language=language,
        **fields,
    )


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def link_in(body: str, fragment: str) -> str:
    """The path of the first link in `body` that contains `fragment`."""
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(fragment) + r"\S*)", body)
    assert match, f"no link with {fragment!r} in:\n{body}"
    return match.group(1)
