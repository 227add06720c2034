"""How allauth sees the portal: the client's address for its login and sign-up limits, and its
e-mails (address confirmation, password reset, …) sent through the portal's one mail module."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from medborger.clientip import client_ip
from medborger.mail import mail_send_rendered


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Staff and committee members land on their inbox, "Til mig"; citizens on the front
        # page, in the language they use (a `next` they came with wins, as allauth decides).
        if request.user.has_perm("process.view_inbox"):
            return reverse("process:staff-home")
        return reverse("process:home")

    def get_client_ip(self, request: HttpRequest) -> str:
        # The same address the portal's own rate limits use (TRUSTED_PROXY_COUNT), so that a
        # load balancer's address does not put every login in one bucket.
        return client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        mail_send_rendered(
            to=email,
            subject=message.subject,
            body=message.body,
            template=template_prefix,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
