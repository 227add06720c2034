"""The worker itself: tasks wait in the database and a real `db_worker` runs them.

These tests switch from the suite's immediate backend to the database backend and run
django-tasks-db's worker (the portal's `db_worker`) against the suite's database, on SQLite and
on PostgreSQL alike.
"""

# The hearing, event and policy fixtures are imported from their apps' conftest files; ruff
# takes the test arguments that use them for redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import datetime
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from engagement.models import Registration
from hearing.models import HearingResponse
from medborger.models import OutgoingMail, ScheduledJob
from policy import services as policy_services
from policy.models import Comment, Snapshot
from tests.engagement.conftest import meeting, signup_data  # noqa: F401 - fixtures
from tests.hearing.conftest import approved_version, hearing, hearing_data  # noqa: F401 - fixtures
from tests.policy.conftest import draft, first_section, version_one  # noqa: F401 - fixtures
from tests.policy.factories import CommentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(*args: str) -> None:
    """Run `manage.py db_worker` in this process; give the test runner its signals back."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.05", "-v", "0", *args
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def waiting_tasks() -> int:
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()


def test_a_comment_a_sign_up_and_a_hearing_response_are_mailed_by_the_worker(
    client, first_section, meeting, hearing
):
    comment_url = reverse(
        "policy:section-comments",
        kwargs={"policy": "medborgerpolitik", "number": 1, "key": first_section.key},
    )
    client.post(comment_url, {"body": "Husk foreningerne!", "name": "Ali", "email": "ali@ex.org"})
    signup = client.post(
        reverse("engagement:event-detail", kwargs={"pk": meeting.pk}),
        signup_data(email="bente@ex.org"),
    )
    respond = client.post(
        reverse("hearing:hearing-detail", kwargs={"policy": "medborgerpolitik"}),
        hearing_data(email="carl@ex.org"),
    )
    assert signup.status_code == respond.status_code == 302
    assert Comment.objects.count() == Registration.objects.count() == 1
    # No worker runs yet: nothing is sent, and every mail waits in the database.
    assert mail.outbox == []
    assert waiting_tasks() == 3
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).count() == 3

    # A worker that stops after one task loses nothing: the others wait for the next one.
    run_worker("--max-tasks", "1")
    assert len(mail.outbox) == 1 and waiting_tasks() == 2
    run_worker("--batch")

    assert sorted(m.to[0] for m in mail.outbox) == ["ali@ex.org", "bente@ex.org", "carl@ex.org"]
    assert waiting_tasks() == 0
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}
    signup_mail = next(m for m in mail.outbox if m.to == ["bente@ex.org"])
    assert [a[0] for a in signup_mail.attachments] == ["arrangement.ics"]
    # The receipt's outcome is written on the response, as staff see it.
    assert HearingResponse.objects.get().receipt_sent_at is not None


class _FailsTwice:
    """A mail server that refuses the first two attempts and then accepts."""

    attempts = 0

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts <= 2:
            raise ConnectionRefusedError("mail server down")
        mail.outbox.extend(messages)
        return len(messages)


def test_a_mail_server_that_fails_twice_is_retried_until_it_succeeds(client, meeting, settings):
    _FailsTwice.attempts = 0
    settings.EMAIL_BACKEND = "tests.medborger.test_worker._FailsTwice"
    settings.MAIL_RETRY_SECONDS = 0  # the pause doubles from 0 s: retry at once in the test
    client.post(reverse("engagement:event-detail", kwargs={"pk": meeting.pk}), signup_data())
    run_worker("--batch")
    sent = OutgoingMail.objects.get()
    assert sent.status == OutgoingMail.Status.SENT
    assert sent.attempts == 3 and sent.last_error == ""
    assert [m.to for m in mail.outbox] == [["bente@example.org"]]
    # Each attempt was a task of its own; the failed ones asked for a later one.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 3


def test_publishing_a_version_renders_its_pdf_in_the_background(client, draft, coordinator):
    version = policy_services.draft_publish(
        draft=draft, label="Version 2", change_note="Nyt afsnit", user=coordinator
    )
    assert not Snapshot.objects.filter(version=version).exists()
    assert waiting_tasks() == 2  # the PDF, and telling the policy's followers
    run_worker("--batch")
    snapshot = Snapshot.objects.get(version=version, kind=Snapshot.Kind.VERSION)
    # The download streams the stored file.
    response = client.get(
        reverse("policy:version-pdf", kwargs={"policy": version.policy.slug, "number": 2})
    )
    assert response.status_code == 200
    assert response["X-Content-SHA256"] == snapshot.sha256
    response.close()
    assert Snapshot.objects.filter(version=version).count() == 1


def test_a_worker_runs_the_scheduled_jobs_that_are_due(settings, first_section):
    settings.TASK_SCHEDULE = {"comments-expire": ("policy.tasks.comments_expire", "03:30")}
    now = timezone.now()
    ScheduledJob.objects.create(
        name="comments-expire", next_run_at=now - datetime.timedelta(minutes=1)
    )
    CommentFactory(
        section=first_section,
        policy=first_section.version.policy,
        status=Comment.Status.UNCONFIRMED,
        email="late@example.org",
        token="t" * 32,
        confirm_by=now - datetime.timedelta(hours=1),
    )
    # Without --batch the worker keeps the schedule: it enqueues the due job and runs it.
    run_worker("--max-tasks", "1")
    assert not Comment.objects.exists()
    job = ScheduledJob.objects.get()
    assert (
        job.next_run_at > now and timezone.localtime(job.next_run_at).strftime("%H:%M") == "03:30"
    )
