from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from engagement.models import DistributionItem, Event, Input, Registration
from medborger.forms import CleanTextMixin
from policy.models import Section, Theme
from process.models import Department
from process.services import department_normalise


class NeedsForm(CleanTextMixin, forms.Form):
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example wheelchair space, hearing loop or a seat near the door."),
    )
    diet = forms.CharField(
        label=_("Dietary needs"),
        required=False,
        max_length=200,
        help_text=_("For example vegetarian, halal or allergies."),
    )
    interpreter_language = forms.CharField(
        label=_("Interpreter language"),
        required=False,
        max_length=100,
        help_text=_("If you would like an interpreter, which language?"),
    )


def organisation_field(*, staff_event: bool) -> forms.CharField:
    """The department (staff events: required) or organisation (public events: optional)
    field, with the same label and rule at sign-up and on the manage-my-registration page."""
    if staff_event:
        return forms.CharField(
            label=_("Department"),
            max_length=200,
            help_text=_("The department or centre you work in."),
            error_messages={"required": _("Tell us which department you work in.")},
        )
    return forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_(
            "If you take part on behalf of an association, a network, a council or a committee."
        ),
    )


def department_choice_field(*, current: str = "") -> forms.Field | None:
    """The staff events' department as a choice from the managed list (process.Department),
    or None while the list is empty (the free-text field then stays). A value that is not on
    the list (from before the list existed) stays choosable, so that saving keeps it."""
    names = list(Department.objects.filter(is_active=True).values_list("name", flat=True))
    if not names:
        return None
    known = {department_normalise(name) for name in names}
    if current.strip() and department_normalise(current) not in known:
        names.append(current.strip())
    return forms.ChoiceField(
        label=_("Department"),
        choices=[("", _("Choose your department"))] + [(name, name) for name in names],
        help_text=_("The department or centre you work in."),
        error_messages={
            "required": _("Tell us which department you work in."),
            "invalid_choice": _("Choose a department from the list."),
        },
    )


class _OrganisationMixin:
    def clean_organisation(self) -> str:
        value = self.cleaned_data["organisation"].strip()
        if self.fields["organisation"].required and not value:
            raise ValidationError(_("Tell us which department you work in."), code="required")
        return value


class CitizenRegistrationForm(_OrganisationMixin, NeedsForm):
    field_order = ["name", "email", "organisation"]
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the confirmation and your personal link here."),
    )
    organisation = organisation_field(staff_event=False)
    # A field people never see; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Write your name."), code="required")
        return name


class StaffRegistrationForm(_OrganisationMixin, NeedsForm):
    field_order = ["organisation"]
    organisation = organisation_field(staff_event=True)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choice = department_choice_field(current=str(self.initial.get("organisation") or ""))
        if choice is not None:
            self.fields["organisation"] = choice
            self.order_fields(self.field_order)


class ManageRegistrationForm(_OrganisationMixin, NeedsForm):
    """Change one's own registration: the department or organisation as at sign-up, and needs."""

    field_order = ["organisation"]

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = organisation_field(
            staff_event=event.audience == Event.Audience.STAFF
        )
        if event.audience == Event.Audience.STAFF:
            current = str(self.initial.get("organisation") or "")
            choice = department_choice_field(current=current)
            if choice is not None:
                self.fields["organisation"] = choice
        self.order_fields(self.field_order)


class ResendLinkForm(CleanTextMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)


class ManualRegistrationForm(CitizenRegistrationForm):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The confirmation and the personal link go to this address."),
    )
    organisation = forms.CharField(
        label=_("Department or organisation"), required=False, max_length=200
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=Registration._meta.get_field("language").choices
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]


class DistributionItemForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = DistributionItem
        fields = ["material", "place_kind", "place", "quantity", "note"]

    def clean_quantity(self) -> int:
        quantity = self.cleaned_data["quantity"]
        if quantity is not None and quantity > 100_000:
            raise ValidationError(_("Enter a number up to 100,000."), code="max_value")
        return quantity


class InputForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Input
        fields = ["channel", "event", "table", "theme", "section", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["event"].queryset = Event.objects.filter(process=process)
        self.fields["theme"].queryset = Theme.objects.all()
        self.fields["section"].queryset = (
            Section.objects.filter(version__policy_id=process.policy_id)
            .select_related("version")
            .order_by("-version_id", "order")
        )
        self.fields["section"].label_from_instance = _section_label
        self.fields["text"].max_length = 4000
        self.fields["text"].widget.attrs["maxlength"] = 4000

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("channel") == Input.Channel.EVENT and not cleaned.get("event"):
            self.add_error("event", _("Choose the event the input came from."))
        text = (cleaned.get("text") or "").strip()
        if "text" in cleaned and not text:
            self.add_error("text", _("Write the input."))
        return cleaned


def _section_label(section: Section) -> str:
    if section.version.number is None:
        return f"{section.order}. {section.heading} ({_('working draft')})"
    return f"{section.order}. {section.heading} ({_('version')} {section.version.number})"
