"""Every export speaks one CSV dialect: UTF-8 with BOM, `;`, CRLF, formulas defused.

Half of the exports once used `,` and opened in one column in Danish Excel. Each export is
fetched here and its bytes are read as they are, without a csv module guessing for us.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from medborger import exports
from policy import services as policy_services
from tests.engagement.factories import RegistrationFactory
from tests.factories import EventFactory
from tests.hearing.factories import HearingFactory, HearingResponseFactory
from tests.policy.factories import CommentFactory

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"
FORMULA = '=HYPERLINK("http://x.invalid";"klik")'


def assert_portal_csv(content: bytes, *, first_header: str, columns: int, rows: int) -> list:
    """The bytes are the portal's dialect; returns the rows as lists of cells."""
    assert content.startswith(BOM + first_header.encode() + b";")
    text = content[len(BOM) :].decode("utf-8")
    header_line, _, _rest = text.partition("\r\n")
    assert "\n" not in header_line and header_line.count(";") == columns - 1
    assert text.endswith("\r\n")
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True))
    assert len(table) == rows
    assert all(len(cells) == columns for cells in table)
    return table


def test_the_writer_quotes_defuses_and_keeps_numbers():
    data = exports.csv_bytes(
        header=["Navn", "Tal", "Tekst"],
        rows=[["Åse", -3, FORMULA], ["@bob", 2.5, "a;b"], ["+45 12", None, "linje\nto"]],
    )
    assert (
        data
        == BOM
        + (
            "Navn;Tal;Tekst\r\n"
            'Åse;-3;"\'=HYPERLINK(""http://x.invalid"";""klik"")"\r\n'
            '\'@bob;2.5;"a;b"\r\n'
            '\'+45 12;;"linje\nto"\r\n'
        ).encode()
    )


@pytest.fixture
def approved_version(published_version, steering_member):
    from process.services import version_approve

    version_approve(version=published_version, user=steering_member)
    return published_version


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_comments_csv_is_in_the_portal_dialect(coordinator_client, coordinator, published_version):
    section = published_version.sections.first()
    comment = CommentFactory(section=section, author_name="Åse Ærø", body=FORMULA)
    policy_services.comment_reply(comment=comment, body="-Tak", user=coordinator)
    response = coordinator_client.get(
        reverse("policy:comments-export-csv", kwargs={"policy": "medborgerpolitik"})
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    table = assert_portal_csv(response.content, first_header="ID", columns=13, rows=2)
    assert table[1][5] == "Åse Ærø"
    assert table[1][10] == "'-Tak"


def test_comments_xlsx_goes_through_the_same_writer(
    coordinator_client, coordinator, published_version
):
    CommentFactory(section=published_version.sections.first(), body=FORMULA)
    response = coordinator_client.get(
        reverse("policy:comments-export-xlsx", kwargs={"policy": "medborgerpolitik"})
    )
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][8] == "'" + FORMULA


def test_registrations_csv_is_in_the_portal_dialect(coordinator_client, process):
    meeting = EventFactory(process=process)
    RegistrationFactory(event=meeting, name=FORMULA, organisation="Ishøj, Vest")
    RegistrationFactory(event=meeting, name="Bo")
    response = coordinator_client.get(
        reverse("engagement:staff-registrations-csv", kwargs={"pk": meeting.pk})
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    table = assert_portal_csv(response.content, first_header="Navn", columns=10, rows=3)
    assert table[1][0] == "'" + FORMULA
    assert "Ishøj, Vest" in table[1]  # the comma is just a character


@pytest.mark.parametrize("public", [True, False])
def test_hoeringsnotat_csv_is_in_the_portal_dialect(
    coordinator_client, process, approved_version, public
):
    hearing = HearingFactory(
        process=process,
        version=approved_version,
        opens_at=timezone.now() - datetime.timedelta(days=20),
        closes_at=timezone.now() - datetime.timedelta(days=1),
        notat_published_at=timezone.now(),
    )
    HearingResponseFactory(hearing=hearing, summary="+ mere tryghed", comment="Tak, vi følger op.")
    if public:
        url = reverse("hearing:notat-csv", kwargs={"policy": "medborgerpolitik"})
    else:
        url = reverse(
            "hearing:staff-notat-csv", kwargs={"policy": "medborgerpolitik", "pk": hearing.pk}
        )
    response = coordinator_client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # One row per point (a response nobody split is one point made of its own answer).
    table = assert_portal_csv(response.content, first_header="Nr.", columns=10, rows=2)
    assert table[1][6] == "'+ mere tryghed"
    assert table[1][7] == "Tak, vi følger op."
