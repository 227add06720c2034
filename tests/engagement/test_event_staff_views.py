"""The staff pages that create, edit, copy, cancel and write to events, give seats by hand and
print the door list: who may use them, and what a person sees when the input is wrong."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from engagement.models import Event, Registration
from tests.engagement.factories import RegistrationFactory
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db

ALLOWED = ["project_member", "steering_member", "coordinator", "admin_user"]
REFUSED = ["citizen", "employee", "committee_member", "outsider"]


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def event_data(process, **overrides) -> dict:
    starts = timezone.now() + datetime.timedelta(days=20)
    data = {
        "process": process.pk,
        "title": "Borgermøde i Vildmosen",
        "kind": Event.Kind.CITIZEN_MEETING,
        "audience": Event.Audience.PUBLIC,
        "starts_at": _local(starts),
        "ends_at": _local(starts + datetime.timedelta(hours=2)),
        "place": "Vildmoseskolen",
        "address": "Vildtvej 1, 2635 Ishøj",
        "accessibility": "",
        "capacity": "40",
        "registration_deadline": _local(starts - datetime.timedelta(days=2)),
        "description": "Kom og sig din mening.",
        "short_text": "",
    }
    data.update(overrides)
    return data


def _urls(event, registration) -> list[tuple[str, str]]:
    pk = event.pk
    return [
        ("get", reverse("engagement:staff-event-create")),
        ("get", reverse("engagement:staff-event-update", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-event-copy", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-event-cancel", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-event-message", kwargs={"pk": pk})),
        ("get", reverse("engagement:staff-door-list", kwargs={"pk": pk})),
        (
            "post",
            reverse(
                "engagement:staff-registration-promote",
                kwargs={"pk": pk, "registration_pk": registration.pk},
            ),
        ),
    ]


@pytest.fixture
def urls(meeting):
    waiting = RegistrationFactory(event=meeting, status=Registration.Status.WAITING)
    return _urls(meeting, waiting)


def test_anonymous_is_sent_to_login(client, urls):
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"], url


@pytest.mark.parametrize("persona", REFUSED)
def test_people_without_a_role_in_the_process_get_403(as_persona, urls, persona):
    client, _ = as_persona(persona)
    for method, url in urls:
        if persona == "outsider" and url == reverse("engagement:staff-event-create"):
            continue  # they coordinate another process: see the next test
        assert getattr(client, method)(url).status_code == 403, url
    assert not Registration.objects.filter(status=Registration.Status.CONFIRMED).exists()


@pytest.mark.parametrize("persona", ALLOWED)
def test_the_process_roles_open_every_page(as_persona, urls, persona):
    client, _ = as_persona(persona)
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == (200 if method == "get" else 302), url


def test_the_door_list_is_a_private_pdf(as_persona, meeting):
    client, _ = as_persona("project_member")
    response = client.get(reverse("engagement:staff-door-list", kwargs={"pk": meeting.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]


def test_the_project_group_creates_an_event(as_persona, process):
    client, _ = as_persona("project_member")
    response = client.post(reverse("engagement:staff-event-create"), event_data(process))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("engagement:staff-event-detail", kwargs={"pk": event.pk})
    assert (event.process, event.title, event.capacity) == (process, "Borgermøde i Vildmosen", 40)
    assert client.get(event.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_at": "starts_at"}, "ends_at", "Arrangementet skal slutte, efter det begynder."),
        ({"registration_deadline": "late"}, "registration_deadline", "senest når arrangementet"),
        ({"starts_at": "past"}, "starts_at", "Et nyt arrangement skal begynde i fremtiden."),
        ({"capacity": "0"}, "capacity", "Skriv mindst 1 plads."),
        ({"title": "   "}, "title", ""),
    ],
)
def test_bad_input_is_told_at_the_field_and_nothing_is_saved(
    as_persona, process, change, field, message
):
    data = event_data(process)
    [(name, value)] = change.items()
    if value == "starts_at":
        value = data["starts_at"]
    elif value == "late":
        value = data["ends_at"]
    elif value == "past":
        value = _local(timezone.now() - datetime.timedelta(days=1))
    data[name] = value
    client, _ = as_persona("coordinator")
    response = client.post(reverse("engagement:staff-event-create"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert 'class="alert alert-error error-summary"' in response.content.decode()
    assert not Event.objects.exists()


def test_nobody_creates_an_event_in_a_process_they_do_not_run(as_persona, process):
    other = ProcessFactory()
    client, _ = as_persona("project_member")
    response = client.post(reverse("engagement:staff-event-create"), event_data(other))
    assert response.status_code == 400
    assert "process" in response.context["form"].errors
    assert not Event.objects.exists()


def test_a_copy_is_prefilled_without_the_dates(as_persona, meeting):
    client, _ = as_persona("steering_member")
    response = client.get(reverse("engagement:staff-event-copy", kwargs={"pk": meeting.pk}))
    form = response.context["form"]
    assert form.initial["title"] == meeting.title
    assert form.initial["place"] == meeting.place
    assert form.initial["process"] == meeting.process_id
    assert "starts_at" not in form.initial and "registration_deadline" not in form.initial


def test_lowering_the_capacity_below_the_seats_given_says_what_to_do(as_persona, meeting):
    RegistrationFactory(event=meeting)
    RegistrationFactory(event=meeting)
    client, _ = as_persona("project_member")
    data = event_data(meeting.process, capacity="1", title=meeting.title)
    del data["process"]
    response = client.post(
        reverse("engagement:staff-event-update", kwargs={"pk": meeting.pk}), data
    )
    assert response.status_code == 400
    [error] = response.context["form"].errors["capacity"]
    assert "2 personer har allerede en plads" in error
    meeting.refresh_from_db()
    assert meeting.capacity == 2 and meeting.place == "Ishøj Rådhus"


def test_moving_the_event_in_the_form_tells_the_registered(as_persona, meeting):
    RegistrationFactory(event=meeting, email="dorte@example.org")
    client, _ = as_persona("project_member")
    data = event_data(meeting.process, title=meeting.title, capacity="2")
    del data["process"]
    response = client.post(
        reverse("engagement:staff-event-update", kwargs={"pk": meeting.pk}), data, follow=True
    )
    assert response.status_code == 200
    assert "1 tilmeldt har fået en e-mail" in response.content.decode()
    [changed] = mail.outbox
    assert changed.to == ["dorte@example.org"] and "Vildmoseskolen" in changed.body


def test_cancelling_needs_the_box_ticked_then_the_public_page_says_so(as_persona, client, meeting):
    RegistrationFactory(event=meeting, email="dorte@example.org")
    staff, _ = as_persona("coordinator")
    url = reverse("engagement:staff-event-cancel", kwargs={"pk": meeting.pk})
    response = staff.post(url, {"message": "Ingen sal."})
    assert response.status_code == 400 and "confirm" in response.context["form"].errors
    meeting.refresh_from_db()
    assert not meeting.is_cancelled and mail.outbox == []
    assert staff.post(url, {"message": "Ingen sal.", "confirm": "on"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled and len(mail.outbox) == 1
    staff.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Arrangementet er aflyst." in page
    assert 'class="event-signup"' not in page
    signup = client.post(
        meeting.get_absolute_url(), {"name": "Ny", "email": "ny@example.org", "website": ""}
    )
    assert signup.status_code == 400
    assert Registration.objects.filter(email="ny@example.org").count() == 0


def test_a_message_needs_a_subject_and_a_text(as_persona, meeting):
    RegistrationFactory(event=meeting)
    client, _ = as_persona("project_member")
    url = reverse("engagement:staff-event-message", kwargs={"pk": meeting.pk})
    response = client.post(url, {"recipients": "confirmed", "subject": " ", "body": ""})
    assert response.status_code == 400
    assert {"subject", "body"} <= set(response.context["form"].errors)
    assert mail.outbox == []
    response = client.post(url, {"recipients": "waiting", "subject": "Hej", "body": "Tekst"})
    assert response.status_code == 400  # nobody waits
    assert "recipients" in response.context["form"].errors
    assert (
        client.post(url, {"recipients": "all", "subject": "Hej", "body": "Tekst"}).status_code
        == 302
    )
    assert len(mail.outbox) == 1


def test_staff_give_a_seat_by_hand_and_are_told_when_it_is_full(as_persona, meeting):
    RegistrationFactory(event=meeting)
    RegistrationFactory(event=meeting)
    waiting = RegistrationFactory(event=meeting, status=Registration.Status.WAITING)
    client, _ = as_persona("project_member")
    url = reverse(
        "engagement:staff-registration-promote",
        kwargs={"pk": meeting.pk, "registration_pk": waiting.pk},
    )
    page = client.post(url, follow=True).content.decode()
    assert "Arrangementet er fuldt" in page
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.WAITING
    detail = client.get(reverse("engagement:staff-event-detail", kwargs={"pk": meeting.pk}))
    assert 'name="add_seat" value="1"' in detail.content.decode()
    client.post(url, {"add_seat": "1"})
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED


def test_the_staff_page_counts_interpreters_per_language(as_persona, meeting):
    RegistrationFactory(event=meeting, interpreter_language="ar")
    RegistrationFactory(
        event=meeting, interpreter_language="ar", status=Registration.Status.WAITING
    )
    RegistrationFactory(event=meeting, interpreter_language="so")
    RegistrationFactory(
        event=meeting, interpreter_language="tr", status=Registration.Status.CANCELLED
    )
    RegistrationFactory(event=meeting, interpreter_language="Tigrinya")
    client, _ = as_persona("project_member")
    response = client.get(reverse("engagement:staff-event-detail", kwargs={"pk": meeting.pk}))
    assert response.context["interpretation"] == [
        ("Arabisk", 1, 1),
        ("Somali", 1, 0),
        ("Tigrinya", 1, 0),
    ]


def test_the_event_list_offers_creating_to_the_process_roles_only(as_persona, meeting):
    url = reverse("engagement:staff-event-list")
    client, _ = as_persona("project_member")
    assert reverse("engagement:staff-event-create") in client.get(url).content.decode()
    client, _ = as_persona("employee")
    assert client.get(reverse("engagement:staff-event-create")).status_code == 403


def test_a_coordinator_of_another_process_creates_only_in_their_own(as_persona, process):
    client, outsider = as_persona("outsider")
    response = client.get(reverse("engagement:staff-event-create"))
    offered = list(response.context["form"].fields["process"].queryset)
    assert process not in offered
    assert offered == [outsider.memberships.get().process]
    assert (
        client.post(reverse("engagement:staff-event-create"), event_data(process)).status_code
        == 400
    )
    assert not Event.objects.exists()
