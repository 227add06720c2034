"""`manage.py send_reminders`: owners hear about due and late milestones, once."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from process.models import Membership, ReminderLog
from tests.factories import MembershipFactory, MilestoneFactory, UserFactory

TODAY = datetime.date(2027, 1, 10)


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def owner(db):
    return UserFactory(email="ejer@example.org", first_name="Eja", last_name="Ejer")


@time_machine.travel(datetime.datetime(2027, 1, 10, 8, 0), tick=False)
def test_owner_gets_one_email_about_due_and_late_milestones(process, owner):
    MilestoneFactory(
        process=process, owner=owner, title="Snart", planned_date=TODAY + datetime.timedelta(days=3)
    )
    MilestoneFactory(
        process=process,
        owner=owner,
        title="For sent",
        planned_date=TODAY - datetime.timedelta(days=2),
    )
    MilestoneFactory(
        process=process,
        owner=owner,
        title="Langt ude",
        planned_date=TODAY + datetime.timedelta(days=30),
    )
    MilestoneFactory(
        process=process,
        owner=owner,
        title="Færdig",
        planned_date=TODAY - datetime.timedelta(days=5),
        done_on=TODAY - datetime.timedelta(days=6),
    )
    assert "Sent 1 e-mail(s) with 2 reminder(s)." in run("--days=7")
    [message] = mail.outbox
    assert message.to == ["ejer@example.org"]
    assert "Snart" in message.body and "For sent" in message.body
    assert "Langt ude" not in message.body and "Færdig" not in message.body
    assert f"/styring/proces/{process.policy.slug}/" in message.body


@time_machine.travel(datetime.datetime(2027, 1, 10, 8, 0), tick=False)
def test_running_twice_a_day_sends_each_reminder_once(process, owner):
    MilestoneFactory(process=process, owner=owner, planned_date=TODAY + datetime.timedelta(days=1))
    run()
    assert "Sent 0 e-mail(s)" in run()
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1


def test_a_moved_milestone_is_reminded_again_when_due_again(process, owner):
    milestone = MilestoneFactory(
        process=process, owner=owner, planned_date=TODAY + datetime.timedelta(days=1)
    )
    with time_machine.travel(datetime.datetime(2027, 1, 10, 8, 0), tick=False):
        run()
    milestone.planned_date = TODAY + datetime.timedelta(days=20)
    milestone.save()
    with time_machine.travel(datetime.datetime(2027, 1, 25, 8, 0), tick=False):
        run()
    assert len(mail.outbox) == 2


def test_a_milestone_turning_late_gets_a_late_reminder(process, owner):
    MilestoneFactory(
        process=process,
        owner=owner,
        title="Workshop",
        planned_date=TODAY + datetime.timedelta(days=1),
    )
    with time_machine.travel(datetime.datetime(2027, 1, 10, 8, 0), tick=False):
        run()
    with time_machine.travel(datetime.datetime(2027, 1, 13, 8, 0), tick=False):
        run()
    assert len(mail.outbox) == 2
    assert sorted(ReminderLog.objects.values_list("kind", flat=True)) == ["due_soon", "late"]


@pytest.fixture
def coordinator_with_email(process):
    user = UserFactory(email="koordinator@example.org", first_name="Karen", last_name="Koordinator")
    MembershipFactory(process=process, user=user, group=Membership.Group.COORDINATOR)
    return user


@time_machine.travel(datetime.datetime(2027, 1, 10, 8, 0), tick=False)
def test_an_owner_without_email_is_reminded_through_the_coordinator(
    process, coordinator_with_email
):
    no_email = UserFactory(email="", first_name="Nina", last_name="Uden")
    MilestoneFactory(process=process, owner=no_email, title="Borgermøde", planned_date=TODAY)
    MilestoneFactory(process=process, owner=None, title="Uden ejer", planned_date=TODAY)
    output = run()
    [message] = mail.outbox
    assert message.to == ["koordinator@example.org"]
    assert "Borgermøde" in message.body and "Uden ejer" in message.body
    assert "ejeren, Nina Uden, har ingen e-mailadresse" in message.body
    assert "milepælen har ingen ejer" in message.body
    assert "Sent to the coordinator: “Borgermøde”: Nina Uden has no e-mail address" in output
    assert "Karen Koordinator <koordinator@example.org>" in output
    assert "“Uden ejer”: the milestone has no owner" in output
    assert "Sent 1 e-mail(s) with 2 reminder(s)." in output
    assert set(ReminderLog.objects.values_list("recipient__email", flat=True)) == {
        "koordinator@example.org"
    }
    # Once is enough: the second run neither sends nor reports it again.
    output = run()
    assert len(mail.outbox) == 1
    assert "Sent to the coordinator" not in output


@time_machine.travel(datetime.datetime(2027, 1, 10, 8, 0), tick=False)
def test_a_reminder_nobody_can_get_is_reported_not_dropped_in_silence(process):
    MilestoneFactory(
        process=process, owner=UserFactory(email=""), title="Høring", planned_date=TODAY
    )
    output = run()
    assert mail.outbox == []
    assert "Not sent: “Høring”" in output
    assert "no coordinator with one" in output
    assert "1 reminder(s) could not be sent to anyone" in output


def test_the_seeded_ishoj_owners_have_no_email_so_their_coordinator_is_told(ishoj):
    coordinator = ishoj.memberships.get(group=Membership.Group.COORDINATOR).user
    coordinator.email = "jeanet@example.org"
    coordinator.save(update_fields=["email"])
    with time_machine.travel(datetime.datetime(2027, 1, 20, 8, 0), tick=False):
        output = run()
    [message] = mail.outbox
    assert message.to == ["jeanet@example.org"]
    assert "Intern workshop for alle medarbejdere" in message.body
    assert "Anne-Dorthe Roland Jensen has no e-mail address" in output


@time_machine.travel(datetime.datetime(2027, 1, 10, 8, 0), tick=False)
def test_closed_processes_send_no_reminders(process, owner):
    process.status = process.Status.CLOSED
    process.save()
    MilestoneFactory(process=process, owner=owner, planned_date=TODAY)
    run()
    assert mail.outbox == []


def test_negative_days_is_refused(db):
    with pytest.raises(SystemExit):
        call_command("send_reminders", "--days=-1", stdout=io.StringIO(), stderr=io.StringIO())
