"""A person's own data: a copy, and erasure, of everything the portal holds about an e-mail.

No account is needed. The request form only sends a signed, expiring link to the address; the
link proves the person holds the mailbox. The same answer is given whether or not the portal
holds anything about the address.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from typing import Any

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from engagement.models import Registration
from engagement.services import absolute_url, registrations_anonymise, registrations_erase
from hearing.models import HearingResponse
from hearing.services import hearing_responses_anonymise
from medborger import mailcap
from medborger.mail import mail_log_forget, mail_send
from notifications.models import Subscription
from notifications.services import subscriptions_erase, subscriptions_export
from policy.models import Comment
from policy.services import comments_anonymise

logger = logging.getLogger(__name__)

SALT = "engagement.gdpr.my-data"
LINK_MAX_AGE = 60 * 60 * 24  # seconds: the link in the e-mail works for 24 hours


def gdpr_token_make(*, email: str) -> str:
    return signing.dumps({"email": email.strip().lower()}, salt=SALT, compress=True)


def gdpr_token_read(token: str) -> str | None:
    """The e-mail address the token was made for; None when it is forged or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    email = data.get("email") if isinstance(data, dict) else None
    return email if isinstance(email, str) and email else None


def gdpr_link_send(*, email: str, language: str) -> None:
    """Mail the link to the address. Sent whether or not anything is held about it."""
    email = email.strip().lower()
    if not mailcap.mail_allowed(address=email, kind="my-data-link"):
        return
    token = gdpr_token_make(email=email)
    with translation.override(language):
        link = absolute_url(reverse("privacy:data-detail", kwargs={"token": token}))
    mail_send(
        to=email,
        template="privacy/emails/my_data_link",
        context={"link": link, "hours": LINK_MAX_AGE // 3600},
        language=language,
    )


@dataclasses.dataclass
class PersonalData:
    email: str
    comments: list[Comment]
    registrations: list[Registration]
    responses: list[HearingResponse]
    follows: list[Subscription] = dataclasses.field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.comments or self.registrations or self.responses or self.follows)


def personal_data_find(*, email: str) -> PersonalData:
    email = email.strip()
    return PersonalData(
        email=email,
        comments=list(
            Comment.objects.written_under(email)
            .select_related("policy", "section")
            .order_by("created_at", "pk")
        ),
        registrations=list(
            Registration.objects.filter(email__iexact=email)
            .select_related("event")
            .order_by("created_at", "pk")
        ),
        responses=list(
            HearingResponse.objects.filter(email__iexact=email)
            .select_related("hearing__process__policy")
            .prefetch_related("attachments")
            .order_by("received_at", "pk")
        ),
        follows=list(Subscription.objects.of_address(email).order_by("created_at", "pk")),
    )


def _when(value) -> str | None:
    return value.isoformat() if value else None


def personal_data_export(*, email: str) -> dict[str, Any]:
    """Everything held about the address, as plain JSON-ready data."""
    data = personal_data_find(email=email)
    return {
        "email": data.email,
        "exported_at": timezone.now().isoformat(),
        "comments": [
            {
                "policy": c.policy.title,
                "section": c.section.heading,
                "name": c.author_name,
                "email": c.email,
                "comment": c.body,
                "status": c.status,
                "created_at": _when(c.created_at),
                "published_at": _when(c.published_at),
                "official_reply": c.reply,
            }
            for c in data.comments
        ],
        "registrations": [
            {
                "event": r.event.title,
                "starts_at": _when(r.event.starts_at),
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "accessibility_needs": r.accessibility_needs,
                "diet": r.diet,
                "interpreter_language": r.interpreter_language,
                "status": r.status,
                "created_at": _when(r.created_at),
                "checked_in_at": _when(r.checked_in_at),
            }
            for r in data.registrations
        ],
        "hearing_responses": [
            {
                "policy": h.hearing.process.policy.title,
                "tracking": h.tracking,
                "kind": h.kind,
                "name": h.name,
                "organisation": h.organisation,
                "email": h.email,
                "response": h.text,
                "consent_to_publish": h.consent_to_publish,
                "received_at": _when(h.received_at),
                "status": h.status,
                "attachments": [a.original_name for a in h.attachments.all()],
            }
            for h in data.responses
        ],
        "follows": subscriptions_export(email=email),
    }


@dataclasses.dataclass
class ErasureResult:
    comments: int = 0
    registrations_cancelled: int = 0
    registrations_anonymised: int = 0
    responses: int = 0
    follows: int = 0


@transaction.atomic
def personal_data_erase(*, email: str) -> ErasureResult:
    """Erase what is held about the address, keeping only what the record needs:

    - comments keep their text, lose name and e-mail and say the author deleted them (through
      the policy app's service, which also retires the cached pages that showed the name);
    - registrations for events still to come are cancelled (so the waiting list moves up) and
      deleted; past ones are kept for attendance figures, anonymised (engagement's services);
    - hearing responses are part of the public record of the hearing: they keep their text and
      lose name, e-mail and attachments, as the retention job does.
    - follows are deleted (notifications' service).
    The change history of comments and registrations is scrubbed the same way.
    """
    email = email.strip()
    result = ErasureResult()
    now = timezone.now()

    result.comments = comments_anonymise(email=email)

    registrations = registrations_erase(email=email, now=now)
    result.registrations_cancelled = registrations.cancelled
    result.registrations_anonymised = registrations.anonymised

    response_ids = list(
        HearingResponse.objects.select_for_update()
        .filter(email__iexact=email)
        .values_list("pk", flat=True)
    )
    if response_ids:
        hearing_responses_anonymise(response_ids=response_ids)
        result.responses = len(response_ids)
    result.follows = subscriptions_erase(email=email)
    mail_log_forget(email=email)

    logger.info(
        "erased personal data on request: %d comments, %d registrations cancelled, "
        "%d anonymised, %d hearing responses",
        result.comments,
        result.registrations_cancelled,
        result.registrations_anonymised,
        result.responses,
    )
    return result


REGISTRATION_RETENTION = datetime.timedelta(days=90)


@transaction.atomic
def registrations_purge(*, now: datetime.datetime | None = None) -> int:
    """Three months after an event, its registrations keep only their status and times (for the
    attendance figures): names, e-mails and needs go, in the history too. Idempotent."""
    cutoff = (now or timezone.now()) - REGISTRATION_RETENTION
    pks = list(
        Registration.objects.filter(event__starts_at__lt=cutoff)
        .exclude(email="", name="")
        .values_list("pk", flat=True)
    )
    if pks:
        registrations_anonymise(registration_ids=pks)
        logger.info("purged %d registrations of events more than 90 days ago", len(pks))
    return len(pks)
