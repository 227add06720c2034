"""The register of hearing parties: staff pages and the all-or-nothing CSV import."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from process import services
from process.models import Party
from tests.process.factories import PartyFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "name;kind;email;contact_name;language\r\n"
    "Ældrerådet;council;aeldre@example.org;Grete Hansen;da\r\n"
    "Ishøj Fællesråd;association;kontakt@example.org;;\r\n"
    "LokalMED Dagtilbud;med;lokalmed@example.org;;en\r\n"
)


def _upload(text: str | bytes, name: str = "parter.csv") -> SimpleUploadedFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.parametrize("name", ["party-list", "party-create", "party-import", "department-list"])
@pytest.mark.parametrize("persona", ["citizen", "employee", "committee_member", "steering_member"])
def test_only_coordinators_manage_the_organisation(as_persona, name, persona):
    client, _ = as_persona(persona)
    assert client.get(reverse(f"process:{name}")).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("process:party-list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_coordinator_adds_and_edits_a_party(as_persona):
    client, _ = as_persona("coordinator")
    response = client.post(
        reverse("process:party-create"),
        {
            "name": " Ældrerådet ",
            "kind": "council",
            "email": "Aeldre@Example.org",
            "language": "da",
        },
    )
    assert response.status_code == 302
    party = Party.objects.get()
    assert (party.name, party.email) == ("Ældrerådet", "aeldre@example.org")
    response = client.post(
        reverse("process:party-update", kwargs={"pk": party.pk}),
        {"name": "Ældrerådet", "kind": "council", "email": "ny@example.org", "language": "en"},
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.email, party.language) == ("ny@example.org", "en")
    assert party.history.count() == 2
    assert "Ældrerådet" in client.get(reverse("process:party-list")).content.decode()


def test_a_party_name_is_taken_whatever_its_case(as_persona):
    PartyFactory(name="Ældrerådet")
    other = PartyFactory(name="Handicaprådet")
    client, _ = as_persona("coordinator")
    data = {"name": "ÆLDRERÅDET", "kind": "council", "email": "a@example.org", "language": "da"}
    response = client.post(reverse("process:party-create"), data)
    assert response.status_code == 400
    assert "allerede i registret" in response.content.decode()
    response = client.post(reverse("process:party-update", kwargs={"pk": other.pk}), data)
    assert response.status_code == 400
    assert [p.name.casefold() for p in Party.objects.all()].count("ældrerådet") == 1


def test_a_bad_e_mail_is_refused_at_the_field(as_persona):
    client, _ = as_persona("coordinator")
    response = client.post(
        reverse("process:party-create"),
        {"name": "Ældrerådet", "kind": "council", "email": "ikke-en-adresse", "language": "da"},
    )
    assert response.status_code == 400
    assert not Party.objects.exists()


def test_a_good_file_imports_every_party(as_persona):
    client, _ = as_persona("coordinator")
    response = client.post(reverse("process:party-import"), {"file": _upload(GOOD)})
    assert response.status_code == 302
    parties = {p.name: (p.kind, p.email, p.language) for p in Party.objects.all()}
    assert parties == {
        "Ældrerådet": ("council", "aeldre@example.org", "da"),
        "Ishøj Fællesråd": ("association", "kontakt@example.org", "da"),
        "LokalMED Dagtilbud": ("med", "lokalmed@example.org", "en"),
    }


def test_a_comma_separated_file_with_a_byte_order_mark_and_kind_labels_imports_too():
    text = (
        "\ufeffname,kind,email\nÆldrerådet,Råd,aeldre@example.org\nIFR,Association,i@example.org\n"
    )
    result = services.parties_import(data=text.encode("utf-8"))
    assert result.ok
    assert {p.name: p.kind for p in Party.objects.all()} == {
        "Ældrerådet": "council",
        "IFR": "association",
    }


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_bad_line(as_persona):
    PartyFactory(name="Handicaprådet")
    text = (
        "name;kind;email\n"
        "Ældrerådet;council;aeldre@example.org\n"  # good, but not imported with the others
        "Ældrerådet;council;igen@example.org\n"  # 3: twice in the file
        "Handicaprådet;council;h@example.org\n"  # 4: already in the register
        "Integrationsrådet;council;ikke-en-adresse\n"  # 5: bad e-mail
        "Folkeoplysningsudvalget;klub;f@example.org\n"  # 6: unknown kind
        "Kun to;felter\n"  # 7: wrong number of fields
    )
    client, _ = as_persona("coordinator")
    response = client.post(reverse("process:party-import"), {"file": _upload(text)})
    assert response.status_code == 400
    assert [line for line, _message in response.context["import_errors"]] == [3, 4, 5, 6, 7]
    page = response.content.decode()
    assert "ikke-en-adresse" in page
    assert Party.objects.count() == 1


def test_wrong_columns_import_nothing():
    result = services.parties_import(data=b"navn;type;mail\nA;council;a@example.org\n")
    assert [line for line, _ in result.errors] == [1]
    assert not Party.objects.exists()


def test_a_file_in_the_wrong_encoding_imports_nothing_and_names_the_lines():
    data = "name;kind;email\nÆldrerådet;council;a@example.org\nB;council;b@example.org\n".encode(
        "cp1252"
    )
    result = services.parties_import(data=data)
    assert [line for line, _ in result.errors] == [2]
    assert not Party.objects.exists()


@pytest.mark.parametrize("data", [b"", b"\n\n", b"name;kind;email\n", b"\xff\xfe\x00"])
def test_empty_or_binary_files_import_nothing_without_crashing(data):
    result = services.parties_import(data=data)
    assert not result.ok
    assert not Party.objects.exists()


def test_an_import_that_fails_midway_saves_nothing(monkeypatch):
    calls = []
    original = Party.save

    def failing_save(self, *args, **kwargs):
        calls.append(self.name)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Party, "save", failing_save)
    with pytest.raises(RuntimeError):
        services.parties_import(data=GOOD.encode("utf-8"))
    monkeypatch.setattr(Party, "save", original)
    assert not Party.objects.exists()


def test_the_import_form_refuses_a_missing_file_at_the_field(as_persona):
    client, _ = as_persona("coordinator")
    response = client.post(reverse("process:party-import"), {})
    assert response.status_code == 400
    assert not Party.objects.exists()


def test_event_invitations_use_the_register(as_persona, process):
    from engagement.models import Invitation
    from tests.factories import EventFactory

    event = EventFactory(process=process)
    party = PartyFactory(name="Ældrerådet")
    client, _ = as_persona("coordinator")
    page = client.get(reverse("engagement:staff-invitations", kwargs={"pk": event.pk}))
    assert "Ældrerådet" in page.content.decode()
    client.post(
        reverse("engagement:staff-invitations-send", kwargs={"pk": event.pk}),
        {"stakeholder": [str(party.pk)]},
    )
    assert Invitation.objects.get().stakeholder == party


def test_coordinator_adds_and_renames_a_department_and_a_duplicate_is_refused(as_persona):
    from process.models import Department

    client, _ = as_persona("coordinator")
    url = reverse("process:department-list")
    assert client.post(url, {"name": "Center for Børn og Unge", "order": 1}).status_code == 302
    response = client.post(url, {"name": " CENTER FOR BØRN OG UNGE ", "order": 2})
    assert response.status_code == 400
    assert "allerede på listen" in response.content.decode()
    department = Department.objects.get()
    response = client.post(
        reverse("process:department-update", kwargs={"pk": department.pk}),
        {"name": "Center for Børn, Unge og Familier", "order": 1},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.name, department.is_active) == ("Center for Børn, Unge og Familier", False)


def test_department_match_ignores_case_and_spacing(db):
    from tests.process.factories import DepartmentFactory

    unge = DepartmentFactory(name="Center for Børn og Unge")
    assert services.department_match(name="  center for BØRN og   unge ") == unge
    assert services.department_match(name="Center for Børn") is None
    assert services.department_match(name="") is None
