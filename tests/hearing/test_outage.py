"""Nothing acknowledged is lost when PostgreSQL goes away in the middle of a burst of responses.

The portal runs as in production (gunicorn, DEBUG off) on a PostgreSQL server of the test's own.
Eight citizens send hearing responses through the real form, as a browser does (GET the page for
the CSRF cookie and the form's idempotency key, then POST). Two seconds in, the database is
stopped — cleanly, or killed as in a crash — and four more citizens, who opened the form before,
press send; the database is started again a few seconds later. Afterwards:

- every response the portal acknowledged (a redirect to its receipt) is in the database, and so
  is every receipt e-mail's tracking number: no false receipt, by page or by mail;
- every request that failed got the portal's clear 503 page in the citizen's language, never a
  receipt, a 500 or a dropped connection;
- the citizens whose request failed do what the page tells them (go back, send the same form
  again): then every form sent is stored exactly once, and every respondent gets a receipt.
"""

from __future__ import annotations

import html
import http.client
import re
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

import pytest

from bench.common import CSRF_TOKEN

pytestmark = pytest.mark.service

HEARING = "/hoering/medborgerpolitik/"
IDEMPOTENCY_KEY = re.compile(r'name="idempotency_key" value="([0-9a-f]+)"')
RECEIPT = re.compile(r"^/(?:en/)?hoering/kvittering/(H-[0-9]{4}-[0-9A-Z]+)/$")
TRACKING_IN_MAIL = re.compile(r"\bH-[0-9]{4}-[0-9A-Z]{8}\b")
OUTAGE_PAGE = {
    "da": "Portalen er midlertidigt utilgængelig",
    "en": "The portal is temporarily unavailable",
}


@dataclass
class Sent:
    """One form as a citizen filled it in, and what the portal answered each time it was sent."""

    key: str
    body: str
    cookie: str
    language: str
    answers: list[tuple[int, str, str]] = field(default_factory=list)  # status, Location, page

    @property
    def acknowledged(self) -> str | None:
        """The tracking number of the receipt the portal redirected to, if it did."""
        for status, location, _page in self.answers:
            match = RECEIPT.match(location)
            if status == 302 and match:
                return match.group(1)
        return None


class Citizen:
    """A browser: one connection, the CSRF cookie, the form's hidden fields."""

    def __init__(self, port: int, number: int, language: str) -> None:
        self.port = port
        self.number = number
        self.language = language
        self.prefix = "/en" if language == "en" else ""
        self.failed_gets: list[tuple[int, str]] = []

    def _request(self, method: str, path: str, **kwargs) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, **kwargs)
            response = conn.getresponse()
            page = response.read().decode()
            return response.status, dict(response.getheaders()), page
        except OSError as error:
            return 0, {}, f"{type(error).__name__}: {error}"
        finally:
            conn.close()

    def fill_in(self, n: int) -> Sent | None:
        status, headers, page = self._request("GET", self.prefix + HEARING)
        if status != 200:
            self.failed_gets.append((status, page))
            return None
        token, key = CSRF_TOKEN.search(page), IDEMPOTENCY_KEY.search(page)
        assert token and key, "the hearing page has no response form"
        fields = {
            "csrfmiddlewaretoken": token.group(1),
            "idempotency_key": key.group(1),
            "kind": "person",
            "name": f"Borger {self.number}-{n}",
            "email": f"borger{self.number}-{n}@example.org",
            "text": "Politikken bør nævne foreningerne og de unge tydeligere.",
            "consent": "yes",
            "website": "",
        }
        return Sent(
            key=key.group(1),
            body=urllib.parse.urlencode(fields),
            cookie=headers.get("Set-Cookie", "").split(";")[0],
            language=self.language,
        )

    def send(self, sent: Sent) -> int:
        path = self.prefix + HEARING
        status, headers, page = self._request(
            "POST",
            path,
            body=sent.body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": sent.cookie,
                "Referer": f"http://127.0.0.1:{self.port}{path}",
            },
        )
        sent.answers.append((status, headers.get("Location", ""), page))
        return status


def _burst(
    port: int, stop: threading.Event, clients: int = 8
) -> tuple[list[Sent], list[Citizen], list[threading.Thread]]:
    sent: list[Sent] = []
    lock = threading.Lock()
    citizens = [Citizen(port, i, "en" if i % 2 else "da") for i in range(clients)]

    def run(citizen: Citizen) -> None:
        n = 0
        while not stop.is_set():
            form = citizen.fill_in(n)
            if form is None:
                time.sleep(0.1)  # the page itself did not load: look again in a moment
                continue
            citizen.send(form)
            with lock:
                sent.append(form)
            n += 1

    threads = [threading.Thread(target=run, args=(c,)) for c in citizens]
    for thread in threads:
        thread.start()
    return sent, citizens, threads


