"""The one way the portal sends e-mail: `mail_send`.

A mail is rendered from two templates in the recipient's language (`<template>_subject.txt` and
`<template>.txt`), written to the mail log (`OutgoingMail`) in the caller's transaction, and sent
by the task `mail_deliver` once that transaction commits (with the database backend the task row
commits with the mail row). A mail that fails is tried again with a growing pause
(settings.MAIL_RETRY_SECONDS × 1, 2, 4, …, at most an hour) until it has been tried
settings.MAIL_MAX_ATTEMPTS times; then it is marked failed, and staff see it in the admin's
mail log. The scheduled job `mail_retry_due` sends whatever is due and has no task waiting (a
task lost with its worker, or a queue without deferred tasks), and forgets old sent mails.

An app that must know how its mails fared (the hearing receipt is shown to staff) registers a
hook for its template with `mail_outcome_hook`; the hook gets the mail after each attempt.
"""

from __future__ import annotations

import base64
import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend

from medborger.models import OutgoingMail

logger = logging.getLogger(__name__)

# How long an attempt may take before another worker may try the same mail again.
ATTEMPT_LEASE = datetime.timedelta(minutes=5)
LONGEST_PAUSE = datetime.timedelta(hours=1)

_outcome_hooks: dict[str, Callable[[OutgoingMail], None]] = {}


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


def mail_send(
    *,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    attachments: Iterable[Attachment] = (),
    ref: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingMail:
    """Render and record a mail to `to`, and send it by a task after the current commit.

    `template` names the pair `<template>_subject.txt` and `<template>.txt`; both are rendered
    with `context` (plus MUNICIPALITY_NAME, SITE_NAME and SITE_URL) in `language` (default: the active
    one). `ref` names the row the mail is about, for the outcome hook and for `mail_exists`.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    context = {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        **context,
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return mail_send_rendered(
        to=to,
        subject=subject,
        body=body,
        template=template,
        language=language,
        attachments=attachments,
        ref=ref,
        headers=headers,
    )


def mail_send_rendered(
    *,
    to: str,
    subject: str,
    body: str,
    template: str,
    language: str,
    attachments: Iterable[Attachment] = (),
    ref: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingMail:
    """`mail_send` for a mail rendered elsewhere (allauth renders its own)."""
    mail = OutgoingMail.objects.create(
        template=template,
        ref=ref,
        to=to,
        language=language,
        subject=subject[:300],
        body=body,
        attachments=[
            {
                "filename": a.filename,
                "mimetype": a.mimetype,
                "content": base64.b64encode(a.content).decode("ascii"),
            }
            for a in attachments
        ],
        headers=headers or {},
        next_attempt_at=timezone.now(),
    )
    _enqueue_on_commit(mail.pk)
    return mail


@dataclass(frozen=True)
class RenderedMail:
    """One mail of a batch for `mail_send_many`."""

    to: str
    subject: str
    body: str
    language: str
    headers: dict[str, str]
    ref: str = ""


def mail_send_many(*, template: str, mails: list[RenderedMail]) -> list[int]:
    """Record a batch of rendered mails with one insert, sent by one task after the commit.

    For fan-outs (a notice to thousands of followers): the number of queries does not grow
    with the batch. A mail of the batch that fails is retried on its own, like any other."""
    if not mails:
        return []
    now = timezone.now()
    rows = OutgoingMail.objects.bulk_create(
        OutgoingMail(
            template=template,
            ref=mail.ref,
            to=mail.to,
            language=mail.language,
            subject=mail.subject[:300],
            body=mail.body,
            headers=mail.headers,
            next_attempt_at=now,
        )
        for mail in mails
    )
    ids = [row.pk for row in rows]
    if isinstance(mail_deliver_many.get_backend(), DatabaseBackend):
        mail_deliver_many.enqueue(ids)
    else:
        transaction.on_commit(lambda: mail_deliver_many.enqueue(ids), robust=True)
    return ids


def _enqueue_on_commit(mail_id: int) -> None:
    """Let the task run once the mail row is committed.

    With the database backend the task row is written in the same transaction: no worker sees
    it before the commit, the mail and its task commit together (nothing is lost between them),
    and a request pays one commit, not two. Any other backend gets the task after the commit;
    that is robust: if enqueueing fails (the database went away just after the commit), the
    mail is recorded all the same and `mail_retry_due` sends it later."""
    if isinstance(mail_deliver.get_backend(), DatabaseBackend):
        mail_deliver.enqueue(mail_id)
    else:
        transaction.on_commit(lambda: _enqueue(mail_id), robust=True)


def mail_exists(*, template: str, ref: str) -> bool:
    """Whether a mail of this template about this row is waiting or was sent."""
    return (
        OutgoingMail.objects.filter(template=template, ref=ref)
        .exclude(status=OutgoingMail.Status.FAILED)
        .exists()
    )


def mail_outcome_hook(template: str, hook: Callable[[OutgoingMail], None]) -> None:
    """Call `hook(mail)` after every attempt to send a mail of this template."""
    _outcome_hooks[template] = hook


def _enqueue(mail_id: int, *, run_after: datetime.datetime | None = None) -> None:
    deliver = mail_deliver
    if run_after is not None:
        if not deliver.get_backend().supports_defer:
            return  # the immediate backend: `mail_retry_due` tries again when it is due
        deliver = deliver.using(run_after=run_after)
    deliver.enqueue(mail_id)


@task()
def mail_deliver(mail_id: int) -> str:
    """The task: one attempt to send one mail. Returns the mail's status afterwards."""
    return mail_attempt(mail_id=mail_id)


@task()
def mail_deliver_many(mail_ids: list[int]) -> int:
    """The task for a batch: one attempt at each mail. Returns how many were sent."""
    return sum(mail_attempt(mail_id=mail_id) == OutgoingMail.Status.SENT for mail_id in mail_ids)


def mail_attempt(*, mail_id: int, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    mail = OutgoingMail.objects.filter(pk=mail_id).first()
    if mail is None or mail.status != OutgoingMail.Status.QUEUED:
        return mail.status if mail else "gone"
    if mail.next_attempt_at is None or mail.next_attempt_at > now:
        return "not due"  # another attempt holds the lease, or the pause has not run out
    # Claim the attempt (compare-and-set), so two workers never send the same mail at once;
    # the lease runs out if this worker dies while sending, and the retry job takes over.
    claimed = OutgoingMail.objects.filter(
        pk=mail.pk, status=OutgoingMail.Status.QUEUED, next_attempt_at=mail.next_attempt_at
    ).update(next_attempt_at=now + ATTEMPT_LEASE)
    if not claimed:
        return "claimed"
    mail.attempts += 1
    try:
        _message(mail).send()
    except Exception as error:  # any backend failure: record it and try again later
        mail.last_error = f"{type(error).__name__}: {error}"[:500]
        if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
            mail.status = OutgoingMail.Status.FAILED
            mail.next_attempt_at = None
            logger.error("mail %s to %s failed for good: %s", mail.pk, mail.to, mail.last_error)
        else:
            mail.next_attempt_at = now + retry_pause(mail.attempts)
            logger.warning("mail %s failed (attempt %d): %s", mail.pk, mail.attempts, error)
    else:
        mail.status = OutgoingMail.Status.SENT
        mail.sent_at = timezone.now()
        mail.next_attempt_at = None
        mail.last_error = ""
    mail.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "sent_at"])
    if mail.status == OutgoingMail.Status.QUEUED:
        transaction.on_commit(lambda: _enqueue(mail.pk, run_after=mail.next_attempt_at))
    hook = _outcome_hooks.get(mail.template)
    if hook is not None:
        try:
            hook(mail)
        except Exception:
            logger.exception("the outcome hook for %s failed", mail.template)
    return mail.status


