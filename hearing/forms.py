"""Forms for the public hearing: opening one, responding, staff intake and answering."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engagement.forms import _section_label
from hearing import uploads
from hearing.models import Hearing, HearingResponse, ResponsePoint
from medborger.forms import CleanTextMixin, HoneypotMixin
from policy.models import PolicyVersion, Section, Theme
from process import services as process_services

_MARKUP = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|img|svg|a|form|input|link|meta|body|html)\b"
    r"|javascript\s*:|\bon[a-z]+\s*=\s*[\"']",
    re.IGNORECASE,
)
IDEMPOTENCY_KEY = re.compile(r"[0-9a-f]{32}")
ACCEPT = ".pdf,.docx,.odt,.jpg,.jpeg,.png"


def _refuse_markup(value: str) -> None:
    if _MARKUP.search(value):
        raise ValidationError(
            _("Write the response as plain text, without HTML or script code."), code="markup"
        )


class _MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to five files, each checked by its content and size."""

    widget = _MultipleFileInput

    def __init__(self, *args, max_files: int = uploads.MAX_ATTACHMENTS, **kwargs) -> None:
        self.max_files = max_files
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"accept": ACCEPT})

    def clean(self, data, initial=None) -> list[uploads.CheckedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > self.max_files:
            raise ValidationError(
                ngettext(
                    "Attach at most %(count)d file.",
                    "Attach at most %(count)d files.",
                    self.max_files,
                )
                % {"count": self.max_files},
                code="too_many",
            )
        checked, errors = [], []
        for upload in files:
            name = str(getattr(upload, "name", ""))[:80]
            result = uploads.check_upload(upload)
            if result == "size":
                errors.append(
                    ValidationError(
                        _("%(name)s is too big. Each file may be at most %(limit)s.")
                        % {"name": name, "limit": filesizeformat(uploads.MAX_ATTACHMENT_BYTES)},
                        code="size",
                    )
                )
            elif result == "empty":
                errors.append(ValidationError(_("%(name)s is empty.") % {"name": name}))
            elif result == "type":
                errors.append(
                    ValidationError(
                        _(
                            "%(name)s is not a PDF, Word (DOCX), OpenDocument (ODT), JPG or "
                            "PNG file. The file's content is checked, not only its name."
                        )
                        % {"name": name},
                        code="type",
                    )
                )
            else:
                checked.append(result)
        if errors:
            raise ValidationError(errors)
        return checked


class HearingOpenForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Hearing
        fields = ["version", "opens_at", "closes_at", "publication_rule", "delete_after", "intro"]
        widgets = {
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "delete_after": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "intro": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, policy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = PolicyVersion.objects.published().filter(policy=policy)
        self.fields["version"].help_text = _(
            "Only a version the steering group has approved can go to hearing."
        )

    def clean_version(self) -> PolicyVersion:
        version = self.cleaned_data["version"]
        if not process_services.version_is_approved(version):
            raise ValidationError(
                _(
                    "Version %(number)s has not been approved by the steering group. "
                    "Ask the steering group to approve it before it goes to hearing."
                )
                % {"number": version.number},
                code="not_approved",
            )
        return version

    def clean(self):
        cleaned = super().clean()
        opens, closes, delete_after = (
            cleaned.get("opens_at"),
            cleaned.get("closes_at"),
            cleaned.get("delete_after"),
        )
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The hearing must close after it opens."))
        if closes and delete_after and delete_after <= closes.date():
            self.add_error("delete_after", _("The deletion date must come after the deadline."))
        return cleaned


class _ResponseFields(CleanTextMixin, forms.Form):
    organisation_missing = _("Write the name of the organisation or committee.")

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")  # no colon after the checkbox labels
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(
        label=_("I respond as"),
        choices=HearingResponse.Kind.choices,
        initial=HearingResponse.Kind.PERSON,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organisation = forms.CharField(
        label=_("Organisation or committee"),
        required=False,
        max_length=200,
        help_text=_("Required when you respond on behalf of an organisation or a MED committee."),
    )
    text = forms.CharField(
        label=_("Your response"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text, at most 20,000 characters. Longer texts can be attached."),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Write your name."), code="required")
        return name

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write your response."), code="required")
        _refuse_markup(text)
        return text

    def clean(self):
        cleaned = super().clean()
        on_behalf = cleaned.get("kind") in (
            HearingResponse.Kind.ORGANISATION,
            HearingResponse.Kind.MED,
        )
        if on_behalf and not (cleaned.get("organisation") or "").strip():
            self.add_error("organisation", self.organisation_missing)
        return cleaned


class HearingResponseForm(HoneypotMixin, _ResponseFields):
    """The public form. MED committees answer through the staff intake, so citizens are not
    offered that kind of respondent."""

    field_order = ["kind", "name", "organisation", "email", "text", "attachments"]
    organisation_missing = _("Write the name of the organisation or association.")
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send your receipt here. It is never shown publicly."),
    )
    attachments = AttachmentsField(
        label=_("Attachments"),
        help_text=_("Up to 5 files: PDF, Word (DOCX), OpenDocument (ODT), JPG or PNG, 10 MB each."),
    )
    consent = forms.ChoiceField(
        label=_("May your response be published?"),
        choices=[
            ("yes", _("Yes, my response may be published on this site")),
            ("no", _("No, only the municipality may read it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether your response may be published.")},
    )
    name_protected = forms.BooleanField(
        label=_("Name and address protection: keep my name off the public list"),
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=32)

    def __init__(self, *args, hearing: Hearing, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind.value, kind.label)
            for kind in (HearingResponse.Kind.PERSON, HearingResponse.Kind.ORGANISATION)
        ]
        self.fields["organisation"].label = _("Organisation or association")
        self.fields["organisation"].help_text = _(
            "Required when you respond on behalf of an organisation or association."
        )
        if not hearing.publishes_responses:
            del self.fields["consent"]
            del self.fields["name_protected"]

    def clean_idempotency_key(self) -> str:
        key = self.cleaned_data["idempotency_key"]
        if not IDEMPOTENCY_KEY.fullmatch(key):
            raise ValidationError(_("The form is out of date. Reload the page."), code="key")
        return key


class StaffIntakeForm(_ResponseFields):
    """A letter or e-mail entered by staff: the case as it arrived, in staff's words."""

    RECEIPT_EMAIL = "email"
    RECEIPT_LETTER = "letter"
    RECEIPT_NONE = "none"

    field_order = [
        "channel",
        "received_at",
        "case_number",
        "kind",
        "name",
        "organisation",
        "sender_address",
        "email",
        "text",
        "scan",
        "receipt",
        "language",
        "consent_to_publish",
        "name_protected",
    ]
    organisation_missing = _("Write the name of the sending organisation or committee.")
    channel = forms.ChoiceField(
        label=_("Arrived by"),
        choices=[
            (HearingResponse.Channel.LETTER, HearingResponse.Channel.LETTER.label),
            (HearingResponse.Channel.EMAIL, HearingResponse.Channel.EMAIL.label),
        ],
    )
    received_at = forms.DateTimeField(
        label=_("Received"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "The date on the letter's receipt stamp or the e-mail. A response received after "
            "the deadline is kept and marked late."
        ),
        error_messages={"invalid": _("Enter the date and time it was received.")},
    )
    case_number = forms.CharField(
        label=_("Case number"),
        max_length=60,
        required=False,
        help_text=_("The journal number in the case system, e.g. 24/01234."),
    )
    sender_address = forms.CharField(
        label=_("Sender's address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_("Needed for a receipt by letter. Never shown publicly."),
    )
    email = forms.EmailField(
        label=_("Sender's e-mail"),
        max_length=254,
        required=False,
        help_text=_("Needed for a receipt by e-mail. Never shown publicly."),
    )
    scan = AttachmentsField(
        label=_("Scan of the letter or the e-mail"),
        help_text=_("Kept for staff only."),
    )
    receipt = forms.ChoiceField(
        label=_("Receipt to the sender"),
        choices=[
            (RECEIPT_EMAIL, _("By e-mail, to the sender's e-mail")),
            (RECEIPT_LETTER, _("By letter: I print the receipt and post it to the address")),
            (RECEIPT_NONE, _("No receipt")),
        ],
        initial=RECEIPT_EMAIL,
        required=False,  # left out: by e-mail when there is an address, else none
        widget=forms.RadioSelect,
    )
    consent_to_publish = forms.BooleanField(
        label=_("The sender agrees to publication"), required=False
    )
    name_protected = forms.BooleanField(label=_("Name and address protection"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the receipt"),
        choices=HearingResponse._meta.get_field("language").choices,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = _("The sender is")
        self.fields["name"].label = _("Sender's name")
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["organisation"].label = _("Sending organisation or committee")
        self.fields["organisation"].help_text = _(
            "Required when the response comes from an organisation or a MED committee."
        )
        self.fields["text"].label = _("The response's text")
        self.fields["text"].help_text = _(
            "As the sender wrote it, or a short summary when the scan holds the full text."
        )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Write the sender's name."), code="required")
        return name

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write the response's text or a summary."), code="required")
        _refuse_markup(text)
        return text

    def clean_received_at(self):
        received = self.cleaned_data["received_at"]
        if received > timezone.now():
            raise ValidationError(_("The date received cannot be in the future."), code="future")
        return received

    def clean(self):
        cleaned = super().clean()
        receipt = cleaned.get("receipt")
        if not receipt:
            receipt = self.RECEIPT_EMAIL if cleaned.get("email") else self.RECEIPT_NONE
            cleaned["receipt"] = receipt
        if (
            receipt == self.RECEIPT_EMAIL
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", _("Write the sender's e-mail, or choose another receipt."))
        if receipt == self.RECEIPT_LETTER and not (cleaned.get("sender_address") or "").strip():
            self.add_error(
                "sender_address", _("Write the sender's address, or choose another receipt.")
            )
        return cleaned


class AnswerForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = HearingResponse
        fields = ["summary", "comment", "led_to_change", "section", "theme"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "comment": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"section": _("Section concerned or changed")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        version = self.instance.hearing.version
        self.fields["section"].queryset = Section.objects.filter(version=version).select_related(
            "version"
        )
        self.fields["section"].label_from_instance = _section_label
        self.fields["theme"].queryset = Theme.objects.all()
        for name in ("summary", "comment"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("led_to_change") and not cleaned.get("section"):
            self.add_error("section", _("Choose the section that was changed."))
        return cleaned


class WithholdForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for withholding"), max_length=500)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason."), code="required")
        return reason


class PointForm(CleanTextMixin, forms.ModelForm):
    """One point of a response. Its section must be one of the version under hearing."""

    class Meta:
        model = ResponsePoint
        fields = ["summary", "section", "theme", "comment", "leads_to_change", "change_made"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "comment": forms.Textarea(attrs={"rows": 3}),
            "change_made": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"section": _("Section (empty: a general remark)")}

    def __init__(self, *args, version: PolicyVersion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""  # "Leads to a change", not "Leads to a change:"
        self.fields["section"].queryset = Section.objects.filter(version=version)
        self.fields["section"].label_from_instance = _section_label
        self.fields["section"].error_messages["invalid_choice"] = _(
            "Choose a section of the version under hearing."
        )
        self.fields["theme"].queryset = Theme.objects.all()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("leads_to_change") and not (cleaned.get("change_made") or "").strip():
            self.add_error("change_made", _("Say what was changed."))
        return cleaned


class _PointFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, version: PolicyVersion, **kwargs) -> None:
        self.version = version
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "version": self.version}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            version=self.version,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form


def point_formset(*, version: PolicyVersion, extra: int):
    return forms.modelformset_factory(
        ResponsePoint,
        form=PointForm,
        formset=_PointFormSet,
        extra=extra,
        can_delete=True,
        max_num=50,
        validate_max=True,
    )


class AssignForm(forms.Form):
    """Assign the chosen responses to one member of the process's staff."""

    responses = forms.ModelMultipleChoiceField(
        label=_("Responses"),
        queryset=HearingResponse.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one response.")},
    )
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody (remove the assignment)"),
        error_messages={"invalid_choice": _("Choose a member of the process's staff.")},
    )

    def __init__(self, *args, hearing: Hearing, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responses"].queryset = hearing.responses.all()
        self.fields["assignee"].queryset = staff
        self.fields["assignee"].label_from_instance = lambda user: (
            user.get_full_name() or user.email
        )


class ReceiptFindForm(CleanTextMixin, forms.Form):
    """ "Find your hearing response": the tracking number from the receipt."""

    tracking = forms.CharField(
        label=_("Tracking number"),
        max_length=40,
        help_text=_("It is on your receipt and looks like H-2027-7K3M9QXA."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_tracking(self) -> str:
        from hearing.services import tracking_normalise as normalise_tracking

        tracking = normalise_tracking(self.cleaned_data["tracking"])
        if tracking is None:
            raise ValidationError(
                _("That is not a tracking number. It looks like H-2027-7K3M9QXA."), code="invalid"
            )
        if not HearingResponse.objects.filter(tracking=tracking).exists():
            raise ValidationError(
                _("No hearing response has that tracking number. Check it against your receipt."),
                code="unknown",
            )
        return tracking
