"""The project group's tools: registrations, CSV, manual add, check-in, invitations, checklist,
poster and input; every staff view refuses the wrong people."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from engagement.models import DistributionItem, Input, Invitation, Registration
from process.models import Party
from tests.engagement.factories import (
    DistributionItemFactory,
    InvitationFactory,
    RegistrationFactory,
)
from tests.process.factories import PartyFactory

pytestmark = pytest.mark.django_db

ALLOWED = ["project_member", "steering_member", "coordinator", "admin_user"]
REFUSED = ["citizen", "employee", "committee_member", "outsider"]


def _staff_urls(event, registration, invitation, item, policy) -> list[tuple[str, str]]:
    pk = event.pk
    return [
        ("get", reverse("engagement:staff-event-detail", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-registrations-csv", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-registration-add", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-check-in", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-invitations", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-poster", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-distribution", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-input", kwargs={"policy": policy.slug})),
        ("get", reverse("engagement:staff-input-summary", kwargs={"policy": policy.slug})),
        (
            "post",
            reverse(
                "engagement:staff-check-in-toggle",
                kwargs={"pk": pk, "registration_pk": registration.pk},
            ),
        ),
        (
            "post",
            reverse(
                "engagement:staff-registration-cancel",
                kwargs={"pk": pk, "registration_pk": registration.pk},
            ),
        ),
        ("post", reverse("engagement:staff-invitations-send", kwargs={"pk": pk})),
        (
            "post",
            reverse(
                "engagement:staff-invitation-status",
                kwargs={"pk": pk, "invitation_pk": invitation.pk},
            ),
        ),
        (
            "post",
            reverse("engagement:staff-distribution-toggle", kwargs={"pk": pk, "item_pk": item.pk}),
        ),
    ]


@pytest.fixture
def staff_objects(meeting, policy):
    registration = RegistrationFactory(event=meeting)
    invitation = InvitationFactory(event=meeting)
    item = DistributionItemFactory(event=meeting)
    return _staff_urls(meeting, registration, invitation, item, policy)


def test_anonymous_is_sent_to_login_from_every_staff_view(client, staff_objects):
    for method, url in staff_objects:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/konto/login/" in response["Location"], url


@pytest.mark.parametrize("persona", REFUSED)
def test_wrong_role_gets_403_from_every_staff_view(as_persona, staff_objects, persona):
    client, _ = as_persona(persona)
    for method, url in staff_objects:
        assert getattr(client, method)(url).status_code == 403, url
    assert Registration.objects.get().checked_in_at is None
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("persona", ALLOWED)
def test_process_roles_open_every_staff_view(as_persona, staff_objects, persona):
    client, _ = as_persona(persona)
    for method, url in staff_objects:
        response = getattr(client, method)(url)
        assert response.status_code == (200 if method == "get" else 302), url


def test_staff_event_list_needs_a_role(as_persona, meeting):
    url = reverse("engagement:staff-event-list")
    client, _ = as_persona("anonymous")
    assert client.get(url).status_code == 302
    client, _ = as_persona("employee")
    assert client.get(url).status_code == 403
    client, _ = as_persona("outsider")
    assert meeting.title not in client.get(url).content.decode()
    client, _ = as_persona("project_member")
    assert meeting.title in client.get(url).content.decode()


def test_registrations_are_counted_by_status_and_department(as_persona, meeting):
    RegistrationFactory(event=meeting, organisation="Ishøj Fællesråd")
    RegistrationFactory(
        event=meeting, organisation="Ishøj Fællesråd", status=Registration.Status.WAITING
    )
    RegistrationFactory(
        event=meeting, organisation="Integrationsrådet", status=Registration.Status.CANCELLED
    )
    client, _ = as_persona("project_member")
    response = client.get(reverse("engagement:staff-event-detail", kwargs={"pk": meeting.pk}))
    counts = {value: n for value, _label, n in response.context["status_counts"]}
    assert counts == {"confirmed": 1, "waiting": 1, "cancelled": 1}
    rows = {
        row["group"]: (row["confirmed"], row["waiting"])
        for row in response.context["by_organisation"]
    }
    assert rows == {"Ishøj Fællesråd": (1, 1)}


def test_attendance_groups_spellings_of_one_managed_department_together(as_persona, meeting):
    from process.services import department_match
    from tests.process.factories import DepartmentFactory

    DepartmentFactory(name="Center for Børn og Unge")
    for text in ["Center for Børn og Unge", "center for børn  og unge ", "Ishøj Fællesråd"]:
        RegistrationFactory(
            event=meeting, organisation=text, department=department_match(name=text)
        )
    client, _ = as_persona("project_member")
    response = client.get(reverse("engagement:staff-event-detail", kwargs={"pk": meeting.pk}))
    rows = {row["group"]: row["confirmed"] for row in response.context["by_organisation"]}
    assert rows == {"Center for Børn og Unge": 2, "Ishøj Fællesråd": 1}


def test_csv_export_has_every_registration_and_neutralises_formulas(as_persona, meeting):
    RegistrationFactory(event=meeting, name='=HYPERLINK("http://x")', organisation="Ærø Forening")
    RegistrationFactory(event=meeting, name="Åse", status=Registration.Status.WAITING)
    client, _ = as_persona("coordinator")
    response = client.get(reverse("engagement:staff-registrations-csv", kwargs={"pk": meeting.pk}))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbfNavn;E-mail;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Navn", "E-mail"]
    assert len(rows) == 3
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][2] == "Ærø Forening"
    assert rows[2][3] == "På venteliste"


def test_project_member_adds_a_phone_sign_up(as_persona, meeting):
    client, _ = as_persona("project_member")
    response = client.post(
        reverse("engagement:staff-registration-add", kwargs={"pk": meeting.pk}),
        {
            "name": "Telefon Torben",
            "email": "torben@example.org",
            "organisation": "",
            "language": "en",
            "accessibility_needs": "",
            "diet": "",
            "interpreter_language": "",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.added_by_staff and registration.language == "en"
    assert "You are signed up" in mail.outbox[0].subject


def test_manual_add_with_a_duplicate_email_is_refused(as_persona, meeting):
    RegistrationFactory(event=meeting, email="torben@example.org")
    client, _ = as_persona("project_member")
    response = client.post(
        reverse("engagement:staff-registration-add", kwargs={"pk": meeting.pk}),
        {"name": "Torben", "email": "torben@example.org", "language": "da"},
    )
    assert response.status_code == 400
    assert "allerede tilmeldt" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "a@example.org", "language": "da"}, "Dette felt er påkrævet"),
        ({"name": "A", "email": "nope", "language": "da"}, "gyldig e-mail-adresse"),
        ({"name": "A", "email": "a@example.org", "language": "xx"}, "gyldig valgmulighed"),
        ({"name": "A" * 500, "email": "a@example.org", "language": "da"}, "højst have 200 tegn"),
    ],
)
def test_manual_add_with_bad_input_saves_nothing(as_persona, meeting, data, message):
    client, _ = as_persona("project_member")
    response = client.post(
        reverse("engagement:staff-registration-add", kwargs={"pk": meeting.pk}), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_staff_cancel_promotes_the_next_in_line(as_persona, meeting):
    first, _ = RegistrationFactory.create_batch(2, event=meeting)
    waiting = RegistrationFactory(event=meeting, status=Registration.Status.WAITING)
    client, _ = as_persona("project_member")
    response = client.post(
        reverse(
            "engagement:staff-registration-cancel",
            kwargs={"pk": meeting.pk, "registration_pk": first.pk},
        ),
        follow=True,
    )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert "rykket op fra ventelisten" in response.content.decode()


def test_check_in_is_one_post_per_person_and_search_finds_people(as_persona, meeting):
    anna = RegistrationFactory(event=meeting, name="Anna Andersen")
    RegistrationFactory(event=meeting, name="Bo Berg")
    client, _ = as_persona("project_member")
    url = reverse("engagement:staff-check-in", kwargs={"pk": meeting.pk})
    page = client.get(url, {"q": "anna"}).content.decode()
    assert "Anna Andersen" in page and "Bo Berg" not in page
    response = client.post(
        reverse(
            "engagement:staff-check-in-toggle",
            kwargs={"pk": meeting.pk, "registration_pk": anna.pk},
        ),
        {"present": "1", "q": "anna"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?q=anna")
    anna.refresh_from_db()
    assert anna.checked_in_at is not None
    page = client.get(url).content.decode()
    assert "1 af 2 er tjekket ind" in page
    detail = client.get(reverse("engagement:staff-event-detail", kwargs={"pk": meeting.pk}))
    assert detail.context["checked_in"] == 1 and detail.context["attendance_percent"] == 50
    client.post(
        reverse(
            "engagement:staff-check-in-toggle",
            kwargs={"pk": meeting.pk, "registration_pk": anna.pk},
        ),
        {"present": "0"},
    )
    anna.refresh_from_db()
    assert anna.checked_in_at is None


def test_waiting_or_cancelled_people_cannot_be_checked_in(as_persona, meeting):
    waiting = RegistrationFactory(event=meeting, status=Registration.Status.WAITING)
    client, _ = as_persona("project_member")
    url = reverse(
        "engagement:staff-check-in-toggle", kwargs={"pk": meeting.pk, "registration_pk": waiting.pk}
    )
    assert client.post(url, {"present": "1"}).status_code == 404


def test_registration_of_another_event_is_404_for_staff(as_persona, meeting, workshop):
    other = RegistrationFactory(event=workshop)
    client, _ = as_persona("project_member")
    url = reverse(
        "engagement:staff-check-in-toggle", kwargs={"pk": meeting.pk, "registration_pk": other.pk}
    )
    assert client.post(url, {"present": "1"}).status_code == 404


def test_steering_member_adds_stakeholders_and_sends_personal_invitations(
    as_persona, meeting, client
):
    staff, user = as_persona("steering_member")
    url = reverse("engagement:staff-invitations", kwargs={"pk": meeting.pk})
    response = staff.post(
        url,
        {
            "name": "Ishøj Fællesråd",
            "kind": "council",
            "contact_name": "Fatima",
            "email": "Faellesraad@Example.org",
            "language": "da",
        },
    )
    assert response.status_code == 302
    stakeholder = Party.objects.get()
    assert stakeholder.email == "faellesraad@example.org"
    staff.post(
        reverse("engagement:staff-invitations-send", kwargs={"pk": meeting.pk}),
        {"stakeholder": [str(stakeholder.pk)]},
    )
    invitation = Invitation.objects.get()
    assert invitation.sent_by == user
    [message] = mail.outbox
    assert message.to == ["faellesraad@example.org"]
    assert invitation.token in message.body
    # Sending again does not invite twice.
    staff.post(
        reverse("engagement:staff-invitations-send", kwargs={"pk": meeting.pk}),
        {"stakeholder": [str(stakeholder.pk)]},
    )
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1
    # The stakeholder follows the link and signs up: the invitation is marked registered.
    staff.logout()
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert f"?invitation={invitation.token}" in page
    client.post(
        reverse("engagement:event-detail", kwargs={"pk": meeting.pk}),
        {"name": "Fatima", "email": "fatima@example.org", "invitation": invitation.token},
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REGISTERED
    assert Registration.objects.get().invitation == invitation


def test_stakeholder_declines_with_the_personal_link(client, meeting):
    invitation = InvitationFactory(event=meeting)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED


def test_bad_invitation_token_is_404(client):
    assert client.get("/invitation/findes-ikke/").status_code == 404
    assert client.get("/invitation/" + "x" * 70 + "/").status_code == 404


def test_invitation_token_of_another_event_is_ignored_on_sign_up(client, meeting, workshop):
    invitation = InvitationFactory(event=workshop)
    client.post(
        reverse("engagement:event-detail", kwargs={"pk": meeting.pk}),
        {"name": "A", "email": "a@example.org", "invitation": invitation.token},
    )
    assert Registration.objects.get().invitation is None
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.INVITED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "", "kind": "council", "email": "a@example.org", "language": "da"},
            "Dette felt er påkrævet",
        ),
        (
            {"name": "X", "kind": "bogus", "email": "a@example.org", "language": "da"},
            "gyldig valgmulighed",
        ),
        (
            {"name": "X", "kind": "council", "email": "<script>", "language": "da"},
            "gyldig e-mail-adresse",
        ),
        (
            {"name": "X" * 300, "kind": "council", "email": "a@example.org", "language": "da"},
            "højst have 200 tegn",
        ),
        (
            {"name": "X\u200bY", "kind": "council", "email": "a@example.org", "language": "da"},
            "usynlige kontroltegn",
        ),
    ],
)
def test_bad_stakeholder_input_saves_nothing(as_persona, meeting, data, message):
    client, _ = as_persona("steering_member")
    response = client.post(reverse("engagement:staff-invitations", kwargs={"pk": meeting.pk}), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Party.objects.exists()


def test_duplicate_stakeholder_name_is_refused(as_persona, meeting):
    PartyFactory(name="Ishøj Fællesråd")
    client, _ = as_persona("steering_member")
    response = client.post(
        reverse("engagement:staff-invitations", kwargs={"pk": meeting.pk}),
        {"name": "ishøj fællesråd", "kind": "council", "email": "a@example.org", "language": "da"},
    )
    assert response.status_code == 400
    assert "allerede i registret" in response.content.decode()
    assert Party.objects.count() == 1


def test_invitation_status_can_be_set_by_staff_and_bad_status_is_refused(as_persona, meeting):
    invitation = InvitationFactory(event=meeting)
    client, _ = as_persona("steering_member")
    url = reverse(
        "engagement:staff-invitation-status",
        kwargs={"pk": meeting.pk, "invitation_pk": invitation.pk},
    )
    client.post(url, {"status": "declined"})
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    response = client.post(url, {"status": "<b>"}, follow=True)
    assert "Vælg en gyldig status" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED


def test_sending_with_nobody_chosen_says_so(as_persona, meeting):
    client, _ = as_persona("steering_member")
    response = client.post(
        reverse("engagement:staff-invitations-send", kwargs={"pk": meeting.pk}),
        {"stakeholder": ["abc", "999999"]},
        follow=True,
    )
    assert "Vælg mindst én interessent" in response.content.decode()
    assert not mail.outbox


def test_checklist_records_where_posters_went(as_persona, meeting):
    client, user = as_persona("project_member")
    url = reverse("engagement:staff-distribution", kwargs={"pk": meeting.pk})
    response = client.post(
        url,
        {
            "material": "poster",
            "place_kind": "institution",
            "place": "Ishøj Bibliotek",
            "quantity": "3",
            "note": "Ved indgangen",
        },
    )
    assert response.status_code == 302
    item = DistributionItem.objects.get()
    assert item.responsible == user and not item.done
    client.post(
        reverse(
            "engagement:staff-distribution-toggle", kwargs={"pk": meeting.pk, "item_pk": item.pk}
        )
    )
    item.refresh_from_db()
    assert item.done and item.done_at is not None
    assert "1 af 1 sted er klaret" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"material": "poster", "place_kind": "institution", "place": "", "quantity": "1"},
            "Dette felt er påkrævet",
        ),
        (
            {"material": "poster", "place_kind": "institution", "place": "B", "quantity": "-1"},
            "større end eller lig 0",
        ),
        (
            {"material": "poster", "place_kind": "institution", "place": "B", "quantity": "9" * 30},
            "op til 100.000",
        ),
        (
            {"material": "x", "place_kind": "institution", "place": "B", "quantity": "1"},
            "gyldig valgmulighed",
        ),
    ],
)
def test_bad_checklist_input_saves_nothing(as_persona, meeting, data, message):
    client, _ = as_persona("project_member")
    response = client.post(
        reverse("engagement:staff-distribution", kwargs={"pk": meeting.pk}), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DistributionItem.objects.exists()


def test_project_member_enters_input_linked_to_a_section_and_sees_it_by_theme(
    as_persona, meeting, policy, published_version
):
    from tests.factories import ThemeFactory

    theme = ThemeFactory(name="Frivillighed", slug="frivillighed")
    section = published_version.sections.first()
    client, user = as_persona("project_member")
    url = reverse("engagement:staff-input", kwargs={"policy": policy.slug})
    response = client.post(
        url,
        {
            "channel": "event",
            "event": meeting.pk,
            "table": "3",
            "theme": theme.pk,
            "section": section.pk,
            "text": "Flere frivillige i hallerne",
        },
    )
    assert response.status_code == 302
    assert f"event={meeting.pk}" in response["Location"] and "table=3" in response["Location"]
    item = Input.objects.get()
    assert item.section == section and item.created_by == user
    assert section.inputs.get() == item
    client.post(url, {"channel": "letter", "text": "Et brev uden tema"})
    summary = client.get(reverse("engagement:staff-input-summary", kwargs={"policy": policy.slug}))
    body = summary.content.decode()
    assert "Frivillighed (1)" in body and "Uden tema (1)" in body
    assert section.heading in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channel": "event", "text": "x"}, "Vælg det arrangement"),
        ({"channel": "letter", "text": "   "}, "Dette felt er påkrævet"),
        ({"channel": "letter", "text": "x" * 4001}, "højst have 4000 tegn"),
        ({"channel": "letter", "text": "ok", "section": "999999"}, "gyldig valgmulighed"),
        ({"channel": "letter", "text": "ok", "table": "1\n2"}, "på én linje"),
    ],
)
def test_bad_input_entry_saves_nothing(as_persona, meeting, policy, data, message):
    client, _ = as_persona("project_member")
    response = client.post(reverse("engagement:staff-input", kwargs={"policy": policy.slug}), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Input.objects.exists()


def test_input_cannot_name_an_event_of_another_process(as_persona, policy):
    from tests.factories import EventFactory

    foreign = EventFactory()
    client, _ = as_persona("project_member")
    response = client.post(
        reverse("engagement:staff-input", kwargs={"policy": policy.slug}),
        {"channel": "event", "event": foreign.pk, "text": "x"},
    )
    assert response.status_code == 400
    assert not Input.objects.exists()


def test_staff_home_links_to_the_event_tools(as_persona, process):
    client, _ = as_persona("project_member")
    body = client.get(reverse("process:staff-home")).content.decode()
    assert reverse("engagement:staff-event-list") in body


@pytest.mark.parametrize("token", ["%00", "x" * 65, "%E2%80%AE"])
def test_odd_invitation_tokens_are_404(client, token):
    assert client.get(f"/invitation/{token}/").status_code == 404
    assert client.post(f"/invitation/{token}/").status_code == 404


def test_odd_invitation_token_on_the_sign_up_form_is_ignored(client, meeting):
    response = client.post(
        reverse("engagement:event-detail", kwargs={"pk": meeting.pk}),
        {"name": "A", "email": "a@example.org", "invitation": "a\x00b"},
    )
    assert response.status_code == 302
    assert Registration.objects.get().invitation is None


def test_input_is_found_by_section_key_across_versions(meeting, policy, published_version):
    from django.template.loader import render_to_string

    from engagement.selectors import inputs_by_section_key
    from tests.engagement.factories import InputFactory

    section = published_version.sections.first()
    item = InputFactory(process=meeting.process, section=section, text="Tænk på de unge")
    InputFactory(process=meeting.process)  # not linked to a section
    grouped = inputs_by_section_key(policy_id=policy.pk)
    assert grouped == {section.key: [item]}
    html = render_to_string(
        "engagement/includes/section_inputs.html", {"inputs": grouped[section.key]}
    )
    assert "Tænk på de unge" in html


def test_raising_capacity_in_the_admin_promotes_the_waiting_list(admin_client, meeting):
    RegistrationFactory.create_batch(2, event=meeting)
    waiting = RegistrationFactory(event=meeting, status=Registration.Status.WAITING)
    response = admin_client.post(
        reverse("admin:engagement_event_changelist"),
        {"action": "fill_free_seats", "_selected_action": [meeting.pk]},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING  # still full: nothing to give
    meeting.capacity = 3
    meeting.save()
    admin_client.post(
        reverse("admin:engagement_event_changelist"),
        {"action": "fill_free_seats", "_selected_action": [meeting.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(
    "model", ["event", "registration", "invitation", "distributionitem", "input"]
)
def test_admin_lists_and_forms_open_with_data(admin_client, meeting, model):
    RegistrationFactory(event=meeting)
    InvitationFactory(event=meeting)
    DistributionItemFactory(event=meeting)
    assert admin_client.get(reverse(f"admin:engagement_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:engagement_{model}_add")).status_code == 200
