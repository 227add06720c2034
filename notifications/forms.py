from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from medborger.forms import CleanTextMixin
from notifications.kinds import STAFF_KINDS


class FollowForm(CleanTextMixin, forms.Form):
    """Follow a topic by e-mail. `target` is the signed topic; `website` a honeypot."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send you a link to confirm. You can stop at any time."),
        error_messages={
            "required": _("Write the e-mail address you want the news sent to."),
            "invalid": _("Write a valid e-mail address, like name@example.dk."),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose Danish or English.")},
    )
    target = forms.CharField(widget=forms.HiddenInput, max_length=2000)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose Danish or English.")},
    )


class PreferencesForm(forms.Form):
    """One box per kind of staff notification: ticked means 'e-mail me'."""

    def __init__(self, *args, initial_enabled: dict[str, bool] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in STAFF_KINDS:
            self.fields[kind.key] = forms.BooleanField(
                label=kind.label,
                required=False,
                initial=(initial_enabled or {}).get(kind.key, True),
            )
