"""`{% follow_box topic title url %}`: the "Follow" form a page includes."""

from __future__ import annotations

from django import template
from django.utils import translation

from notifications import services
from notifications.forms import FollowForm

register = template.Library()


@register.inclusion_tag("notifications/includes/follow_box.html", takes_context=True)
def follow_box(context, topic: str, title: str, url: str, heading: str = "") -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    target = services.follow_target_sign(topic=topic, title=title, url=services.default_path(url))
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "title": title,
        "heading": heading,
        "target": target,
        "signed_in": signed_in,
        "account_email": user.email if signed_in else "",
        "follows": signed_in and services.user_follows(user, topic),
        "form": FollowForm(
            initial={"target": target, "language": translation.get_language()},
            auto_id="id_follow_%s",
        ),
    }


@register.filter
def localized(path: str) -> str:
    """A page's path (as stored, in the default language) in the active language."""
    return services.localized_path(path, translation.get_language())