def retry_pause(attempts: int) -> datetime.timedelta:
    """The pause after the `attempts`-th failed attempt: doubling, at most an hour."""
    seconds = settings.MAIL_RETRY_SECONDS * 2 ** min(attempts - 1, 16)
    return min(datetime.timedelta(seconds=seconds), LONGEST_PAUSE)


def _message(mail: OutgoingMail) -> EmailMessage:
    message = EmailMessage(
        subject=mail.subject, body=mail.body, to=[mail.to], headers=mail.headers or None
    )
    for item in mail.attachments:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return message


def mail_send_now(*, mails: Iterable[OutgoingMail]) -> None:
    """Staff asked to try again: put the mails back in the queue, due at once."""
    ids = [mail.pk for mail in mails]
    OutgoingMail.objects.filter(pk__in=ids).exclude(status=OutgoingMail.Status.SENT).update(
        status=OutgoingMail.Status.QUEUED, next_attempt_at=timezone.now()
    )
    for mail_id in ids:
        transaction.on_commit(lambda mail_id=mail_id: _enqueue(mail_id), robust=True)


def mail_log_forget(*, email: str) -> int:
    """Erasure on request: delete the log's mails to this address (sent or not)."""
    deleted, _rows = OutgoingMail.objects.filter(to__iexact=email.strip()).delete()
    return deleted


@task()
def mail_retry_due() -> int:
    """Scheduled: send every mail that is due, and forget sent mails past MAIL_LOG_DAYS."""
    now = timezone.now()
    OutgoingMail.objects.filter(
        status=OutgoingMail.Status.SENT,
        sent_at__lt=now - datetime.timedelta(days=settings.MAIL_LOG_DAYS),
    ).delete()
    sent = 0
    for mail_id in OutgoingMail.objects.due(now).values_list("pk", flat=True):
        if mail_attempt(mail_id=mail_id, now=now) == OutgoingMail.Status.SENT:
            sent += 1
    return sent
