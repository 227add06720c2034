"""Meeting packets: numbered editions issued by the coordinator, for the body's members and the
process staff; a download never freezes anything."""

from __future__ import annotations

import datetime
import hashlib
import io

import pypdf
import pytest
from django.core.management import call_command

from medborger import roles
from policy import services as policy_services
from policy.models import Policy, Snapshot
from process import services as process_services
from process.models import Body, Handling, Membership, PacketEdition, Process
from tests.conftest import make_account
from tests.engagement.factories import InputFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ishoj():
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    return Process.objects.get(policy__slug="medborgerpolitik")


@pytest.fixture
def ishoj_coordinator(ishoj):
    user = make_account("jeanet@example.org", first_name="Jeanet", groups=[roles.EMPLOYEE_GROUP])
    Membership.objects.create(process=ishoj, user=user, group=Membership.Group.COORDINATOR)
    return user


@pytest.fixture
def version_2(ishoj, ishoj_coordinator):
    policy = Policy.objects.get(slug="medborgerpolitik")
    draft = policy_services.draft_start(policy=policy, user=ishoj_coordinator)
    section = draft.sections.get(heading="Frivillighed")
    policy_services.section_update(
        section=section,
        heading="Frivillighed",
        body=section.body.replace("Frivillige er en bærende kraft", "Frivillige er byens hjerte"),
        theme=section.theme,
    )
    return policy_services.draft_publish(
        draft=draft, label="Høringsudkast", change_note="Efter borgermødet", user=ishoj_coordinator
    )


@pytest.fixture
def fagudvalg_handling(ishoj, version_2):
    InputFactory(process=ishoj, text="Husk de unge i foreningerne.", theme=None)
    return Handling.objects.create(
        process=ishoj,
        body=Body.objects.get(short_name="Fagudvalg"),
        meeting_date=datetime.date(2027, 5, 12),
        agenda_item_title="Medborgerpolitik – høringsudkast",
        version=version_2,
    )


@pytest.fixture
def member_of_fagudvalget(fagudvalg_handling):
    user = make_account("udvalg@example.org", first_name="Ulla", groups=[roles.COMMITTEE_GROUP])
    fagudvalg_handling.body.members.add(user)
    return user


def packet_url(handling: Handling) -> str:
    return f"/proces/medborgerpolitik/behandlinger/{handling.pk}/moedepakke.pdf"


def issue(handling: Handling, coordinator) -> PacketEdition:
    return process_services.packet_edition_issue(handling=handling, user=coordinator)


