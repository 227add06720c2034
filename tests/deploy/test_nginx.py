"""The shipped nginx configuration (deploy/nginx/medborger.conf) in front of gunicorn, on loopback.

These are the promises the README's Deploying section makes for it: slow clients never hold an
app server's worker, pages and static files are compressed, frozen files are answered by nginx
itself, and the portal sees the real client's address for its rate limits.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import re
import secrets
import socket
import statistics
import time
import urllib.parse

import pytest

from bench import common

pytestmark = pytest.mark.service


def get(port: int, path: str, *, headers=None, timeout: float = 5, source: str = ""):
    conn = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0) if source else None
    )
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def health_times(port: int, count: int = 20) -> list[float]:
    """Seconds each of `count` health checks took; every one must answer 200."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status, _, _ = get(port, "/sundhed/")
        times.append(time.perf_counter() - started)
        assert status == 200
    return times


def slow_clients(port: int, count: int) -> list[socket.socket]:
    """`count` connections that start a request and never finish its headers."""
    sockets = []
    for n in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(f"GET /?slow={n} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".encode())
        sockets.append(sock)
    return sockets


def test_fifty_slow_clients_do_not_delay_the_health_check(portal_database, nginx):
    app = portal_database.start_server(workers=2)
    proxy = nginx([app])
    before = health_times(proxy.port)

    hanging = slow_clients(proxy.port, 50)
    try:
        time.sleep(0.5)  # nginx has accepted all of them and waits for the rest of their headers
        during = health_times(proxy.port)
    finally:
        for sock in hanging:
            sock.close()

    print(
        f"\n/sundhed/ through nginx: median {statistics.median(before) * 1000:.1f} ms, "
        f"max {max(before) * 1000:.1f} ms alone; with 50 slow clients median "
        f"{statistics.median(during) * 1000:.1f} ms, max {max(during) * 1000:.1f} ms"
    )
    # "Not delayed beyond 200 ms": no check took 200 ms longer than the slowest one without them.
    assert max(during) < max(before) + 0.2


def test_without_nginx_a_few_slow_clients_stall_gunicorn(portal_database):
    """The control: the same slow clients straight at gunicorn's two sync workers hold both, so
    the health check does not answer at all. This is why gunicorn must not face the network."""
    app = portal_database.start_server(workers=2)
    assert get(app, "/sundhed/")[0] == 200

    hanging = slow_clients(app, 3)
    try:
        time.sleep(0.5)
        with pytest.raises(TimeoutError):
            get(app, "/sundhed/", timeout=3)
    finally:
        for sock in hanging:
            sock.close()
    assert get(app, "/sundhed/", timeout=30)[0] == 200


def test_pages_and_static_files_are_compressed_and_frozen_files_answered_by_nginx(
    portal_database, nginx
):
    app = portal_database.start_server(workers=2)
    proxy = nginx([app])

    status, headers, body = get(proxy.port, "/", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in ", ".join(headers.get_all("Vary"))
    page = gzip.decompress(body).decode()
    assert "<html" in page

    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    first = get(proxy.port, stylesheet, headers={"Accept-Encoding": "gzip"})
    second = get(proxy.port, stylesheet, headers={"Accept-Encoding": "gzip"})
    assert first[0] == second[0] == 200
    assert second[1]["X-Cache-Status"] == "HIT"
    assert "max-age" in second[1]["Cache-Control"]
    assert second[1].get("Content-Encoding") == "gzip"

    pdf = portal_database.seeded["pdf_path"]
    rendered = get(proxy.port, pdf, timeout=60)
    again = get(proxy.port, pdf)
    assert rendered[0] == again[0] == 200
    assert again[1]["X-Cache-Status"] == "HIT"
    assert again[2] == rendered[2]
    assert hashlib.sha256(again[2]).hexdigest() == again[1]["X-Content-SHA256"]
    assert "public" in again[1]["Cache-Control"]
    assert "immutable" in again[1]["Cache-Control"]


def test_rate_limits_count_per_client_address_behind_nginx(portal_database, nginx):
    """With TRUSTED_PROXY_COUNT=1 the portal counts the address nginx saw, so one client that
    forges X-Forwarded-For still runs into its limit, while another client is not affected."""
    portal_database.environment.update({"RATELIMIT_ENABLE": "true", "TRUSTED_PROXY_COUNT": "1"})
    app = portal_database.start_server(workers=1)
    proxy = nginx([app])

    def verify_form(source: str):
        conn = http.client.HTTPConnection(
            "127.0.0.1", proxy.port, timeout=10, source_address=(source, 0)
        )
        cookie, token = common.form_session(conn, "/kontrol/")
        return conn, cookie, token

    def check(conn, cookie, token, forged: str) -> int:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "sha256": "0" * 64})
        conn.request(
            "POST",
            "/kontrol/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": f"http://127.0.0.1:{proxy.port}/kontrol/",
                "X-Forwarded-For": forged,
            },
        )
        response = conn.getresponse()
        response.read()
        return response.status

    first = verify_form("127.0.0.2")
    other = verify_form("127.0.0.3")
    try:
        statuses = [check(*first, forged=f"10.{n}.{secrets.randbelow(250)}.1") for n in range(21)]
        assert statuses[:20] == [200] * 20
        assert statuses[20] == 429
        assert check(*other, forged="127.0.0.2") == 200
    finally:
        first[0].close()
        other[0].close()
