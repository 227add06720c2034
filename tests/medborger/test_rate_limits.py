"""Every public form is rate-limited per IP address, and so is logging in (allauth's limits)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

TRIES = 40  # above every limit the portal sets on a public form


@pytest.fixture
def public_forms(process, published_version, steering_member) -> dict[str, str]:
    from process.services import version_approve
    from tests.engagement.factories import HearingFactory, RegistrationFactory
    from tests.policy.factories import CommentFactory

    section = published_version.sections.first()
    comment = CommentFactory(section=section)
    event = EventFactory(process=process, capacity=5)
    registration = RegistrationFactory(event=event)
    version_approve(version=published_version, user=steering_member)
    HearingFactory(process=process, version=published_version)
    slug = published_version.policy.slug
    return {
        "comment": reverse(
            "policy:section-comments",
            kwargs={"policy": slug, "number": published_version.number, "key": section.key},
        ),
        "comment report": reverse("policy:comment-report", kwargs={"comment_id": comment.pk}),
        "snapshot verify": reverse("policy:snapshot-verify"),
        "event sign-up": reverse("engagement:event-detail", kwargs={"pk": event.pk}),
        "resend link": reverse("engagement:registration-resend", kwargs={"pk": event.pk}),
        "registration change": registration.get_absolute_url(),
        "hearing response": reverse("engagement:hearing-detail", kwargs={"policy": slug}),
        "my data": reverse("privacy:link-create"),
        "sign up for an account": reverse("account_signup"),
        "password reset": reverse("account_reset_password"),
    }


def test_every_public_form_answers_429_when_one_address_posts_too_often(client, public_forms):
    unlimited = []
    for name, url in public_forms.items():
        # allauth counts a reset only once the address is well-formed.
        data = {"email": "nobody@example.org"} if name == "password reset" else {}
        codes = [client.post(url, data).status_code for _ in range(TRIES)]
        assert 500 not in codes, name
        if 429 not in codes:
            unlimited.append(name)
    assert not unlimited, f"forms without a rate limit: {unlimited}"


def test_login_is_refused_after_repeated_wrong_passwords_even_with_the_right_one(client, citizen):
    citizen.set_password("det-rigtige-kodeord-123")
    citizen.save()
    for _ in range(6):
        response = client.post(
            reverse("account_login"), {"login": citizen.email, "password": "forkert"}
        )
        assert response.status_code in {200, 429}
    response = client.post(
        reverse("account_login"), {"login": citizen.email, "password": "det-rigtige-kodeord-123"}
    )
    assert response.status_code != 302  # not logged in: the limit holds
    assert "_auth_user_id" not in client.session
