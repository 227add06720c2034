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
    from tests.engagement.factories import RegistrationFactory
    from tests.hearing.factories import HearingFactory
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
        "hearing response": reverse("hearing:hearing-detail", kwargs={"policy": slug}),
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


# --- The one decorator (medborger.ratelimits) ----------------------------------------------------


def _limited_view():
    from django.http import HttpResponse

    from medborger.ratelimits import rate_limit

    @rate_limit("2/m", "3/h")
    def view(request):
        return HttpResponse("ok")

    return view


def _post(path: str, remote: str, forwarded: str = ""):
    from django.test import RequestFactory

    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post(path, **meta)


def test_rate_limit_counts_per_client_behind_the_trusted_proxy_and_answers_429(settings):
    from django.utils import translation

    settings.TRUSTED_PROXY_COUNT = 1
    view = _limited_view()
    proxy = "10.0.0.5"
    with translation.override("da"):
        codes = [view(_post("/", proxy, "198.51.100.7")).status_code for _ in range(3)]
        refused = view(_post("/", proxy, "198.51.100.7"))
        # Another citizen behind the same load balancer is not locked out by the first.
        other = view(_post("/", proxy, "198.51.100.8"))
    assert codes == [200, 200, 429]
    assert refused.status_code == 429
    assert "For mange forsøg" in refused.content.decode()
    assert other.status_code == 200


def test_rate_limit_page_speaks_english_under_en_and_reading_is_never_counted(settings):
    from django.test import RequestFactory
    from django.utils import translation

    view = _limited_view()
    for _ in range(5):
        assert view(RequestFactory().get("/en/", REMOTE_ADDR="192.0.2.9")).status_code == 200
    with translation.override("en"):
        codes = [view(_post("/en/", "192.0.2.9")).status_code for _ in range(3)]
        page = view(_post("/en/", "192.0.2.9"))
    assert codes == [200, 200, 429]
    assert "Too many attempts in a short time" in page.content.decode()


@pytest.mark.real_clock
def test_rate_limit_applies_each_rate():
    """2/m and 3/h: in the next minute the minute's limit is fresh, the hour's refuses."""
    import datetime

    import time_machine

    view = _limited_view()
    start = datetime.datetime(2026, 12, 2, 10, 0, 5, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        first_minute = [view(_post("/", "192.0.2.10")).status_code for _ in range(2)]
    with time_machine.travel(start + datetime.timedelta(minutes=1), tick=False):
        next_minute = [view(_post("/", "192.0.2.10")).status_code for _ in range(2)]
    assert first_minute == [200, 200]
    assert next_minute == [200, 429]
