"""/mine-data/: a person gets a copy of, or erases, what the portal holds about their e-mail."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from medborger.ratelimits import rate_limit
from privacy import services as gdpr
from privacy.forms import MyDataEraseForm, MyDataRequestForm


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("5/m")
def link_create(request: HttpRequest) -> HttpResponse:
    """The form: an e-mail address. The answer never tells whether we hold anything."""
    if request.method == "POST":
        form = MyDataRequestForm(request.POST)
        if form.is_valid():
            if not form.filled_by_robot:  # a robot gets the same page, and no mail goes out
                gdpr.gdpr_link_send(
                    email=form.cleaned_data["email"], language=translation.get_language()
                )
            return render(request, "privacy/sent.html", {"hours": gdpr.LINK_MAX_AGE // 3600})
        return render(request, "privacy/request.html", {"form": form}, status=400)
    return render(request, "privacy/request.html", {"form": MyDataRequestForm()})


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/invalid.html", status=410)


@require_safe
def data_detail(request: HttpRequest, token: str) -> HttpResponse:
    email = gdpr.gdpr_token_read(token)
    if email is None:
        return _invalid_link(request)
    data = gdpr.personal_data_find(email=email)
    return render(
        request,
        "privacy/overview.html",
        {"data": data, "token": token, "form": MyDataEraseForm()},
    )


@require_safe
def data_export(request: HttpRequest, token: str) -> HttpResponse:
    email = gdpr.gdpr_token_read(token)
    if email is None:
        return _invalid_link(request)
    body = json.dumps(gdpr.personal_data_export(email=email), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@rate_limit("10/m")
def data_delete(request: HttpRequest, token: str) -> HttpResponse:
    email = gdpr.gdpr_token_read(token)
    if email is None:
        return _invalid_link(request)
    form = MyDataEraseForm(request.POST)
    if not form.is_valid():
        data = gdpr.personal_data_find(email=email)
        return render(
            request,
            "privacy/overview.html",
            {"data": data, "token": token, "form": form},
            status=400,
        )
    gdpr.personal_data_erase(email=email)
    return redirect("privacy:deletion-detail")


@require_safe
def deletion_detail(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/erased.html")
