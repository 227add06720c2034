"""Soak: two minutes of mixed traffic against the portal as it runs in production (gunicorn, two
workers, DEBUG off, PostgreSQL), with no errors, nothing lost and flat memory.

`bench/soak.py` sends the traffic and samples the workers; this test holds it to account. Set
SOAK_SECONDS to soak longer (or shorter, down to 30 s, when trying something out).
"""

from __future__ import annotations

import os

import pytest

from bench import soak

pytestmark = pytest.mark.service

# After warm-up a worker may still settle a little (the allocator, lazily loaded code); a leak
# of even a few hundred bytes per request shows as several times this over two minutes.
MAX_GROWTH_MB = 8.0
MAX_NEW_OPEN_FILES = 2


def _count(portal, table: str) -> int:
    return portal.query(f"SELECT count(*) FROM {table}")[0][0]  # noqa: S608 - fixed names


def test_minutes_of_mixed_traffic_give_no_errors_nothing_lost_and_flat_memory(served_portal):
    duration = max(30.0, float(os.environ.get("SOAK_SECONDS", "120")))
    portal = served_portal(workers=2)
    tables = {
        "comment": "policy_comment",
        "sign-up": "engagement_registration",
        "hearing response": "engagement_hearingresponse",
    }
    before = {name: _count(portal, table) for name, table in tables.items()}

    result = soak.run(
        port=portal.port,
        seeded=portal.seeded,
        gunicorn_pid=portal.process.pid,
        duration=duration,
        clients=8,
    )
    print(soak.summary(result))

    assert result["errors"] == []
    # Every kind of request was made, and in earnest.
    assert set(result["counts"]) == {action.name for action in soak.actions(portal.seeded)}
    assert min(result["counts"].values()) >= 10, result["counts"]
    # Every form the portal acknowledged is stored, once.
    for name, table in tables.items():
        assert _count(portal, table) - before[name] == result["counts"][name], name
    # Memory and open files are flat after warm-up, in every worker.
    assert len(result["memory"]) == 2
    for worker in result["memory"]:
        assert worker["rss_growth_mb"] < MAX_GROWTH_MB, worker
        assert worker["files_end"] <= worker["files_start"] + MAX_NEW_OPEN_FILES, worker


def _series(rss_at) -> soak.Samples:
    samples = soak.Samples()
    samples.series[101] = [(float(t), rss_at(t), 9) for t in range(121)]
    return samples


def test_the_memory_report_sees_a_leak_after_warm_up():
    # 100 MB, growing 5 MB a minute from the start.
    (row,) = soak.memory_report(_series(lambda t: 100 + 5 * t / 60), duration=120)
    assert row["rss_slope_mb_per_min"] == pytest.approx(5, abs=0.01)
    # Just after warm-up (30 s) about 103 MB, in the last tenth about 109.
    assert row["rss_growth_mb"] == pytest.approx(6.25, abs=0.5)
    assert row["rss_peak_mb"] == pytest.approx(110)


def test_the_memory_report_ignores_what_settles_during_warm_up():
    # Grows by 40 MB in the first 20 s (caches fill), then stays.
    (row,) = soak.memory_report(_series(lambda t: 100 + 2 * min(t, 20)), duration=120)
    assert row["rss_growth_mb"] == 0
    assert row["rss_slope_mb_per_min"] == pytest.approx(0)
    assert row["files_end"] == row["files_start"] == 9
