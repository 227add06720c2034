"""At most a few e-mails of one kind to one address an hour, whoever asks for them.

The public forms that mail an address someone typed in (a comment's confirmation, the link to
one's own data) are rate-limited per client address; this cap is per recipient, so that nobody
can fill a stranger's inbox from many addresses. It counts in the shared cache (Redis in
production, see medborger.E001). A capped e-mail is simply not sent: the page says the same as
always, so it tells nobody whether an address was capped; the log says it was.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

MAILS_PER_ADDRESS_PER_HOUR = 3
_WINDOW_SECONDS = 3600


def mail_allowed(*, address: str, kind: str, per_hour: int = MAILS_PER_ADDRESS_PER_HOUR) -> bool:
    """Count one e-mail of `kind` to `address`; False once this hour's allowance (`per_hour`)
    is used up."""
    # The cache holds a digest, not the address: no personal data in the cache's keys.
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()
    key = f"mailcap:v1:{kind}:{digest}"
    cache.add(key, 0, _WINDOW_SECONDS)
    try:
        sent = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, _WINDOW_SECONDS)
        sent = 1
    if sent > per_hour:
        logger.warning(
            "Not sending a %s e-mail to recipient %s: %d already sent to it this hour",
            kind,
            digest[:12],
            per_hour,
        )
        return False
    return True