def download(client, handling) -> bytes:
    response = client.get(packet_url(handling))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_a_member_of_the_body_downloads_the_issued_packet_with_all_its_parts(
    client, fagudvalg_handling, member_of_fagudvalget, ishoj_coordinator
):
    issue(fagudvalg_handling, ishoj_coordinator)
    client.force_login(member_of_fagudvalget)
    reader = pypdf.PdfReader(io.BytesIO(download(client, fagudvalg_handling)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert reader.metadata.title.startswith("Mødepakke: Fagudvalget 12. maj 2027")
    assert reader.trailer["/Root"]["/Lang"] == "da"
    for expected in [
        "Medborgerpolitik – høringsudkast",  # the agenda item on the cover
        "1. Version 2 af medborgerpolitik",
        "2. Hvad er ændret siden version 1",
        "[tilføjet:]",
        "byens hjerte",
        "[fjernet:]",
        "3. Input fra møderne",
        "Husk de unge i foreningerne.",
        "Kontrol af dokumentet",
        "Udgave 1, udsendt",
    ]:
        assert expected in text, expected
    assert "Forhåndsvisning" not in text
    assert f"Side {len(reader.pages)} af {len(reader.pages)}" in text


def test_an_issued_edition_is_frozen_and_every_download_is_byte_identical(
    client, fagudvalg_handling, member_of_fagudvalget, ishoj_coordinator
):
    edition = issue(fagudvalg_handling, ishoj_coordinator)
    client.force_login(member_of_fagudvalget)
    first = download(client, fagudvalg_handling)
    client.force_login(ishoj_coordinator)
    assert download(client, fagudvalg_handling) == first
    packet = Snapshot.objects.get(kind=Snapshot.Kind.MEETING_PACKET)
    assert edition.snapshot == packet and edition.number == 1
    assert edition.issued_by == ishoj_coordinator
    assert packet.sha256 == hashlib.sha256(first).hexdigest()
    assert packet.filename == "medborgerpolitik-v2-fagudvalg-2027-05-12-udgave-1.pdf"


def test_the_verification_page_knows_the_packet(
    client, fagudvalg_handling, member_of_fagudvalget, ishoj_coordinator
):
    issue(fagudvalg_handling, ishoj_coordinator)
    client.force_login(member_of_fagudvalget)
    checksum = hashlib.sha256(download(client, fagudvalg_handling)).hexdigest()
    client.logout()
    html = client.post("/kontrol/", {"sha256": checksum}).content.decode()
    assert "Dette er et officielt dokument" in html
    assert "mødepakke" in html


def test_anonymous_visitors_are_sent_to_login(client, fagudvalg_handling):
    response = client.get(packet_url(fagudvalg_handling))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["citizen", "employee", "committee_member"])
def test_people_who_do_not_sit_on_the_body_get_403(as_persona, persona, fagudvalg_handling):
    client, _ = as_persona(persona)  # committee_member: in Udvalgsmedlem, but not on Fagudvalget
    assert client.get(packet_url(fagudvalg_handling)).status_code == 403
    assert not Snapshot.objects.filter(kind=Snapshot.Kind.MEETING_PACKET).exists()


def test_a_body_member_outside_the_committee_group_gets_403(client, fagudvalg_handling):
    user = make_account("ikke-udvalg@example.org")
    fagudvalg_handling.body.members.add(user)
    client.force_login(user)
    assert client.get(packet_url(fagudvalg_handling)).status_code == 403


@pytest.mark.parametrize("group", ["coordinator", "steering", "project"])
def test_the_people_running_the_process_download_it(
    client, ishoj, fagudvalg_handling, ishoj_coordinator, group
):
    issue(fagudvalg_handling, ishoj_coordinator)
    user = make_account(f"{group}@example.org")
    Membership.objects.create(process=ishoj, user=user, group=group)
    client.force_login(user)
    assert download(client, fagudvalg_handling).startswith(b"%PDF-")


def test_a_handling_without_a_version_has_no_packet(client, ishoj, ishoj_coordinator):
    handling = Handling.objects.create(
        process=ishoj,
        body=Body.objects.get(short_name="KU"),
        meeting_date=datetime.date(2026, 11, 20),
        agenda_item_title="Kommissorium",
    )
    client.force_login(ishoj_coordinator)
    assert client.get(packet_url(handling)).status_code == 404


def test_the_handling_page_offers_the_packet_only_to_those_who_may_have_it(
    client, fagudvalg_handling, member_of_fagudvalget, citizen, ishoj_coordinator
):
    url = f"/proces/medborgerpolitik/behandlinger/{fagudvalg_handling.pk}/"
    public = client.get(url).content.decode()
    assert "Fagudvalget" in public and "Medborgerpolitik – høringsudkast" in public
    assert "moedepakke.pdf" not in public
    assert "/konto/login/" in public
    client.force_login(citizen)
    assert "moedepakke.pdf" not in client.get(url).content.decode()
    client.force_login(member_of_fagudvalget)
    before = client.get(url).content.decode()
    assert "Mødepakken er ikke udsendt endnu." in before
    assert "moedepakke" not in before and "udsend-moedepakke" not in before
    issue(fagudvalg_handling, ishoj_coordinator)
    after = client.get(url).content.decode()
    assert "moedepakke/udgave-1.pdf" in after
    assert "udsend-moedepakke" not in after  # only the coordinator issues


def test_a_hidden_handling_is_not_shown_publicly(client, fagudvalg_handling, ishoj_coordinator):
    Handling.objects.filter(pk=fagudvalg_handling.pk).update(is_public=False)
    url = f"/proces/medborgerpolitik/behandlinger/{fagudvalg_handling.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(ishoj_coordinator)
    assert client.get(url).status_code == 200


def test_the_public_timeline_links_each_handling_to_its_page(client, fagudvalg_handling):
    html = client.get("/proces/medborgerpolitik/").content.decode()
    assert f'href="/proces/medborgerpolitik/behandlinger/{fagudvalg_handling.pk}/"' in html


def test_a_hearing_held_before_the_meeting_is_appended_with_notat_and_responses(
    client, ishoj, version_2, fagudvalg_handling, member_of_fagudvalget, ishoj_coordinator
):
    from django.utils import timezone

    from hearing.models import HearingResponse
    from tests.hearing.factories import HearingFactory, HearingResponseFactory

    hearing = HearingFactory(
        process=ishoj,
        version=version_2,
        opens_at=timezone.make_aware(datetime.datetime(2027, 4, 1, 9)),
        closes_at=timezone.make_aware(datetime.datetime(2027, 4, 28, 23, 59)),
        delete_after=datetime.date(2028, 1, 1),
    )
    HearingResponseFactory(
        hearing=hearing,
        kind=HearingResponse.Kind.ORGANISATION,
        name="Karin Forening",
        organisation="Ishøj Idrætsforening",
        text="Foreningerne vil gerne være med til at skrive afsnittet om frivillighed.",
        summary="Foreningerne vil være med.",
        comment="Forvaltningen inddrager foreningerne.",
        led_to_change=True,
        section=version_2.sections.get(heading="Frivillighed"),
    )
    HearingResponseFactory(
        hearing=hearing,
        name="Hemmelig Borger",
        email="hemmelig@example.org",
        name_protected=True,
        text="Jeg ønsker mere fokus på tryghed.",
        summary="Mere tryghed.",
    )
    issue(fagudvalg_handling, ishoj_coordinator)
    client.force_login(member_of_fagudvalget)
    reader = pypdf.PdfReader(io.BytesIO(download(client, fagudvalg_handling)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in [
        "Bilag 1a. Høringsnotat",
        "Bilag 1b. Høringssvar",
        "2 høringssvar med 2 bemærkninger, heraf 1 med ændringer til følge",
        "Ishøj Idrætsforening",
        "Forvaltningen inddrager foreningerne.",
        "Jeg ønsker mere fokus på tryghed.",
    ]:
        assert expected in text.replace("\n", " "), expected
    assert "Hemmelig Borger" not in text
    assert "hemmelig@example.org" not in text


def test_a_hearing_that_closes_after_the_meeting_is_not_appended(
    client, ishoj, version_2, fagudvalg_handling, member_of_fagudvalget, ishoj_coordinator
):
    from tests.hearing.factories import HearingFactory, HearingResponseFactory

    hearing = HearingFactory(process=ishoj, version=version_2)  # still open, closes in 14 days
    hearing.closes_at = hearing.closes_at.replace(year=2028)
    hearing.save()
    HearingResponseFactory(hearing=hearing, text="Et svar efter mødet.")
    issue(fagudvalg_handling, ishoj_coordinator)
    client.force_login(member_of_fagudvalget)
    text = "\n".join(
        page.extract_text()
        for page in pypdf.PdfReader(io.BytesIO(download(client, fagudvalg_handling))).pages
    )
    assert "Høringsnotat" not in text
    assert "Et svar efter mødet." not in text


def test_a_protected_senders_attachment_is_listed_under_a_neutral_name(
    client, ishoj, version_2, fagudvalg_handling, member_of_fagudvalget, ishoj_coordinator
):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from hearing.models import HearingAttachment
    from tests.hearing.factories import HearingFactory, HearingResponseFactory

    hearing = HearingFactory(
        process=ishoj,
        version=version_2,
        opens_at=timezone.make_aware(datetime.datetime(2027, 4, 1, 9)),
        closes_at=timezone.make_aware(datetime.datetime(2027, 4, 28, 23, 59)),
        delete_after=datetime.date(2028, 1, 1),
    )
    open_sender = HearingResponseFactory(hearing=hearing, name="Ole Åben")
    protected = HearingResponseFactory(hearing=hearing, name="Hanne Hemmelig", name_protected=True)
    for response, name in (
        (open_sender, "Svar fra Ole Åben.pdf"),
        (protected, "Høringssvar fra Hanne Hemmelig, Strandvejen 17.pdf"),
    ):
        attachment = HearingAttachment(
            response=response, original_name=name, kind="pdf", size=10, sha256="0" * 64
        )
        attachment.file.save("svar.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        attachment.save()
    issue(fagudvalg_handling, ishoj_coordinator)
    client.force_login(member_of_fagudvalget)
    reader = pypdf.PdfReader(io.BytesIO(download(client, fagudvalg_handling)))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert "Vedhæftet: Svar fra Ole Åben.pdf" in text
    assert "Vedhæftet: Bilag 1.pdf" in text
    assert "Hemmelig" not in text and "Strandvejen" not in text


def issue_url(handling: Handling) -> str:
    return f"/styring/proces/medborgerpolitik/behandlinger/{handling.pk}/udsend-moedepakke/"


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_downloading_never_freezes_the_packet(
    client, fagudvalg_handling, member_of_fagudvalget, ishoj_coordinator
):
    client.force_login(ishoj_coordinator)
    preview = download(client, fagudvalg_handling)
    assert "Forhåndsvisning – ikke udsendt" in pdf_text(preview)
    client.force_login(member_of_fagudvalget)
    response = client.get(packet_url(fagudvalg_handling), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/behandlinger/{fagudvalg_handling.pk}/")
    assert "Mødepakken er ikke udsendt endnu." in response.content.decode()
    assert not Snapshot.objects.filter(kind=Snapshot.Kind.MEETING_PACKET).exists()
    assert not PacketEdition.objects.exists()


def test_the_coordinator_issues_edition_2_and_edition_1_stays_downloadable_and_verifiable(
    client, mailoutbox, fagudvalg_handling, member_of_fagudvalget, ishoj_coordinator
):
    client.force_login(ishoj_coordinator)
    confirm = client.get(issue_url(fagudvalg_handling)).content.decode()
    assert "Udsend udgave 1" in confirm and "csrfmiddlewaretoken" in confirm
    assert client.post(issue_url(fagudvalg_handling)).status_code == 302
    InputFactory(
        process=fagudvalg_handling.process, text="Et nyt input efter udgave 1.", theme=None
    )
    response = client.post(issue_url(fagudvalg_handling), follow=True)
    assert "Udgave 2 af mødepakken er udsendt" in response.content.decode()
    first, second = PacketEdition.objects.filter(handling=fagudvalg_handling).order_by("number")
    assert (first.number, second.number) == (1, 2)
    client.force_login(member_of_fagudvalget)
    current = download(client, fagudvalg_handling)
    assert "Udgave 2, udsendt" in pdf_text(current)
    assert "Et nyt input efter udgave 1." in pdf_text(current)
    old = b"".join(client.get(first.get_absolute_url()).streaming_content)
    assert "Udgave 1, udsendt" in pdf_text(old) and "Et nyt input" not in pdf_text(old)
    for data in (old, current):
        html = client.post("/kontrol/", {"sha256": hashlib.sha256(data).hexdigest()})
        assert "Dette er et officielt dokument" in html.content.decode()
    told = [m for m in mailoutbox if m.to == [member_of_fagudvalget.email]]
    assert [m.subject.split("] ")[-1] for m in told] == [
        "Mødepakke, udgave 1: Fagudvalget 12. maj 2027",
        "Mødepakke, udgave 2: Fagudvalget 12. maj 2027",
    ]
    assert second.get_absolute_url() in told[1].body


def test_issuing_while_the_hearing_is_open_warns_and_is_remembered(
    client, ishoj, version_2, fagudvalg_handling, ishoj_coordinator
):
    from tests.hearing.factories import HearingFactory

    HearingFactory(process=ishoj, version=version_2)  # open now, for another 14 days
    client.force_login(ishoj_coordinator)
    confirm = client.get(issue_url(fagudvalg_handling)).content.decode()
    assert "Høringen er stadig åben" in confirm
    client.post(issue_url(fagudvalg_handling))
    assert PacketEdition.objects.get(handling=fagudvalg_handling).hearing_was_open


@pytest.mark.parametrize("who", ["steering", "project", "member", "other_coordinator"])
def test_only_the_processs_coordinator_issues_a_packet(
    client, ishoj, fagudvalg_handling, member_of_fagudvalget, who
):
    from tests.factories import ProcessFactory

    if who == "member":
        user = member_of_fagudvalget
    elif who == "other_coordinator":
        user = make_account("anden@example.org")
        Membership.objects.create(process=ProcessFactory(), user=user, group="coordinator")
    else:
        user = make_account(f"{who}@example.org")
        Membership.objects.create(process=ishoj, user=user, group=who)
    client.force_login(user)
    assert client.get(issue_url(fagudvalg_handling)).status_code == 403
    assert client.post(issue_url(fagudvalg_handling)).status_code == 403
    assert not PacketEdition.objects.exists()


def test_a_member_of_another_body_cannot_download_an_edition(
    client, fagudvalg_handling, ishoj_coordinator
):
    edition = issue(fagudvalg_handling, ishoj_coordinator)
    other = make_account("ku@example.org", groups=[roles.COMMITTEE_GROUP])
    Body.objects.get(short_name="KU").members.add(other)
    client.force_login(other)
    assert client.get(edition.get_absolute_url()).status_code == 403
    assert client.get(packet_url(fagudvalg_handling)).status_code == 403
