"""Views of the public hearing (/hoering/...) and its staff pages (/styring/hoering/...)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hearing import packets, services, uploads
from hearing.forms import (
    AnswerForm,
    AssignForm,
    HearingOpenForm,
    HearingResponseForm,
    ReceiptFindForm,
    StaffIntakeForm,
    WithholdForm,
    point_formset,
)
from hearing.models import Hearing, HearingAttachment, HearingResponse
from hearing.notat import notat_build
from medborger import pagecache
from medborger.exports import CSV_CONTENT_TYPE
from medborger.ratelimits import rate_limit
from policy.models import Policy, PolicyVersion, Theme
from policy.snapshots import snapshot_response
from process.hooks import public_event_models
from process.models import Handling, Milestone, Process
from process.phase import process_phase

# Five attachments at the limit, plus the text fields.
MAX_REQUEST_BYTES = uploads.MAX_ATTACHMENTS * uploads.MAX_ATTACHMENT_BYTES + 1024 * 1024

_PUBLIC_ATTACHMENTS = Prefetch(
    "attachments", queryset=HearingAttachment.objects.filter(is_scan=False)
)


def _current_hearing(policy: Policy) -> Hearing | None:
    return (
        Hearing.objects.select_related("version__policy", "process__policy")
        .filter(process__policy=policy)
        .order_by("-opens_at", "-id")
        .first()
    )


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def _download(attachment: HearingAttachment, *, filename: str) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


# --- Public pages ----------------------------------------------------------------------------


RESPONSES_PER_PAGE = 25


def _page_models() -> list[type]:
    """What the public hearing page shows (the key of its cached copy)."""
    return [
        Policy,
        Process,
        Hearing,
        HearingResponse,
        HearingAttachment,
        PolicyVersion,
        Milestone,  # the stage bar (the phase and the next step)
        *public_event_models(),
    ]


@rate_limit("10/m")
@require_http_methods(["GET", "HEAD", "POST"])
@pagecache.cached_page(models=_page_models, query=["side"], clock="minute")
def hearing_detail(request: HttpRequest, policy: str) -> HttpResponse:
    """The version under hearing, the deadline, the response form while open, the responses."""
    policy_obj = get_object_or_404(Policy, slug=policy)
    hearing = _current_hearing(policy_obj)
    form = None
    too_large = request.method == "POST" and _content_length(request) > MAX_REQUEST_BYTES
    request_error = ""
    if hearing is not None:
        if too_large:
            # Refused before the form looks at the files: nothing is checked or stored. (A proxy
            # in front should refuse such a body even earlier, with client_max_body_size.)
            form = HearingResponseForm(
                hearing=hearing, initial={"idempotency_key": secrets.token_hex(16)}
            )
            request_error = _(
                "The response with its attachments is too large: at most %(limit)s in all."
            ) % {"limit": filesizeformat(MAX_REQUEST_BYTES)}
        elif request.method == "POST":
            form = HearingResponseForm(request.POST, request.FILES, hearing=hearing)
            if not hearing.is_open:
                form.is_valid()
                form.errors.clear()
                form.add_error(None, _closed_message(hearing))
            elif form.is_valid():
                data = form.cleaned_data
                try:
                    response, _created = services.response_submit(
                        hearing_id=hearing.pk,
                        idempotency_key=data["idempotency_key"],
                        data=services.ResponseInput(
                            kind=data["kind"],
                            name=data["name"],
                            organisation=data["organisation"],
                            email=data["email"],
                            text=data["text"],
                            consent_to_publish=data.get("consent") == "yes",
                            name_protected=bool(data.get("name_protected")),
                            language=translation.get_language(),
                            files=data["attachments"],
                        ),
                    )
                except services.HearingError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("Thank you. Your response has been received."))
                    return redirect(response.get_absolute_url())
        elif hearing.is_open:
            form = HearingResponseForm(
                hearing=hearing, initial={"idempotency_key": pagecache.fresh_hex(request)}
            )
    page = None
    if hearing is not None and hearing.publishes_responses:
        # A big hearing has hundreds of published responses: show them a page at a time.
        page = Paginator(
            hearing.responses.public()
            .prefetch_related(_PUBLIC_ATTACHMENTS)
            .order_by("received_at", "id"),
            RESPONSES_PER_PAGE,
        ).get_page(request.GET.get("side"))
    status = 200
    if request.method == "POST":
        status = 404 if hearing is None else (413 if too_large else 400)
    phase = process_phase(hearing.process) if hearing is not None else None
    return render(
        request,
        "hearing/hearing_detail.html",
        {
            "policy": policy_obj,
            "hearing": hearing,
            "phase": phase,
            "response_count": hearing.responses.count()
            if hearing is not None and hearing.has_closed
            else None,
            "form": form,
            "responses": page.object_list if page is not None else [],
            "page": page,
            "request_error": request_error,
            "closed_message": _closed_message(hearing) if hearing and not hearing.is_open else "",
        },
        status=status,
    )


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _closed_message(hearing: Hearing) -> str:
    if timezone.now() < hearing.opens_at:
        return _("The hearing opens on %(date)s.") % {"date": services._format_dt(hearing.opens_at)}
    return _("The hearing closed on %(deadline)s. Late responses cannot be submitted here.") % {
        "deadline": services._format_dt(hearing.closes_at)
    }


def _get_response_by_tracking(tracking: str) -> HearingResponse:
    canonical = services.tracking_normalise(tracking)
    if canonical is None or canonical != tracking:
        raise Http404
    return get_object_or_404(
        HearingResponse.objects.select_related(
            "hearing__process__policy", "hearing__version", "section", "theme"
        ),
        tracking=canonical,
    )


@require_safe
def hearing_list(request: HttpRequest) -> HttpResponse:
    """Every public hearing, open ones first: each with its policy, dates and deadline."""
    now = timezone.now()
    hearings = list(
        Hearing.objects.select_related("process__policy", "version").order_by("-closes_at", "-id")
    )
    hearings.sort(key=lambda h: 0 if h.is_open else 1 if h.opens_at > now else 2)
    return render(request, "hearing/hearing_list.html", {"hearings": hearings})


@rate_limit("10/m")
@require_http_methods(["GET", "HEAD", "POST"])
def hearing_receipt_find(request: HttpRequest) -> HttpResponse:
    """ "Find your hearing response": from the tracking number on the receipt to the receipt."""
    form = ReceiptFindForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        return redirect("hearing:receipt-detail", tracking=form.cleaned_data["tracking"])
    return _private(
        render(
            request,
            "hearing/receipt_find.html",
            {"form": form},
            status=400 if form.is_bound else 200,
        )
    )


@require_safe
def hearing_receipt(request: HttpRequest, tracking: str) -> HttpResponse:
    """The receipt, and, once the høringsnotat is out, how the response was answered."""
    response = _get_response_by_tracking(tracking)
    return _private(
        render(
            request,
            "hearing/receipt.html",
            {
                "response": response,
                "hearing": response.hearing,
                "policy": response.hearing.process.policy,
                "attachments": response.attachments.all(),
            },
        )
    )


@require_http_methods(["GET", "HEAD", "POST"])
def hearing_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the receipt: the sender confirms the address with one button (a POST, so
    a mail scanner that follows links confirms nothing)."""
    response = services.response_by_confirm_token(token=token)
    if response is None:
        raise Http404
    if request.method == "POST":
        response = services.response_confirm(response=response)
        messages.success(request, _("Thank you. Your e-mail address is confirmed."))
        return redirect("hearing:receipt-detail", tracking=response.tracking)
    return _private(
        render(
            request,
            "hearing/confirm.html",
            {"response": response, "policy": response.hearing.process.policy},
        )
    )


