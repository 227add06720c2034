"""Published version pages answer conditional GETs (ETag, 304) for anonymous readers, and the
ETag moves whenever anything the page shows changes, so comments are never stale."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.urls import reverse

from policy import services
from policy.models import Comment, Policy
from tests.factories import ThemeFactory
from tests.policy.factories import CommentFactory

pytestmark = pytest.mark.django_db


def _publish_v2(version_one, coordinator):
    draft = services.draft_start(policy=version_one.policy, user=coordinator)
    return services.draft_publish(
        draft=draft, label="Høringsudkast", change_note="Nyt.", user=coordinator
    )


@pytest.fixture
def pages(version_one, coordinator):
    _publish_v2(version_one, coordinator)
    return {
        "policy": reverse("policy:policy-detail", kwargs={"policy": "medborgerpolitik"}),
        "version": version_one.get_absolute_url(),
        "comparison": reverse(
            "policy:version-compare", kwargs={"policy": "medborgerpolitik", "a": 1, "b": 2}
        ),
    }


@pytest.mark.parametrize("page", ["policy", "version", "comparison"])
def test_anonymous_reader_gets_304_when_the_copy_is_current(client, pages, page):
    first = client.get(pages[page])
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert first["Last-Modified"].endswith("GMT")
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]

    again = client.get(pages[page], headers={"if-none-match": etag})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_304_costs_only_the_queries_that_make_the_etag(
    client, pages, django_assert_max_num_queries
):
    etag = client.get(pages["version"])["ETag"]
    # The policy, its published versions, the theme names and the published translations;
    # no sections, no comments.
    with django_assert_max_num_queries(4):
        assert client.get(pages["version"], headers={"if-none-match": etag}).status_code == 304


@pytest.mark.parametrize("page", ["policy", "version"])
def test_reader_gets_the_new_comment_once_it_is_published(
    client, pages, page, version_one, coordinator
):
    url = pages["policy" if page == "policy" else "version"]
    section = (
        version_one.sections.order_by("order").first()
        if page == "version"
        else Policy.objects.get().versions.get(number=2).sections.order_by("order").first()
    )
    pending = CommentFactory(
        section=section, body="Husk de frivillige foreninger.", status=Comment.Status.PENDING
    )
    first = client.get(url)
    assert "Husk de frivillige foreninger." not in first.content.decode()

    services.comments_moderate(comments=[pending], action="publish", user=coordinator)
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert "Husk de frivillige foreninger." in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_official_reply_changes_the_etag(client, pages, first_section, coordinator):
    comment = CommentFactory(section=first_section)
    etag = client.get(pages["version"])["ETag"]
    services.comment_reply(comment=comment, body="Tak, vi ser på det.", user=coordinator)
    again = client.get(pages["version"], headers={"if-none-match": etag})
    assert again.status_code == 200
    assert "Tak, vi ser på det." in again.content.decode()


def test_english_page_has_its_own_etag(client, pages):
    danish = client.get(pages["version"])
    english = client.get("/en" + pages["version"], headers={"if-none-match": danish["ETag"]})
    assert english.status_code == 200
    assert english["ETag"] != danish["ETag"]
    assert (
        client.get("/en" + pages["version"], headers={"if-none-match": english["ETag"]}).status_code
        == 304
    )


def test_theme_filter_has_its_own_etag(client, pages):
    plain = client.get(pages["version"])
    filtered = client.get(pages["version"] + "?tema=frivillighed")
    assert filtered["ETag"] != plain["ETag"]


def test_signed_in_reader_is_never_answered_with_304(client, pages, citizen):
    etag = client.get(pages["version"])["ETag"]
    client.force_login(citizen)
    response = client.get(pages["version"], headers={"if-none-match": etag})
    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert "Bente Borger" in response.content.decode()


def test_pending_message_is_shown_not_swallowed_by_a_304(client, pages):
    etag = client.get(pages["version"])["ETag"]
    storage = CookieStorage(HttpRequest())
    client.cookies[storage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "Tak for din kommentar.")]
    )
    response = client.get(pages["version"], headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Tak for din kommentar." in response.content.decode()


def test_policy_edits_and_new_versions_change_the_etag(client, pages, version_one, coordinator):
    etag = client.get(pages["version"])["ETag"]
    Policy.objects.update(title="Medborgerpolitik 2027")
    response = client.get(pages["version"], headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Medborgerpolitik 2027" in response.content.decode()

    etag = response["ETag"]
    draft = services.draft_start(policy=version_one.policy, user=coordinator)
    services.draft_publish(draft=draft, label="Endelig", change_note="", user=coordinator)
    assert client.get(pages["version"], headers={"if-none-match": etag}).status_code == 200


def test_renamed_theme_changes_the_etag_of_the_version_page(client, pages):
    theme = ThemeFactory(name="Frivillighed", slug="frivillighed")
    etag = client.get(pages["version"])["ETag"]
    theme.name = "Frivilligt arbejde"
    theme.save()
    assert client.get(pages["version"], headers={"if-none-match": etag}).status_code == 200


def test_head_request_is_answered_conditionally_too(client, pages):
    etag = client.get(pages["version"])["ETag"]
    assert client.head(pages["version"], headers={"if-none-match": etag}).status_code == 304


def test_other_pages_are_not_answered_with_304(client, pages):
    url = reverse("policy:version-list", kwargs={"policy": "medborgerpolitik"})
    response = client.get(url, headers={"if-none-match": "*"})
    assert response.status_code == 200
    assert not response.has_header("ETag")


def test_version_pages_still_know_the_latest_and_the_previous_version(client, pages):
    latest = client.get(pages["policy"])
    assert (latest.context["is_latest"], latest.context["previous_number"]) == (True, 1)
    earlier = client.get(pages["version"])
    assert (earlier.context["is_latest"], earlier.context["previous_number"]) == (False, None)
    comparison = client.get(pages["comparison"])
    assert comparison.context["numbers"] == [1, 2]


@pytest.mark.parametrize("moderated", [False, True])
def test_a_comment_awaiting_confirmation_or_moderation_leaves_the_etag_alone(
    client, pages, first_section, moderated
):
    Policy.objects.update(comments_open=True, moderate_comments=moderated)
    etag = client.get(pages["version"])["ETag"]
    comment = services.comment_create(
        section=first_section,
        body="Et ubekræftet bidrag.",
        name="Bente Borger",
        email="bente@example.org",
    )
    assert client.get(pages["version"], headers={"if-none-match": etag}).status_code == 304

    services.comment_confirm(token=comment.token)
    again = client.get(pages["version"], headers={"if-none-match": etag})
    if moderated:  # confirmed, but held for moderation: still nothing new to show
        assert again.status_code == 304
    else:
        assert again.status_code == 200
        assert "Et ubekræftet bidrag." in again.content.decode()
