"""Form fields as the design system (DKFDS) draws them, beyond what a widget template can do."""

from __future__ import annotations

from django import forms, template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def character_limit(field: BoundField) -> int | None:
    """The most characters a long text field (a textarea with a max length) takes, else None.
    Such a field shows DKFDS's character limit: a stated limit, and a live count with JavaScript."""
    max_length = getattr(field.field, "max_length", None)
    return max_length if isinstance(field.field.widget, forms.Textarea) and max_length else None


@register.simple_tag
def limited_widget(field: BoundField) -> SafeString:
    """The textarea without the browser's maxlength, which cuts pasted text off without a word;
    the count says when the text is too long, and the server refuses it with a message. The
    stated limit joins what describes the field."""
    described_by = field.field.widget.attrs.get("aria-describedby") or field.aria_describedby
    limit_id = f"{field.auto_id}_limit" if field.auto_id else ""
    attrs = {
        "maxlength": False,
        "aria-describedby": " ".join(filter(None, [described_by, limit_id])),
    }
    return field.as_widget(attrs=attrs)
