"""The one mail module: rendered in the recipient's language, recorded, sent after the commit,
tried again with a growing pause, and visible to administrators when it fails."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from medborger.mail import Attachment, mail_attempt, mail_retry_due, mail_send, retry_pause
from medborger.models import OutgoingMail
from tests.conftest import make_account

pytestmark = pytest.mark.django_db

TEMPLATE = "privacy/emails/my_data_link"


class _Refusing:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def _send(**overrides) -> OutgoingMail:
    arguments = {
        "to": "bente@example.org",
        "template": TEMPLATE,
        "context": {"link": "https://example.org/x", "hours": 24},
    }
    return mail_send(**(arguments | overrides))


def test_a_mail_is_rendered_in_the_language_asked_for_and_recorded_as_sent():
    _send(language="en")
    _send(language="da", to="carl@example.org")
    english, danish = mail.outbox
    assert english.subject == "Your data on Medborgerportalen"
    assert danish.subject == "Dine data på Medborgerportalen"
    assert "https://example.org/x" in english.body
    logged = OutgoingMail.objects.get(to="bente@example.org")
    assert logged.status == OutgoingMail.Status.SENT and logged.attempts == 1
    assert logged.language == "en" and logged.sent_at is not None


def test_an_attachment_such_as_an_ics_reaches_the_message():
    _send(attachments=[Attachment("arrangement.ics", b"BEGIN:VCALENDAR", "text/calendar")])
    (message,) = mail.outbox
    assert message.attachments[0][0] == "arrangement.ics"
    assert message.attachments[0][2] == "text/calendar"


@pytest.mark.django_db(transaction=True)
def test_a_mail_asked_for_in_a_transaction_that_rolls_back_is_neither_sent_nor_recorded():
    with pytest.raises(RuntimeError), transaction.atomic():
        _send()
        raise RuntimeError("the change failed")
    assert mail.outbox == [] and not OutgoingMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_mail_goes_out_only_when_its_transaction_commits():
    with transaction.atomic():
        _send()
        assert mail.outbox == []
    assert len(mail.outbox) == 1


def test_the_pause_between_attempts_doubles_up_to_an_hour(settings):
    settings.MAIL_RETRY_SECONDS = 60
    pauses = [retry_pause(n).total_seconds() for n in (1, 2, 3, 6, 7, 12)]
    assert pauses == [60, 120, 240, 1920, 3600, 3600]


def test_a_failing_mail_is_tried_again_when_due_and_marked_failed_after_the_last_attempt(
    settings,
):
    settings.EMAIL_BACKEND = "tests.medborger.test_mail._Refusing"
    settings.MAIL_MAX_ATTEMPTS = 3
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        logged = _send()
    logged.refresh_from_db()
    assert logged.status == OutgoingMail.Status.QUEUED and logged.attempts == 1
    assert "mail server down" in logged.last_error
    assert logged.next_attempt_at == start + datetime.timedelta(seconds=60)
    # Not yet due: the retry job leaves it alone.
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        mail_retry_due.call()
    logged.refresh_from_db()
    assert logged.attempts == 1
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        mail_retry_due.call()
    logged.refresh_from_db()
    assert logged.attempts == 2
    assert logged.next_attempt_at == start + datetime.timedelta(seconds=61 + 120)
    with time_machine.travel(start + datetime.timedelta(seconds=200), tick=False):
        mail_retry_due.call()
    logged.refresh_from_db()
    assert logged.status == OutgoingMail.Status.FAILED and logged.attempts == 3
    assert logged.next_attempt_at is None and mail.outbox == []


def test_a_mail_that_was_sent_is_not_sent_again():
    logged = _send()
    assert mail_attempt(mail_id=logged.pk) == OutgoingMail.Status.SENT
    mail_retry_due.call()
    assert len(mail.outbox) == 1


def test_the_retry_job_forgets_sent_mails_after_the_log_period(settings):
    settings.MAIL_LOG_DAYS = 30
    old = _send()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        recent = _send(to="carl@example.org")
        mail_retry_due.call()
    assert list(OutgoingMail.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_administrators_see_failed_mails_and_can_send_them_again(client, admin_user, settings):
    settings.EMAIL_BACKEND = "tests.medborger.test_mail._Refusing"
    logged = _send()
    OutgoingMail.objects.filter(pk=logged.pk).update(status=OutgoingMail.Status.FAILED)
    client.force_login(admin_user)
    listing = client.get("/admin/medborger/outgoingmail/?status__exact=failed")
    assert listing.status_code == 200
    assert "bente@example.org" in listing.content.decode()
    assert "mail server down" in listing.content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(
        "/admin/medborger/outgoingmail/",
        {"action": "send_again", "_selected_action": [logged.pk]},
        follow=True,
    )
    assert response.status_code == 200
    logged.refresh_from_db()
    assert logged.status == OutgoingMail.Status.SENT
    assert [m.to for m in mail.outbox] == [["bente@example.org"]]


def test_the_mail_log_is_closed_to_people_who_are_not_administrators(client):
    client.force_login(make_account("borger@example.org"))
    response = client.get("/admin/medborger/outgoingmail/", follow=True)
    assert response.status_code == 403


def test_allauths_mails_go_through_the_mail_log(client):
    make_account("bente@example.org")
    client.post("/konto/password/reset/", {"email": "bente@example.org"})
    logged = OutgoingMail.objects.get()
    assert logged.template == "account/email/password_reset_key"
    assert logged.status == OutgoingMail.Status.SENT
    assert [m.to for m in mail.outbox] == [["bente@example.org"]]
