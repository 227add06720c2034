"""The public policy page: the latest published version, section by section."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policy.models import Section
from tests.factories import PolicyVersionFactory, SectionFactory, published_version_with_sections

pytestmark = pytest.mark.django_db


def test_the_policy_page_shows_the_latest_published_version_with_contents(client, policy):
    published_version_with_sections(policy, sections=2, number=1, label="Første")
    latest = published_version_with_sections(policy, sections=3, number=2, label="Høringsudkast")
    html = client.get("/politik/medborgerpolitik/").content.decode()
    assert "Høringsudkast" in html
    assert "Indhold" in html or "Contents" in html
    for section in latest.sections.all():
        assert f'href="#{section.anchor}"' in html
        assert f'id="{section.anchor}"' in html


def test_a_working_draft_is_never_shown_publicly(client, policy):
    published_version_with_sections(policy, sections=1, number=1)
    draft = PolicyVersionFactory(policy=policy, status="draft", number=None, published_at=None)
    SectionFactory(version=draft, heading="Hemmeligt udkast")
    assert "Hemmeligt udkast" not in client.get("/politik/medborgerpolitik/").content.decode()


def test_a_policy_without_a_published_version_is_not_found(client, policy):
    assert client.get("/politik/medborgerpolitik/").status_code == 404
    assert client.get("/politik/findes-ikke/").status_code == 404


def test_an_earlier_version_has_its_own_page_that_links_to_the_latest(client, policy):
    published_version_with_sections(policy, sections=1, number=1, label="Første")
    published_version_with_sections(policy, sections=1, number=2, label="Anden")
    html = client.get("/politik/medborgerpolitik/version/1/").content.decode()
    assert "Første" in html
    assert 'href="/politik/medborgerpolitik/"' in html
    assert client.get("/politik/medborgerpolitik/version/3/").status_code == 404


def test_markdown_is_rendered_and_raw_html_is_never_passed_through(client, policy):
    version = PolicyVersionFactory(policy=policy, status="draft", number=None, published_at=None)
    Section.objects.create(
        version=version,
        order=1,
        heading="Afsnit",
        body="**fed** <script>alert(1)</script> [link](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    version.number, version.status = 1, "published"
    version.published_at = version.created_at
    version.save()
    html = client.get("/politik/medborgerpolitik/").content.decode()
    assert "<strong>fed</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript:' not in html
    assert "<img" not in html


def test_the_policy_page_runs_the_same_queries_for_few_and_many_sections(
    client, policy, django_assert_num_queries
):
    published_version_with_sections(policy, sections=2, number=1)
    client.get("/politik/medborgerpolitik/")  # warm up translations and templates
    cache.clear()  # measure the uncached page both times
    with CaptureQueriesContext(connection) as few:
        client.get("/politik/medborgerpolitik/")
    published_version_with_sections(policy, sections=40, number=2)
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/politik/medborgerpolitik/")
