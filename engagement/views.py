from __future__ import annotations

import re
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from engagement import services
from engagement.forms import (
    CitizenRegistrationForm,
    DistributionItemForm,
    EventCancelForm,
    EventForm,
    EventMessageForm,
    InputForm,
    ManageRegistrationForm,
    ManualRegistrationForm,
    ResendLinkForm,
    StaffRegistrationForm,
)
from engagement.models import DistributionItem, Event, Invitation, Registration
from medborger import exports, ics, pagecache, roles
from medborger.languages import INTERPRETATION_LANGUAGES, language_name
from medborger.ratelimits import rate_limit
from policy.models import Policy
from process.forms import PartyForm
from process.models import Party, Process
from process.services import department_match, party_create

_STATUS = Registration.Status


def _registration_count(status: str):
    """How many of an event's registrations have `status`, as a subquery. (A join with
    GROUP BY would group thousands of wide event, process and policy rows: 17 ms and more
    for one event with 2,000 registrations, against well under 1 ms for the subquery.)"""
    rows = (
        Registration.objects.filter(event=OuterRef("pk"), status=status)
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows), 0)


def _events_with_counts():
    return Event.objects.select_related("process__policy").annotate(
        confirmed_count=_registration_count(_STATUS.CONFIRMED),
        waiting_count=_registration_count(_STATUS.WAITING),
    )


def _needs(data: dict) -> services.Needs:
    return services.Needs(
        accessibility_needs=data.get("accessibility_needs", ""),
        diet=data.get("diet", ""),
        interpreter_language=data.get("interpreter_language", ""),
    )


# --- Public pages ------------------------------------------------------------------------------


def _page_models() -> list[type]:
    """What the public event pages show (the keys of their cached copies)."""
    return [Event, Registration, Process, Policy]


@require_safe
@pagecache.cached_page(models=_page_models, clock="minute")
def event_list(request: HttpRequest) -> HttpResponse:
    """All events of the running processes, upcoming first."""
    events = _events_with_counts().filter(
        process__status__in=[Process.Status.PLANNED, Process.Status.RUNNING]
    )
    now = timezone.now()
    return render(
        request,
        "engagement/event_list.html",
        {
            "upcoming": [e for e in events if e.ends_at >= now],
            "past": [e for e in events if e.ends_at < now],
            "now": now,
        },
    )


@require_safe
@pagecache.cached_page(models=_page_models, clock="minute")
def policy_event_list(request: HttpRequest, policy: str) -> HttpResponse:
    """The events of one policy's processes, as a tab under the policy's heading."""
    policy_obj = get_object_or_404(Policy, slug=policy)
    events = _events_with_counts().filter(process__policy=policy_obj)
    return render(
        request,
        "engagement/policy_event_list.html",
        {"policy": policy_obj, "events": events, "now": timezone.now()},
    )


def _signup_form_class(event: Event):
    return (
        StaffRegistrationForm if event.audience == Event.Audience.STAFF else CitizenRegistrationForm
    )


def _initial_department(user) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    membership = user.memberships.exclude(department="").first()
    if membership is None:
        return ""
    department = department_match(name=membership.department)
    return department.name if department else membership.department


