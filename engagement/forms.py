from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.models import DistributionItem, Event, Input, Registration
from engagement.services import MessageRecipients
from medborger.forms import CleanTextMixin, HoneypotMixin
from medborger.languages import INTERPRETATION_LANGUAGES
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
    interpreter_language = forms.ChoiceField(
        label=_("I need an interpreter into"),
        required=False,
        choices=[("", _("No interpreter needed")), *INTERPRETATION_LANGUAGES],
        help_text=_("We book an interpreter for the meeting when you tell us here."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A registration from before the list may hold a language written as free text: keep it.
        earlier = (self.initial or {}).get("interpreter_language", "")
        field = self.fields["interpreter_language"]
        if earlier and earlier not in dict(field.choices):
            field.choices = [*field.choices, (earlier, earlier)]


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


class CitizenRegistrationForm(_OrganisationMixin, HoneypotMixin, NeedsForm):
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

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Write your name."), code="required")
        return name


class StaffRegistrationForm(_OrganisationMixin, HoneypotMixin, NeedsForm):
    field_order = ["organisation"]
    organisation = organisation_field(staff_event=True)

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


_DATETIME = {"type": "datetime-local"}
_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MAX_CAPACITY = 100_000


class EventForm(CleanTextMixin, forms.ModelForm):
    """Create, change or copy an event. Cross-field rules are told at the field they concern;
    the capacity's floor (the seats already given) is checked by `event_update` under the lock."""

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "audience",
            "starts_at",
            "ends_at",
            "place",
            "address",
            "accessibility",
            "capacity",
            "registration_deadline",
            "description",
            "short_text",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs=_DATETIME, format=_DATETIME_FORMAT),
            "ends_at": forms.DateTimeInput(attrs=_DATETIME, format=_DATETIME_FORMAT),
            "registration_deadline": forms.DateTimeInput(attrs=_DATETIME, format=_DATETIME_FORMAT),
            "description": forms.Textarea(attrs={"rows": 6}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "place": _("The name of the venue, for example Ishøj Rådhus, Store Sal."),
            "capacity": _(
                "Seats for sign-ups. When they are taken, new sign-ups join the waiting list."
            ),
            "registration_deadline": _("Sign-ups close at this time; it must be before the start."),
        }

    def __init__(self, *args, processes=None, new: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.new = new
        if processes is not None:
            self.fields["process"] = forms.ModelChoiceField(
                label=_("Process"), queryset=processes, empty_label=None
            )
            self.order_fields(["process", *self.Meta.fields])
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": MAX_CAPACITY})

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise ValidationError(_("Enter at least 1 seat."), code="min_value")
        if capacity is not None and capacity > MAX_CAPACITY:
            raise ValidationError(_("Enter a number up to 100,000."), code="max_value")
        return capacity

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Give the event a title."), code="required")
        return title

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        deadline = cleaned.get("registration_deadline")
        if self.new and starts and starts <= timezone.now():
            self.add_error("starts_at", _("A new event must start in the future."))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if starts and deadline and deadline > starts:
            self.add_error(
                "registration_deadline",
                _("The registration deadline must be at or before the start of the event."),
            )
        return cleaned


class EventCancelForm(CleanTextMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the people registered"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the event is cancelled, or what happens instead."),
    )
    confirm = forms.BooleanField(
        label=_("Yes, cancel the event and tell everyone registered"),
        label_suffix="",
        error_messages={"required": _("Tick the box to confirm that the event is cancelled.")},
    )


class EventMessageForm(CleanTextMixin, forms.Form):
    recipients = forms.ChoiceField(
        label=_("To"), choices=MessageRecipients.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Each person gets their own e-mail, with the event's time and place and the link "
            "to their registration."
        ),
    )

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"].strip()
        if not subject:
            raise ValidationError(_("Write a subject."), code="required")
        return subject

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Write the message."), code="required")
        return body


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
