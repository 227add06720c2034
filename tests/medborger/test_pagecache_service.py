"""The page cache when Redis goes away mid-run: every page still answers, forms still work.

Served as in production (gunicorn, two workers, PostgreSQL, Redis as the shared cache). The test
starts a Redis of its own on a free loopback port (never the machine's), warms the cache, stops
Redis while eight clients keep reading the public pages, signs up for an event during the outage,
and starts Redis again: no request may fail.
"""

# ruff: noqa: S603 - redis-server with fixed arguments

from __future__ import annotations

import http.client
import secrets
import subprocess
import threading
import time

import pytest

from bench import common

pytestmark = pytest.mark.service


def _start_redis(port: int) -> subprocess.Popen:
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--loglevel", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            http.client.socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("redis-server did not start")


def _get(port: int, path: str) -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


def test_pages_answer_without_errors_while_redis_is_stopped_and_started_again(served_portal):
    redis_port = common.free_port()
    redis = _start_redis(redis_port)
    try:
        portal = served_portal(workers=2, redis_url=f"redis://127.0.0.1:{redis_port}/0")
        pages = portal.seeded["pages"]
        paths = [p for p in pages.values()] + ["/en" + pages["Version page"]]
        for path in paths:  # fill the cache, on both workers
            for _ in range(4):
                assert _get(portal.port, path)[0] == 200, path
        assert _get(portal.port, pages["Version page"])[1].get("x-page-cache") == "hit"

        errors: list[str] = []
        answered = {"before": 0, "during": 0, "after": 0}
        phase = {"now": "before"}
        stop = threading.Event()

        def reader(index: int) -> None:
            n = 0
            while not stop.is_set():
                path = paths[(index + n) % len(paths)]
                n += 1
                try:
                    status, _headers = _get(portal.port, path)
                except OSError as error:
                    errors.append(f"{path}: {error!r}")
                    continue
                if status != 200:
                    errors.append(f"{path}: HTTP {status}")
                answered[phase["now"]] += 1

        threads = [threading.Thread(target=reader, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        phase["now"] = "during"
        redis.terminate()
        redis.wait(timeout=10)
        time.sleep(6)
        # A sign-up during the outage: the form page and the POST both work.
        conn = http.client.HTTPConnection("127.0.0.1", portal.port, timeout=60)
        cookie, token = common.form_session(conn, pages["Event page"])
        body = common.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": "Under udfaldet",
                "email": f"udfald-{secrets.token_hex(3)}@example.org",
                "website": "",
            }
        )
        status, _seconds = common.post(conn, pages["Event page"], body=body, cookie=cookie)
        conn.close()
        assert status == 302
        redis = _start_redis(redis_port)
        phase["now"] = "after"
        time.sleep(4)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        assert errors == []
        assert min(answered.values()) > 10, answered
        # With Redis back, pages are served from the cache again.
        path = pages["Front page"]
        _get(portal.port, path)
        hits = [_get(portal.port, path)[1].get("x-page-cache") for _ in range(4)]
        assert "hit" in hits
    finally:
        redis.terminate()
        redis.wait(timeout=10)
