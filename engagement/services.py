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
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from engagement.models import DistributionItem, Event, Input, Invitation, Registration
from medborger import ics, roles
from medborger.mail import Attachment, mail_send, mail_send_rendered
from medborger.pdf import pdf_render
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
    if event.is_cancelled:
        raise RegistrationError(_("This event has been cancelled."), code="cancelled")
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
    if event.starts_at <= now or event.is_cancelled:
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
    """The event as a calendar file; for a cancelled registration or event, the cancellation.

    A registrant's file counts the event's own revisions (`Event.sequence`, raised when staff
    move or cancel it) plus their own sign-ups and cancellations, so each file they are sent
    outranks the one before."""
    if registration is None:
        return ics.event_ics(event)
    return ics.event_ics(
        event,
        sequence=event.sequence + calendar_sequence(registration),
        cancelled=registration.is_cancelled or event.is_cancelled,
        attendee=registration.email,
    )


def send_registration_email(
    registration: Registration, template: str, *, extra: dict | None = None
) -> None:
    """One of: registration_confirmed, registration_waiting, registration_promoted,
    registration_reminder, registration_link, registration_cancelled, event_changed,
    event_cancelled. Written in the registrant's language; the cancellation takes the event out
    of their calendar again. A change of the event sends a seat holder the updated .ics; the
    waiting list is told in words only, as they were never sent the event for their calendar
    (and a cancellation could not take it out again)."""
    event = registration.event
    calendar_attached = (
        template in {"registration_confirmed", "registration_promoted"}
        or (template == "registration_cancelled" and _held_a_seat(registration))
        or (
            template in {"event_changed", "event_cancelled"}
            and registration.status == Registration.Status.CONFIRMED
        )
    )
    attachments = []
    if calendar_attached:
        method = "CANCEL" if registration.is_cancelled or event.is_cancelled else "PUBLISH"
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
            **(extra or {}),
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
        event__starts_at__gte=start,
        event__starts_at__lt=end,
        event__cancelled_at__isnull=True,
        reminder_sent_at__isnull=True,
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


# --- Staff: create, change, copy, cancel and write to an event ---------------------------------


class EventError(Exception):
    """A change of an event that the rules do not allow; `message` is for staff, at `field`."""

    def __init__(self, message, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


# The fields staff set on an event; a change of the time or place is news for the registered.
EVENT_FIELDS = (
    "title",
    "kind",
    "audience",
    "starts_at",
    "ends_at",
    "place",
    "address",
    "accessibility",
    "capacity",
    "registration_deadline",
    "description",
    "short_text",
)
TIME_AND_PLACE = ("starts_at", "ends_at", "place", "address")


@dataclass(frozen=True)
class EventChange:
    event: Event
    moved: bool  # the time or place changed, and everyone registered was told
    promoted: list[Registration]  # moved up from the waiting list into new seats
    notified: int  # change e-mails sent


@transaction.atomic
def event_create(*, process, fields: dict) -> Event:
    """A new event of the process, from the staff form's cleaned fields."""
    return Event.objects.create(
        process=process, **{name: fields[name] for name in EVENT_FIELDS if name in fields}
    )


def event_copy_initial(*, event: Event) -> dict:
    """The form's starting values for a copy of `event`: everything but the dates."""
    return {
        name: getattr(event, name)
        for name in EVENT_FIELDS
        if name not in {"starts_at", "ends_at", "registration_deadline"}
    }


@transaction.atomic
def event_update(*, event_id: int, fields: dict) -> EventChange:
    """Change an event under its row lock. The capacity may not fall below the seats already
    given; a raised capacity moves the waiting list up; a new time or place raises the calendar
    revision, and a task tells everyone registered or waiting, in their language."""
    event = Event.objects.select_for_update().get(pk=event_id)
    if event.is_cancelled:
        raise EventError(_("This event has been cancelled and can no longer be changed."))
    now = timezone.now()
    confirmed = event.registrations.confirmed().count()
    if fields.get("capacity", event.capacity) < confirmed:
        raise EventError(
            _(
                "%(count)d people already have a seat. Keep the capacity at %(count)d or more, "
                "or cancel registrations first on the registrations page."
            )
            % {"count": confirmed},
            field="capacity",
        )
    previous = {name: getattr(event, name) for name in TIME_AND_PLACE}
    changed = [
        name for name in EVENT_FIELDS if name in fields and getattr(event, name) != fields[name]
    ]
    for name in changed:
        setattr(event, name, fields[name])
    moved = any(name in TIME_AND_PLACE for name in changed)
    if moved:
        event.sequence += 1
        changed.append("sequence")
    if changed:
        event.save(update_fields=changed)
    promoted = _fill_free_seats(event, now=now)
    notified = 0
    if moved:
        # The promoted already have the new time and place in their promotion mail.
        skip = [registration.pk for registration in promoted]
        notified = event.registrations.active().exclude(pk__in=skip).count()
        _enqueue_registrants_notify(
            event_id=event.pk,
            template="event_changed",
            previous={name: _serialisable(value) for name, value in previous.items()},
            skip=skip,
        )
    return EventChange(event=event, moved=moved, promoted=promoted, notified=notified)


def _serialisable(value):
    return value.isoformat() if isinstance(value, datetime.datetime) else value


def _enqueue_registrants_notify(**kwargs) -> None:
    """Tell the registrants in the background: a request that moves a full event only enqueues.
    With the database backend the task row commits with the change (nothing is lost between
    them); any other backend gets the task after the commit."""
    from django_tasks_db.backend import DatabaseBackend

    from engagement.tasks import event_registrants_notify

    if isinstance(event_registrants_notify.get_backend(), DatabaseBackend):
        event_registrants_notify.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: event_registrants_notify.enqueue(**kwargs), robust=True)