@require_safe
def hearing_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A published response's attachment, as a download."""
    attachment = get_object_or_404(
        HearingAttachment.objects.select_related("response__hearing"), pk=pk, is_scan=False
    )
    response = attachment.response
    if not response.is_public:
        raise Http404
    # The name the public page shows: neutral when the sender's name and address are protected.
    [public] = [a for a in response.public_attachments() if a.pk == attachment.pk]
    return _download(attachment, filename=public.public_name)


def _published_notat_hearing(policy: str) -> Hearing:
    hearing = _current_hearing(get_object_or_404(Policy, slug=policy))
    if hearing is None or hearing.notat_published_at is None:
        raise Http404
    return hearing


def _notat_context(hearing: Hearing, by: str) -> dict:
    return {
        "hearing": hearing,
        "policy": hearing.process.policy,
        "notat": notat_build(hearing=hearing, by=by),
        "by": by,
    }


def _by(request: HttpRequest) -> str:
    return "theme" if request.GET.get("efter") == "tema" else "section"


@require_safe
def hearing_notat(request: HttpRequest, policy: str) -> HttpResponse:
    hearing = _published_notat_hearing(policy)
    return render(
        request,
        "hearing/notat.html",
        {**_notat_context(hearing, _by(request)), "staff": False},
    )


