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

    from process import participation
    from tests.process.factories import HandlingFactory

    monkeypatch.setattr(
        participation,
        "SOURCES",
        [
            (
                "comments",
                "Kommentarer",
                "process",
                "Handling",
                "process",
                "process",
                ("created_at",),
            ),
            ("missing", "Findes ikke", "policy", "NoSuchModel", "x", "policy", ("created_at",)),
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
