"""The WCAG 2.2 AA audit: axe on every page of the portal, in Danish and English, as the public
sees it and as each staff role sees it after logging in with a password and a two-factor code,
and the version's text in a right-to-left translation.

The pages are not listed here: every named URL pattern gets a concrete URL from the seeded world
of `tests/medborger/url_walk.py`, and each one that answers a role with an HTML page is
audited, so a page added tomorrow is audited tomorrow. Django's own admin is left out (it is not
the portal's interface), as are downloads (PDF, CSV, XLSX, calendars).
"""

from __future__ import annotations

import os

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from policy import services as policy_services
from tests.e2e.conftest import axe_check
from tests.e2e.test_security_mfa import current_code
from tests.medborger.url_walk import all_patterns, build_world, fetch, load_ishoj, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_ROLES = ["project_member", "steering_member", "coordinator"]
PASSWORD = "et-langt-kodeord-til-revision"


@pytest.fixture
def policy(transactional_db):
    from policy.models import Policy

    load_ishoj()
    return Policy.objects.get(slug="medborgerpolitik")


@pytest.fixture
def process(policy):
    from process.models import Process

    return Process.objects.get(policy=policy)


@pytest.fixture
def world(process, steering_member, project_member, coordinator, committee_member, employee):
    world = build_world(
        steering_member=steering_member, project_member=project_member, coordinator=coordinator
    )
    # The world's Arabic translation, finished and published: its pages are right to left.
    translation = world.version.translations.get(language="ar")
    policy_services.translation_update(
        translation=translation,
        sections={
            s.key: (f"القسم {s.order}", f"نص القسم رقم {s.order}.")
            for s in world.version.sections.all()
        },
        easy_read="هذه السياسة تخص كل المواطنين.",
    )
    policy_services.translation_publish(translation=translation, user=coordinator)
    return world


def html_pages(client: Client, world) -> list[str]:
    """The URLs (Danish) that answer this client with an HTML page."""
    found = []
    for pattern in all_patterns():
        if pattern.name.startswith("admin:") or "<" in pattern.name:
            continue
        with translation.override("da"):  # a request under /en/ leaves English active
            url = url_for(pattern, world)
        response, _body = fetch(client, url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found.append(url)
    return found


def rtl_pages(world) -> list[str]:
    base = world.version.get_absolute_url()
    return [f"{base}?tekst=ar", f"{world.policy.get_absolute_url()}?tekst=ar"]


def _log_in_with_two_factor(page, live_server, user, secret: str) -> None:
    page.goto(f"{live_server.url}/konto/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}/konto/2fa/authenticate/")
    for _attempt in range(3):  # a code typed as its 30 seconds run out is refused: try the next
        page.fill("input[name=code]", current_code(secret))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        if not page.url.endswith("/konto/2fa/authenticate/"):
            break
        page.wait_for_timeout(2_000)
    expect(page).not_to_have_url(f"{live_server.url}/konto/2fa/authenticate/")


# WCAG 2.2 2.4.11 Focus Not Obscured, which axe cannot check: each control that takes focus
# from the keyboard, once focused (the browser scrolls it into view), is at least partly
# visible: the topmost element at one of its points is the control or inside it.
_OBSCURED = """() => {
  const found = [];
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]');
  for (const el of controls) {
    if (el.tabIndex < 0 || el.disabled || el.closest('[hidden], [aria-hidden=true]')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    el.style.transition = 'none';  // judge where focus ends, not a slide-in on its way
    el.focus();
    if (document.activeElement !== el) continue;
    el.getAnimations().forEach(a => a.finish());
    const boxes = Array.from(el.getClientRects()).filter(r => r.width > 0 && r.height > 0);
    if (!boxes.length) continue;
    const seen = boxes.some(r => [[0.5, 0.5], [0.1, 0.1], [0.9, 0.9]].some(([x, y]) => {
      const px = r.left + r.width * x, py = r.top + r.height * y;
      if (px < 0 || py < 0 || px >= innerWidth || py >= innerHeight) return false;
      const top = document.elementFromPoint(px, py);
      return top && (top === el || el.contains(top) || top.contains(el) ||
                     (el.labels && Array.from(el.labels).some(l => l.contains(top))));
    }));
    if (!seen) found.push(el.outerHTML.slice(0, 120));
  }
  return found;
}"""


def _audit(page, live_server, urls: list[str], who: str) -> int:
    audited = 0
    for url in urls:
        for prefix in ("", "/en"):
            page.goto(f"{live_server.url}{prefix}{url}")
            axe_check(page, context=f"{prefix}{url} as {who}")
            obscured = page.evaluate(_OBSCURED)
            assert not obscured, f"{prefix}{url} as {who}: focus hidden on {obscured}"
            audited += 1
    return audited


def _report(line: str) -> None:
    path = os.environ.get("AUDIT_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as report:
            report.write(line + "\n")


def test_every_public_page_and_the_rtl_translation_pass_axe(page, live_server, world, settings):
    settings.RATELIMIT_ENABLE = False
    urls = html_pages(Client(), world)
    assert len(urls) > 20, urls
    count = _audit(page, live_server, urls + rtl_pages(world), "anonymous")
    _report(f"public: {len(urls)} pages + 2 right-to-left pages, {count} audited, 0 violations")


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_staff_page_passes_axe_for_each_staff_role(
    page, live_server, world, settings, role, request
):
    settings.RATELIMIT_ENABLE = False
    settings.STAFF_REQUIRE_MFA = True
    user = request.getfixturevalue(role)
    user.set_password(PASSWORD)
    user.save()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    client.force_login(user)
    public = set(html_pages(Client(), world))
    urls = [url for url in html_pages(client, world) if url not in public]
    assert any(url.startswith("/styring/") for url in urls), urls
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in_with_two_factor(page, live_server, user, secret)
    count = _audit(page, live_server, urls, role)
    _report(f"{role}: {len(urls)} staff pages, {count} audited (390 px), 0 violations")
