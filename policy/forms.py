from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from medborger.forms import CleanTextMixin, HoneypotMixin
from policy.models import (
    COMMENT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    Comment,
    Section,
    Theme,
)

SECTION_BODY_MAX_LENGTH = 20_000


class LongTextField(forms.CharField):
    """Text typed in a textarea. Browsers send each line break as two characters (CR LF) but
    count it as one; it is read as one here too, so that a text the count allowed is not refused
    for its line breaks."""

    widget = forms.Textarea

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class SectionForm(CleanTextMixin, forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    body = LongTextField(
        label=_("Text"),
        max_length=SECTION_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Markdown: a blank line starts a new paragraph, **bold**, *italic*, - for lists. "
            "HTML is not allowed."
        ),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("No theme")
    )

    @classmethod
    def for_section(cls, section: Section, data=None) -> SectionForm:
        return cls(
            data,
            initial={"heading": section.heading, "body": section.body, "theme": section.theme_id},
        )


class PublishForm(CleanTextMixin, forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=120,
        help_text=_("For example “Draft for the citizen meeting” or “Hearing draft”."),
    )
    change_note = LongTextField(
        label=_("Change note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What changed since the last version, and why. Shown to every reader."),
    )


class CommentForm(CleanTextMixin, HoneypotMixin):
    body = LongTextField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown publicly with your name."),
        error_messages={
            "max_length": _(
                "The comment is %(show_value)s characters long; the limit is %(limit_value)s. "
                "Shorten it and send it again: what you wrote is still here."
            )
        },
    )
    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("We send you a link to confirm the comment. Your e-mail is never shown."),
    )

    field_order = ["body", "name", "email", "website"]

    def __init__(self, *args, signed_in: bool = False, ask_name: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            # A signed-in reader needs no e-mail check; the name is asked for only when the
            # account has none (the user name may be an e-mail address, which is never shown).
            del self.fields["email"]
            if not ask_name:
                del self.fields["name"]
        for name in ("body", "name", "email"):
            if name in self.fields:
                self.fields[name].widget.attrs["id"] = f"id_comment_{name}"


class ReportForm(CleanTextMixin, HoneypotMixin):
    reason = LongTextField(
        label=_("Why should this comment be removed?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationForm(CleanTextMixin, forms.Form):
    ACTIONS = [("publish", _("Publish")), ("hide", _("Hide"))]

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=300,
        required=False,
        help_text=_("Required when hiding. Kept in the history; not shown publicly."),
    )
    comments = forms.ModelMultipleChoiceField(
        label=_("Comments"),
        queryset=Comment.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Choose at least one comment.")},
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["comments"].queryset = queryset
        # Required when hiding (checked in clean()), so the label must not say "optional".
        self.fields["reason"].conditionally_required = True

    def clean(self):
        data = super().clean()
        if data.get("action") == "hide" and not data.get("reason") and "reason" not in self.errors:
            self.add_error("reason", _("Give a reason for hiding."))
        return data


class ReplyForm(CleanTextMixin, forms.Form):
    reply = LongTextField(
        label=_("Official reply"),
        max_length=REPLY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown under the comment with the badge “Official reply”. Empty removes it."),
    )


class CommentSettingsForm(forms.Form):
    comments_open = forms.BooleanField(
        label=_("Readers may comment on the latest version"), required=False
    )
    moderate_comments = forms.BooleanField(
        label=_("Hold comments until a moderator publishes them"), required=False
    )


class SearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(
        label=_("Search the policy and comments"),
        max_length=200,
        error_messages={"required": _("Write one or more words to search for.")},
    )


MAX_VERIFY_UPLOAD = 50 * 1024 * 1024


class SnapshotVerifyForm(forms.Form):
    """Either a PDF to check, or its SHA-256 checksum."""

    file = forms.FileField(
        label=_("The PDF file"),
        required=False,
        help_text=_("The file is only read to compute its checksum; it is not kept."),
    )
    sha256 = forms.CharField(
        label=_("Or its SHA-256 checksum"),
        required=False,
        max_length=200,
        help_text=_("64 characters, 0–9 and a–f."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_VERIFY_UPLOAD:
            raise ValidationError(
                _("The file is larger than 50 MB, so it cannot be an official document.")
            )
        return upload

    def clean_sha256(self) -> str:
        value = "".join(self.cleaned_data.get("sha256", "").split()).lower()
        if value and (len(value) != 64 or any(c not in "0123456789abcdef" for c in value)):
            raise ValidationError(_("A SHA-256 checksum is 64 characters, each 0–9 or a–f."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("sha256"):
            raise ValidationError(_("Choose a PDF file or paste its checksum."))
        return cleaned
