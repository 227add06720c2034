"""Two app servers, as two machines behind a load balancer would run them: two gunicorn
instances on their own ports, one background worker, one PostgreSQL and one Redis. Requests
alternate between the servers; whatever one of them does, the other must see."""

from __future__ import annotations

import hashlib
import http.client
import re
import subprocess
import sys
import time
import urllib.parse
from itertools import cycle

import pytest

from tests.deploy.conftest import running_redis, unstarted_portal
from tests.served import ROOT

pytestmark = pytest.mark.service

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """A visitor with a cookie jar who may be sent to either server."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, fields: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{port}{path}"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return response.status, response.headers, content

    def form(self, port: int, path: str) -> str:
        status, _, content = self.request(port, "GET", path)
        assert status == 200, path
        return CSRF.search(content.decode()).group(1)


@pytest.fixture(scope="module")
def two_servers(portal_cluster, tmp_path_factory):
    """Started once for this module's tests, which each use data of their own."""
    work = tmp_path_factory.mktemp("two-servers")
    with running_redis(work) as redis_url, unstarted_portal(portal_cluster, work) as portal:
        portal.environment.update({"REDIS_URL": redis_url, "RATELIMIT_ENABLE": "true"})
        first = portal.start_server(workers=2)
        second = portal.start_server(workers=2)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT,
            env=portal.environment,
            stdout=subprocess.DEVNULL,
        )
        try:
            yield portal, first, second
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def wait_for_mail(portal, needle: str, timeout: float = 60) -> str:
    """The mail the worker sent that contains `needle`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for mail in portal.mails():
            if needle in mail:
                return mail
        time.sleep(0.3)
    raise AssertionError(f"the worker sent no mail with {needle!r}")


def test_a_session_made_on_one_server_is_valid_on_the_other(two_servers):
    portal, first, second = two_servers
    portal.manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        "from allauth.account.models import EmailAddress\n"
        "user = get_user_model().objects.create_user('to-servere', 'to.servere@example.org',"
        " 'et-langt-kodeord-til-testen')\n"
        "EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)\n",
    )
    visitor = Browser()
    token = visitor.form(first, "/konto/login/")
    status, _, _ = visitor.request(
        first,
        "POST",
        "/konto/login/",
        {
            "csrfmiddlewaretoken": token,
            "login": "to.servere@example.org",
            "password": "et-langt-kodeord-til-testen",
        },
    )
    assert status == 302, "the login on the first server failed"

    status, _, content = visitor.request(second, "GET", "/konto/email/")
    assert status == 200
    assert "to.servere@example.org" in content.decode()

    anonymous = Browser()
    assert anonymous.request(second, "GET", "/konto/email/")[0] == 302


def test_a_rate_limit_counts_requests_on_both_servers(two_servers):
    _, first, second = two_servers
    visitor = Browser()
    token = visitor.form(first, "/kontrol/")
    statuses = []
    for port, _ in zip(cycle([first, second]), range(21), strict=False):
        fields = {"csrfmiddlewaretoken": token, "sha256": "0" * 64}
        statuses.append(visitor.request(port, "POST", "/kontrol/", fields)[0])
    # 20 a minute per address: ten on each server, then the 21st is refused wherever it lands.
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_a_comment_posted_on_one_server_appears_on_the_other(two_servers):
    portal, first, second = two_servers
    section_path = portal.seeded["comment_path"]
    marker = f"Et bidrag sendt til den første server {time.time_ns()}"
    visitor = Browser()
    token = visitor.form(first, section_path)
    status, _, _ = visitor.request(
        first,
        "POST",
        section_path,
        {
            "csrfmiddlewaretoken": token,
            "website": "",
            "body": marker,
            "name": "Alma To-Servere",
            "email": "alma.to.servere@example.org",
        },
    )
    assert status == 302

    # The worker (a third process) sends the confirmation; the link is followed on the other
    # server, and the comment shows on the first.
    mail = wait_for_mail(portal, "alma.to.servere@example.org")
    confirm = re.search(r"(/(?:en/)?kommentar/bekraeft/[^/\s]+/)", mail).group(1)
    token = visitor.form(second, confirm)
    assert visitor.request(second, "POST", confirm, {"csrfmiddlewaretoken": token})[0] == 302

    _, _, page = Browser().request(first, "GET", section_path)
    assert marker in page.decode()


def test_a_pdf_rendered_by_one_server_is_streamed_by_the_other(two_servers):
    portal, first, second = two_servers
    path = portal.seeded["pdf_path"]
    status, headers, rendered = Browser().request(first, "GET", path)
    assert status == 200
    status, again_headers, streamed = Browser().request(second, "GET", path)
    assert status == 200
    assert streamed == rendered
    assert again_headers["X-Content-SHA256"] == headers["X-Content-SHA256"]
    assert hashlib.sha256(streamed).hexdigest() == headers["X-Content-SHA256"]
    assert portal.query("select count(*) from policy_snapshot")[0][0] == 1


def test_requests_alternating_between_servers_all_succeed(two_servers):
    portal, first, second = two_servers
    pages = list(portal.seeded["pages"].values())
    statuses = [
        Browser().request(port, "GET", path)[0]
        for port, path in zip(cycle([first, second]), pages * 4, strict=False)
    ]
    assert statuses == [200] * len(pages) * 4
