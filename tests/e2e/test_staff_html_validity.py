"""Every staff page, as each staff role sees it, in Danish and English, is valid HTML according
to the Nu HTML checker (one run of npm `vnu-jar` over all of them).

The pages come from the URL patterns and the seeded world of `tests/medborger/url_walk.py`, so
a new staff page is checked without being listed here. Django's own admin is left out."""

# ruff: noqa: S603 - a fixed command (java -jar vnu.jar) over files this test wrote
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from django.test import Client
from django.utils import translation

from tests.e2e.test_html_validity import VNU_JAR
from tests.medborger.url_walk import all_patterns, build_world, fetch, load_ishoj, url_for

pytestmark = pytest.mark.django_db

STAFF_ROLES = ["project_member", "steering_member", "coordinator", "committee_member"]


@pytest.fixture
def policy(db):
    from policy.models import Policy

    load_ishoj()
    return Policy.objects.get(slug="medborgerpolitik")


@pytest.fixture
def process(policy):
    from process.models import Process

    return Process.objects.get(policy=policy)


@pytest.fixture
def world(process, steering_member, project_member, coordinator, committee_member, employee):
    return build_world(
        steering_member=steering_member, project_member=project_member, coordinator=coordinator
    )


def _html_pages(client: Client, world) -> dict[str, bytes]:
    found = {}
    for pattern in all_patterns():
        if pattern.name.startswith("admin:") or "<" in pattern.name:
            continue
        with translation.override("da"):  # a request under /en/ leaves English active
            url = url_for(pattern, world)
        for prefix in ("", "/en"):
            response, body = fetch(client, f"{prefix}{url}")
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                found[f"{prefix}{url}"] = body
    return found


def test_every_staff_page_for_each_staff_role_is_valid_html(world, request, tmp_path, settings):
    settings.RATELIMIT_ENABLE = False
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML checker: ./portal setup installs it."
    public = _html_pages(Client(), world)
    files: dict[str, str] = {}
    for role in STAFF_ROLES:
        client = Client()
        client.force_login(request.getfixturevalue(role))
        for url, body in _html_pages(client, world).items():
            if url in public and public[url] == body:
                continue  # the public page, checked by test_html_validity
            name = tmp_path / f"page-{len(files):03d}.html"
            name.write_bytes(body)
            files[str(name.resolve())] = f"{url} as {role}"
    staff_urls = {where.split(" as ")[0] for where in files.values()}
    assert any(url.startswith("/styring/") for url in staff_urls), staff_urls
    assert any(url.startswith("/en/styring/") for url in staff_urls), staff_urls
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    lines = [f"The Nu HTML checker found {len(errors)} error(s) on {len(files)} pages:"]
    for message in errors:
        file = message.get("url", "").removeprefix("file:")
        lines.append(
            f"- {files.get(file, file)} line {message.get('lastLine', '?')}: "
            f"{message.get('message')} [{message.get('extract', '').strip()}]"
        )
    print(f"Nu HTML checker: {len(files)} staff pages, {len(errors)} errors")
    assert not errors, "\n".join(lines)
