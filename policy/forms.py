from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from medborger.forms import CleanTextMixin, HoneypotMixin
from policy import languages
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

    language = forms.ChoiceField(
        label=_("The comment is written in"),
        choices=(),
        required=False,
        help_text=_("So that screen readers read it aloud in the right language."),
    )

    field_order = ["body", "language", "name", "email", "website"]

    def __init__(
        self,
        *args,
        signed_in: bool = False,
        ask_name: bool = False,
        interface_language: str = "da",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = comment_language_choices()
        self.fields["language"].initial = interface_language
        if signed_in:
            # A signed-in reader needs no e-mail check; the name is asked for only when the
            # account has none (the user name may be an e-mail address, which is never shown).
            del self.fields["email"]
            if not ask_name:
                del self.fields["name"]
        for name in ("body", "language", "name", "email"):
            if name in self.fields:
                self.fields[name].widget.attrs["id"] = f"id_comment_{name}"


def comment_language_choices() -> list[tuple[str, str]]:
    """Danish, then the seeded translation languages, each also named in its own language."""
    codes = [languages.ORIGINAL, *languages.SEEDED]
    return [
        (code, f"{languages.display_name(code)} ({languages.own_name(code)})")
        if languages.display_name(code) != languages.own_name(code)
        else (code, languages.own_name(code))
        for code in codes
    ]


class EasyReadForm(CleanTextMixin, forms.Form):
    easy_read = LongTextField(
        label=_("Easy-read summary"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Short sentences in plain language: what the policy is, and what it means for the "
            "reader. Shown first on the version page and in the PDF. Markdown."
        ),
    )


class TranslationStartForm(CleanTextMixin, forms.Form):
    version = forms.TypedChoiceField(label=_("Version"), choices=(), coerce=int)
    language = forms.ChoiceField(label=_("Language"), choices=())
    other = forms.CharField(
        label=_("Language code, if another language"),
        required=False,
        max_length=15,
        help_text=_("For example fa for Persian or ti for Tigrinya."),
    )

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            (number, _("Version %(number)s") % {"number": number}) for number in numbers
        ]
        self.fields["language"].choices = [
            *languages.seeded_choices(),
            (languages.OTHER, languages.OTHER_LABEL),
        ]

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("language")
        if choice == languages.OTHER:
            code = languages.normalise(cleaned.get("other", ""))
            if not code:
                self.add_error("other", _("Type the language code."))
            elif not languages.is_known(code):
                self.add_error(
                    "other", _("“%(code)s” is not a language code we know.") % {"code": code}
                )
            cleaned["code"] = code
        else:
            cleaned["code"] = choice
        return cleaned


class TranslationForm(CleanTextMixin, forms.Form):
    """A heading and a text field for each of the version's sections, and the easy-read text."""

    easy_read = EasyReadForm.base_fields["easy_read"]
    notice = forms.CharField(
        label=_("“Unofficial translation – the Danish text applies” in the language"),
        max_length=200,
        required=False,
        help_text=_("Needed only for a language the portal has no such line for."),
    )

    def __init__(self, *args, translation, sections, **kwargs):
        done = {s.section_key: s for s in translation.sections.all()}
        initial = {"easy_read": translation.easy_read, "notice": translation.notice}
        super().__init__(*args, initial=initial, **kwargs)
        if languages.unofficial_notice(translation.language):
            del self.fields["notice"]
        self.rows = []
        attrs = {"lang": translation.language, "dir": translation.direction}
        self.fields["easy_read"].widget.attrs.update(attrs)
        if "notice" in self.fields:
            self.fields["notice"].widget.attrs.update(attrs)
        for section in sections:
            hex_key = section.key.hex
            existing = done.get(section.key)
            heading = forms.CharField(
                label=_("Heading"),
                max_length=200,
                required=False,
                initial=getattr(existing, "heading", ""),
            )
            body = LongTextField(
                label=_("Text"),
                max_length=SECTION_BODY_MAX_LENGTH,
                required=False,
                initial=getattr(existing, "body", ""),
                widget=forms.Textarea(attrs={"rows": 10}),
                help_text=_("Markdown, as in the Danish text. HTML is not allowed."),
            )
            for field in (heading, body):
                field.widget.attrs.update(attrs)
            self.fields[f"heading_{hex_key}"] = heading
            self.fields[f"body_{hex_key}"] = body
            self.rows.append((section, f"heading_{hex_key}", f"body_{hex_key}"))
        if translation.is_published:
            for field in self.fields.values():
                field.disabled = True

    def section_rows(self):
        for section, heading, body in self.rows:
            yield section, self[heading], self[body]

    def translated_sections(self) -> dict:
        return {
            section.key: (self.cleaned_data.get(heading, ""), self.cleaned_data.get(body, ""))
            for section, heading, body in self.rows
        }


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
