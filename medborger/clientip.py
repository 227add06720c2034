"""The address of the person behind a request, the key of every rate limit.

Behind a load balancer `REMOTE_ADDR` is the balancer's own address, the same for everyone: a
limit keyed on it would lock the whole municipality out at once. Each proxy the portal runs
behind appends the address it received the request from to `X-Forwarded-For`, so with
`TRUSTED_PROXY_COUNT` proxies in front, the client is the entry that many places from the end
of the chain (the header, then `REMOTE_ADDR`). Entries further left were written by the client
and prove nothing. Without trusted proxies (the default) the header is never read: anyone can
send it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    """The IP address in `value` ("192.0.2.1", "192.0.2.1:4711", "[2001:db8::1]:443"), or None."""
    value = value.strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.split(":")[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_ip(request: HttpRequest) -> str:
    """The client's IP address, with `settings.TRUSTED_PROXY_COUNT` trusted proxies in front."""
    remote = request.META.get("REMOTE_ADDR") or ""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return _address(remote) or remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [entry for entry in forwarded.split(",") if entry.strip()] + [remote]
    # chain[-1] is the nearest proxy; each trusted proxy added the address one step further out.
    # A shorter chain came past fewer proxies (from inside, say): its first entry is the client.
    entry = chain[-(trusted + 1)] if len(chain) > trusted else chain[0]
    return _address(entry) or _address(remote) or remote
