"""The in-process cache in front of Django for responses that can never change."""

from __future__ import annotations

import pytest

from medborger.immutable_cache import MARKER, ImmutableResponseCache
from tests.factories import published_version_with_sections


class FakeApp:
    def __init__(self, *, headers=None, status="200 OK", body=b"%PDF-frozen"):
        self.calls = 0
        self.headers = headers if headers is not None else [(MARKER, "1"), ("ETag", '"abc"')]
        self.status = status
        self.body = body

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response(self.status, [("Content-Type", "application/pdf"), *self.headers])
        return [self.body]


def call(app, path="/politik/x/version/1/pdf/", method="GET", **extra):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", **extra}
    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


def test_a_marked_response_is_answered_from_memory_the_second_time():
    inner = FakeApp()
    app = ImmutableResponseCache(inner)
    first = call(app)
    second = call(app)
    assert inner.calls == 1
    assert first == second
    assert second[2] == b"%PDF-frozen"
    assert MARKER not in second[1]  # the marker never leaves the server


def test_a_matching_etag_gets_304_from_memory():
    inner = FakeApp()
    app = ImmutableResponseCache(inner)
    call(app)
    status, headers, body = call(app, HTTP_IF_NONE_MATCH='"abc"')
    assert "Content-Type" not in headers
    assert status == "304 Not Modified"
    assert body == b""
    assert inner.calls == 1


@pytest.mark.parametrize(
    "inner",
    [
        FakeApp(headers=[("ETag", '"abc"')]),  # not marked
        FakeApp(headers=[(MARKER, "1"), ("Set-Cookie", "sessionid=x")]),  # belongs to one visitor
        FakeApp(status="404 Not Found"),
    ],
)
def test_other_responses_always_go_to_django(inner):
    app = ImmutableResponseCache(inner)
    call(app)
    call(app)
    assert inner.calls == 2


def test_posts_are_never_cached():
    inner = FakeApp()
    app = ImmutableResponseCache(inner)
    call(app, method="POST")
    call(app, method="POST")
    assert inner.calls == 2


def test_the_cache_is_bounded_and_forgets_the_oldest_first():
    inner = FakeApp(body=b"x" * 600)
    app = ImmutableResponseCache(inner, max_bytes=1000)
    call(app, path="/a/")
    call(app, path="/b/")  # evicts /a/
    call(app, path="/b/")
    call(app, path="/a/")
    assert inner.calls == 3


@pytest.mark.django_db
def test_a_published_versions_pdf_is_marked_as_immutable(client, policy):
    published_version_with_sections(policy, sections=1, number=1)
    response = client.get("/politik/medborgerpolitik/version/1/pdf/")
    b"".join(response.streaming_content)
    assert response[MARKER] == "1"
