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


@pytest.fixture
def marked_up(version_one, coordinator):
    """Version 2 whose first section is Markdown with bold text, a list and text that looks like
    HTML, under a theme of the same name as its heading."""
    from tests.factories import ThemeFactory

    theme = ThemeFactory(name="Frivillighed", slug="frivillighed")
    draft = services.draft_start(policy=version_one.policy, user=coordinator)
    first = draft.sections.order_by("order").first()
    services.section_update(
        section=first,
        heading="Frivillighed",
        body="Vi støtter **alle foreninger** <b>nu</b>.\n\nKommunen vil:\n\n- hjælpe foreningerne,\n"
        "- fejre de frivillige.",
        theme=theme,
    )
    return services.draft_publish(draft=draft, label="2", change_note="x", user=coordinator)


def _results(html: str) -> str:
    return html.split('class="search-results"', 1)[1].split("</ul>", 1)[0]


def test_a_snippet_is_the_text_a_reader_sees_with_the_matches_marked(client, marked_up):
    html = client.get(URL, {"q": "foreninger"}).content.decode()
    results = _results(html)
    assert "**" not in results and "- " not in results
    assert "Vi støtter alle <mark>foreninger</mark> &lt;b&gt;nu&lt;/b&gt;." in results
    assert "<mark>foreningerne</mark>" in results  # the inflected form is marked too


def test_a_title_is_shown_once_when_the_theme_has_the_same_name(client, marked_up):
    results = _results(client.get(URL, {"q": "foreninger"}).content.decode())
    assert results.count("Frivillighed") == 1


def test_the_query_is_marked_without_ever_becoming_html(client, marked_up):
    html = client.get(URL, {"q": "<b>foreninger</b>"}).content.decode()
    assert "<b>" not in html.split("<main", 1)[1]
    assert "&lt;b&gt;foreninger&lt;/b&gt;" in html  # in the field and the page title
    assert "<mark>foreninger</mark>" in _results(html)


def test_nothing_found_is_said_in_a_sentence_in_the_readers_language(client, marked_up):
    html = client.get(URL, {"q": "zebraer"}).content.decode()
    assert "Intet i version 2 af politikken eller i kommentarerne matcher “zebraer”." in html
    assert "0 afsnit" not in html and "0 kommentarer" not in html
    english = client.get("/en" + URL, {"q": "zebraer"}).content.decode()
    assert "Nothing in version 2 of the policy or in the comments matches “zebraer”." in english


def test_the_search_field_is_not_labelled_optional_and_an_empty_search_says_what_to_do(
    client, marked_up
):
    label = client.get(URL).content.decode().split('for="id_q"', 1)[1].split("</label>", 1)[0]
    assert "valgfrit" not in label
    html = client.get(URL, {"q": "  "}).content.decode()
    assert "Skriv et eller flere ord, du vil søge efter." in html
