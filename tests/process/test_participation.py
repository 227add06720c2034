"""Participation at a glance on the process overview."""

from __future__ import annotations

from process.participation import participation_for


def test_participation_counts_what_exists_and_renders_a_chart_and_table(
    client, process, coordinator
):
    result = participation_for(process)
    # Only models that exist in this build are counted; none has contributions yet.
    assert all(series.total == 0 for series in result.series)
    assert result.has_data is False
    client.force_login(coordinator)
    content = client.get(f"/styring/proces/{process.policy.slug}/").content.decode()
    assert 'id="participation"' in content


def test_contributions_are_counted_per_month_in_one_query_per_kind(
    client, process, coordinator, monkeypatch, django_assert_num_queries
):
    """Stand-in source: handlings (they have `process` and `created_at`) exercise the counting."""
    import datetime

    import time_machine

    from process import hooks, participation
    from process.models import Handling
    from tests.process.factories import HandlingFactory

    monkeypatch.setattr(hooks, "_participation_sources", {})
    monkeypatch.setattr(
        participation,
        "sources",
        lambda: [
            hooks.ParticipationSource(
                key="comments",
                label="Kommentarer",
                rows=lambda p: Handling.objects.filter(process=p),
                date_field="created_at",
            )
        ],
    )
    for day, count in (
        (datetime.datetime(2027, 1, 5, 12, tzinfo=datetime.UTC), 2),
        (datetime.datetime(2027, 3, 9, 12, tzinfo=datetime.UTC), 3),
    ):
        with time_machine.travel(day, tick=False):
            HandlingFactory.create_batch(count, process=process)
    HandlingFactory()  # another process: not counted
    with django_assert_num_queries(1):
        result = participation.participation_for(process)
    [series] = result.series
    assert series.total == 5
    assert series.by_month == {datetime.date(2027, 1, 1): 2, datetime.date(2027, 3, 1): 3}
    assert [m["bars"][0]["n"] for m in result.months] == [2, 3]
    client.force_login(coordinator)
    content = client.get(f"/styring/proces/{process.policy.slug}/").content.decode()
    assert '<svg role="img"' in content
    assert '<th scope="row">Januar 2027</th>' in content


def test_engagement_registers_its_contributions_and_they_are_counted(process):
    """No model lookups by name: engagement registers its sources in `AppConfig.ready`."""
    from process import hooks
    from tests.engagement.factories import RegistrationFactory
    from tests.factories import EventFactory

    assert [s.key for s in hooks.participation_sources()] == ["registrations", "hearing_responses"]
    event = EventFactory(process=process)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory()  # another process: not counted
    series = {s.key: s.total for s in participation_for(process).series}
    assert series == {"comments": 0, "registrations": 2, "hearing_responses": 0}


def test_a_renamed_date_field_fails_loudly_instead_of_emptying_the_chart(process, monkeypatch):
    import pytest
    from django.core.exceptions import FieldError

    from process import hooks

    broken = hooks.ParticipationSource(
        key="registrations",
        label="Tilmeldinger",
        rows=hooks.participation_sources()[0].rows,
        date_field="registered_on",
    )
    monkeypatch.setattr(hooks, "_participation_sources", {"registrations": broken})
    with pytest.raises(FieldError):
        participation_for(process)
