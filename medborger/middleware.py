"""Two-factor authentication is required for the staff area when STAFF_REQUIRE_MFA is on."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from medborger import roles

STAFF_PREFIXES = ("/styring/", "/en/styring/")


def holds_a_staff_role(user) -> bool:
    """Anyone who could get past a staff view's permission check."""
    return bool(
        user.is_staff
        or roles.is_employee(user)
        or roles.in_group(user, roles.COMMITTEE_GROUP)
        or roles.any_process_roles(user)
    )


class StaffMfaMiddleware:
    """Sends staff without an activated authenticator from /styring/ to the MFA set-up page.

    People without a staff role pass through, so the view answers them with its usual 403.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.STAFF_REQUIRE_MFA and request.path.startswith(STAFF_PREFIXES):
            user = request.user
            if user.is_authenticated and holds_a_staff_role(user):
                from allauth.mfa.utils import is_mfa_enabled

                if not is_mfa_enabled(user):
                    messages.warning(
                        request,
                        _(
                            "The staff area requires two-factor authentication. Set up an "
                            "authenticator app on your phone to continue."
                        ),
                    )
                    return redirect("mfa_activate_totp")
        return self.get_response(request)