@require_safe
def event_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """One event as an .ics file (the same UID as in the mailed confirmation)."""
    event = get_object_or_404(Event, pk=pk)
    response = HttpResponse(ics.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="arrangement-{event.pk}.ics"'
    return response


@rate_limit("10/m")
@require_http_methods(["GET", "HEAD", "POST"])
@pagecache.cached_page(models=_page_models, clock="minute")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The event, its seats left and deadline, and the sign-up form."""
    event = get_object_or_404(_events_with_counts(), pk=pk)
    user = request.user
    invitation = _invitation_from_request(request, event)
    form_class = _signup_form_class(event)
    can_sign_up = event.registration_open and event.starts_at > timezone.now()  # not cancelled
    is_staff_event = event.audience == Event.Audience.STAFF
    own_registration = None
    if user.is_authenticated:
        own_registration = event.registrations.active().filter(email=user.email.lower()).first()
    duplicate_email = ""
    if request.method == "POST":
        form = form_class(request.POST)
        if event.is_cancelled:
            form.is_valid()
            form.add_error(None, _("This event has been cancelled."))
        elif not can_sign_up:
            form.is_valid()
            form.add_error(None, _("The registration deadline has passed."))
        elif is_staff_event and not roles.is_employee(user):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Only municipal employees can sign up for this event. "
                    "Log in with your work account."
                ),
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_create(
                    event_id=event.pk,
                    name=(user.get_full_name() or user.email) if is_staff_event else data["name"],
                    email=user.email if is_staff_event else data["email"],
                    user=user if user.is_authenticated else None,
                    organisation=data.get("organisation", ""),
                    needs=_needs(data),
                    language=translation.get_language(),
                    invitation=invitation,
                )
            except services.DuplicateRegistrationError as error:
                duplicate_email = user.email if is_staff_event else data["email"]
                form.add_error(None if is_staff_event else "email", error.message)
            except services.RegistrationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                if registration.status == _STATUS.CONFIRMED:
                    messages.success(
                        request, _("You are signed up. We have sent a confirmation by e-mail.")
                    )
                else:
                    messages.info(
                        request,
                        _(
                            "The event is full, so you are on the waiting list. "
                            "We will e-mail you if a seat becomes free."
                        ),
                    )
                return redirect(registration.get_absolute_url())
    else:
        form = form_class(
            initial={"organisation": _initial_department(user)} if is_staff_event else None
        )
    return render(
        request,
        "engagement/event_detail.html",
        {
            "event": event,
            "form": form,
            "can_sign_up": can_sign_up,
            "is_staff_event": is_staff_event,
            "is_employee": roles.is_employee(user),
            "seats_left": max(event.capacity - event.confirmed_count, 0),
            "own_registration": own_registration,
            "duplicate_email": duplicate_email,
            "invitation": invitation,
            "resend_form": ResendLinkForm(),
        },
        status=200 if request.method != "POST" or not form.errors else 400,
    )


def _invitation_from_request(request: HttpRequest, event: Event) -> Invitation | None:
    token = request.POST.get("invitation") or request.GET.get("invitation")
    if not token or not _TOKEN.fullmatch(token):
        return None
    return Invitation.objects.filter(token=token, event=event).select_related("stakeholder").first()


@rate_limit("5/m")
@require_POST
def registration_resend_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Mail the link to an existing registration again (without telling who is registered)."""
    event = get_object_or_404(Event, pk=pk)
    form = ResendLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address to get your link."))
        return redirect(event)
    services.registration_resend_link(event=event, email=form.cleaned_data["email"])
    messages.info(
        request,
        _(
            "If that e-mail address is signed up for the event, "
            "we have sent the link to the registration to it."
        ),
    )
    return redirect(event)


_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _check_token(token: str) -> None:
    """Tokens are URL-safe base64; anything else (NUL, odd Unicode, huge) is simply not found."""
    if not _TOKEN.fullmatch(token):
        raise Http404


def _get_registration_by_token(token: str) -> Registration:
    _check_token(token)
    return get_object_or_404(
        Registration.objects.select_related("event__process__policy"), token=token
    )


@rate_limit("20/m")
@require_http_methods(["GET", "HEAD", "POST"])
def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    """See one's status, change needs or cancel, with the link from the e-mail; no login."""
    registration = _get_registration_by_token(token)
    initial = {
        "organisation": registration.organisation,
        "accessibility_needs": registration.accessibility_needs,
        "diet": registration.diet,
        "interpreter_language": registration.interpreter_language,
    }
    event = registration.event
    if request.method == "POST" and registration.is_active:
        form = ManageRegistrationForm(request.POST, initial=initial, event=event)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.registration_update_needs(
                    registration=registration,
                    organisation=data["organisation"],
                    needs=_needs(data),
                )
            except services.RegistrationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Your registration has been updated."))
                return redirect(registration.get_absolute_url())
    else:
        form = ManageRegistrationForm(initial=initial, event=event)
    position = None
    if registration.status == _STATUS.WAITING:
        position = (
            registration.event.registrations.waiting()
            .filter(
                Q(created_at__lt=registration.created_at)
                | Q(created_at=registration.created_at, id__lt=registration.id)
            )
            .count()
            + 1
        )
    response = render(
        request,
        "engagement/registration_manage.html",
        {
            "registration": registration,
            "event": registration.event,
            "form": form,
            "position": position,
        },
        status=400 if form.errors else 200,
    )
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@rate_limit("20/m")
@require_POST
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _get_registration_by_token(token)
    if registration.is_active:
        services.registration_cancel(registration_id=registration.pk)
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(registration.get_absolute_url())


@rate_limit("20/m")
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The personal invitation: a link to sign up, or a button to decline."""
    _check_token(token)
    invitation = get_object_or_404(
        Invitation.objects.select_related("event", "stakeholder"), token=token
    )
    if request.method == "POST":
        if invitation.status == Invitation.Status.INVITED:
            services.invitation_set_status(invitation=invitation, status=Invitation.Status.DECLINED)
        messages.info(request, _("Thank you for letting us know that you cannot come."))
        return redirect(invitation)
    signup_url = f"{invitation.event.get_absolute_url()}?invitation={invitation.token}"
    return render(
        request,
        "engagement/invitation_detail.html",
        {"invitation": invitation, "event": invitation.event, "signup_url": signup_url},
    )


# --- Staff tools -------------------------------------------------------------------------------


def _get_event_for_staff(
    request: HttpRequest, pk: int, perm: str = "engagement.manage_event"
) -> Event:
    event = get_object_or_404(_events_with_counts(), pk=pk)
    if not request.user.has_perm(perm, event):
        raise PermissionDenied
    return event


@login_required
@require_safe
def staff_event_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("process.view_staff_area"):
        raise PermissionDenied
    events = _events_with_counts().annotate(
        checked_in_count=Count(
            "registrations", filter=Q(registrations__checked_in_at__isnull=False)
        )
    )
    if not request.user.is_superuser:
        events = events.filter(
            process__policy__processes__memberships__user=request.user,
            process__policy__processes__memberships__group__in=[
                roles.PROJECT,
                roles.STEERING,
                roles.COORDINATOR,
            ],
        ).distinct()
    return render(
        request,
        "engagement/staff/event_list.html",
        {"events": events, "can_create": _processes_run_by(request.user).exists()},
    )


@login_required
@require_safe
def staff_event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Registrations for one event, counted by status and by department/organisation."""
    event = _get_event_for_staff(request, pk)
    status = request.GET.get("status", "")
    registrations = event.registrations.order_by("created_at", "id")
    if status in _STATUS.values:
        registrations = registrations.filter(status=status)
    by_status = dict(event.registrations.values_list("status").annotate(n=Count("id")).order_by())
    # Grouped by the managed department (process.Department), or the free text where the text
    # names none, so that "center for børn og unge" and "Center for Børn og Unge" are one row.
    by_organisation = (
        event.registrations.active()
        .annotate(group=Coalesce("department__name", "organisation"))
        .values("group")
        .annotate(
            confirmed=Count("id", filter=Q(status=_STATUS.CONFIRMED)),
            waiting=Count("id", filter=Q(status=_STATUS.WAITING)),
            checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
        )
        .order_by("group")
    )
    checked_in = event.registrations.filter(checked_in_at__isnull=False).count()
    confirmed = by_status.get(_STATUS.CONFIRMED, 0)
    return render(
        request,
        "engagement/staff/event_detail.html",
        {
            "event": event,
            "interpretation": _interpretation_counts(event),
            "full": confirmed >= event.capacity,
            "registrations": registrations,
            "status_counts": [
                (value, label, by_status.get(value, 0)) for value, label in _STATUS.choices
            ],
            "by_organisation": by_organisation,
            "checked_in": checked_in,
            "attendance_percent": round(100 * checked_in / confirmed) if confirmed else 0,
            "status_filter": status,
            "statuses": _STATUS.choices,
        },
    )


def _interpretation_counts(event: Event) -> list[tuple[str, int, int]]:
    """Interpreters needed per language: (language, confirmed, waiting), the offered languages
    first, then any older free-text answers; languages nobody asked for are left out."""
    rows = (
        event.registrations.active()
        .exclude(interpreter_language="")
        .values("interpreter_language")
        .annotate(
            confirmed=Count("id", filter=Q(status=_STATUS.CONFIRMED)),
            waiting=Count("id", filter=Q(status=_STATUS.WAITING)),
        )
        .order_by()
    )
    counts = {row["interpreter_language"]: (row["confirmed"], row["waiting"]) for row in rows}
    order = [code for code, _name in INTERPRETATION_LANGUAGES]
    order += sorted(code for code in counts if code not in order)
    return [(language_name(code), *counts[code]) for code in order if code in counts]


def _processes_run_by(user):
    """The processes whose events this person may create: project group, steering group or
    coordinator of the process's policy (all, for an administrator)."""
    processes = Process.objects.select_related("policy").order_by("-start_date", "pk")
    if user.is_superuser:
        return processes
    return processes.filter(
        policy__processes__memberships__user=user,
        policy__processes__memberships__group__in=[
            roles.PROJECT,
            roles.STEERING,
            roles.COORDINATOR,
        ],
    ).distinct()


def _event_form_page(request, form, *, event=None, source=None, status=200):
    return render(
        request,
        "engagement/staff/event_form.html",
        {"form": form, "event": event, "source": source},
        status=400 if form.errors else status,
    )


def _create_event(request: HttpRequest, form: EventForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    process = data.pop("process")
    if not request.user.has_perm("engagement.manage_event", process):
        raise PermissionDenied
    event = services.event_create(process=process, fields=data)
    messages.success(
        request,
        _("The event %(title)s has been created. Sign-ups are open on its public page.")
        % {"title": event.title},
    )
    return redirect("engagement:staff-event-detail", pk=event.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_event_create(request: HttpRequest) -> HttpResponse:
    """A new event, in one of the processes the person runs."""
    processes = _processes_run_by(request.user)
    if not processes.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = EventForm(request.POST, processes=processes, new=True)
        if (response := _create_event(request, form)) is not None:
            return response
    else:
        form = EventForm(processes=processes, new=True)
    return _event_form_page(request, form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_event_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """A new event prefilled from an earlier one: everything but the dates."""
    source = _get_event_for_staff(request, pk)
    processes = _processes_run_by(request.user)
    if request.method == "POST":
        form = EventForm(request.POST, processes=processes, new=True)
        if (response := _create_event(request, form)) is not None:
            return response
    else:
        form = EventForm(
            processes=processes,
            new=True,
            initial={"process": source.process_id, **services.event_copy_initial(event=source)},
        )
    return _event_form_page(request, form, source=source)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_event_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an event; a new time or place is mailed to everyone registered."""
    event = _get_event_for_staff(request, pk)
    if event.is_cancelled:
        messages.error(request, _("This event has been cancelled and can no longer be changed."))
        return redirect("engagement:staff-event-detail", pk=event.pk)
    if request.method == "POST":
        form = EventForm(request.POST, instance=Event.objects.get(pk=event.pk))
        if form.is_valid():
            try:
                change = services.event_update(event_id=event.pk, fields=form.cleaned_data)
            except services.EventError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("The event has been saved."))
                if change.moved:
                    messages.info(
                        request,
                        ngettext(
                            "The time or place changed: %(count)d registered person has been "
                            "sent an e-mail with the updated calendar file.",
                            "The time or place changed: %(count)d registered people have been "
                            "sent an e-mail with the updated calendar file.",
                            change.notified,
                        )
                        % {"count": change.notified},
                    )
                for other in change.promoted:
                    messages.info(
                        request,
                        _("%(name)s moved up from the waiting list.") % {"name": other.name},
                    )
                return redirect("engagement:staff-event-detail", pk=event.pk)
    else:
        form = EventForm(instance=event)
    return _event_form_page(request, form, event=event)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel the event (after a confirmation) and tell everyone registered or waiting."""
    event = _get_event_for_staff(request, pk)
    if event.is_cancelled:
        messages.info(request, _("The event has already been cancelled."))
        return redirect("engagement:staff-event-detail", pk=event.pk)
    form = EventCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        told = services.event_cancel(event_id=event.pk, message=form.cleaned_data["message"])
        messages.success(
            request,
            ngettext(
                "The event has been cancelled. %(count)d registered person has been told.",
                "The event has been cancelled. %(count)d registered people have been told.",
                told,
            )
            % {"count": told},
        )
        return redirect("engagement:staff-event-detail", pk=event.pk)
    return render(
        request,
        "engagement/staff/event_cancel.html",
        {"event": event, "form": form, "active_count": event.confirmed_count + event.waiting_count},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_event_message(request: HttpRequest, pk: int) -> HttpResponse:
    """Write to everyone with a seat, the waiting list, or both: one e-mail per person."""
    event = _get_event_for_staff(request, pk)
    if request.method == "POST":
        form = EventMessageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            sent = services.event_message_send(
                event=event,
                recipients=data["recipients"],
                subject=data["subject"],
                body=data["body"],
            )
            if sent:
                messages.success(
                    request,
                    ngettext(
                        "The message is being sent to %(count)d person.",
                        "The message is being sent to %(count)d people.",
                        sent,
                    )
                    % {"count": sent},
                )
                return redirect("engagement:staff-event-detail", pk=event.pk)
            form.add_error("recipients", _("Nobody is registered in this group. Choose another."))
    else:
        form = EventMessageForm(initial={"recipients": services.MessageRecipients.CONFIRMED})
    return render(
        request,
        "engagement/staff/event_message.html",
        {"event": event, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def staff_registration_promote(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """Give a seat to someone on the waiting list, by hand (adding a seat if asked to)."""
    event = _get_event_for_staff(request, pk)
    registration = get_object_or_404(event.registrations, pk=registration_pk)
    try:
        services.registration_promote(
            registration_id=registration.pk, add_seat=request.POST.get("add_seat") == "1"
        )
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s has a seat now and has been told by e-mail.") % {"name": registration.name},
        )
    return redirect(
        reverse("engagement:staff-event-detail", kwargs={"pk": event.pk}) + "#registrations-heading"
    )


@login_required
@require_safe
def staff_door_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable door list (PDF): personal data, for the event's staff only."""
    event = _get_event_for_staff(request, pk)
    pdf = services.event_door_list_pdf(event=event, language=translation.get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="doerliste-{event.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def staff_registrations_csv(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event_for_staff(request, pk)

    def when(value) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    rows = (
        (
            r.name,
            r.email,
            r.organisation,
            r.get_status_display(),
            when(r.created_at),
            r.accessibility_needs,
            r.diet,
            r.interpreter_language_name,
            when(r.checked_in_at),
            r.language,
        )
        for r in event.registrations.order_by("created_at", "id").iterator()
    )
    return exports.csv_response(
        filename=f"tilmeldinger-{event.pk}.csv",
        header=[
            _("Name"),
            _("E-mail"),
            _("Department or organisation"),
            _("Status"),
            _("Signed up"),
            _("Accessibility needs"),
            _("Dietary needs"),
            _("Interpreter language"),
            _("Checked in"),
            _("Language"),
        ],
        rows=rows,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_registration_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a registration taken by phone or at the desk (deadline does not apply)."""
    event = _get_event_for_staff(request, pk)
    if request.method == "POST":
        form = ManualRegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_create(
                    event_id=event.pk,
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    needs=_needs(data),
                    language=data["language"],
                    added_by_staff=True,
                )
            except services.RegistrationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s is signed up (%(status)s).")
                    % {
                        "name": registration.name,
                        "status": registration.get_status_display().lower(),
                    },
                )
                return redirect("engagement:staff-event-detail", pk=event.pk)
    else:
        form = ManualRegistrationForm(initial={"language": translation.get_language()})
    return render(
        request,
        "engagement/staff/registration_add.html",
        {"event": event, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def staff_registration_cancel(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _get_event_for_staff(request, pk)
    registration = get_object_or_404(event.registrations, pk=registration_pk)
    promoted = services.registration_cancel(registration_id=registration.pk)
    messages.success(
        request, _("The registration of %(name)s has been cancelled.") % {"name": registration.name}
    )
    for other in promoted:
        messages.info(request, _("%(name)s moved up from the waiting list.") % {"name": other.name})
    return redirect("engagement:staff-event-detail", pk=event.pk)


@login_required
@require_safe
def staff_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The door list: searchable, one button per person; works without JavaScript."""
    event = _get_event_for_staff(request, pk)
    query = request.GET.get("q", "").strip()[:100]
    registrations = event.registrations.confirmed().order_by("name", "id")
    if query:
        registrations = registrations.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query)
        )
    checked_in = event.registrations.filter(checked_in_at__isnull=False).count()
    return render(
        request,
        "engagement/staff/check_in.html",
        {"event": event, "registrations": registrations, "query": query, "checked_in": checked_in},
    )


@login_required
@require_POST
def staff_check_in_toggle(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _get_event_for_staff(request, pk)
    registration = get_object_or_404(event.registrations.confirmed(), pk=registration_pk)
    present = request.POST.get("present") == "1"
    services.registration_check_in(registration=registration, present=present)
    if present:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    else:
        messages.info(
            request, _("The check-in of %(name)s has been undone.") % {"name": registration.name}
        )
    url = reverse("engagement:staff-check-in", kwargs={"pk": event.pk})
    query = request.POST.get("q", "").strip()[:100]
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode({"q": query})
    return redirect(url)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_invitations(request: HttpRequest, pk: int) -> HttpResponse:
    """The stakeholder list, who has been invited, and who has answered."""
    event = _get_event_for_staff(request, pk, "engagement.manage_invitations")
    if request.method == "POST":
        form = PartyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                party_create(**data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("%(name)s has been added to the list.") % {"name": data["name"]}
                )
                return redirect("engagement:staff-invitations", pk=event.pk)
    else:
        form = PartyForm()
    stakeholders = list(Party.objects.all())
    invitations = {i.stakeholder_id: i for i in event.invitations.all()}
    rows = [(s, invitations.get(s.pk)) for s in stakeholders]
    counts = Counter(i.status for i in invitations.values())
    return render(
        request,
        "engagement/staff/invitations.html",
        {
            "event": event,
            "rows": rows,
            "form": form,
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in Invitation.Status.choices
            ],
            "not_invited": len(stakeholders) - len(invitations),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def staff_invitations_send(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event_for_staff(request, pk, "engagement.manage_invitations")
    ids = [value for value in request.POST.getlist("stakeholder") if value.isdigit()]
    stakeholders = Party.objects.filter(pk__in=ids)
    sent = services.invitations_send(event=event, stakeholders=stakeholders, sent_by=request.user)
    if sent:
        messages.success(request, _("Invitations sent: %(count)d.") % {"count": len(sent)})
    else:
        messages.error(request, _("Choose at least one stakeholder who has not been invited yet."))
    return redirect("engagement:staff-invitations", pk=event.pk)


@login_required
@require_POST
def staff_invitation_status(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    event = _get_event_for_staff(request, pk, "engagement.manage_invitations")
    invitation = get_object_or_404(event.invitations, pk=invitation_pk)
    status = request.POST.get("status", "")
    if status not in Invitation.Status.values:
        messages.error(request, _("Choose a valid status."))
    else:
        services.invitation_set_status(invitation=invitation, status=status)
        messages.success(request, _("The invitation has been updated."))
    return redirect("engagement:staff-invitations", pk=event.pk)


@login_required
@require_safe
def staff_poster(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event_for_staff(request, pk)
    pdf = services.event_poster_pdf(event=event, language=translation.get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plakat-{event.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_distribution(request: HttpRequest, pk: int) -> HttpResponse:
    """The visibility checklist: where posters and invitations went."""
    event = _get_event_for_staff(request, pk)
    if request.method == "POST":
        form = DistributionItemForm(request.POST)
        if form.is_valid():
            services.distribution_item_create(
                event=event, responsible=request.user, **form.cleaned_data
            )
            messages.success(request, _("The place has been added to the checklist."))
            return redirect("engagement:staff-distribution", pk=event.pk)
    else:
        form = DistributionItemForm()
    items = list(event.distribution.select_related("responsible"))
    done = sum(1 for item in items if item.done)
    return render(
        request,
        "engagement/staff/distribution.html",
        {"event": event, "items": items, "form": form, "done": done},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def staff_distribution_toggle(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    event = _get_event_for_staff(request, pk)
    item = get_object_or_404(DistributionItem, pk=item_pk, event=event)
    services.distribution_item_toggle(item=item)
    return redirect("engagement:staff-distribution", pk=event.pk)


def _get_process_for_input(request: HttpRequest, policy: str) -> Process:
    process = Process.objects.current(policy_slug=policy)
    if process is None:
        raise Http404
    if not request.user.has_perm("engagement.enter_input", process):
        raise PermissionDenied
    return process


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_input(request: HttpRequest, policy: str) -> HttpResponse:
    """Quick entry of input from the meeting tables, letters and e-mails."""
    process = _get_process_for_input(request, policy)
    if request.method == "POST":
        form = InputForm(request.POST, process=process)
        if form.is_valid():
            data = form.cleaned_data
            services.input_create(process=process, created_by=request.user, **data)
            messages.success(request, _("The input has been saved. Enter the next one."))
            # Keep the source and table so the next note from the same table is quick to enter.
            from urllib.parse import urlencode

            keep = {k: request.POST.get(k, "") for k in ("channel", "event", "table", "theme")}
            return redirect(
                reverse("engagement:staff-input", kwargs={"policy": policy}) + "?" + urlencode(keep)
            )
    else:
        form = InputForm(
            process=process,
            initial={
                k: request.GET.get(k)
                for k in ("channel", "event", "table", "theme")
                if request.GET.get(k)
            },
        )
    recent = process.inputs.select_related("event", "theme", "section")[:20]
    return render(
        request,
        "engagement/staff/input_form.html",
        {"process": process, "policy": process.policy, "form": form, "recent": recent},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def staff_input_summary(request: HttpRequest, policy: str) -> HttpResponse:
    """All input grouped by theme, with the section each piece concerns."""
    process = _get_process_for_input(request, policy)
    inputs = list(
        process.inputs.select_related("event", "theme", "section__version").order_by(
            "theme__name", "created_at"
        )
    )
    groups: dict = {}
    for item in inputs:
        groups.setdefault(item.theme, []).append(item)
    themes = sorted(
        groups.items(), key=lambda pair: (pair[0] is None, pair[0].name if pair[0] else "")
    )
    by_section: dict = {}
    for item in inputs:
        if item.section_id:
            by_section.setdefault(item.section.key, (item.section, []))[1].append(item)
    return render(
        request,
        "engagement/staff/input_summary.html",
        {
            "process": process,
            "policy": process.policy,
            "themes": themes,
            "total": len(inputs),
            "by_section": list(by_section.values()),
        },
    )