def _health(port: int) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/sundhed/")
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_no_acknowledged_response_is_lost_when_the_database_stops_mid_burst(
    served_portal, portal_cluster, mode
):
    cluster = portal_cluster[0]
    portal = served_portal(workers=2)
    before = {row[0] for row in portal.query("SELECT tracking FROM engagement_hearingresponse")}

    # Some citizens opened the form before the outage and press send during it.
    writers = [Citizen(portal.port, 100 + i, "en" if i % 2 else "da") for i in range(4)]
    held = [writer.fill_in(0) for writer in writers]
    stop = threading.Event()
    sent, citizens, threads = _burst(portal.port, stop)
    try:
        # Two seconds of traffic, and at least as many forms as citizens: on a busy machine
        # the first ones take longer, and the outage must come in the middle of the burst.
        started = time.monotonic()
        while len(sent) < len(citizens) and time.monotonic() - started < 60:
            time.sleep(0.1)
        time.sleep(max(0.0, 2.0 - (time.monotonic() - started)))
        stored_before_outage = len(sent)
        cluster.stop(mode)
        health_during = _health(portal.port)
        for writer, form in zip(writers, held, strict=True):
            assert writer.send(form) == 503, form.answers[-1][2][:300]
        sent.extend(held)
        citizens.extend(writers)
        time.sleep(3.0)
        cluster.start()
        cluster.wait_until_ready()
        time.sleep(4.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        if not cluster.is_running():
            cluster.start()
    assert not any(thread.is_alive() for thread in threads)
    assert health_during == 503
    assert _health(portal.port) == 200

    # The fault was real: responses went through before it, failed during it and after it
    # went through again.
    answers = [a for form in sent for a in form.answers]
    failed = [form for form in sent if form.acknowledged is None]
    assert stored_before_outage > 0
    assert len(failed) >= len(held), "the forms sent during the outage did not fail"
    assert any(form.acknowledged for form in sent[-8:]), "nothing went through after the restart"

    # Every failure, of the form or of the page before it, is the clear 503 page in the
    # citizen's language: never a receipt, a 500 or a dropped connection.
    for form in failed:
        status, location, page = form.answers[-1]
        assert status == 503, (status, page[:300])
        assert location == ""
        assert OUTAGE_PAGE[form.language] in html.unescape(page)
        assert f'lang="{form.language}"' in page
        assert "/hoering/kvittering/" not in page and not TRACKING_IN_MAIL.search(page)
    for citizen in citizens:
        for status, page in citizen.failed_gets:
            assert status == 503, (status, page[:300])
            assert OUTAGE_PAGE[citizen.language] in html.unescape(page)
    assert all(status in (302, 503) for status, _, _ in answers)

    # Every acknowledged response is in the database.
    stored = {
        key: tracking
        for key, tracking in portal.query(
            "SELECT idempotency_key, tracking FROM engagement_hearingresponse "
            "WHERE idempotency_key IS NOT NULL"
        )
    }
    acknowledged = {form.key: form.acknowledged for form in sent if form.acknowledged}
    assert {key: stored.get(key) for key in acknowledged} == acknowledged

    # Those whose request failed go back and send the same form again, as the page tells them.
    citizen_by_language = {c.language: c for c in citizens}
    for form in failed:
        assert citizen_by_language[form.language].send(form) == 302, form.answers[-1][2][:300]
    stored = dict(
        portal.query(
            "SELECT idempotency_key, tracking FROM engagement_hearingresponse "
            "WHERE idempotency_key IS NOT NULL"
        )
    )
    count = portal.query(
        "SELECT count(*) FROM engagement_hearingresponse WHERE idempotency_key IS NOT NULL"
    )[0][0]
    assert count == len(stored) == len(sent), "a form was stored twice, or not at all"
    assert {form.key for form in sent} == set(stored)
    for form in sent:
        assert form.acknowledged == stored[form.key]

    # No receipt e-mail names a response that is not stored; once a worker has run the queue
    # and the mail retry job (which the worker runs every ten minutes) has sent what was never
    # enqueued, every respondent has a receipt. Delivery is at least once: a receipt sent just
    # before the database went, whose "sent" mark could not be written, may go out again. Only
    # the requests in flight at that moment can meet that.
    portal.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0")
    portal.manage("run_job", "mail-retry")
    trackings = set(stored.values())
    mailed = [t for mail in portal.mails() for t in set(TRACKING_IN_MAIL.findall(mail))]
    assert set(mailed) - before <= trackings
    receipts = Counter(t for t in mailed if t not in before)
    assert set(receipts) == trackings, "a respondent got no receipt"
    twice = sorted(t for t, n in receipts.items() if n > 1)
    assert len(twice) <= len(citizens) and all(receipts[t] == 2 for t in twice), twice
    print(
        f"{mode} stop: {len(sent)} forms sent, {len(acknowledged)} acknowledged at once, "
        f"{len(failed)} answered 503 and stored when sent again, "
        f"{sum(len(c.failed_gets) for c in citizens)} page loads answered 503, "
        f"{len(twice)} receipts sent twice"
    )
