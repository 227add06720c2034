import datetime
from unittest import mock

import pytest
import time_machine
from django.db import OperationalError
from django.utils import timezone

from medborger.mail import mail_send
from policy.tasks import comments_expire


@pytest.mark.django_db
def test_health_answers_200_when_the_database_answers(client):
    response = client.get("/sundhed/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "up",
        "queue": {"status": "ok", "waiting": 0, "oldest_wait_seconds": 0.0},
        "mail": {"failed": 0, "waiting": 0},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_reports_the_age_of_the_oldest_waiting_task_and_a_stuck_queue(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_MAX_WAIT_SECONDS = 600
    start = timezone.now()
    with time_machine.travel(start - datetime.timedelta(seconds=90), tick=False):
        comments_expire.enqueue()
    with time_machine.travel(start, tick=False):
        comments_expire.enqueue()
        answer = client.get("/sundhed/")
    assert answer.status_code == 200
    assert answer.json()["queue"] == {"status": "ok", "waiting": 2, "oldest_wait_seconds": 90.0}
    with time_machine.travel(start + datetime.timedelta(minutes=15), tick=False):
        stuck = client.get("/sundhed/")
    # The pages still work without a worker: the answer stays 200 and says the queue is stuck.
    assert stuck.status_code == 200 and stuck.json()["queue"]["status"] == "stuck"


@pytest.mark.django_db
def test_health_counts_mails_that_failed_for_good(client, settings):
    settings.EMAIL_BACKEND = "tests.medborger.test_mail._Refusing"
    settings.MAIL_MAX_ATTEMPTS = 1
    mail_send(to="a@example.org", template="privacy/emails/my_data_link", context={"hours": 24})
    assert client.get("/sundhed/").json()["mail"] == {"failed": 1, "waiting": 0}


@pytest.mark.django_db
def test_health_answers_in_plain_text_for_people(client):
    response = client.get("/sundhed/?format=text")
    assert response["Content-Type"].startswith("text/plain")
    assert "queue oldest_wait_seconds: 0.0" in response.content.decode()


@pytest.mark.django_db
def test_health_answers_503_when_the_database_does_not(client):
    with mock.patch("medborger.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/sundhed/")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_health_refuses_post(client):
    assert client.post("/sundhed/").status_code == 405
