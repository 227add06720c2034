"""The portal has one name, set once (`SITE_NAME`), in page titles, the header, e-mails, PDFs
and calendar files. It was once "Medborgerportalen" on pages, "borgerinddragelsesportalen" in
e-mails and "Medborger portal" in PDFs."""

from __future__ import annotations

import io
import re
from pathlib import Path

import icalendar
import pypdf
import pytest
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from medborger.pdf import pdf_render
from medborger.views import server_error
from policy.selectors import published_version
from privacy import services as gdpr
from tests.factories import EventFactory, published_version_with_sections

pytestmark = pytest.mark.django_db

NAME = "Testportalen"
OTHER_NAMES = re.compile(
    r"medborger portal|borgerinddragelsesportal|citizen participation portal|medborgerportal",
    re.IGNORECASE,
)


@pytest.fixture(autouse=True)
def _named(settings):
    settings.SITE_NAME = NAME


def test_the_default_name_is_medborgerportalen():
    from medborger import settings as defaults

    assert defaults.SITE_NAME == "Medborgerportalen"


def test_no_template_or_translation_names_the_portal_on_its_own():
    """Only the setting names the portal; a written-out name would be a second one."""
    root = Path(settings.BASE_DIR)
    files = [
        *root.glob("templates/**/*.html"),
        *root.glob("*/templates/**/*.html"),
        *root.glob("*/templates/**/*.txt"),
        *root.glob("*/locale/*/LC_MESSAGES/django.po"),
        *root.glob("*/*.py"),
    ]
    assert len(files) > 100
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in files
        if "settings" not in path.name
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")  # comments in catalogs and code may say what it is
        for match in OTHER_NAMES.finditer(line)
    ]
    assert found == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_pages_carry_the_name_in_the_title_and_header(client, policy, prefix):
    home = client.get(prefix + "/").content.decode()
    assert f"<title>{NAME} – Ishøj Kommune</title>" in home
    assert f">{NAME}</a>" in home  # the header's link home
    events = client.get(prefix + "/arrangementer/")
    assert events.status_code == 200
    events = events.content.decode()
    title = re.search(r"<title>(.*?)</title>", events, re.S).group(1)
    assert title.endswith(f" – {NAME}, Ishøj Kommune")
    privacy = client.get(prefix + "/privatliv/").content.decode()
    assert f"på {NAME}." in privacy or f"on {NAME}." in privacy


def test_the_error_page_needs_no_context_processor_for_the_name():
    request = RequestFactory().get("/")
    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(request)
    assert f"– {NAME}</title>" in response.content.decode()


def test_the_my_data_e_mail_names_the_portal(policy):
    gdpr.gdpr_link_send(email="bente@example.org", language="da")
    gdpr.gdpr_link_send(email="bente@example.org", language="en")
    danish, english = mail.outbox
    assert danish.subject == f"Dine data på {NAME}"
    assert f"de data, {NAME} har om denne e-mailadresse" in danish.body
    assert english.subject == f"Your data on {NAME}"
    assert f"the data {NAME} holds" in english.body


def test_the_member_invitation_names_the_portal(
    client, process, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("process:member-list", kwargs={"policy": process.policy.slug}),
            {
                "email": "lisbet@ishoj.dk",
                "first_name": "Lisbet",
                "last_name": "Lentz",
                "group": "steering",
                "department": "Undervisning og Velfærd",
            },
        )
    [invitation] = [m for m in mail.outbox if m.to == ["lisbet@ishoj.dk"]]
    assert f"på {NAME}." in invitation.body


def test_pdfs_name_the_portal_as_their_creator_and_in_the_text(policy):
    published_version_with_sections(policy, sections=1, number=1)
    version = published_version(policy, 1)
    data = pdf_render(
        template_name="policy/pdf/version.html",
        context={
            "policy": policy,
            "version": version,
            "sections": version.sections.all(),
            "watermark_url": "",
            "verification_url": "https://medborger.example.org/kontrol/",
            "version_url": "https://medborger.example.org/politik/medborgerpolitik/version/1/",
        },
    )
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata.creator == NAME
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert f"dannet af {NAME}, Ishøj Kommune." in text


def test_calendar_files_name_the_portal(client, process):
    event = EventFactory(process=process)
    content = client.get(reverse("engagement:event-calendar", kwargs={"pk": event.pk})).content
    assert str(icalendar.Calendar.from_ical(content)["prodid"]) == f"-//Ishøj Kommune//{NAME}//DA"
