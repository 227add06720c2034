"""allauth, adapted to the portal: its e-mails (address confirmation, password reset, …) go out
through the portal's one mail module, like every other mail."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from medborger.mail import mail_send_rendered


class AccountAdapter(DefaultAccountAdapter):
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
