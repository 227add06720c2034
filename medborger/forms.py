"""The one rule for text people type into the portal's forms.

Every text field: Unicode in its composed form (NFC), no invisible control or format characters
(they hide text or turn it around: NUL, escape, right-to-left override, zero-width space),
except the joiners that Persian, other scripts and emoji need. A one-line field (anything that
is not a textarea: names, organisations, departments, titles) also takes no line break of any
kind, so that what is typed as a name can never become a new line in an e-mail; a tab pasted
from a spreadsheet becomes a space. A textarea keeps its line breaks and tabs.

A value that breaks the rule is refused with a message next to the field, never silently changed
into something the person did not write.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}
# Zero-width non-joiner and joiner belong in Persian and other scripts, and in emoji.
_JOINERS = {"\u200c", "\u200d"}
# Everything str.splitlines() breaks on: a mail client or a CSV reader may too.
_LINE_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def clean_text(value: str, *, one_line: bool) -> str:
    """`value` by the portal's text rule, trimmed; ValidationError if it breaks the rule."""
    value = unicodedata.normalize("NFC", value)
    if one_line:
        if any(char in _LINE_BREAKS for char in value):
            raise ValidationError(_("Write this on one line."), code="newline")
        value = value.replace("\t", " ")
    else:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    for char in value:
        if char in "\n\t" and not one_line:
            continue
        if unicodedata.category(char) in _INVISIBLE and char not in _JOINERS:
            raise ValidationError(
                _("Remove the invisible control characters from the text."), code="control"
            )
    return value.strip()


class CleanTextMixin:
    """Applies `clean_text` to every text field of a form: one line unless it is a textarea."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if not isinstance(value, str) or not value:
                continue
            try:
                cleaned[name] = clean_text(
                    value, one_line=not isinstance(field.widget, forms.Textarea)
                )
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned


class HoneypotMixin(forms.Form):
    """The one honeypot of the public forms: a `website` field people never see (hidden by the
    portal's `.hp-field` class, out of the tab order) and robots fill in.

    A filled field is an error at the field ("Leave this field empty."), so nothing is saved. A
    form that must not tell a robot anything (the "my data" link) sets `honeypot_silent`: then
    the form is valid and the view checks `filled_by_robot` and quietly does nothing.
    """

    honeypot_silent = False

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        value = self.cleaned_data.get("website", "")
        if value and not self.honeypot_silent:
            raise ValidationError(_("Leave this field empty."), code="honeypot")
        return value

    @property
    def filled_by_robot(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("website"))
