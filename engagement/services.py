"""Events, registrations, invitations and input: the work that spans models or sends mail.

Capacity follows pretix: the event row is locked (`select_for_update`) inside the transaction
that takes a seat, the confirmed seats are counted again under the lock, and only then is the
registration written. Cancelling frees a seat and promotes the oldest waiting registration in the
same transaction. Mail is recorded in the transaction and sent by a task after the commit.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from engagement.models import DistributionItem, Event, Input, Invitation, Registration
from medborger import ics, roles
from medborger.mail import Attachment, mail_send
from process.models import Department
from process.services import department_match, department_normalise

logger = logging.getLogger(__name__)


class RegistrationError(Exception):
    """A sign-up or change that the rules do not allow; `message` is for the person."""

    def __init__(self, message, *, code: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field


class DuplicateRegistrationError(RegistrationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "This e-mail address is already signed up for this event. "
                "We can send you the link to your registration again."
            ),
            code="duplicate",
            field="email",
        )


@dataclass(frozen=True)
class Needs:
    accessibility_needs: str = ""
    diet: str = ""
    interpreter_language: str = ""


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _url_in_language(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return absolute_url(reverse(name, kwargs=kwargs))


# --- Sign-up, cancel, promote --------------------------------------------------------------------


@transaction.atomic
def registration_create(
    *,
    event_id: int,
    name: str,
    email: str,
    user=None,
    organisation: str = "",
    needs: Needs = Needs(),
    language: str = "da",
    invitation: Invitation | None = None,
    added_by_staff: bool = False,
) -> Registration:
    """Take a seat, or a place on the waiting list when the event is full."""
    event = Event.objects.select_for_update().get(pk=event_id)
    now = timezone.now()  # read under the lock, so the queue order is the order seats were taken
    email = email.strip().lower()
    if not added_by_staff:
        if now > event.registration_deadline:
            raise RegistrationError(_("The registration deadline has passed."), code="closed")
        if event.audience == Event.Audience.STAFF:
            if user is None or not roles.is_employee(user):
                raise RegistrationError(
                    _(
                        "Only municipal employees can sign up for this event. "
                        "Log in with your work account."
                    ),
                    code="not_employee",
                )
            _check_department(event, organisation)
    if event.starts_at <= now:
        raise RegistrationError(_("This event has already started."), code="started")
    if event.registrations.active().filter(email=email).exists():
        raise DuplicateRegistrationError()
    confirmed = event.registrations.confirmed().count()
    status = (
        Registration.Status.CONFIRMED if confirmed < event.capacity else Registration.Status.WAITING
    )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                name=name.strip(),
                email=email,
                user=user if getattr(user, "is_authenticated", False) else None,
                organisation=organisation.strip(),
                department=department_match(name=organisation),
                accessibility_needs=needs.accessibility_needs.strip(),
                diet=needs.diet.strip(),
                interpreter_language=needs.interpreter_language.strip(),
                status=status,
                language=language
                if language in dict(settings.LANGUAGES)
                else settings.LANGUAGE_CODE,
                invitation=invitation if invitation and invitation.event_id == event.pk else None,
                added_by_staff=added_by_staff,
                created_at=now,
            )
    except IntegrityError:  # the constraint is the last line of defence
        raise DuplicateRegistrationError() from None
    if registration.invitation_id:
        Invitation.objects.filter(pk=registration.invitation_id).update(
            status=Invitation.Status.REGISTERED, answered_at=now
        )
    template = (
        "registration_confirmed"
        if status == Registration.Status.CONFIRMED
        else "registration_waiting"
    )
    send_registration_email(registration, template)
    return registration


def _check_department(event: Event, organisation: str) -> None:
    """Employees say which department they work in, at sign-up and whenever they change it."""
    if event.audience == Event.Audience.STAFF and not organisation.strip():
        raise RegistrationError(
            _("Tell us which department you work in."), code="department", field="organisation"
        )


def _fill_free_seats(event: Event, *, now: datetime.datetime) -> list[Registration]:
    """Promote the oldest waiting registrations into free seats. Call with the event row locked."""
    if event.starts_at <= now:
        return []
    free = event.capacity - event.registrations.confirmed().count()
    if free <= 0:
        return []
    promoted = list(event.registrations.waiting()[:free])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        send_registration_email(registration, "registration_promoted")
    return promoted


@transaction.atomic
def registration_cancel(*, registration_id: int, notify: bool = True) -> list[Registration]:
    """Cancel a registration; return the registrations promoted into the freed seat. The person
    gets an e-mail that confirms it (with a calendar cancellation) unless `notify` is off."""
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = Event.objects.select_for_update().get(pk=event_id)
    now = timezone.now()
    registration = Registration.objects.get(pk=registration_id)  # read again under the lock
    if registration.status == Registration.Status.CANCELLED:
        return []
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if notify:
        send_registration_email(registration, "registration_cancelled")
    return _fill_free_seats(event, now=now)


@transaction.atomic
def event_fill_seats(*, event_id: int) -> list[Registration]:
    """After the capacity was raised: promote as many waiting registrations as now fit."""
    event = Event.objects.select_for_update().get(pk=event_id)
    return _fill_free_seats(event, now=timezone.now())


@transaction.atomic
def registrations_department_map() -> int:
    """Point registrations whose free-text department names a managed department at it (after
    departments were added to the list); returns how many changed."""
    departments = {department_normalise(d.name): d for d in Department.objects.all()}
    changed = 0
    for registration in Registration.objects.filter(department__isnull=True).exclude(
        organisation=""
    ):
        department = departments.get(department_normalise(registration.organisation))
        if department is not None:
            registration.department = department
            registration.save(update_fields=["department"])
            changed += 1
    return changed


@transaction.atomic
def registration_update_needs(
    *, registration: Registration, organisation: str, needs: Needs
) -> Registration:
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationError(_("This registration has been cancelled."), code="cancelled")
    _check_department(registration.event, organisation)
    registration.organisation = organisation.strip()
    registration.department = department_match(name=organisation)
    registration.accessibility_needs = needs.accessibility_needs.strip()
    registration.diet = needs.diet.strip()
    registration.interpreter_language = needs.interpreter_language.strip()
    registration.save(
        update_fields=[
            "organisation",
            "department",
            "accessibility_needs",
            "diet",
            "interpreter_language",
        ]
    )
    return registration


def registration_resend_link(*, event: Event, email: str) -> bool:
    """Mail the manage link of an active registration to its own address, if there is one."""
    registration = event.registrations.active().filter(email=email.strip().lower()).first()
    if registration is None:
        return False
    send_registration_email(registration, "registration_link")
    return True


@transaction.atomic
def registration_check_in(*, registration: Registration, present: bool) -> Registration:
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at"])
    return registration


# --- E-mail ------------------------------------------------------------------------------------


def calendar_sequence(registration: Registration) -> int:
    """The SEQUENCE of the event in this registration's mailed .ics files.

    The event has one UID, so a person who cancels and signs up again needs each new file to
    outrank the last: every earlier cancelled registration of the same address counts two (its
    confirmation and its cancellation). The confirmation carries the even number, the
    cancellation one more."""
    earlier = Registration.objects.filter(
        event_id=registration.event_id,
        email=registration.email,
        status=Registration.Status.CANCELLED,
        pk__lt=registration.pk,
    ).count()
    sequence = 2 * earlier
    return sequence + 1 if registration.status == Registration.Status.CANCELLED else sequence


def event_ics(event: Event, *, registration: Registration | None = None) -> bytes:
    """The event as a calendar file; for a cancelled registration, the cancellation."""
    if registration is None:
        return ics.event_ics(event)
    return ics.event_ics(
        event,
        sequence=calendar_sequence(registration),
        cancelled=registration.status == Registration.Status.CANCELLED,
        attendee=registration.email,
    )


def send_registration_email(registration: Registration, template: str) -> None:
    """One of: registration_confirmed, registration_waiting, registration_promoted,
    registration_reminder, registration_link, registration_cancelled. Written in the
    registrant's language; the cancellation takes the event out of their calendar again."""
    event = registration.event
    calendar_attached = template in {"registration_confirmed", "registration_promoted"} or (
        template == "registration_cancelled" and _held_a_seat(registration)
    )
    attachments = []
    if calendar_attached:
        method = "CANCEL" if registration.is_cancelled else "PUBLISH"
        attachments.append(
            Attachment(
                "arrangement.ics",
                event_ics(event, registration=registration),
                f"text/calendar; method={method}",
            )
        )
    mail_send(
        to=registration.email,
        template=f"engagement/emails/{template}",
        context={
            "registration": registration,
            "event": event,
            "calendar_attached": calendar_attached,
            "manage_url": _url_in_language(
                "engagement:registration-manage", registration.language, token=registration.token
            ),
            "event_url": _url_in_language(
                "engagement:event-detail", registration.language, pk=event.pk
            ),
        },
        language=registration.language,
        attachments=attachments,
        ref=f"registration:{registration.pk}",
    )


