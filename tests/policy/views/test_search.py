from __future__ import annotations

import pytest
from django.urls import reverse

from policy import services
from policy.models import Comment
from tests.policy.factories import CommentFactory

pytestmark = pytest.mark.django_db

URL = reverse("policy:search", kwargs={"policy": "medborgerpolitik"})


@pytest.fixture
def texts(version_one, coordinator):
    draft = services.draft_start(policy=version_one.policy, user=coordinator)
    first = draft.sections.order_by("order").first()
    services.section_update(
        section=first, heading="Frivillighed", body="Foreningerne bærer fællesskabet.", theme=None
    )
    v2 = services.draft_publish(draft=draft, label="2", change_note="x", user=coordinator)
    section = v2.sections.order_by("order").first()
    CommentFactory(section=section, body="Flere frivillige foreninger, tak")
    CommentFactory(section=section, body="Skjult om foreninger", status=Comment.Status.HIDDEN)
    return v2


def test_search_finds_sections_of_the_latest_version_and_published_comments(client, texts):
    response = client.get(URL, {"q": "foreningerne"})
    assert response.status_code == 200
    assert [s.heading for s in response.context["sections"]] == ["Frivillighed"]
    bodies = [c.body for c in response.context["comments_page"].object_list]
    assert "Skjult om foreninger" not in bodies


def test_search_finds_a_published_comment(client, texts):
    response = client.get(URL, {"q": "frivillige"})
    bodies = [c.body for c in response.context["comments_page"].object_list]
    assert bodies == ["Flere frivillige foreninger, tak"]


def test_empty_search_shows_only_the_form(client, texts):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["query"] == ""


@pytest.mark.parametrize(
    "query", ["<script>alert(1)</script>", "x" * 5000, "'; DROP TABLE x; --", "\x00", "!!! & | :*"]
)
def test_odd_search_input_never_fails(client, texts, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_runs_constant_queries(client, texts, django_assert_max_num_queries):
    from tests.policy.factories import bulk_comments

    bulk_comments(texts.sections.first(), 300)
    with django_assert_max_num_queries(8):
        assert client.get(URL, {"q": "kommentar"}).status_code == 200


def test_search_finds_an_inflected_word_from_its_stem(client, texts):
    # PostgreSQL: the Danish stemmer; SQLite: the fallback finds the word inside the longer one.
    response = client.get(URL, {"q": "forening"})
    assert [s.heading for s in response.context["sections"]] == ["Frivillighed"]
