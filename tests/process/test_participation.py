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
