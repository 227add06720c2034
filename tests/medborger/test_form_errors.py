"""Every form with errors opens with DKFDS's error summary: one link to each field at fault."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_section(published_version):
    return published_version.sections.order_by("order").first()


@pytest.fixture
def draft(published_version, coordinator):
    from policy import services

    return services.draft_start(policy=published_version.policy, user=coordinator)


def _summary(html: str) -> str:
    assert html.count('data-module="error-summary"') == 1, "exactly one error summary"
    return html.split('data-module="error-summary"', 1)[1].split("</ul>", 1)[0]


def test_a_form_drawn_whole_opens_with_a_summary_that_links_to_each_field(
    client, coordinator, draft
):
    """The section form is drawn with {{ form }}, as the process and staff forms are."""
    client.force_login(coordinator)
    response = client.post(
        reverse("policy:section-add", kwargs={"policy": "medborgerpolitik"}),
        {"heading": "", "body": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    assert re.findall(r'href="#(\w+)"', summary) == ["id_heading", "id_body"]
    assert "Overskrift: Dette felt er påkrævet." in summary
    # The summary sits inside the form, before its first field.
    form = html.split('<form method="post"', 1)[1]
    assert form.index("error-summary") < form.index('name="heading"')


def test_a_form_drawn_field_by_field_opens_with_the_summary_too(client, db):
    assert 'data-module="error-summary"' not in client.get("/mine-data/").content.decode()
    response = client.post("/mine-data/", {"email": "ikke-en-adresse"})
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert 'href="#id_email"' in summary


def test_radio_buttons_are_linked_by_their_first_option(client, project_member, first_section):
    from policy.models import Comment
    from tests.policy.factories import CommentFactory

    comment = CommentFactory(section=first_section, status=Comment.Status.PENDING)
    client.force_login(project_member)
    response = client.post(
        "/styring/politik/medborgerpolitik/kommentarer/", {"comments": [comment.pk]}
    )
    summary = _summary(response.content.decode())
    assert 'href="#id_action_0"' in summary