def _pdf_response(hearing: Hearing) -> HttpResponse:
    pdf = services.notat_pdf(hearing=hearing, language=translation.get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="hoeringsnotat-{hearing.pk}.pdf"'
    return response


def _csv_response(hearing: Hearing) -> HttpResponse:
    response = HttpResponse(services.notat_csv(hearing=hearing), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="hoeringsnotat-{hearing.pk}.csv"'
    return response


@require_safe
def hearing_notat_pdf(request: HttpRequest, policy: str) -> HttpResponse:
    return _pdf_response(_published_notat_hearing(policy))


@require_safe
def hearing_notat_csv(request: HttpRequest, policy: str) -> HttpResponse:
    return _csv_response(_published_notat_hearing(policy))


# --- Staff ---------------------------------------------------------------------------------


def _get_process_for_staff(request: HttpRequest, policy: str, perm: str) -> Process:
    process = Process.objects.current(policy_slug=policy)
    if process is None:
        raise Http404
    if not request.user.has_perm(perm, process):
        raise PermissionDenied
    return process


def _get_hearing_for_staff(
    request: HttpRequest, policy: str, pk: int, perm: str = "hearing.view_hearing_responses"
) -> Hearing:
    hearing = get_object_or_404(
        Hearing.objects.select_related("process__policy", "version"),
        pk=pk,
        process__policy__slug=policy,
    )
    if not request.user.has_perm(perm, hearing):
        raise PermissionDenied
    return hearing


def _get_response_for_staff(
    request: HttpRequest, policy: str, pk: int, response_pk: int, perm: str
) -> HearingResponse:
    hearing = _get_hearing_for_staff(request, policy, pk, perm)
    response = get_object_or_404(
        HearingResponse.objects.select_related("section", "theme", "entered_by"),
        pk=response_pk,
        hearing=hearing,
    )
    response.hearing = hearing
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_hearing_list(request: HttpRequest, policy: str) -> HttpResponse:
    """The policy's hearings, and (for the coordinator) the form that opens a new one."""
    process = _get_process_for_staff(request, policy, "hearing.view_hearing_responses")
    can_manage = request.user.has_perm("hearing.manage_hearing", process)
    form = None
    if can_manage:
        if request.method == "POST":
            form = HearingOpenForm(request.POST, policy=process.policy)
            form.instance.process = process
            if form.is_valid():
                try:
                    hearing = services.hearing_open(
                        process=process, created_by=request.user, **form.cleaned_data
                    )
                except services.HearingError as error:
                    form.add_error("version", error.message)
                else:
                    messages.success(request, _("The hearing has been opened."))
                    return redirect("hearing:staff-hearing-detail", policy=policy, pk=hearing.pk)
        else:
            form = HearingOpenForm(policy=process.policy)
    elif request.method == "POST":
        raise PermissionDenied
    hearings = (
        Hearing.objects.filter(process=process)
        .select_related("version")
        .annotate(response_count=Count("responses"))
    )
    return render(
        request,
        "hearing/staff_hearing_list.html",
        {"process": process, "policy": process.policy, "hearings": hearings, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


_FILTERS = {
    "ubesvarede": Q(answered_at__isnull=True),
    "kvittering": Q(receipt_sent_at__isnull=True, receipt_attempts__gt=0) & ~Q(email=""),
    "afventer": Q(status=HearingResponse.Status.RECEIVED),
}


@login_required
@require_safe
def staff_hearing_detail(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    """All responses with status, receipt, points, answer and who has them, filterable; the
    coordinator assigns responses to colleagues from here."""
    return _hearing_detail_page(request, _get_hearing_for_staff(request, policy, pk))


def _hearing_detail_page(
    request: HttpRequest, hearing: Hearing, assign_form: AssignForm | None = None
) -> HttpResponse:
    filtered, current = _filtered_responses(request, hearing)
    responses = (
        hearing.responses.filter(pk__in=filtered.values("pk"))
        .select_related("section", "assigned_to")
        .annotate(
            attachment_count=Count("attachments", distinct=True),
            point_count=Count("points", distinct=True),
        )
    )
    counts = hearing.responses.aggregate(
        total=Count("id"),
        unanswered=Count("id", filter=_FILTERS["ubesvarede"]),
        receipt_failed=Count("id", filter=_FILTERS["kvittering"]),
        pending=Count("id", filter=_FILTERS["afventer"]),
        published=Count("id", filter=Q(status=HearingResponse.Status.PUBLISHED)),
        mine=Count("id", filter=Q(assigned_to=request.user)),
        without_points=Count("id", filter=Q(points__isnull=True)),
        answer_unsent=Count(
            "id",
            filter=Q(answer_mail_sent_at__isnull=True, anonymised_at__isnull=True) & ~Q(email=""),
        ),
    )
    if hearing.notat_published_at is None:
        counts["answer_unsent"] = 0
    can_manage = request.user.has_perm("hearing.manage_hearing", hearing)
    staff = services.process_staff(process=hearing.process)
    if assign_form is None and can_manage:
        assign_form = AssignForm(hearing=hearing, staff=staff)
    return render(
        request,
        "hearing/staff_hearing_detail.html",
        {
            "hearing": hearing,
            "policy": hearing.process.policy,
            "responses": responses,
            "counts": counts,
            "current": current["vis"],
            "filters": current,
            "query": request.GET.urlencode(),
            "sections": hearing.version.sections.all(),
            "themes": Theme.objects.all(),
            "assign_form": assign_form,
        },
        status=400 if assign_form is not None and assign_form.errors else 200,
    )


@login_required
@require_POST
def staff_retry_receipts(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    hearing = _get_hearing_for_staff(request, policy, pk, "hearing.manage_hearing")
    sent, waiting = services.hearing_mails_retry(hearing=hearing)
    if waiting:
        messages.info(
            request,
            _(
                "%(waiting)d e-mails are being sent again. Reload the page in a minute to see "
                "whether they went out."
            )
            % {"waiting": waiting},
        )
    else:
        messages.success(request, _("%(sent)d e-mails sent.") % {"sent": sent})
    return redirect("hearing:staff-hearing-detail", policy=policy, pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_response_add(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    """Register a response that came by letter or e-mail, with the scan."""
    hearing = _get_hearing_for_staff(request, policy, pk, "hearing.manage_hearing")
    if request.method == "POST":
        form = StaffIntakeForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            response = services.response_register(
                hearing=hearing,
                channel=data["channel"],
                received_at=data["received_at"],
                entered_by=request.user,
                case_number=data["case_number"],
                sender_address=data["sender_address"],
                receipt_by_email=data["receipt"] == StaffIntakeForm.RECEIPT_EMAIL,
                data=services.ResponseInput(
                    kind=data["kind"],
                    name=data["name"],
                    organisation=data["organisation"],
                    email=data["email"],
                    text=data["text"],
                    consent_to_publish=data["consent_to_publish"],
                    name_protected=data["name_protected"],
                    language=data["language"],
                    files=data["scan"],
                ),
            )
            messages.success(
                request,
                _("The response has been registered with tracking number %(tracking)s.")
                % {"tracking": response.tracking},
            )
            url = reverse(
                "hearing:staff-response-detail",
                kwargs={"policy": policy, "pk": pk, "response_pk": response.pk},
            )
            if data["receipt"] == StaffIntakeForm.RECEIPT_LETTER:
                url += "?kvittering=brev"  # the page offers the letter to print
            return redirect(url)
    else:
        form = StaffIntakeForm(
            initial={
                "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "language": translation.get_language(),
            }
        )
    return render(
        request,
        "hearing/staff_response_add.html",
        {"hearing": hearing, "policy": hearing.process.policy, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_response_detail(
    request: HttpRequest, policy: str, pk: int, response_pk: int
) -> HttpResponse:
    """One response in full, and (for the coordinator) the answer form."""
    response = _get_response_for_staff(
        request, policy, pk, response_pk, "hearing.view_hearing_responses"
    )
    hearing = response.hearing
    can_manage = request.user.has_perm("hearing.manage_hearing", hearing)
    form = AnswerForm(instance=response) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = AnswerForm(request.POST, instance=response)
        if form.is_valid():
            services.response_answer(response=response, **form.cleaned_data)
            messages.success(request, _("The answer has been saved."))
            return redirect("hearing:staff-hearing-detail", policy=policy, pk=pk)
    return render(
        request,
        "hearing/staff_response_detail.html",
        {
            "hearing": hearing,
            "policy": hearing.process.policy,
            "response": response,
            "attachments": response.attachments.all(),
            "form": form,
            "withhold_form": WithholdForm() if can_manage else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def staff_response_publish(
    request: HttpRequest, policy: str, pk: int, response_pk: int
) -> HttpResponse:
    response = _get_response_for_staff(request, policy, pk, response_pk, "hearing.manage_hearing")
    try:
        services.response_publish(response=response)
    except services.HearingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The response is published."))
    return redirect("hearing:staff-response-detail", policy=policy, pk=pk, response_pk=response_pk)


@login_required
@require_POST
def staff_response_withhold(
    request: HttpRequest, policy: str, pk: int, response_pk: int
) -> HttpResponse:
    response = _get_response_for_staff(request, policy, pk, response_pk, "hearing.manage_hearing")
    form = WithholdForm(request.POST)
    if form.is_valid():
        services.response_withhold(response=response, reason=form.cleaned_data["reason"])
        messages.success(request, _("The response is withheld from the public list."))
    else:
        messages.error(request, _("Give a reason for withholding the response."))
    return redirect("hearing:staff-response-detail", policy=policy, pk=pk, response_pk=response_pk)


@login_required
@require_safe
def staff_attachment(
    request: HttpRequest, policy: str, pk: int, attachment_pk: int
) -> FileResponse:
    hearing = _get_hearing_for_staff(request, policy, pk)
    attachment = get_object_or_404(HearingAttachment, pk=attachment_pk, response__hearing=hearing)
    return _download(attachment, filename=attachment.original_name)


@login_required
@require_safe
def staff_notat(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    hearing = _get_hearing_for_staff(request, policy, pk)
    return render(
        request,
        "hearing/notat.html",
        {**_notat_context(hearing, _by(request)), "staff": True},
    )


@login_required
@require_POST
def staff_notat_publish(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    hearing = _get_hearing_for_staff(request, policy, pk, "hearing.manage_hearing")
    if not hearing.has_closed:
        messages.error(request, _("The høringsnotat can be published when the hearing has closed."))
    else:
        count = services.notat_publish(hearing=hearing)
        messages.success(
            request,
            _("The høringsnotat is published. %(count)d respondents are told by e-mail.")
            % {"count": count},
        )
    return redirect("hearing:staff-notat-detail", policy=policy, pk=pk)


@login_required
@require_safe
def staff_notat_pdf(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    return _pdf_response(_get_hearing_for_staff(request, policy, pk))


@login_required
@require_safe
def staff_notat_csv(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    return _csv_response(_get_hearing_for_staff(request, policy, pk))


def staff_hearing_url(hearing: Hearing) -> str:
    return reverse(
        "hearing:staff-hearing-detail",
        kwargs={"policy": hearing.process.policy.slug, "pk": hearing.pk},
    )


# --- Meeting packets ------------------------------------------------------------------------


@login_required
@require_safe
def handling_packet(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    """The current meeting packet of a handling: its newest issued edition, for the body's
    members and the process staff. Downloading never freezes anything: before an edition is
    issued, the coordinator gets a preview marked as one (also with `?forhaandsvisning`)."""
    handling = get_object_or_404(
        Handling.objects.select_related("body", "version__policy", "process__policy"),
        process__policy__slug=policy,
        pk=pk,
    )
    if not request.user.has_perm("process.download_packet", handling):
        raise PermissionDenied
    if handling.version_id is None:
        raise Http404("No version on the agenda")
    may_preview = request.user.has_perm("process.manage_process", handling.process)
    edition = handling.packet_editions.select_related("snapshot").order_by("-number").first()
    if edition is not None and not (may_preview and "forhaandsvisning" in request.GET):
        return snapshot_response(request, edition.snapshot)
    if not may_preview:
        messages.info(request, _("The meeting packet has not been issued yet."))
        return redirect("process:handling-detail", policy=policy, pk=handling.pk)
    response = HttpResponse(
        packets.packet_pdf_bytes(handling=handling, preview=True), content_type="application/pdf"
    )
    name = packets.packet_filename(handling).removesuffix(".pdf") + "-forhaandsvisning.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Points, assignment and the way through the responses --------------------------------------


def _filtered_responses(request: HttpRequest, hearing: Hearing):
    """The staff list's responses under the filters in the query string (`vis`, `afsnit`,
    `tema`), and those filters' current values."""
    responses = hearing.responses.all()
    current = request.GET.get("vis", "")
    if current == "mine":
        responses = responses.filter(assigned_to=request.user)
    elif current == "uden-punkter":
        responses = responses.filter(points__isnull=True)
    elif current in _FILTERS:
        responses = responses.filter(_FILTERS[current])
    section = request.GET.get("afsnit", "")
    if section.isdigit():
        responses = responses.filter(
            Q(section_id=int(section)) | Q(points__section_id=int(section))
        )
    theme = request.GET.get("tema", "")
    if theme.isdigit():
        responses = responses.filter(Q(theme_id=int(theme)) | Q(points__theme_id=int(theme)))
    return responses.distinct(), {"vis": current, "afsnit": section, "tema": theme}


def _neighbours(request: HttpRequest, response: HearingResponse) -> dict:
    """The previous and next response in the staff list as it is filtered now, and where this
    one stands in it, so a colleague can work through "mine" or "without points" in order."""
    responses, _current = _filtered_responses(request, response.hearing)
    ids = list(responses.order_by("received_at", "id").values_list("id", flat=True))
    if response.pk not in ids:
        return {}
    at = ids.index(response.pk)
    return {
        "previous_id": ids[at - 1] if at > 0 else None,
        "next_id": ids[at + 1] if at + 1 < len(ids) else None,
        "position": at + 1,
        "count": len(ids),
        "query": request.GET.urlencode(),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_point_list(request: HttpRequest, policy: str, pk: int, response_pk: int) -> HttpResponse:
    """Split a response into points, with its text beside them, and answer each point."""
    response = _get_response_for_staff(
        request, policy, pk, response_pk, "hearing.view_hearing_responses"
    )
    hearing = response.hearing
    can_manage = request.user.has_perm("hearing.work_on_response", response)
    points = response.points.select_related("section", "theme")
    # One empty point below the others (more on request: "?tomme=3"); an empty one is ignored.
    blanks = request.GET.get("tomme", "1")
    extra = min(int(blanks), 10) if blanks.isdigit() else 1
    formset_class = point_formset(version=hearing.version, extra=extra if can_manage else 0)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        formset = formset_class(request.POST, queryset=points, version=hearing.version)
        if formset.is_valid():
            saved = services.points_save(response=response, formset=formset)
            messages.success(
                request,
                ngettext("%(count)d point saved.", "%(count)d points saved.", len(saved))
                % {"count": len(saved)},
            )
            query = request.GET.copy()
            query.pop("tomme", None)
            return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
    else:
        has_points = points.exists()
        formset = formset_class(
            queryset=points,
            version=hearing.version,
            initial=None if has_points else [{"section": _first_suggestion(response)}],
        )
    for form in formset.forms:
        text = form["summary"].value() or ("" if form.instance.pk else response.text)
        form.suggestions = services.point_suggestions(text=text, version=hearing.version)
    status = 400 if request.method == "POST" and formset.total_error_count() else 200
    return render(
        request,
        "hearing/staff_point_list.html",
        {
            "hearing": hearing,
            "policy": hearing.process.policy,
            "response": response,
            "formset": formset,
            "can_manage": can_manage,
            "neighbours": _neighbours(request, response),
        },
        status=status,
    )


def _first_suggestion(response: HearingResponse):
    suggestions = services.point_suggestions(text=response.text, version=response.hearing.version)
    return suggestions[0].pk if suggestions else None


@login_required
@require_safe
def staff_receipt_letter(
    request: HttpRequest, policy: str, pk: int, response_pk: int
) -> HttpResponse:
    """The receipt as a PDF letter, printed by staff and posted to the sender's address."""
    response = _get_response_for_staff(request, policy, pk, response_pk, "hearing.manage_hearing")
    pdf = services.receipt_letter_pdf(response=response)
    answer = HttpResponse(pdf, content_type="application/pdf")
    answer["Content-Disposition"] = f'attachment; filename="kvittering-{response.tracking}.pdf"'
    return answer


@login_required
@require_POST
def staff_point_single_create(
    request: HttpRequest, policy: str, pk: int, response_pk: int
) -> HttpResponse:
    """The whole response as one point, in one click."""
    response = _get_response_for_staff(
        request, policy, pk, response_pk, "hearing.view_hearing_responses"
    )
    if not request.user.has_perm("hearing.work_on_response", response):
        raise PermissionDenied
    try:
        services.point_single_create(response=response)
    except services.HearingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The response is now one point. Check its section."))
    return redirect(
        reverse(
            "hearing:staff-point-list",
            kwargs={"policy": policy, "pk": pk, "response_pk": response_pk},
        )
        + (f"?{request.GET.urlencode()}" if request.GET else "")
    )


@login_required
@require_POST
def staff_response_assign(request: HttpRequest, policy: str, pk: int) -> HttpResponse:
    """Assign the chosen responses to a colleague (or take the assignment away)."""
    hearing = _get_hearing_for_staff(request, policy, pk, "hearing.manage_hearing")
    form = AssignForm(
        request.POST, hearing=hearing, staff=services.process_staff(process=hearing.process)
    )
    if form.is_valid():
        count = services.responses_assign(
            responses=form.cleaned_data["responses"],
            assignee=form.cleaned_data["assignee"],
            hearing=hearing,
        )
        assignee = form.cleaned_data["assignee"]
        if assignee is None:
            messages.success(
                request,
                ngettext(
                    "The assignment of %(count)d response was removed.",
                    "The assignment of %(count)d responses was removed.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d response assigned to %(name)s.",
                    "%(count)d responses assigned to %(name)s.",
                    count,
                )
                % {"count": count, "name": assignee.get_full_name() or assignee.email},
            )
        return redirect(
            reverse("hearing:staff-hearing-detail", kwargs={"policy": policy, "pk": pk})
            + (f"?{request.GET.urlencode()}" if request.GET else "")
        )
    return _hearing_detail_page(request, hearing, assign_form=form)
