"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live_server.

Helpers:
- `axe_check(page)` runs axe-core (from node_modules) on the page and fails on any violation.
- `log_in(page, live_server, user)` puts a logged-in session cookie into the browser.
"""

from __future__ import annotations

import os
import shutil
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK", "timezone_id": "Europe/Copenhagen"}


@pytest.fixture(autouse=True)
def _close_contexts_the_test_opened(request):
    """A journey that opens its own browser contexts (two people, a phone) closes them at its
    end; when it fails before that, close them here, or their open connections outlive the test
    and the live server's threads fail in a later one."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    yield
    for context in browser.contexts:
        if context not in before:
            context.close()


@pytest.fixture(autouse=True)
def _page_timeouts(request):
    if "page" in request.fixturenames:
        page = request.getfixturevalue("page")
        page.set_default_timeout(15_000)


def axe_check(page, *, context: str = "") -> None:
    """Run axe (WCAG 2.2 A/AA rules and best practices) and fail with a readable list."""
    page.evaluate(AXE_PATH.read_text())  # evaluated, not injected: the page's CSP stays on
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    violations = result["violations"]
    if violations:
        lines = [f"axe found {len(violations)} violation(s) on {context or page.url}:"]
        for violation in violations:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
            )
        pytest.fail("\n".join(lines))


def log_in(page, live_server, user) -> None:
    """Give the browser a session for `user` without going through the login form."""
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
