"""The public hearing: responses that are never lost, publication, the høringsnotat, retention.

A response is written in one transaction (the response row and its attachment rows) before the
respondent is told anything; the files go to storage just before, and are removed again if the
transaction fails. The receipt e-mail is recorded in that transaction and sent by a task after
the commit; if sending fails the response is still stored, the mail module tries again with a
growing pause, each failure is written on the row (`receipt_attempts`, `receipt_error`) and staff
see it in the responses list, where they can also ask for another try at once.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from engagement.services import _url_in_language
from hearing import notify
from hearing.models import Hearing, HearingAttachment, HearingResponse, ResponsePoint
from hearing.notat import notat_build
from hearing.uploads import CheckedFile
from medborger import exports
from medborger.mail import mail_exists, mail_outcome_hook, mail_send, mail_send_now
from medborger.models import OutgoingMail
from medborger.pdf import pdf_render
from policy.suggest import sections_suggest
from process import services as process_services

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: easy to read aloud and to type from a letter.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 8


class HearingError(Exception):
    def __init__(self, message, *, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


def tracking_number_new(*, now: datetime.datetime | None = None) -> str:
    """E.g. H-2027-7K3M9QXA: 31**8 (about 850 billion) choices per year."""
    year = timezone.localtime(now or timezone.now()).year
    code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
    return f"H-{year}-{code}"


def tracking_normalise(value: str) -> str | None:
    """The canonical form of a typed tracking number, or None when it cannot be one."""
    value = (value or "").strip().upper()
    if len(value) > 20:
        return None
    parts = value.split("-")
    if len(parts) != 3 or parts[0] != "H" or not (parts[1].isascii() and parts[1].isdigit()):
        return None
    if len(parts[2]) != TRACKING_LENGTH or any(c not in TRACKING_ALPHABET for c in parts[2]):
        return None
    return value


# --- Opening -------------------------------------------------------------------------------


@transaction.atomic
def hearing_open(*, process, created_by, **fields) -> Hearing:
    version = fields["version"]
    if version.policy_id != process.policy_id:
        raise HearingError(_("The version belongs to another policy."), code="policy")
    if not process_services.version_is_approved(version):
        raise HearingError(
            _("The steering group has not approved this version."), code="not_approved"
        )
    hearing = Hearing.objects.create(process=process, created_by=created_by, **fields)
    if hearing.is_open:  # one that opens later is told by the scheduled job when it opens
        notify.hearing_opened_notify(hearing)
    return hearing


# --- Responding ----------------------------------------------------------------------------


@dataclass
class ResponseInput:
    kind: str
    name: str
    text: str
    email: str = ""
    organisation: str = ""
    consent_to_publish: bool = False
    name_protected: bool = False
    language: str = "da"
    files: list[CheckedFile] = field(default_factory=list)


def response_submit(
    *, hearing_id: int, data: ResponseInput, idempotency_key: str
) -> tuple[HearingResponse, bool]:
    """Store a response from the web form. Returns (response, created); a second submission with
    the same key returns the first response. Raises HearingError when the hearing is not open."""
    existing = HearingResponse.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    hearing = Hearing.objects.get(pk=hearing_id)
    now = timezone.now()
    if now < hearing.opens_at:
        raise HearingError(_("The hearing has not opened yet."), code="not_open")
    if now >= hearing.closes_at:
        raise HearingError(
            _("The hearing closed on %(deadline)s. Late responses cannot be submitted here.")
            % {"deadline": _format_dt(hearing.closes_at)},
            code="closed",
        )
    try:
        response = _store(
            hearing=hearing,
            data=data,
            channel=HearingResponse.Channel.WEB,
            received_at=now,
            idempotency_key=idempotency_key,
        )
    except IntegrityError:
        existing = HearingResponse.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    return response, True


def response_register(
    *,
    hearing: Hearing,
    data: ResponseInput,
    channel: str,
    received_at,
    entered_by,
    case_number: str = "",
    sender_address: str = "",
    receipt_by_email: bool = True,
) -> HearingResponse:
    """Staff intake of a letter or e-mail with its case data. A response received after the
    deadline is kept (and counts as late); the receipt goes by e-mail only when staff chose it."""
    return _store(
        hearing=hearing,
        data=data,
        channel=channel,
        received_at=received_at,
        entered_by=entered_by,
        scans=True,
        extra={"case_number": case_number.strip(), "sender_address": sender_address.strip()},
        send_receipt_mail=receipt_by_email,
    )


def receipt_letter_pdf(*, response: HearingResponse) -> bytes:
    """The receipt as a letter to post to the sender's address, with the tracking number."""
    return pdf_render(
        template_name="hearing/pdf/receipt_letter.html",
        context={
            "response": response,
            "hearing": response.hearing,
            "policy": response.hearing.process.policy,
            "today": timezone.localdate(),
        },
        language=response.language,
    )


