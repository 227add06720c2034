"""The public timeline at /proces/<policy>/ and its calendar feed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone
from icalendar import Calendar

from engagement.models import Event
from process import services
from process.models import Handling, Milestone
from tests.factories import BodyFactory, EventFactory, MilestoneFactory
from tests.process.factories import HandlingFactory

SLUG = "medborgerpolitik"
TIMELINE = f"/proces/{SLUG}/"
FEED = f"/proces/{SLUG}/kalender.ics"


def test_marking_the_workshop_done_and_recording_the_fagudvalg_handling_shows_publicly(
    client, ishoj
):
    coordinator = ishoj.memberships.get(group="coordinator").user
    workshop = ishoj.milestones.get(kind=Milestone.Kind.STAFF_WORKSHOP)
    services.milestone_update(milestone=workshop, user=coordinator, done_on=workshop.planned_date)
    version = ishoj.policy.versions.get(number=1)
    fagudvalg = ishoj.milestones.get(kind=Milestone.Kind.COMMITTEE_HANDLING)
    services.handling_record(
        process=ishoj,
        user=coordinator,
        body=BodyFactory(name="Fagudvalget"),
        meeting_date=datetime.date(2027, 5, 12),
        agenda_item_title="Medborgerpolitik, version 1",
        version=version,
        milestone=fagudvalg,
        decision=Handling.Decision.APPROVED_WITH_CHANGES,
        decision_text="Udvalget anbefaler politikken med de foreslåede ændringer.",
    )
    response = client.get(f"/proces/{ishoj.policy.slug}/")
    entries = {e.title: e for e in response.context["timeline"].entries}
    assert entries["Intern workshop for alle medarbejdere"].state == "past"
    handling = entries["Fagudvalget: Medborgerpolitik, version 1"]
    assert handling.state == "past"
    assert handling.decision == "Godkendt med ændringer"
    content = response.content.decode()
    assert "Udvalget anbefaler politikken med de foreslåede ændringer." in content
    assert f'href="/politik/{ishoj.policy.slug}/version/1/"' in content


@time_machine.travel(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_current_phase_is_marked_and_states_are_written_out(client, process):
    MilestoneFactory(
        process=process,
        title="Kommissorium",
        planned_date=datetime.date(2026, 11, 20),
        done_on=datetime.date(2026, 11, 20),
    )
    MilestoneFactory(process=process, title="Borgermøde", planned_date=datetime.date(2027, 1, 31))
    MilestoneFactory(
        process=process, title="Høring", planned_date=None, planned_month=datetime.date(2027, 4, 1)
    )
    MilestoneFactory(
        process=process, title="Internt", planned_date=datetime.date(2027, 1, 20), is_public=False
    )
    response = client.get(TIMELINE)
    timeline = response.context["timeline"]
    assert [(e.title, e.state) for e in timeline.entries] == [
        ("Kommissorium", "past"),
        ("Borgermøde", "current"),
        ("Høring", "future"),
    ]
    content = response.content.decode()
    assert 'aria-current="step"' in content
    # The meeting is ahead, not under way: it is called the next step, not "now".
    assert "<strong>Næste skridt:</strong> Borgermøde" in content
    assert '<span class="badge timeline-state">Næste skridt</span>' in content
    assert "Internt" not in content
    assert "April 2027" in content
    assert "<svg" in content and 'style="' not in content


def test_handlings_and_public_events_join_the_timeline(client, process, published_version):
    EventFactory(process=process, title="Borgermøde om politikken", audience=Event.Audience.PUBLIC)
    EventFactory(process=process, title="Lukket workshop", audience=Event.Audience.STAFF)
    HandlingFactory(
        process=process,
        body=BodyFactory(name="HovedMED"),
        agenda_item_title="Høringssvar",
        version=published_version,
    )
    HandlingFactory(process=process, agenda_item_title="Hemmeligt punkt", is_public=False)
    content = client.get(TIMELINE).content.decode()
    assert "Borgermøde om politikken" in content
    assert "HovedMED: Høringssvar" in content
    assert "Lukket workshop" not in content
    assert "Hemmeligt punkt" not in content


def test_the_timeline_shows_no_personal_data(client, process, coordinator, steering_member):
    MilestoneFactory(process=process, owner=coordinator, notes="intern note om budget")
    content = client.get(TIMELINE).content.decode()
    assert "koordinator@example.org" not in content
    assert "styregruppe@example.org" not in content
    assert "intern note om budget" not in content


def test_an_empty_process_renders_without_a_drawing(client, process):
    response = client.get(TIMELINE)
    assert response.status_code == 200
    assert b"<svg" not in response.content


@pytest.mark.parametrize("n", [1, 30])
def test_timeline_runs_a_constant_number_of_queries(
    client, process, published_version, django_assert_num_queries, n
):
    for i in range(n):
        MilestoneFactory(process=process, done_on=timezone.localdate() if i % 2 else None)
        HandlingFactory(process=process, version=published_version)
        EventFactory(process=process)
    # Four of them make the stage bar's phase: milestones, versions, events and hearings.
    with django_assert_num_queries(10):
        response = client.get(TIMELINE)
    assert len(response.context["timeline"].entries) == 3 * n


def test_calendar_feed_parses_and_holds_milestones_and_public_events(client, ishoj):
    response = client.get(f"/proces/{ishoj.policy.slug}/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    items = {str(c["summary"]): c for c in calendar.walk("VEVENT")}
    assert (
        len(items) == 8 + 1
    )  # eight milestones, one public event (the staff workshop is internal)
    assert "Borgermøde: Kom Medborger" in items
    assert "Workshop om medborgerpolitikken for alle medarbejdere" not in items
    hearing = items["Offentlig høring"]
    assert hearing["dtstart"].params.get("VALUE") == "DATE"
    assert hearing["dtstart"].dt == datetime.date(2027, 4, 1)
    assert hearing["dtend"].dt == datetime.date(2027, 5, 1)
    commissioning = items["Kommissoriet godkendes i Kultur- og Udviklingsudvalget"]
    assert commissioning["dtstart"].dt == datetime.date(2026, 11, 20)
    assert commissioning["dtend"].dt == datetime.date(2026, 11, 21)
    meeting = items["Borgermøde: Kom Medborger"]
    assert meeting["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert meeting["dtstart"].dt.hour == 10
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]


def test_calendar_uids_are_stable(client, ishoj):
    def uids():
        calendar = Calendar.from_ical(
            client.get(f"/proces/{ishoj.policy.slug}/kalender.ics").content
        )
        return sorted(str(c["uid"]) for c in calendar.walk("VEVENT"))

    first = uids()
    assert len(set(first)) == 9
    assert uids() == first


def test_a_single_event_downloads_as_ics(client, process):
    event = EventFactory(process=process, title="Borgermøde")
    response = client.get(f"/arrangementer/{event.pk}/kalender.ics")
    assert response["Content-Disposition"].startswith("attachment")
    [item] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["summary"]) == "Borgermøde"
    assert str(item["uid"]).startswith(f"event-{event.pk}@")
    assert client.get("/arrangementer/999999/kalender.ics").status_code == 404


def test_calendar_for_a_policy_without_process_is_not_found(client, db):
    assert client.get("/proces/findes-ikke/kalender.ics").status_code == 404


def test_public_events_on_the_timeline_link_to_their_calendar_file(client, process):
    event = EventFactory(process=process, title="Borgermøde")
    content = client.get(TIMELINE).content.decode()
    assert f'href="/arrangementer/{event.pk}/kalender.ics"' in content


def test_the_process_page_says_adopted_with_the_date_after_the_council_approves(
    client, process, published_version, coordinator
):
    services.handling_record(
        process=process,
        user=coordinator,
        body=BodyFactory(name="Byrådet", adopts_policy=True),
        meeting_date=datetime.date(2027, 6, 22),
        agenda_item_title="Endelig vedtagelse",
        version=published_version,
        decision=Handling.Decision.APPROVED,
    )
    content = client.get(TIMELINE).content.decode()
    assert "Vedtaget" in content
    assert "Byrådet vedtog" in content and "22. juni 2027" in content
