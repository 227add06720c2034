"""The one rate limit of the portal's forms: so many POSTs per client address, then a 429 page.

    @rate_limit("10/m", "60/h")
    def section_comments(request, ...): ...

Each rate counts on its own (a burst and a steady trickle can both be limited). The key is the
trusted client address of `medborger.clientip` (the same behind a load balancer as without one),
the counts live in the shared cache, and a refused request gets the portal's 429 page in the
visitor's language. GETs are never counted: reading is free.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited

from medborger.clientip import client_ip
from medborger.views import rate_limited


def _client_key(group: str, request: HttpRequest) -> str:
    return client_ip(request)


def rate_limit(*rates: str, method: str = "POST") -> Callable:
    """Limit a view's `method` requests per client address to each of `rates` ("5/m", "60/h")."""
    if not rates:
        raise ValueError("rate_limit needs at least one rate")

    def decorator(view: Callable) -> Callable:
        group = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            for rate in rates:
                if is_ratelimited(
                    request, group=group, key=_client_key, rate=rate, method=method, increment=True
                ):
                    return rate_limited(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