def _held_a_seat(registration: Registration) -> bool:
    """Whether the person was ever sent the event for their calendar (a confirmed seat). A row
    without history (made in bulk) is taken to have held one: a needless cancellation is
    ignored by calendars, a missing one leaves the event in them."""
    states = set(registration.history.values_list("status", flat=True))
    states.discard(Registration.Status.CANCELLED)
    return not states or Registration.Status.CONFIRMED in states


def send_event_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind confirmed registrants of events that start tomorrow (local time). Idempotent:
    each registration is claimed by setting `reminder_sent_at` before its mail goes out."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    pending = Registration.objects.confirmed().filter(
        event__starts_at__gte=start, event__starts_at__lt=end, reminder_sent_at__isnull=True
    )
    sent = 0
    for registration in pending.select_related("event"):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                send_registration_email(registration, "registration_reminder")
                sent += 1
    return sent


# --- Invitations -------------------------------------------------------------------------------


@transaction.atomic
def invitations_send(*, event: Event, stakeholders, sent_by) -> list[Invitation]:
    """Invite each party of the register (process.Party) not yet invited to the event, with a
    personal sign-up link."""
    already = set(event.invitations.values_list("stakeholder_id", flat=True))
    created = []
    for stakeholder in stakeholders:
        if stakeholder.pk in already:
            continue
        invitation = Invitation.objects.create(
            event=event, stakeholder=stakeholder, sent_by=sent_by
        )
        created.append(invitation)
        send_invitation_email(invitation)
    return created


