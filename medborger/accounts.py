"""How allauth sees the portal: the client's address for its login and sign-up limits."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from medborger.clientip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # The same address the portal's own rate limits use (TRUSTED_PROXY_COUNT), so that a
        # load balancer's address does not put every login in one bucket.
        return client_ip(request)
