"""The benchmark's own parts: the report's verdicts, the form client, the trivial page."""

from __future__ import annotations

import argparse
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import common, run

PAGES = {
    "Front page": "/",
    "Version page": "/politik/medborgerpolitik/",
    "Comparison page": "/politik/medborgerpolitik/sammenlign/1/2/",
    "Event page": "/arrangementer/1/",
    "Hearing page": "/hoering/medborgerpolitik/",
}


def _figures(rps: float, p95: float) -> dict[str, float]:
    return {
        "rps": rps,
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95 + 5,
        "errors": 0.0,
        "requests": rps * 5,
    }


def _prepared() -> dict:
    query_row = {"cold": 7.0, "warm": 4.0, "cold_ms": 60.0, "warm_ms": 90.5, "bytes": 350_000.0}
    return {
        "pages": PAGES,
        "queries": {name: dict(query_row) for name in PAGES},
        "pdf": {
            "first_ms": 2000.0,
            "median_ms": 1500.0,
            "min_ms": 1400.0,
            "renders": 3.0,
            "bytes": 90_000.0,
            "pages": 12.0,
        },
        "pdf_path": "/politik/medborgerpolitik/version/2/pdf/",
        "pdf_static_path": "/static/bench-snapshot.pdf",
        "seed_seconds": 20.0,
        "uncached_version_ms": [12.0, 13.0, 14.0, 16.0, 12.5],
        "counts": {
            "sections in the new version": 40,
            "comments": 10_000,
            "registrations": 2_000,
            "hearing responses": 1_000,
        },
    }


def _results(*, version_rps: float, hearing_p95: float) -> dict:
    rows = {name: _figures(500.0, 40.0) for name in PAGES}
    rows["Version page"] = _figures(version_rps, 30.0)
    rows["Hearing page"] = _figures(10.0, hearing_p95)
    for name in (
        "PDF download (stored snapshot)",
        "Static file, same size as the PDF",
        "Ceiling: trivial Django page",
        "Ceiling: static file (WhiteNoise)",
        "Comment (POST)",
        "Sign-up (POST)",
        "Hearing response (POST)",
    ):
        rows[name] = _figures(2000.0, 5.0)
    off = {name: _figures(100.0, 80.0) for name in PAGES}
    off["Ceiling: trivial Django page"] = _figures(1000.0, 5.0)
    return {8: rows, 32: {k: dict(v) for k, v in rows.items()}, "uncached": off}


def _write(tmp_path, monkeypatch, soaked=None, audited=None, **figures) -> str:
    monkeypatch.setattr(run, "DOC", tmp_path / "benchmarks.md")
    run._write_doc(
        prepared=_prepared(),
        machine={"Date (UTC)": "2026-11-26 21:00", "Cores (`nproc`)": "2"},
        results=_results(**figures),
        stored={"comments": 10, "registrations": 5, "hearing responses": 3},
        args=argparse.Namespace(workers=2, duration=5, database="medborger_bench"),
        wall=240.0,
        soaked=soaked,
        audited=audited,
    )
    return (tmp_path / "benchmarks.md").read_text()


def _soaked(*, growth: float, errors: list[str]) -> dict:
    worker = {
        "pid": 1.0,
        "rss_start_mb": 100.0,
        "rss_end_mb": 100.0 + growth,
        "rss_growth_mb": growth,
        "rss_peak_mb": 101.0 + growth,
        "rss_slope_mb_per_min": growth / 2,
        "files_start": 9.0,
        "files_end": 9.0,
        "files_max": 10.0,
    }
    return {
        "duration_s": 180.0,
        "clients": 8,
        "workers": 2,
        "requests": 20_000,
        "rps": 111.1,
        "p50_ms": 50.0,
        "p95_ms": 120.0,
        "p99_ms": 180.0,
        "counts": {"version page": 5000, "hearing response": 700},
        "errors": errors,
        "memory": [worker, {**worker, "pid": 2.0, "rss_growth_mb": 0.5}],
    }


def _audited(version_page_accessibility: int) -> dict:
    return {
        "rows": [
            ("Front page (da)", "/", 100, 100),
            ("Version page (en)", "/en/politik/medborgerpolitik/", version_page_accessibility, 100),
        ],
        "notes": []
        if version_page_accessibility == 100
        else ["Version page (en): accessibility: color-contrast – Contrast"],
        "version": "12.8.2",
        "browser": "HeadlessChrome/156",
    }


def test_report_records_a_clean_soak_and_full_lighthouse_scores(tmp_path, monkeypatch):
    doc = _write(
        tmp_path,
        monkeypatch,
        version_rps=400.0,
        hearing_p95=100.0,
        soaked=_soaked(growth=1.2, errors=[]),
        audited=_audited(100),
    )

    assert (
        "| Soak: no errors in 180 s of mixed traffic | 0 errors in 20,000 requests | met |" in doc
    )
    assert "| +1.2 MB at most | met |" in doc
    assert "## Soak" in doc and "| 1 | 100.0 MB | 101.2 MB | +1.2 MB | +0.60 MB/min |" in doc
    assert "| hearing response | 700 |" in doc
    assert "| Lighthouse accessibility 100 on the front, version and event pages" in doc
    assert "| lowest 100 | met |" in doc
    assert "| Version page (en) | `/en/politik/medborgerpolitik/` | 100 | 100 |" in doc
    assert "Below full marks: nothing." in doc