def send_invitation_email(invitation: Invitation) -> None:
    language = invitation.stakeholder.language
    mail_send(
        to=invitation.stakeholder.email,
        template="engagement/emails/invitation",
        context={
            "invitation": invitation,
            "event": invitation.event,
            "stakeholder": invitation.stakeholder,
            "invitation_url": _url_in_language(
                "engagement:invitation-detail", language, token=invitation.token
            ),
        },
        language=language,
        ref=f"invitation:{invitation.pk}",
    )


@transaction.atomic
def invitation_set_status(*, invitation: Invitation, status: str) -> Invitation:
    invitation.status = status
    invitation.answered_at = None if status == Invitation.Status.INVITED else timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    return invitation


# --- Visibility and input ----------------------------------------------------------------------


@transaction.atomic
def distribution_item_create(*, event: Event, responsible, **fields) -> DistributionItem:
    return DistributionItem.objects.create(event=event, responsible=responsible, **fields)


@transaction.atomic
def distribution_item_toggle(*, item: DistributionItem) -> DistributionItem:
    item.done = not item.done
    item.done_at = timezone.now() if item.done else None
    item.save(update_fields=["done", "done_at"])
    return item


@transaction.atomic
def input_create(
    *,
    process,
    created_by,
    text: str,
    channel: str,
    event=None,
    theme=None,
    section=None,
    table: str = "",
) -> Input:
    return Input.objects.create(
        process=process,
        created_by=created_by,
        text=text.strip(),
        channel=channel,
        event=event,
        theme=theme,
        section=section,
        table=table.strip(),
    )


def event_poster_html(*, event: Event, language: str = "da") -> str:
    """The poster's HTML: title, date, place, a short text and a QR code to the event page."""
    with translation.override(language):
        url = absolute_url(event.get_absolute_url())
        return render_to_string(
            "engagement/pdf/poster.html",
            {"event": event, "url": url, "qr_svg": poster_qr_svg(url), "fonts": _poster_fonts()},
        )


def _poster_fonts() -> dict[str, str]:
    """IBM Plex Sans from DKFDS as file URLs, so the poster looks the same on every machine."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    fonts = {}
    for weight, name in (("regular", "Regular"), ("bold", "Bold")):
        found = finders.find(f"dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-{name}.ttf")
        if found:
            fonts[weight] = Path(found).as_uri()
    return fonts


def event_poster_pdf(*, event: Event, language: str = "da") -> bytes:
    """The A4 poster as PDF bytes (WeasyPrint)."""
    from weasyprint import HTML

    html = event_poster_html(event=event, language=language)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def poster_qr_svg(url: str) -> str:
    """The QR code for `url` as inline SVG (segno), the exact encoding the poster embeds."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=8, border=4, omitsize=True)


# --- Personal data: erasure on request and the retention purge (called by `privacy`) ---------

REGISTRATION_PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "organisation": "",
    "accessibility_needs": "",
    "diet": "",
    "interpreter_language": "",
}


def registrations_anonymise(*, registration_ids: list[int]) -> int:
    """Blank the personal fields of these registrations, in their change history too; their
    status and times stay for the attendance figures. Returns how many there were."""
    if not registration_ids:
        return 0
    Registration.objects.filter(pk__in=registration_ids).update(
        user=None, **REGISTRATION_PERSONAL_FIELDS
    )
    Registration.history.filter(id__in=registration_ids).update(
        user=None, **REGISTRATION_PERSONAL_FIELDS
    )
    return len(registration_ids)


@dataclass(frozen=True)
class RegistrationErasure:
    cancelled: int = 0
    anonymised: int = 0


@transaction.atomic
def registrations_erase(*, email: str, now: datetime.datetime | None = None) -> RegistrationErasure:
    """Erase an address's registrations: those for events still to come are cancelled (so the
    waiting list moves up, without a mail) and deleted with their history; past ones are kept
    for the attendance figures, anonymised."""
    now = now or timezone.now()
    future, past = [], []
    for registration in Registration.objects.filter(email__iexact=email.strip()).select_related(
        "event"
    ):
        (future if registration.event.starts_at > now else past).append(registration.pk)
    for pk in future:
        # Deleted at once below, so there is nothing left to mail a cancellation from.
        registration_cancel(registration_id=pk, notify=False)
    if future:
        for registration in Registration.objects.filter(pk__in=future):
            registration.delete()  # one by one, so the history records the deletion ...
        Registration.history.filter(id__in=future).delete()  # ... which then goes with the rest
    return RegistrationErasure(
        cancelled=len(future), anonymised=registrations_anonymise(registration_ids=past)
    )