def event_registrants_notify(
    *,
    event_id: int,
    template: str,
    previous: dict | None = None,
    message: str = "",
    skip: list[int] | None = None,
) -> int:
    """Mail everyone registered or waiting about a change (`event_changed`) or a cancellation
    (`event_cancelled`) of the event, one mail each in their language. Run by a task."""
    event = Event.objects.get(pk=event_id)
    if template == "event_changed" and event.is_cancelled:
        return 0  # cancelled since: the cancellation mail says all there is to say
    extra: dict = {"message": message}
    if previous is not None:
        extra["previous"] = {
            name: datetime.datetime.fromisoformat(value) if name.endswith("_at") else value
            for name, value in previous.items()
        }
    told = 0
    registrations = event.registrations.active().exclude(pk__in=skip or []).order_by("created_at")
    for registration in registrations.select_related("event"):
        with transaction.atomic():
            send_registration_email(registration, template, extra=extra)
        told += 1
    return told


@transaction.atomic
def event_cancel(*, event_id: int, message: str = "") -> int:
    """Cancel the event: it takes no more sign-ups, and everyone registered or waiting is told
    by a task (seat holders with a calendar cancellation). Returns how many will be told."""
    event = Event.objects.select_for_update().get(pk=event_id)
    if event.is_cancelled:
        return 0
    event.cancelled_at = timezone.now()
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "sequence"])
    _enqueue_registrants_notify(event_id=event.pk, template="event_cancelled", message=message)
    return event.registrations.active().count()


@transaction.atomic
def registration_promote(*, registration_id: int, add_seat: bool = False) -> Registration:
    """Give a seat to this person on the waiting list, ahead of the queue. Only into a free seat,
    counted under the event's row lock; with `add_seat` the capacity grows by one to make it."""
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = Event.objects.select_for_update().get(pk=event_id)
    now = timezone.now()
    registration = Registration.objects.get(pk=registration_id)  # read again under the lock
    if registration.status != Registration.Status.WAITING:
        raise RegistrationError(
            _("%(name)s is not on the waiting list any more.") % {"name": registration.name},
            code="not_waiting",
        )
    if event.is_cancelled:
        raise RegistrationError(_("This event has been cancelled."), code="cancelled")
    if event.starts_at <= now:
        raise RegistrationError(_("This event has already started."), code="started")
    confirmed = event.registrations.confirmed().count()
    if confirmed >= event.capacity:
        if not add_seat:
            raise RegistrationError(
                _(
                    "The event is full. Add a seat for %(name)s, or cancel another "
                    "registration first."
                )
                % {"name": registration.name},
                code="full",
            )
        event.capacity = confirmed + 1
        event.save(update_fields=["capacity"])
    registration.status = Registration.Status.CONFIRMED
    registration.promoted_at = now
    registration.save(update_fields=["status", "promoted_at"])
    send_registration_email(registration, "registration_promoted")
    return registration


class MessageRecipients(models.TextChoices):
    CONFIRMED = "confirmed", _("Everyone with a seat")
    WAITING = "waiting", _("Everyone on the waiting list")
    ALL = "all", _("Both: everyone with a seat and on the waiting list")


@transaction.atomic
def event_message_send(*, event: Event, recipients: str, subject: str, body: str) -> int:
    """A message from staff to the event's registrants: one mail (a task) per person, with the
    event and their own link in their language. Returns how many were sent."""
    registrations = event.registrations.active().order_by("created_at", "id")
    if recipients == MessageRecipients.CONFIRMED:
        registrations = registrations.filter(status=Registration.Status.CONFIRMED)
    elif recipients == MessageRecipients.WAITING:
        registrations = registrations.filter(status=Registration.Status.WAITING)
    sent = 0
    for registration in registrations:
        with translation.override(registration.language):
            text = render_to_string(
                "engagement/emails/event_message.txt",
                {
                    "message": body,
                    "registration": registration,
                    "event": event,
                    "event_url": absolute_url(event.get_absolute_url()),
                    "manage_url": absolute_url(registration.get_absolute_url()),
                    "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
                },
            )
        mail_send_rendered(
            to=registration.email,
            subject=subject,
            body=text,
            template="engagement/emails/event_message",
            language=registration.language,
            ref=f"registration:{registration.pk}",
        )
        sent += 1
    return sent


def event_door_list_pdf(*, event: Event, language: str = "da") -> bytes:
    """The printable door list: everyone with a seat, by name, with their department or
    organisation and needs, and a box to tick. Personal data: for the event's staff only."""
    registrations = event.registrations.confirmed().order_by("name", "id")
    return pdf_render(
        template_name="engagement/pdf/door_list.html",
        context={"event": event, "registrations": registrations, "printed_at": timezone.now()},
        language=language,
    )


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
