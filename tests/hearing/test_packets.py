"""Meeting packets: one frozen PDF per handling, for the body's members and the process staff."""

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
from process.models import Body, Handling, Membership, Process
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


def download(client, handling) -> bytes:
    response = client.get(packet_url(handling))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_a_member_of_the_body_downloads_the_packet_with_all_its_parts(
    client, fagudvalg_handling, member_of_fagudvalget
):
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
    ]:
        assert expected in text, expected
    assert f"Side {len(reader.pages)} af {len(reader.pages)}" in text


def test_the_packet_is_made_once_and_every_download_is_byte_identical(
    client, fagudvalg_handling, member_of_fagudvalget, ishoj_coordinator
):
    client.force_login(member_of_fagudvalget)
    first = download(client, fagudvalg_handling)
    client.force_login(ishoj_coordinator)
    assert download(client, fagudvalg_handling) == first
    packet = Snapshot.objects.get(kind=Snapshot.Kind.MEETING_PACKET)
    fagudvalg_handling.refresh_from_db()
    assert fagudvalg_handling.packet == packet
    assert packet.sha256 == hashlib.sha256(first).hexdigest()
    assert packet.filename == "medborgerpolitik-v2-fagudvalg-2027-05-12.pdf"


def test_the_verification_page_knows_the_packet(client, fagudvalg_handling, member_of_fagudvalget):
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
def test_the_people_running_the_process_download_it(client, ishoj, fagudvalg_handling, group):
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
    client, fagudvalg_handling, member_of_fagudvalget, citizen
):
    url = f"/proces/medborgerpolitik/behandlinger/{fagudvalg_handling.pk}/"
    public = client.get(url).content.decode()
    assert "Fagudvalget" in public and "Medborgerpolitik – høringsudkast" in public
    assert "moedepakke.pdf" not in public
    assert "/konto/login/" in public
    client.force_login(citizen)
    assert "moedepakke.pdf" not in client.get(url).content.decode()
    client.force_login(member_of_fagudvalget)
    assert packet_url(fagudvalg_handling) in client.get(url).content.decode()


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
    client, ishoj, version_2, fagudvalg_handling, member_of_fagudvalget
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
    client, ishoj, version_2, fagudvalg_handling, member_of_fagudvalget
):
    from tests.hearing.factories import HearingFactory, HearingResponseFactory

    hearing = HearingFactory(process=ishoj, version=version_2)  # still open, closes in 14 days
    hearing.closes_at = hearing.closes_at.replace(year=2028)
    hearing.save()
    HearingResponseFactory(hearing=hearing, text="Et svar efter mødet.")
    client.force_login(member_of_fagudvalget)
    text = "\n".join(
        page.extract_text()
        for page in pypdf.PdfReader(io.BytesIO(download(client, fagudvalg_handling))).pages
    )
    assert "Høringsnotat" not in text
    assert "Et svar efter mødet." not in text


def test_a_protected_senders_attachment_is_listed_under_a_neutral_name(
    client, ishoj, version_2, fagudvalg_handling, member_of_fagudvalget
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
    client.force_login(member_of_fagudvalget)
    reader = pypdf.PdfReader(io.BytesIO(download(client, fagudvalg_handling)))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert "Vedhæftet: Svar fra Ole Åben.pdf" in text
    assert "Vedhæftet: Bilag 1.pdf" in text
    assert "Hemmelig" not in text and "Strandvejen" not in text
