from __future__ import annotations

import pytest
from django.urls import reverse

from policy import services
from policy.models import Comment
from tests.factories import ThemeFactory
from tests.policy.factories import CommentFactory, bulk_comments

pytestmark = pytest.mark.django_db


def _publish_v2(version_one, coordinator):
    draft = services.draft_start(policy=version_one.policy, user=coordinator)
    first = draft.sections.order_by("order").first()
    services.section_update(
        section=first, heading=first.heading, body="Helt ny tekst om frivillighed.", theme=None
    )
    return services.draft_publish(
        draft=draft, label="Høringsudkast", change_note="Nyt om frivillighed.", user=coordinator
    )


def test_reader_sees_latest_version_with_table_of_contents_and_anchors(client, version_one):
    response = client.get(reverse("policy:policy-detail", kwargs={"policy": "medborgerpolitik"}))
    assert response.status_code == 200
    html = response.content.decode()
    for section in version_one.sections.all():
        assert f'href="#{section.anchor}"' in html
        assert f'id="{section.anchor}"' in html


def test_reader_sees_comment_counts_per_section(client, version_one, first_section):
    CommentFactory(section=first_section)
    CommentFactory(section=first_section)
    CommentFactory(section=first_section, status=Comment.Status.HIDDEN)
    response = client.get(version_one.get_absolute_url())
    assert response.context["all_sections"][0].comment_count == 2
    assert response.context["all_sections"][1].comment_count == 0


def test_reader_filters_sections_by_theme(client, version_one, coordinator):
    theme = ThemeFactory(name="Frivillighed", slug="frivillighed")
    draft = services.draft_start(policy=version_one.policy, user=coordinator)
    last = draft.sections.order_by("order").last()
    services.section_update(section=last, heading=last.heading, body=last.body, theme=theme)
    v2 = services.draft_publish(draft=draft, label="v2", change_note="Tema", user=coordinator)
    response = client.get(v2.get_absolute_url() + "?tema=frivillighed")
    assert [s.heading for s in response.context["sections"]] == [last.heading]
    unknown = client.get(v2.get_absolute_url() + "?tema=<script>")
    assert len(unknown.context["sections"]) == 3


def test_version_page_links_to_comparison_with_previous_version(client, version_one, coordinator):
    v2 = _publish_v2(version_one, coordinator)
    response = client.get(v2.get_absolute_url())
    compare = reverse(
        "policy:version-compare", kwargs={"policy": "medborgerpolitik", "a": 1, "b": 2}
    )
    assert compare in response.content.decode()


def test_version_list_shows_labels_dates_and_change_notes(client, version_one, coordinator):
    _publish_v2(version_one, coordinator)
    response = client.get(reverse("policy:version-list", kwargs={"policy": "medborgerpolitik"}))
    html = response.content.decode()
    assert "Høringsudkast" in html
    assert "Nyt om frivillighed." in html
    assert "Udkast til borgermøde" in html


