"""Staff split hearing responses into points, answer each point, share the responses between
colleagues and work through them; the høringsnotat is built point by point."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearing.models import HearingResponse, ResponsePoint
from hearing.notat import notat_build
from policy.models import PolicyVersion, Section, Theme
from tests.factories import PolicyVersionFactory, SectionFactory, published_version_with_sections
from tests.hearing.factories import HearingResponseFactory

pytestmark = pytest.mark.django_db


def _url(name: str, hearing, **kwargs) -> str:
    return reverse(
        f"hearing:{name}",
        kwargs={"policy": hearing.process.policy.slug, "pk": hearing.pk, **kwargs},
    )


def _points_url(response) -> str:
    return _url("staff-point-list", response.hearing, response_pk=response.pk)


def _formset(points: list[dict], *, initial: int = 0) -> dict:
    data = {
        "form-TOTAL_FORMS": str(len(points)),
        "form-INITIAL_FORMS": str(initial),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "50",
    }
    for index, point in enumerate(points):
        for name, value in point.items():
            data[f"form-{index}-{name}"] = value
    return data


def _point(section, summary, **extra) -> dict:
    return {
        "summary": summary,
        "section": section.pk if section else "",
        "theme": "",
        "comment": "",
        "change_made": "",
        **extra,
    }


@pytest.fixture
def sections(hearing):
    return list(hearing.version.sections.order_by("order"))


def test_a_response_is_split_into_three_points_in_one_screen(
    client, coordinator, hearing, sections
):
    response = HearingResponseFactory(hearing=hearing, text="Tre ting om politikken.")
    client.force_login(coordinator)

    page = client.get(_points_url(response))
    assert page.status_code == 200
    assert "Tre ting om politikken." in page.content.decode()

    result = client.post(
        _points_url(response),
        _formset(
            [
                _point(sections[0], "Første bemærkning", comment="Tak."),
                _point(
                    sections[1], "Anden bemærkning", leads_to_change="on", change_made="Ny tekst"
                ),
                _point(None, "Generel ros"),
            ]
        ),
    )
    assert result.status_code == 302
    points = list(response.points.order_by("order"))
    assert [p.summary for p in points] == ["Første bemærkning", "Anden bemærkning", "Generel ros"]
    assert [p.order for p in points] == [1, 2, 3]
    assert points[1].leads_to_change and points[1].change_made == "Ny tekst"
    assert points[2].section is None
    response.refresh_from_db()
    assert response.answered_at is None  # two points still lack the administration's comment


def test_the_response_is_answered_when_every_point_has_a_comment(
    client, coordinator, hearing, sections
):
    response = HearingResponseFactory(hearing=hearing)
    client.force_login(coordinator)
    client.post(
        _points_url(response),
        _formset([_point(sections[0], "Én ting", comment="Forvaltningen er enig.")]),
    )
    response.refresh_from_db()
    assert response.answered_at is not None


@pytest.fixture
def distinct_sections(hearing, policy):
    """A version under hearing whose sections are about different things."""
    version = PolicyVersionFactory(
        policy=policy, status=PolicyVersion.Status.DRAFT, number=None, published_at=None
    )
    texts = [
        ("Frivillighed", "Foreningerne og de frivillige bærer fællesskabet i byen."),
        ("Uddannelse og arbejde", "Unge skal have en uddannelse og et job efter skolen."),
        ("Tryghed", "Gaderne og boligområderne skal være trygge om aftenen."),
    ]
    for order, (heading, body) in enumerate(texts, start=1):
        SectionFactory(version=version, order=order, heading=heading, body=body)
    version.number = 9
    version.status = PolicyVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    hearing.version = version
    hearing.save()
    return list(version.sections.order_by("order"))


def test_the_common_case_is_one_click_with_the_suggested_section(
    client, coordinator, hearing, distinct_sections
):
    response = HearingResponseFactory(
        hearing=hearing, text="Der mangler job til de unge, når de er færdige med skolen."
    )
    client.force_login(coordinator)

    result = client.post(_url("staff-point-create", hearing, response_pk=response.pk))

    assert result.status_code == 302
    point = response.points.get()
    assert point.section == distinct_sections[1]
    assert point.summary == response.text
    again = client.post(_url("staff-point-create", hearing, response_pk=response.pk))
    assert again.status_code == 302
    assert response.points.count() == 1


def test_each_point_shows_the_sections_suggested_by_its_text(
    client, coordinator, hearing, distinct_sections
):
    response = HearingResponseFactory(
        hearing=hearing, text="Det er utrygt at gå hjem om aftenen i boligområderne."
    )
    client.force_login(coordinator)
    html = client.get(_points_url(response)).content.decode()
    assert "Foreslået ud fra teksten: 3. Tryghed" in html


def test_a_point_on_a_section_of_another_version_is_refused_at_the_field(
    client, coordinator, hearing, policy
):
    other = published_version_with_sections(policy, sections=2, number=7)
    foreign = Section.objects.filter(version=other).first()
    response = HearingResponseFactory(hearing=hearing)
    client.force_login(coordinator)

    result = client.post(_points_url(response), _formset([_point(foreign, "Forkert afsnit")]))

    assert result.status_code == 400
    assert "Vælg et afsnit i den version, der er i høring." in result.content.decode()
    assert ResponsePoint.objects.count() == 0


def test_a_change_must_say_what_was_changed(client, coordinator, hearing, sections):
    response = HearingResponseFactory(hearing=hearing)
    client.force_login(coordinator)
    result = client.post(
        _points_url(response),
        _formset([_point(sections[0], "Ændr det", leads_to_change="on")]),
    )
    assert result.status_code == 400
    assert "Skriv, hvad der blev ændret." in result.content.decode()
    assert ResponsePoint.objects.count() == 0


def test_steering_members_read_the_points_but_cannot_change_them(
    client, steering_member, hearing, sections
):
    response = HearingResponseFactory(hearing=hearing)
    ResponsePoint.objects.create(response=response, summary="Set af styregruppen")
    client.force_login(steering_member)
    assert "Set af styregruppen" in client.get(_points_url(response)).content.decode()
    assert client.post(_points_url(response), _formset([])).status_code == 403
    single = client.post(_url("staff-point-create", hearing, response_pk=response.pk))
    assert single.status_code == 403


def test_the_notat_lists_points_by_section_with_a_summary_and_each_respondent(hearing, sections):
    many = HearingResponseFactory(hearing=hearing, kind="organisation", organisation="Ældrerådet")
    ResponsePoint.objects.create(
        response=many, order=1, summary="Om det første", section=sections[0]
    )
    ResponsePoint.objects.create(
        response=many,
        order=2,
        summary="Om det andet",
        section=sections[1],
        leads_to_change=True,
        change_made="Afsnittet er skrevet om",
    )
    single = HearingResponseFactory(hearing=hearing, name="Bo", consent_to_publish=True)

    notat = notat_build(hearing=hearing)

    assert (notat.total, notat.point_count, notat.changed) == (2, 3, 1)
    assert [p.number for p in notat.points] == ["1.1", "1.2", "2"]
    by_title = {group.title: [p.summary for p in group.points] for group in notat.groups}
    assert by_title[f"{sections[0].order}. {sections[0].heading}"] == ["Om det første"]
    assert [r.label for r in notat.respondents] == ["Ældrerådet", "Bo"]
    assert notat.respondents[1].response == single


def test_the_notat_csv_has_one_row_per_point(client, coordinator, hearing, sections):
    response = HearingResponseFactory(hearing=hearing)
    for order in (1, 2):
        ResponsePoint.objects.create(
            response=response, order=order, summary=f"Punkt {order}", section=sections[0]
        )
    client.force_login(coordinator)
    content = client.get(_url("staff-notat-csv", hearing)).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["1.1", "1.2"]
    assert [row[6] for row in rows[1:]] == ["Punkt 1", "Punkt 2"]


def test_the_notat_page_uses_the_same_queries_for_3_and_30_responses(
    client, coordinator, hearing, sections
):
    theme = Theme.objects.first() or Theme.objects.create(name="Fællesskab", slug="faellesskab")

    def add(count):
        for _ in range(count):
            response = HearingResponseFactory(hearing=hearing)
            ResponsePoint.objects.create(response=response, summary="a", section=sections[0])
            ResponsePoint.objects.create(response=response, summary="b", theme=theme)

    client.force_login(coordinator)
    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url("staff-notat-detail", hearing)).status_code == 200
    add(27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url("staff-notat-detail", hearing)).status_code == 200
    assert len(many) == len(few)


# --- Sharing the work -------------------------------------------------------------------------


def test_the_coordinator_assigns_responses_to_a_colleague(
    client, coordinator, project_member, hearing
):
    first, second, third = (HearingResponseFactory(hearing=hearing) for _ in range(3))
    client.force_login(coordinator)
    result = client.post(
        _url("staff-response-assign", hearing),
        {"responses": [first.pk, third.pk], "assignee": project_member.pk},
    )
    assert result.status_code == 302
    assigned = set(HearingResponse.objects.filter(assigned_to=project_member))
    assert assigned == {first, third}

    client.force_login(project_member)
    mine = client.get(_url("staff-hearing-detail", hearing) + "?vis=mine").content.decode()
    assert first.tracking in mine and third.tracking in mine and second.tracking not in mine


def test_an_assignment_to_someone_outside_the_process_is_refused_at_the_field(
    client, coordinator, citizen, hearing
):
    response = HearingResponseFactory(hearing=hearing)
    client.force_login(coordinator)
    result = client.post(
        _url("staff-response-assign", hearing),
        {"responses": [response.pk], "assignee": citizen.pk},
    )
    assert result.status_code == 400
    assert "Vælg en person fra processens medarbejdere." in result.content.decode()
    response.refresh_from_db()
    assert response.assigned_to is None


def test_only_the_coordinator_assigns(client, project_member, hearing):
    response = HearingResponseFactory(hearing=hearing)
    client.force_login(project_member)
    result = client.post(
        _url("staff-response-assign", hearing),
        {"responses": [response.pk], "assignee": project_member.pk},
    )
    assert result.status_code == 403


def test_filters_for_responses_without_points_and_by_section(
    client, coordinator, hearing, sections
):
    split = HearingResponseFactory(hearing=hearing)
    ResponsePoint.objects.create(response=split, summary="x", section=sections[1])
    unsplit = HearingResponseFactory(hearing=hearing)
    client.force_login(coordinator)

    without = client.get(_url("staff-hearing-detail", hearing) + "?vis=uden-punkter")
    assert unsplit.tracking in without.content.decode()
    assert split.tracking not in without.content.decode()
    by_section = client.get(_url("staff-hearing-detail", hearing) + f"?afsnit={sections[1].pk}")
    assert split.tracking in by_section.content.decode()
    assert unsplit.tracking not in by_section.content.decode()


def test_next_and_previous_follow_the_filtered_list(client, coordinator, hearing, sections):
    responses = [HearingResponseFactory(hearing=hearing) for _ in range(3)]
    ResponsePoint.objects.create(response=responses[1], summary="delt", section=sections[0])
    client.force_login(coordinator)

    html = client.get(_points_url(responses[0]) + "?vis=uden-punkter").content.decode()

    after = _url("staff-point-list", hearing, response_pk=responses[2].pk)
    assert f'href="{after}?vis=uden-punkter" rel="next"' in html
    assert "1 af 2" in html


def test_the_staff_list_uses_the_same_queries_for_3_and_30_responses(
    client, coordinator, project_member, hearing, sections
):
    def add(count):
        for _ in range(count):
            response = HearingResponseFactory(hearing=hearing, assigned_to=project_member)
            ResponsePoint.objects.create(response=response, summary="a", section=sections[0])

    client.force_login(coordinator)
    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url("staff-hearing-detail", hearing)).status_code == 200
    add(27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url("staff-hearing-detail", hearing)).status_code == 200
    assert len(many) == len(few)


def test_the_colleague_a_response_is_assigned_to_splits_and_answers_it(
    client, project_member, hearing, sections
):
    mine = HearingResponseFactory(hearing=hearing, assigned_to=project_member)
    other = HearingResponseFactory(hearing=hearing)
    client.force_login(project_member)

    page = client.get(_points_url(mine))
    assert 'name="form-0-summary"' in page.content.decode()
    result = client.post(
        _points_url(mine), _formset([_point(sections[0], "Min bemærkning", comment="Svar.")])
    )
    assert result.status_code == 302
    assert list(mine.points.values_list("summary", flat=True)) == ["Min bemærkning"]
    assert client.post(_url("staff-point-create", hearing, response_pk=mine.pk)).status_code == 302

    # A response assigned to nobody (or to someone else) stays the coordinator's.
    page = client.get(_points_url(other))
    assert 'name="form-0-summary"' not in page.content.decode()
    assert client.post(_points_url(other), _formset([_point(sections[0], "x")])).status_code == 403
    assert client.post(_url("staff-point-create", hearing, response_pk=other.pk)).status_code == 403
    assert not other.points.exists()
