"""The one path converter for the secret tokens in links sent by e-mail.

`<token:token>` matches what the portal puts in such links: `secrets.token_urlsafe` tokens
(registrations, invitations, comment confirmations), signed tokens of `django.core.signing`
("my data" links, with `:` and `.`) and tracking numbers of hearing receipts (H-2027-7K3M9QXA).
Anything else (a slash, a space, a quote, a stray character pasted from a mail) is a 404 before
any view looks it up. Registered in `MedborgerConfig.ready`.
"""

from __future__ import annotations


class TokenConverter:
    regex = r"[A-Za-z0-9_\-:.]{1,400}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