def _format_dt(value) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _store(
    *,
    hearing: Hearing,
    data: ResponseInput,
    channel: str,
    received_at,
    idempotency_key: str | None = None,
    entered_by=None,
    scans: bool = False,
    extra: dict | None = None,
    send_receipt_mail: bool = True,
) -> HearingResponse:
    saved_paths: list[str] = []
    try:
        # Files first (storage is not transactional), then every row in one transaction.
        stored = []
        for checked in data.files:
            path = default_storage.save(
                f"hearing/{hearing.pk}/{secrets.token_hex(16)}.{checked.kind}", checked.upload
            )
            saved_paths.append(path)
            stored.append((checked, path))
        with transaction.atomic():
            response = _create_with_tracking(
                hearing=hearing,
                kind=data.kind,
                name=data.name.strip(),
                organisation=data.organisation.strip(),
                email=data.email.strip().lower(),
                text=data.text.strip(),
                consent_to_publish=data.consent_to_publish,
                name_protected=data.name_protected,
                channel=channel,
                language=data.language
                if data.language in dict(settings.LANGUAGES)
                else settings.LANGUAGE_CODE,
                received_at=received_at,
                idempotency_key=idempotency_key,
                entered_by=entered_by,
                **_initial_publication(
                    hearing, data.consent_to_publish, received_at, reviewed=entered_by is not None
                ),
                **(extra or {}),
            )
            HearingAttachment.objects.bulk_create(
                [
                    HearingAttachment(
                        response=response,
                        file=path,
                        original_name=checked.safe_name,
                        kind=checked.kind,
                        size=checked.size,
                        sha256=checked.sha256,
                        is_scan=scans,
                    )
                    for checked, path in stored
                ]
            )
            if response.email and send_receipt_mail:
                # Recorded with the response: once the rows are committed the receipt is
                # sent, whatever happens to the request (even the database going away before
                # the task is enqueued; the mail module's retry job then sends it).
                receipt_send(response=response)
    except BaseException:
        for path in saved_paths:
            default_storage.delete(path)
        raise
    return response


def _initial_publication(hearing: Hearing, consent: bool, now, *, reviewed: bool) -> dict:
    """ "At once" means at once for what staff entered (they read it) and, for a web response,
    at once when its sender confirms the address (`response_confirm`)."""
    if hearing.publication_rule == Hearing.PublicationRule.AT_ONCE and consent and reviewed:
        return {"status": HearingResponse.Status.PUBLISHED, "published_at": now}
    return {"status": HearingResponse.Status.RECEIVED}


CONFIRM_SALT = "hearing.response-confirm"


def confirm_token_make(*, response: HearingResponse) -> str:
    """The signed token of the receipt's confirmation link (tied to the response and address)."""
    return signing.dumps([response.pk, response.email], salt=CONFIRM_SALT, compress=True)