def test_comparison_shows_word_level_changes_with_screen_reader_text(
    client, version_one, coordinator
):
    _publish_v2(version_one, coordinator)
    response = client.get(
        reverse("policy:version-compare", kwargs={"policy": "medborgerpolitik", "a": 1, "b": 2})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ins>" in html and "<del>" in html
    assert "[tilføjet:]" in html or "[added:]" in html
    assert response.context["summary"]["changed"] == 1


def test_comparison_of_missing_version_is_404(client, version_one):
    url = reverse("policy:version-compare", kwargs={"policy": "medborgerpolitik", "a": 1, "b": 9})
    assert client.get(url).status_code == 404


def test_draft_is_not_readable_by_the_public(client, version_one, draft):
    url = reverse("policy:version-detail", kwargs={"policy": "medborgerpolitik", "number": 2})
    assert client.get(url).status_code == 404


def _version_page_queries(client, version, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        response = client.get(version.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("comments", [10, 1000])
def test_version_page_runs_constant_queries_whatever_the_number_of_comments(
    client, version_one, django_assert_num_queries, comments
):
    sections = list(version_one.sections.all())
    per_section = comments // len(sections)
    for section in sections:
        bulk_comments(section, per_section)
    CommentFactory(section=sections[0], reply="Tak for input.", reply_by=None)
    # One of them reads the theme names for the page's ETag (conditional GET), one the published
    # translations for it, one the version's published translations (the text-language links),
    # and one looks for the policy's process, for the stage bar (there is none here).
    with django_assert_num_queries(11):
        response = client.get(version_one.get_absolute_url())
    assert response.status_code == 200
    assert sum(s.comment_count for s in response.context["all_sections"]) == per_section * 3 + 1


@pytest.mark.parametrize("comments", [10, 1000])
def test_comparison_page_runs_constant_queries_whatever_the_number_of_comments(
    client, version_one, coordinator, django_assert_num_queries, comments
):
    bulk_comments(version_one.sections.first(), comments)
    _publish_v2(version_one, coordinator)
    url = reverse("policy:version-compare", kwargs={"policy": "medborgerpolitik", "a": 1, "b": 2})
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200


def test_section_comment_page_runs_constant_queries(
    client, version_one, first_section, django_assert_max_num_queries
):
    bulk_comments(first_section, 500)
    url = reverse(
        "policy:section-comments",
        kwargs={"policy": "medborgerpolitik", "number": 1, "key": first_section.key},
    )
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200


def test_cached_version_page_shows_a_new_comment_at_once(
    client, version_one, first_section, citizen
):
    client.get(version_one.get_absolute_url())
    services.comment_create(section=first_section, body="Helt ny kommentar", user=citizen)
    html = client.get(version_one.get_absolute_url()).content.decode()
    assert "Helt ny kommentar" in html


def test_cached_version_page_hides_a_comment_once_moderated(
    client, version_one, first_section, project_member
):
    comment = CommentFactory(section=first_section, body="Grim kommentar")
    assert "Grim kommentar" in client.get(version_one.get_absolute_url()).content.decode()
    services.comments_moderate(
        comments=[comment], action="hide", reason="Personangreb", user=project_member
    )
    assert "Grim kommentar" not in client.get(version_one.get_absolute_url()).content.decode()


def test_cached_version_page_is_per_language(client, version_one):
    client.get("/politik/medborgerpolitik/version/1/")
    english = client.get("/en/politik/medborgerpolitik/version/1/").content.decode()
    assert "Contents" in english
    assert "Indhold" not in english


def test_second_view_of_version_page_skips_the_comment_queries(
    client, version_one, django_assert_num_queries, no_page_cache
):
    bulk_comments(version_one.sections.first(), 50)
    client.get(version_one.get_absolute_url())
    # Policy, published versions, the policy's process (for the stage bar; none here), themes
    # and translations (for the ETag), the version with its sections, its published translations.
    with django_assert_num_queries(8):
        assert client.get(version_one.get_absolute_url()).status_code == 200


def test_version_page_shows_the_newest_three_comments_per_section_oldest_first(
    client, version_one, first_section
):
    import datetime

    from django.utils import timezone

    start = timezone.now() - datetime.timedelta(days=1)
    for minute in range(5):
        CommentFactory(
            section=first_section,
            body=f"Kommentar {minute}",
            created_at=start + datetime.timedelta(minutes=minute),
        )
    response = client.get(version_one.get_absolute_url())
    first = response.context["all_sections"][0]
    assert [c.body for c in first.recent_comments] == ["Kommentar 2", "Kommentar 3", "Kommentar 4"]
    assert first.comment_count == 5


def test_comparing_the_only_version_with_itself_says_there_is_only_one(client, version_one):
    url = reverse("policy:version-compare", kwargs={"policy": "medborgerpolitik", "a": 1, "b": 1})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der er kun én offentliggjort version" in html
    assert "fra version 1 til version 1" not in html
    assert version_one.get_absolute_url() in html


def test_comparing_a_version_with_itself_offers_the_other_versions(
    client, version_one, coordinator
):
    _publish_v2(version_one, coordinator)
    url = reverse("policy:version-compare", kwargs={"policy": "medborgerpolitik", "a": 2, "b": 2})
    html = client.get(url).content.decode()
    assert "Du har valgt version 2 to gange" in html
    assert (
        reverse("policy:version-compare", kwargs={"policy": "medborgerpolitik", "a": 1, "b": 2})
        in html
    )


def test_a_newer_version_first_is_sent_on_to_the_older_first(client, version_one, coordinator):
    _publish_v2(version_one, coordinator)
    response = client.get("/politik/medborgerpolitik/sammenlign/2/1/")
    assert response.status_code == 302
    assert response["Location"] == "/politik/medborgerpolitik/sammenlign/1/2/"
    # A missing version still ends in "not found", whichever way round or twice.
    for a, b in [(9, 1), (1, 9), (9, 9), (0, 0)]:
        url = f"/politik/medborgerpolitik/sammenlign/{a}/{b}/"
        assert client.get(url, follow=True).status_code == 404