def test_report_says_when_the_soak_or_lighthouse_misses(tmp_path, monkeypatch):
    doc = _write(
        tmp_path,
        monkeypatch,
        version_rps=400.0,
        hearing_p95=100.0,
        soaked=_soaked(growth=12.5, errors=["sign-up: HTTP 500 for /arrangementer/2/"]),
        audited=_audited(92),
    )

    assert "| 1 errors in 20,000 requests | **missed** |" in doc
    assert "| +12.5 MB at most | **missed** by 4.5 MB |" in doc
    assert "- error: sign-up: HTTP 500 for /arrangementer/2/" in doc
    assert "| lowest 92 | **missed** on Version page (en) |" in doc
    assert "color-contrast" in doc


def test_report_without_soak_or_lighthouse_leaves_their_sections_out(tmp_path, monkeypatch):
    doc = _write(tmp_path, monkeypatch, version_rps=400.0, hearing_p95=100.0)
    assert "## Soak" not in doc and "## Lighthouse" not in doc


def test_report_says_by_how_much_a_page_misses_the_p95_budget(tmp_path, monkeypatch):
    doc = _write(tmp_path, monkeypatch, version_rps=1400.0, hearing_p95=654.3)

    assert "| Hearing page: p95 < 50 ms at 8 clients | 654.3 ms | **missed** by 604.3 ms" in doc
    assert "| Front page: p95 < 50 ms at 8 clients | 40.0 ms | met |" in doc
    why = next(line for line in doc.splitlines() if line.startswith("Why the hearing page"))
    assert "90.5 ms" in why


def test_report_gives_every_page_as_a_share_of_the_trivial_page(tmp_path, monkeypatch):
    doc = _write(tmp_path, monkeypatch, version_rps=800.0, hearing_p95=30.0)

    # The trivial page made 2,000 requests/s in the same run.
    assert (
        "| Version page: ≥ 50 % of the trivial page | 40 % (800.0 requests/s) | **missed**" in doc
    )
    assert "| Front page: ≥ 50 % of the trivial page | 25 % (500.0 requests/s) | **missed**" in doc
    assert "| Event page: ≥ 15 % of the trivial page | 25 % (500.0 requests/s) | met |" in doc
    assert "| Version page | 800.0 | 40 % |" in doc
    assert "## 32 concurrent clients" in doc


def test_report_compares_the_pages_with_and_without_the_page_cache(tmp_path, monkeypatch):
    doc = _write(tmp_path, monkeypatch, version_rps=1200.0, hearing_p95=30.0)

    assert "## With and without the page cache (8 clients)" in doc
    assert "| Version page | 1,200.0 | 60 % | 15.0 | 30.0 | 100.0 | 10 % | 40.0 | 80.0 |" in doc


def test_report_gives_the_version_page_without_any_cache(tmp_path, monkeypatch):
    doc = _write(tmp_path, monkeypatch, version_rps=1200.0, hearing_p95=30.0)

    assert "< 15 ms | 13.0 ms (median of 5, fastest 12.0 ms) | met |" in doc


class _FormServer(BaseHTTPRequestHandler):
    """A page with a CSRF token; a POST with the cookie and token gets 302, without it 403."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        body = b'<form><input name="csrfmiddlewaretoken" value="tok123"></form>'
        self.send_response(200)
        self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        data = self.rfile.read(int(self.headers["Content-Length"])).decode()
        good = "csrfmiddlewaretoken=tok123" in data and self.headers["Cookie"] == "csrftoken=abc"
        good = good and "bad" not in data
        self.send_response(302 if good else 403)
        self.send_header("Location", "/")
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def form_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FormServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_form_client_posts_with_the_pages_token_and_counts_each_post(form_server):
    def body(index: int, n: int, token: str) -> tuple[str, str]:
        return common.urlencode({"csrfmiddlewaretoken": token, "n": f"{index}-{n}"}), (
            "application/x-www-form-urlencoded"
        )

    result = common.post_load(
        port=form_server, path="/form/", clients=3, make_body=body, per_client=[2, 2, 1]
    )

    assert result["requests"] == 5
    assert result["errors"] == 0
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]


def test_form_client_keeps_every_client_posting_for_the_whole_duration(form_server):
    seen: set[int] = set()

    def body(index: int, n: int, token: str) -> tuple[str, str]:
        seen.add(index)
        return common.urlencode({"csrfmiddlewaretoken": token}), (
            "application/x-www-form-urlencoded"
        )

    result = common.post_load(
        port=form_server, path="/form/", clients=4, make_body=body, duration=0.5
    )

    assert seen == {0, 1, 2, 3}
    assert result["requests"] >= 8
    assert result["errors"] == 0
    assert result["wall_s"] >= 0.5


def test_form_client_counts_answers_other_than_a_redirect_as_errors(form_server):
    def body(index: int, n: int, token: str) -> tuple[str, str]:
        value = "bad" if n % 2 else "good"
        return common.urlencode({"csrfmiddlewaretoken": token, "v": value}), (
            "application/x-www-form-urlencoded"
        )

    result = common.post_load(
        port=form_server, path="/form/", clients=2, make_body=body, per_client=[4, 4]
    )

    assert result["requests"] == 8
    assert result["errors"] == 4


@pytest.mark.django_db
@pytest.mark.urls("bench.urls")
def test_trivial_ceiling_page_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/trivial/")

    assert response.status_code == 200
    assert b"ok" in response.content


def test_percentile_picks_the_value_at_the_fraction():
    values = [float(i) for i in range(1, 101)]

    assert common.percentile(values, 0.95) == 96.0
    assert common.percentile([], 0.5) == 0.0
