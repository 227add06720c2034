"""Following by e-mail (no account needed), the signed links in every mail, and a signed-in
person's notifications and settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from medborger.ratelimits import rate_limit
from notifications import services
from notifications.forms import FollowForm, LanguageForm, PreferencesForm
from notifications.models import Subscription


def _safe_path(request: HttpRequest, url: str) -> str:
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return "/"


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/link_invalid.html", status=410)


@require_POST
@rate_limit("10/m")
def subscription_create(request: HttpRequest) -> HttpResponse:
    """The follow form's answer. By e-mail it is the same page whatever the address: whether it
    already follows is told to the mailbox, never here."""
    target = services.follow_target_read(request.POST.get("target", ""))
    if target is None:
        return render(request, "notifications/follow_invalid.html", status=400)
    language = translation.get_language()
    page = _safe_path(request, services.localized_path(target["url"], language))
    if request.POST.get("account") and request.user.is_authenticated:
        if services.subscription_create_for_user(**target, user=request.user, language=language):
            messages.success(
                request,
                _("You now follow %(title)s. We e-mail you when something happens.") % target,
            )
        else:
            messages.error(request, _("Your account has no e-mail address to send the news to."))
        return redirect(page)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "notifications/follow_form.html",
            {"form": form, "target": target, "page": page},
            status=400,
        )
    if not form.cleaned_data["website"]:  # a robot filled the honeypot: send nothing
        services.subscription_request(
            **target, email=form.cleaned_data["email"], language=form.cleaned_data["language"]
        )
    return render(request, "notifications/follow_sent.html", {"target": target, "page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation mail: a button that confirms (a mail scanner that opens the
    link confirms nothing)."""
    subscription = services.subscription_from_token(token, purpose="confirm")
    if subscription is None:
        return _invalid_link(request)
    if request.method == "POST":
        subscription = services.subscription_confirm(subscription=subscription)
        return render(
            request,
            "notifications/subscription_confirmed.html",
            {
                "subscription": subscription,
                "manage_token": services.subscription_token(subscription),
            },
        )
    return render(
        request, "notifications/subscription_confirm.html", {"subscription": subscription}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_manage(request: HttpRequest, token: str) -> HttpResponse:
    """From every mail: what this address follows, in which language; stop any of it."""
    subscription = services.subscription_from_token(token)
    if subscription is None:
        return _invalid_link(request)
    form = LanguageForm(initial={"language": subscription.language})
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if form.is_valid():
            for each in Subscription.objects.of_address(subscription.email):
                services.subscription_update(
                    subscription=each, language=form.cleaned_data["language"]
                )
            messages.success(request, _("Saved. The e-mails now come in the language you chose."))
            return redirect("notifications:subscription-manage", token=token)
    follows = [
        (each, services.subscription_token(each))
        for each in services.subscriptions_of_address(subscription.email)
    ]
    return render(
        request,
        "notifications/subscription_manage.html",
        {"subscription": subscription, "follows": follows, "form": form},
        status=400 if form.errors else 200,
    )


@csrf_exempt  # RFC 8058: mail clients post the one-click unsubscribe without a CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_delete(request: HttpRequest, token: str) -> HttpResponse:
    """Stop a follow. The mail's List-Unsubscribe header posts here (one click); a person who
    opens the link gets a page with the button. Posting twice is the same as posting once."""
    subscription = services.subscription_from_token(token)
    if subscription is None:
        if _gone(token):
            # A good link whose follow is gone already (a second click): stopped it is.
            return render(request, "notifications/subscription_deleted.html", {"title": ""})
        return _invalid_link(request)
    if request.method == "POST":
        services.subscription_delete(subscription=subscription)
        return render(
            request, "notifications/subscription_deleted.html", {"title": subscription.title}
        )
    return render(request, "notifications/subscription_delete.html", {"subscription": subscription})


def _gone(token: str) -> bool:
    """Whether the token is a good link to a follow that was stopped since."""
    try:
        pk, _key = signing.loads(token, salt=services._MANAGE_SALT, max_age=services.MANAGE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    return not Subscription.objects.filter(pk=pk).exists()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notice_list(request: HttpRequest) -> HttpResponse:
    """The signed-in person's notifications, newest first; mark them read."""
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications:notice-list")
    return render(
        request,
        "notifications/notice_list.html",
        {
            "notices": services.notifications_for(request.user),
            "unread": services.notifications_unread_count(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preference_update(request: HttpRequest) -> HttpResponse:
    """One page for what a person is told: the policies they follow, and which kinds of staff
    notification they get by e-mail."""
    user = request.user
    current = services.preferences_of(user)
    form = PreferencesForm(initial_enabled=current)
    if request.method == "POST":
        stop = request.POST.get("stop", "")
        if stop:
            follow = next(
                (s for s in services.subscriptions_of_user(user) if str(s.pk) == stop), None
            )
            if follow is not None:
                services.subscription_delete(subscription=follow)
                messages.success(
                    request, _("You no longer follow %(title)s.") % {"title": follow.title}
                )
            return redirect("notifications:preference-update")
        form = PreferencesForm(request.POST, initial_enabled=current)
        if form.is_valid():
            services.preferences_update(user=user, enabled=form.cleaned_data)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preference-update")
    return render(
        request,
        "notifications/preference_form.html",
        {"form": form, "follows": services.subscriptions_of_user(user)},
    )
