from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from medborger.forms import CleanTextMixin, HoneypotMixin


class MyDataRequestForm(CleanTextMixin, HoneypotMixin):
    """Ask for a link to one's own data. A robot filling the honeypot gets the same page."""

    honeypot_silent = True

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send a link to this address. The link works for 24 hours."),
        error_messages={"required": _("Write the e-mail address you used on the portal.")},
    )


class MyDataEraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my data as described above"),
        error_messages={"required": _("Tick the box to confirm that you want your data deleted.")},
    )
