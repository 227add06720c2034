from __future__ import annotations

import datetime
import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from medborger.forms import CleanTextMixin, clean_text
from policy.models import PolicyVersion
from process.models import Body, Department, Handling, Membership, Milestone, Party, Process
from process.services import department_normalise, party_name_taken

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MonthField(forms.CharField):
    """A month as `YYYY-MM` (the value of `<input type="month">`), cleaned to its first day."""

    # No placeholder or maxlength: HTML allows neither on a month input. Browsers without a
    # month picker show a text box, so the hint says how to write it.
    widget = forms.TextInput(attrs={"type": "month"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("Year and month, e.g. 2027-04."))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            year, month = (int(part) for part in value.strip().split("-"))
            return datetime.date(year, month, 1)
        except (ValueError, TypeError) as error:
            raise ValidationError(
                _("Enter a month as year and month, e.g. 2027-04."), code="invalid"
            ) from error


def _check_date_range(value: datetime.date | None) -> None:
    if value is not None and not (1990 <= value.year <= 2200):
        raise ValidationError(_("Enter a date between 1990 and 2200."), code="out_of_range")


class MilestoneRowForm(forms.Form):
    """One milestone's owner, dates and progress: a row of the board, or the milestone's page.

    On the board every row sits in one form with one save button. There `track_changes` renders
    each field's value as it was when the page was opened, so a save writes only the rows the
    person changed and never puts back an old value in a row someone else has changed meanwhile.
    """

    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    planned_date = forms.DateField(
        label=_("Planned date"), required=False, widget=DATE_INPUT, validators=[_check_date_range]
    )
    planned_month = MonthField(label=_("Planned month"), required=False)
    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=DATE_INPUT, validators=[_check_date_range]
    )
    started = forms.BooleanField(label=_("Work started"), required=False)

    def __init__(
        self, *args, owner_choices: list[tuple[int, str]], track_changes: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("No owner")), *owner_choices]
        for field in self.fields.values():
            field.show_hidden_initial = track_changes

    @property
    def initial_inputs(self) -> str:
        """With `track_changes`: each field's value as it was when the page was opened, as plain
        hidden inputs rendered apart from the fields (render the fields with `as_widget`). Django
        would put them right after each field, between a checkbox and the label the design
        system draws it from, and give them the field's aria attributes."""
        inputs = []
        for bound in self:
            if not bound.field.show_hidden_initial:
                continue
            hidden = bound.field.hidden_widget()
            if bound.html_initial_name in self.data:
                value = self._widget_data_value(hidden, bound.html_initial_name)
            else:
                value = bound.initial
            value = hidden.format_value(bound.field.prepare_value(value))
            inputs.append(
                format_html(
                    '<input type="hidden" name="{}" value="{}">',
                    bound.html_initial_name,
                    "" if value is None else value,
                )
            )
        return mark_safe("".join(inputs))

    def clean_planned_month(self):
        value = self.cleaned_data.get("planned_month")
        _check_date_range(value)
        return value

    def clean(self):
        data = super().clean()
        if (
            not self.errors
            and data.get("planned_date") is None
            and data.get("planned_month") is None
        ):
            raise ValidationError(_("Give a planned date or a planned month."), code="no_date")
        return data

    @classmethod
    def initial_for(cls, milestone: Milestone) -> dict:
        return {
            "owner": milestone.owner_id,
            "planned_date": milestone.planned_date,
            "planned_month": milestone.planned_month,
            "done_on": milestone.done_on,
            "started": milestone.started,
        }


class MilestoneFilterForm(forms.Form):
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", pgettext_lazy("filter", "All")), *Milestone.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", pgettext_lazy("filter", "All")), *Milestone.Kind.choices],
    )

    def __init__(self, *args, owner_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", pgettext_lazy("filter", "All")),
            ("none", _("No owner")),
            *[(str(pk), name) for pk, name in owner_choices],
        ]


class HandlingForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Handling
        fields = [
            "body",
            "meeting_date",
            "agenda_item_title",
            "version",
            "milestone",
            "decision",
            "decision_text",
            "is_public",
        ]
        widgets = {"meeting_date": DATE_INPUT, "decision_text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.all()
        self.fields["version"].queryset = (
            PolicyVersion.objects.published().filter(policy_id=process.policy_id).order_by("number")
        )
        self.fields["version"].label_from_instance = lambda v: (
            f"{_('Version')} {v.number}{': ' + v.label if v.label else ''}"
        )
        self.fields["milestone"].queryset = process.milestones.order_by("due_by", "pk")
        self.fields["meeting_date"].validators.append(_check_date_range)
        self.fields["decision_text"].max_length = 10_000
        self.fields["decision_text"].validators.append(MaxLengthValidator(10_000))
        self.fields["decision_text"].widget.attrs["maxlength"] = 10_000


class ApprovalForm(CleanTextMixin, forms.Form):
    """A steering group member's decision on a version: the comment is the reason when the
    version is sent back, and then it is required."""

    comment = forms.CharField(
        label=_("Comment (required when you send it back)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_required = reason_required

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if self.reason_required and not comment:
            raise ValidationError(
                _("Say why the version is sent back, so the coordinator knows what to change."),
                code="required",
            )
        return comment


class MembershipAddForm(CleanTextMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        help_text=_("Only used if the person has no account yet."),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    group = forms.ChoiceField(label=_("Role"), choices=Membership.Group.choices)
    department = forms.CharField(label=_("Department"), max_length=160, required=False)


class BodyForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = ["name", "short_name", "description", "order", "adopts_policy"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].validators.append(MaxLengthValidator(2000))
        self.fields["order"].validators.append(MaxValueValidator(10_000))


class MembershipDepartmentForm(CleanTextMixin, forms.Form):
    department = forms.CharField(label=_("Department"), max_length=160, required=False)


class MilestoneForm(CleanTextMixin, forms.ModelForm):
    """All of a milestone's fields: for adding a step and editing its details."""

    planned_month = MonthField(
        label=_("Planned month"),
        required=False,
        help_text=_("Only when the exact date is not known, e.g. 2027-04."),
    )

    class Meta:
        model = Milestone
        fields = [
            "kind",
            "title",
            "description",
            "planned_date",
            "planned_month",
            "owner",
            "is_public",
            "notes",
        ]
        widgets = {
            "planned_date": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        User = get_user_model()
        people = Q(memberships__process=process)
        if self.instance.owner_id:
            people |= Q(pk=self.instance.owner_id)
        self.fields["owner"].queryset = (
            User.objects.filter(people).distinct().order_by("first_name", "last_name")
        )
        self.fields["owner"].label_from_instance = lambda u: (
            u.get_full_name() or u.email or u.username
        )
        self.fields["planned_date"].validators.append(_check_date_range)
        for name in ("description", "notes"):
            self.fields[name].validators.append(MaxLengthValidator(5000))

    def clean_planned_month(self):
        value = self.cleaned_data.get("planned_month")
        _check_date_range(value)
        return value

    def clean(self):
        data = super().clean()
        no_date = data.get("planned_date") is None and data.get("planned_month") is None
        if no_date and not {"planned_date", "planned_month"} & set(self.errors):
            raise ValidationError(_("Give a planned date or a planned month."), code="no_date")
        if data.get("planned_date") is not None:
            data["planned_month"] = None
        return data


class ProcessContactForm(CleanTextMixin, forms.ModelForm):
    """The process's contact person, shown on its public pages."""

    class Meta:
        model = Process
        fields = ["contact_name", "contact_role", "contact_email", "contact_phone"]
        widgets = {"contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"]
        if phone and not re.fullmatch(r"\+?[0-9 ()-]{4,30}", phone):
            raise ValidationError(
                _("Give the phone number in digits, e.g. 43 57 75 75."), code="invalid"
            )
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if (data.get("contact_email") or data.get("contact_phone")) and not data.get(
            "contact_name"
        ):
            self.add_error("contact_name", _("Give the contact person's name."))
        return data


class DepartmentForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].validators.append(MaxValueValidator(10_000))

    def clean_name(self) -> str:
        # The one text rule first (a line break is refused, not quietly joined), then spacing.
        name = " ".join(clean_text(self.cleaned_data["name"], one_line=True).split())
        others = Department.objects.exclude(pk=self.instance.pk) if self.instance.pk else None
        names = (others if others is not None else Department.objects).values_list(
            "name", flat=True
        )
        if any(department_normalise(other) == department_normalise(name) for other in names):
            raise ValidationError(_("This department is already on the list."), code="duplicate")
        return name


class PartyForm(CleanTextMixin, forms.ModelForm):
    """A party of the register; the service checks the name is not taken (without case)."""

    class Meta:
        model = Party
        fields = ["name", "kind", "contact_name", "email", "language"]

    def clean_name(self) -> str:
        # The one text rule first (a line break is refused, not quietly joined), then spacing.
        name = " ".join(clean_text(self.cleaned_data["name"], one_line=True).split())
        if party_name_taken(name, exclude_pk=self.instance.pk):
            raise ValidationError(_("This party is already in the register."), code="duplicate")
        return name


class PartyImportForm(forms.Form):
    MAX_BYTES = 1_000_000

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, one party a line, with a first line naming the columns: name; kind; email; "
            "contact_name; language (the last two may be left out). Kind is council, committee, "
            "med, association or other."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 1 MB."), code="too_large")
        return upload


class MemberSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search staff by name or e-mail"),
        max_length=100,
        required=False,
        help_text=_("At least two letters. Only staff accounts are found."),
    )
