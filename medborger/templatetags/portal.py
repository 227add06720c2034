from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context: template.Context) -> dict:
    """Links to the current page in every other language (they work without JavaScript)."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(request.get_full_path(), code),
            }
        )
    return {"links": links}


@register.simple_tag(takes_context=True)
def nav_active(context: template.Context, prefix: str) -> str:
    """'active' when the current path starts with the given one (for the main navigation)."""
    path = context["request"].path
    return "active" if path == prefix or (prefix != "/" and path.startswith(prefix)) else ""
