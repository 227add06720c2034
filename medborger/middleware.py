"""Two-factor authentication guards the staff area and the Django admin (STAFF_REQUIRE_MFA)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from medborger import roles

STAFF_PREFIXES = ("/styring/", "/en/styring/")
ADMIN_PREFIX = "/admin/"


def holds_a_staff_role(user) -> bool:
    """Anyone who could get past a staff view's permission check."""
    return bool(
        user.is_staff
        or roles.is_employee(user)
        or roles.in_group(user, roles.COMMITTEE_GROUP)
        or roles.any_process_roles(user)
    )


def needs_two_factor(request: HttpRequest) -> bool:
    """Whether the page asked for is one that only people with two-factor may open.

    The staff area asks it of anyone with a staff role, the admin of staff users (`is_staff`):
    everyone else passes through, so the view answers them with its usual 403 or login page.
    """
    user = request.user
    if not user.is_authenticated:
        return False
    if request.path.startswith(STAFF_PREFIXES):
        return holds_a_staff_role(user)
    if request.path.startswith(ADMIN_PREFIX):
        return user.is_staff
    return False


class StaffMfaMiddleware:
    """Sends staff without an activated authenticator to the MFA set-up page.

    It guards /styring/ and /admin/; allauth's own pages under /konto/2fa/ stay open, so the
    set-up page can never redirect to itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.STAFF_REQUIRE_MFA and needs_two_factor(request):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(request.user):
                messages.warning(
                    request,
                    _(
                        "The staff area requires two-factor authentication. Set up an "
                        "authenticator app on your phone to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
