"""Every public page, in Danish and English, is valid HTML according to the Nu HTML checker.

The pages are rendered through the test client, written to a temporary folder and checked with
one run of `vnu.jar` (npm `vnu-jar`; it needs Java), because the checker is slow to start. The
error pages (500, 503, 429) are made by the portal's handlers, in both languages, and checked too.
"""

from __future__ import annotations

import datetime
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from engagement.models import Event, Invitation, Registration
from hearing.models import HearingResponse
from policy import services
from policy.models import Comment, Policy
from process.models import Body, Handling, Party, Process
from tests.error_pages import error_page
from tests.factories import published_version_with_sections
from tests.hearing.factories import HearingFactory, HearingResponseFactory

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


def _public_pages() -> list[tuple[str, int]]:
    """Build the Ishøj data plus a comment, a hearing and a handling; return (path, status)."""
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    policy = Policy.objects.get(slug="medborgerpolitik")
    process = Process.objects.get(policy=policy)
    first = policy.versions.get(number=1)
    published_version_with_sections(policy, sections=3, number=2, label="Høringsudkast")
    section = first.sections.order_by("order").first()
    comment = Comment.objects.create(
        policy=policy,
        section=section,
        section_key=section.key,
        author_name="Ole",
        body="Godt skrevet om fællesskab.",
        status=Comment.Status.PUBLISHED,
    )
    unconfirmed = services.comment_create(
        section=section, body="Flere bænke i parken.", name="Ida", email="ida@example.org"
    )
    Handling.objects.create(
        process=process,
        body=Body.objects.first(),
        meeting_date=datetime.date(2026, 12, 1),
        agenda_item_title="Medborgerpolitik til høring",
        version=first,
        decision=Handling.Decision.APPROVED,
    )
    handling = Handling.objects.get()
    meeting = Event.objects.get(kind=Event.Kind.CITIZEN_MEETING)
    workshop = Event.objects.get(kind=Event.Kind.STAFF_WORKSHOP)
    registration = Registration.objects.create(
        event=meeting, name="Bo Berg", email="bo@example.org"
    )
    stakeholder = Party.objects.create(
        name="Ishøj Fællesråd",
        kind=Party.Kind.COUNCIL,
        email="r@example.org",
    )
    invitation = Invitation.objects.create(event=meeting, stakeholder=stakeholder)
    hearing = HearingFactory(process=process, version=first)
    answered = HearingResponseFactory(
        hearing=hearing,
        section=section,
        status=HearingResponse.Status.PUBLISHED,
        published_at=timezone.now(),
        summary="Mere om frivillighed.",
        comment="Vi tilføjer et afsnit.",
        led_to_change=True,
        answered_at=timezone.now(),
    )
    hearing.notat_published_at = timezone.now()
    hearing.save(update_fields=["notat_published_at"])
    slug = policy.slug
    return [
        ("/", 200),
        (f"/politik/{slug}/", 200),
        (f"/politik/{slug}/?tema=frivillighed", 200),
        (f"/politik/{slug}/version/1/", 200),
        (f"/politik/{slug}/versioner/", 200),
        (f"/politik/{slug}/sammenlign/1/2/", 200),
        (f"/politik/{slug}/version/1/afsnit/{section.key}/", 200),
        (f"/politik/{slug}/soeg/?q=f%C3%A6llesskab", 200),
        (f"/politik/{slug}/soeg/", 200),
        (f"/politik/{slug}/soeg/?q=", 200),
        (f"/kommentar/{comment.pk}/anmeld/", 200),
        (f"/kommentar/bekraeft/{unconfirmed.token}/", 200),
        ("/kommentar/bekraeft/ukendt/", 404),
        (f"/proces/{slug}/", 200),
        (f"/proces/{slug}/behandlinger/{handling.pk}/", 200),
        ("/arrangementer/", 200),
        (f"/arrangementer/for/{slug}/", 200),
        (f"/arrangementer/{meeting.pk}/", 200),
        (f"/arrangementer/{workshop.pk}/", 200),
        (f"/tilmelding/{registration.token}/", 200),
        (f"/invitation/{invitation.token}/", 200),
        (f"/hoering/{slug}/", 200),
        (f"/hoering/kvittering/{answered.tracking}/", 200),
        (f"/hoering/{slug}/notat/", 200),
        ("/tilgaengelighed/", 200),
        ("/privatliv/", 200),
        ("/kontrol/", 200),
        ("/konto/login/", 200),
        ("/konto/signup/", 200),
        ("/konto/password/reset/", 200),
        ("/findes-ikke/", 404),
    ]


def _render_all(client, folder: Path) -> dict[str, str]:
    """Fetch every public page in both languages and write it to `folder`; map file → URL."""
    files: dict[str, str] = {}
    for path, status in _public_pages():
        for prefix in ("", "/en"):
            url = f"{prefix}{path}"
            response = client.get(url)
            assert response.status_code == status, f"{url} answered {response.status_code}"
            name = folder / f"page-{len(files):03d}.html"
            name.write_bytes(response.content)
            files[str(name.resolve())] = url
    # The sign-up form of an event with its error messages, as a reader sees it after a POST.
    meeting = Event.objects.get(kind=Event.Kind.CITIZEN_MEETING)
    for prefix in ("", "/en"):
        url = f"{prefix}/arrangementer/{meeting.pk}/"
        response = client.post(url, {})
        assert response.status_code in (200, 400), f"POST {url} answered {response.status_code}"
        name = folder / f"page-{len(files):03d}.html"
        name.write_bytes(response.content)
        files[str(name.resolve())] = f"POST {url} (with errors)"
    # A comment too long for its limit: the error summary and the character limit.
    policy = Policy.objects.get(slug="medborgerpolitik")
    section = policy.versions.get(number=2).sections.order_by("order").first()
    for prefix in ("", "/en"):
        url = f"{prefix}/politik/{policy.slug}/version/2/afsnit/{section.key}/"
        response = client.post(url, {"body": "x" * 4001, "name": "Bo", "email": "bo@example.org"})
        assert response.status_code == 400, f"POST {url} answered {response.status_code}"
        name = folder / f"page-{len(files):03d}.html"
        name.write_bytes(response.content)
        files[str(name.resolve())] = f"POST {url} (a comment too long)"
    # The error pages: a bug, a lost database, too many requests.
    for kind in ("500", "503", "429"):
        for language in ("da", "en"):
            status, content = error_page(kind, language)
            assert status == int(kind)
            name = folder / f"page-{len(files):03d}.html"
            name.write_bytes(content)
            files[str(name.resolve())] = f"the {kind} page ({language})"
    return files


def test_every_public_page_in_both_languages_is_valid_html(client, tmp_path):
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML checker: ./portal setup installs it."
    assert VNU_JAR.exists(), "Run `npm ci` to install vnu-jar."
    files = _render_all(client, tmp_path)
    run = subprocess.run(  # noqa: S603 (a fixed command over files this test wrote)
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    lines = [f"The Nu HTML checker found {len(errors)} error(s):"]
    for message in errors:
        file = message.get("url", "").removeprefix("file:")
        where = files.get(file, file)
        lines.append(
            f"- {where} line {message.get('lastLine', '?')}: {message.get('message')}"
            f" [{message.get('extract', '').strip()}]"
        )
    assert not errors, "\n".join(lines)
    assert len(files) == 72