def response_by_confirm_token(*, token: str) -> HearingResponse | None:
    """The response a confirmation token names, or None for a forged or outdated token."""
    try:
        pk, email = signing.loads(token, salt=CONFIRM_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    response = (
        HearingResponse.objects.select_related("hearing__process__policy")
        .filter(pk=pk, anonymised_at__isnull=True)
        .first()
    )
    if response is None or not email or response.email != email:
        return None
    return response


@transaction.atomic
def response_confirm(*, response: HearingResponse) -> HearingResponse:
    """The sender confirmed the address: under "publish at once" a response they agreed to
    publish is published now; otherwise it waits for staff as before."""
    response = HearingResponse.objects.select_for_update().get(pk=response.pk)
    if response.confirmed_at:
        return response
    response.confirmed_at = timezone.now()
    fields = ["confirmed_at"]
    if (
        response.hearing.publication_rule == Hearing.PublicationRule.AT_ONCE
        and response.consent_to_publish
        and response.status == HearingResponse.Status.RECEIVED
    ):
        response.status = HearingResponse.Status.PUBLISHED
        response.published_at = response.confirmed_at
        fields += ["status", "published_at"]
    response.save(update_fields=fields)
    return response


def _create_with_tracking(**fields) -> HearingResponse:
    for _attempt in range(5):
        tracking = tracking_number_new(now=fields["received_at"])
        try:
            with transaction.atomic():
                return HearingResponse.objects.create(tracking=tracking, **fields)
        except IntegrityError:
            if HearingResponse.objects.filter(tracking=tracking).exists():
                continue  # the random number was taken: draw another
            raise
    raise RuntimeError("could not draw a free tracking number")


# --- Receipts and answer mails -------------------------------------------------------------

RECEIPT_TEMPLATE = "hearing/emails/hearing_receipt"
ANSWER_TEMPLATE = "hearing/emails/hearing_answer"


def receipt_send(*, response: HearingResponse) -> None:
    """Record the receipt mail; the mail module sends it after the commit."""
    with translation.override(response.language):
        received_at = _format_dt(response.received_at)
    mail_send(
        to=response.email,
        template=RECEIPT_TEMPLATE,
        context={
            "response": response,
            "hearing": response.hearing,
            "policy": response.hearing.process.policy,
            "attachments": list(response.attachments.all()),
            "receipt_url": _url_in_language(
                "hearing:receipt-detail", response.language, tracking=response.tracking
            ),
            # Only a web response's address needs confirming: staff entered the others.
            "confirm_url": ""
            if response.entered_by_id
            else _url_in_language(
                "hearing:confirmation-update",
                response.language,
                token=confirm_token_make(response=response),
            ),
            "received_at": received_at,
        },
        language=response.language,
        ref=str(response.pk),
    )


def answer_mail_send(*, response: HearingResponse) -> bool:
    """Record the mail that points a respondent to the answer in the høringsnotat, once."""
    if response.answer_mail_sent_at or not response.email or response.anonymised_at:
        return False
    if mail_exists(template=ANSWER_TEMPLATE, ref=str(response.pk)):
        return False
    mail_send(
        to=response.email,
        template=ANSWER_TEMPLATE,
        context={
            "response": response,
            "policy": response.hearing.process.policy,
            "answer_url": _url_in_language(
                "hearing:receipt-detail", response.language, tracking=response.tracking
            )
            + "#svar",
            "notat_url": _url_in_language(
                "hearing:notat-detail",
                response.language,
                policy=response.hearing.process.policy.slug,
            ),
        },
        language=response.language,
        ref=str(response.pk),
    )
    return True


def _receipt_outcome(mail: OutgoingMail) -> None:
    """After each attempt at a receipt: write how it went on the response, for staff."""
    if mail.status == OutgoingMail.Status.SENT:
        HearingResponse.objects.filter(pk=mail.ref).update(
            receipt_sent_at=mail.sent_at, receipt_attempts=mail.attempts, receipt_error=""
        )
    else:
        HearingResponse.objects.filter(pk=mail.ref).update(
            receipt_attempts=mail.attempts, receipt_error=mail.last_error
        )


def _answer_outcome(mail: OutgoingMail) -> None:
    if mail.status == OutgoingMail.Status.SENT:
        HearingResponse.objects.filter(pk=mail.ref).update(answer_mail_sent_at=mail.sent_at)


def mail_hooks_register() -> None:
    """Called from the app's ready(): every process that sends mail (the worker) has them."""
    mail_outcome_hook(RECEIPT_TEMPLATE, _receipt_outcome)
    mail_outcome_hook(ANSWER_TEMPLATE, _answer_outcome)


def hearing_mails_retry(*, hearing: Hearing) -> tuple[int, int]:
    """Staff asked to try the hearing's unsent receipts and answer mails again, now.
    Returns (sent by now, still waiting: a worker sends them in a moment, or they failed again)."""
    refs = [str(pk) for pk in hearing.responses.values_list("pk", flat=True)]
    mails = list(
        OutgoingMail.objects.filter(template__in=[RECEIPT_TEMPLATE, ANSWER_TEMPLATE], ref__in=refs)
        .exclude(status=OutgoingMail.Status.SENT)
        .only("pk")
    )
    mail_send_now(mails=mails)
    sent = OutgoingMail.objects.filter(
        pk__in=[m.pk for m in mails], status=OutgoingMail.Status.SENT
    ).count()
    return sent, len(mails) - sent


# --- Publication and answers ---------------------------------------------------------------


@transaction.atomic
def response_publish(*, response: HearingResponse) -> HearingResponse:
    if not response.hearing.publishes_responses:
        raise HearingError(_("This hearing does not publish responses."), code="rule")
    if not response.consent_to_publish:
        raise HearingError(_("The respondent has not agreed to publication."), code="no_consent")
    response.status = HearingResponse.Status.PUBLISHED
    response.published_at = timezone.now()
    response.withheld_reason = ""
    response.save(update_fields=["status", "published_at", "withheld_reason"])
    return response


@transaction.atomic
def response_withhold(*, response: HearingResponse, reason: str) -> HearingResponse:
    response.status = HearingResponse.Status.WITHHELD
    response.withheld_reason = reason.strip()
    response.save(update_fields=["status", "withheld_reason"])
    return response


@transaction.atomic
def response_answer(*, response: HearingResponse, **answer) -> HearingResponse:
    for name, value in answer.items():
        setattr(response, name, value)
    response.answered_at = timezone.now()
    response.save(update_fields=[*answer, "answered_at"])
    return response


@transaction.atomic
def notat_publish(*, hearing: Hearing) -> int:
    """Publish the høringsnotat and e-mail each respondent a link to their answer."""
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if hearing.notat_published_at is None:
        hearing.notat_published_at = timezone.now()
        hearing.save(update_fields=["notat_published_at"])
        notify.notat_published_notify(hearing)
    responses = (
        hearing.responses.exclude(email="")
        .filter(answer_mail_sent_at__isnull=True, anonymised_at__isnull=True)
        .select_related("hearing__process__policy")
    )
    return sum(1 for response in responses if answer_mail_send(response=response))


def notat_pdf(*, hearing: Hearing, language: str = "da") -> bytes:
    with translation.override(language):
        notat = notat_build(hearing=hearing)
        return pdf_render(
            template_name="hearing/pdf/notat.html",
            context={
                "hearing": hearing,
                "policy": hearing.process.policy,
                "version": hearing.version,
                "notat": notat,
                "generated_at": timezone.now(),
            },
            language=language,
        )


def notat_csv(*, hearing: Hearing) -> bytes:
    """One row per point, with its respondent and where it came from."""
    notat = notat_build(hearing=hearing)
    return exports.csv_bytes(
        header=[
            gettext("No."),
            gettext("Respondent"),
            gettext("Received"),
            gettext("Channel"),
            gettext("Section"),
            gettext("Theme"),
            gettext("Point"),
            gettext("The administration's comment"),
            gettext("Leads to a change"),
            gettext("The change made"),
        ],
        rows=(
            (
                point.number,
                point.label,
                timezone.localtime(point.response.received_at).strftime("%Y-%m-%d"),
                point.response.get_channel_display(),
                f"{point.section.order}. {point.section.heading}" if point.section else "",
                point.theme.name if point.theme else "",
                point.summary,
                point.comment,
                gettext("Yes") if point.leads_to_change else gettext("No"),
                point.change_made,
            )
            for point in notat.points
        ),
    )


# --- Retention -----------------------------------------------------------------------------


@dataclass
class PurgeResult:
    hearings: int = 0
    responses: int = 0
    files: int = 0


@transaction.atomic
def hearing_responses_anonymise(*, response_ids: list[int]) -> list[str]:
    """Remove names, e-mails and attachments of the responses; keep the text and the answers.
    An organisation's name stays (it answered as an organisation). Files go after commit;
    returns their storage paths. Used by the purge and by a person's own erasure request."""
    attachments = list(HearingAttachment.objects.filter(response_id__in=response_ids))
    paths = [a.file.name for a in attachments]
    HearingAttachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    now = timezone.now()
    for response in HearingResponse.objects.filter(pk__in=response_ids):
        keep_org = response.kind != HearingResponse.Kind.PERSON
        HearingResponse.objects.filter(pk=response.pk).update(
            name="",
            email="",
            sender_address="",
            organisation=response.organisation if keep_org else "",
            idempotency_key=None,
            anonymised_at=now,
        )
    transaction.on_commit(lambda paths=paths: [default_storage.delete(p) for p in paths])
    return paths


def hearing_data_purge(*, today: datetime.date | None = None) -> PurgeResult:
    """Past each hearing's deletion date: remove names, e-mails and attachments; keep the
    anonymised text and the answers (the høringsnotat). Idempotent."""
    today = today or timezone.localdate()
    result = PurgeResult()
    for hearing in Hearing.objects.filter(delete_after__lt=today):
        with transaction.atomic():
            responses = hearing.responses.select_for_update().filter(anonymised_at__isnull=True)
            pks = list(responses.values_list("pk", flat=True))
            paths = hearing_responses_anonymise(response_ids=pks)
            if pks or hearing.purged_at is None:
                Hearing.objects.filter(pk=hearing.pk).update(purged_at=timezone.now())
        if pks:
            logger.info(
                "purged hearing %s: %d responses anonymised, %d files deleted",
                hearing.pk,
                len(pks),
                len(paths),
            )
            result.hearings += 1
            result.responses += len(pks)
            result.files += len(paths)
    return result


# --- Points and assignment ------------------------------------------------------------------


@transaction.atomic
def points_save(*, response: HearingResponse, formset) -> list[ResponsePoint]:
    """Store a response's points as the staff member split them, numbered in the order of the
    form, and mark the response answered once every point carries the administration's comment.
    The formset must be valid."""
    kept: list[ResponsePoint] = []
    for form in formset.forms:
        point = form.instance
        if formset.can_delete and formset._should_delete_form(form):
            if point.pk:
                point.delete()
            continue
        if not point.pk and not form.has_changed():
            continue  # an extra form left empty
        point = form.save(commit=False)
        point.response = response
        point.order = len(kept) + 1
        point.save()
        kept.append(point)
    _answered_from_points(response)
    return kept


def point_single_create(*, response: HearingResponse) -> ResponsePoint:
    """The common case in one click: the whole response as one point, with the answer given so
    far and the section suggested from its text when none was chosen."""
    if response.points.exists():
        raise HearingError(
            gettext("This response has already been split into points."), code="already_split"
        )
    section = response.section
    if section is None:
        suggestions = sections_suggest(text=response.text, version=response.hearing.version)
        section = suggestions[0].section if suggestions else None
    point = ResponsePoint.objects.create(
        response=response,
        order=1,
        summary=(response.summary or response.text)[:4000],
        section=section,
        theme=response.theme,
        comment=response.comment,
        leads_to_change=response.led_to_change,
    )
    _answered_from_points(response)
    return point


def _answered_from_points(response: HearingResponse) -> None:
    comments = list(response.points.values_list("comment", flat=True))
    answered = bool(comments) and all(comment.strip() for comment in comments)
    if answered and response.answered_at is None:
        response.answered_at = timezone.now()
    elif not answered:
        response.answered_at = None
    response.save(update_fields=["answered_at"])


def point_suggestions(*, text: str, version) -> list:
    """The sections a point's text is most likely about (best first), for staff to confirm."""
    return [suggestion.section for suggestion in sections_suggest(text=text, version=version)]


def responses_assign(*, responses, assignee, hearing: Hearing) -> int:
    """Assign responses of `hearing` to a member of its process's staff (or to nobody)."""
    if (
        assignee is not None
        and not process_staff(process=hearing.process).filter(pk=assignee.pk).exists()
    ):
        raise HearingError(gettext("Choose a member of the process's staff."), code="not_staff")
    return hearing.responses.filter(pk__in=[r.pk for r in responses]).update(assigned_to=assignee)


def process_staff(*, process):
    """The people who work on the process: its coordinator, steering and project groups."""
    return (
        get_user_model()
        .objects.filter(memberships__process=process, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )
