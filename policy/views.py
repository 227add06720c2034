from __future__ import annotations

import re
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from medborger import exports, pagecache
from medborger.immutable_cache import MARKER as IMMUTABLE_MARKER
from medborger.ratelimits import rate_limit
from policy import conditional, diff, highlight, hooks, languages, selectors, services, snapshots
from policy.forms import (
    CommentForm,
    CommentSettingsForm,
    EasyReadForm,
    ModerationForm,
    PublishForm,
    ReplyForm,
    ReportForm,
    SearchForm,
    SectionForm,
    SnapshotVerifyForm,
    TranslationForm,
    TranslationStartForm,
)
from policy.hooks import PagePanel, policy_panels
from policy.markdown import markdown_plain, render_markdown
from policy.models import Comment, Policy, PolicyVersion, Section, Theme, VersionTranslation

COMMENTS_PER_PAGE = 50
QUEUE_PER_PAGE = 50
VERSION_BODY_CACHE_SECONDS = 600
SECTION_HTML_CACHE_SECONDS = 86_400


def _get_policy(slug: str) -> Policy:
    return get_object_or_404(Policy, slug=slug)


def _get_policy_for_user(request: HttpRequest, slug: str, perm: str) -> Policy:
    """The policy, if the signed-in user holds `perm` on it (404 if none, 403 if not allowed)."""
    policy = _get_policy(slug)
    if not request.user.has_perm(perm, policy):
        raise PermissionDenied
    return policy


def _parse_key(key: str) -> uuid.UUID:
    try:
        return uuid.UUID(key)
    except ValueError:
        raise Http404("No such section") from None


# --- Reading --------------------------------------------------------------------------------


def _attach_section_html(sections: list[Section]) -> None:
    """Each section's Markdown as HTML. Sections of published versions never change, so their
    HTML is cached under the section's id."""
    keys = {f"policy:section-html:v1:{s.pk}": s for s in sections}
    found = cache.get_many(list(keys))
    missing = {}
    for key, section in keys.items():
        html = found.get(key)
        if html is None:
            html = missing[key] = str(render_markdown(section.body))
        section.body_html = mark_safe(html)
    if missing:
        cache.set_many(missing, SECTION_HTML_CACHE_SECONDS)


def _version_body(
    request: HttpRequest,
    version: PolicyVersion,
    sections: list[Section],
    context: dict,
) -> str:
    """The table of contents and the sections with their comments, cached as HTML.

    The key holds everything the HTML depends on. A published version's text never changes, and
    `Policy.comments_changed_at` moves on every change to its comments, so a cached copy is never
    stale, on one app server or many."""
    policy = version.policy
    changed = policy.comments_changed_at.timestamp() if policy.comments_changed_at else 0
    theme = context["active_theme"]
    key = ":".join(
        [
            "policy:version-body:v1",
            str(version.pk),
            str(changed),
            get_language() or "",
            theme.slug if theme else "",
            "open" if context["open_for_comments"] else "closed",
            f"text-{text.language}-{text.pk}" if (text := context["text"]) else "text-da",
        ]
    )
    html = cache.get(key)
    if html is None:
        _attach_section_html(sections)
        _attach_shown_text(sections, context["text"])
        counts, recent = selectors.comment_summary(version)
        earlier = selectors.earlier_comment_counts(version, [s.key for s in sections])
        for number, section in enumerate(sections, start=1):
            section.number = number
            section.comment_count = counts.get(section.pk, 0)
            section.recent_comments = recent.get(section.pk, [])
            section.earlier_count = earlier.get(section.key, 0)
        html = render_to_string(
            "policy/includes/version_body.html",
            {**context, "all_sections": sections},
            request=request,
        )
        cache.set(key, html, VERSION_BODY_CACHE_SECONDS)
    return mark_safe(html)


def _attach_shown_text(sections: list[Section], text: VersionTranslation | None) -> None:
    """The heading and text each section shows: the translation's when the reader chose one,
    marked with its language (and direction) on exactly those elements; otherwise the Danish,
    marked as Danish when the interface is in another language."""
    translated = {s.section_key: s for s in text.sections.all()} if text else {}
    danish_lang = "" if (get_language() or "da").startswith("da") else "da"
    for section in sections:
        found = translated.get(section.key)
        if found is not None:
            section.text_lang, section.text_dir = text.language, text.direction
            heading = found.heading
            section.shown_body_html = render_markdown(found.body)
        else:
            section.text_lang, section.text_dir = danish_lang, ""
            heading = section.heading
            section.shown_body_html = section.body_html
        if section.text_lang:
            section.heading_html = format_html(
                '<span lang="{}"{}>{}</span>',
                section.text_lang,
                mark_safe(' dir="rtl"') if section.text_dir == "rtl" else "",
                heading,
            )
        else:
            section.heading_html = format_html("{}", heading)


def _text_choice(request: HttpRequest, version: PolicyVersion) -> dict:
    """Which language the reader reads the version's text in, apart from the interface:
    `?tekst=<code>` picks a published translation; without it, an interface in a language
    the version is translated into shows that translation."""
    published = list(
        version.translations.filter(status=VersionTranslation.Status.PUBLISHED).order_by("language")
    )
    asked = languages.normalise(request.GET.get("tekst", ""))
    interface = (get_language() or "da").split("-")[0]
    by_code = {t.language: t for t in published}
    if asked:
        text = by_code.get(asked)
        unavailable = asked != languages.ORIGINAL and text is None
    else:
        text = by_code.get(interface)
        unavailable = False
    return {
        "text": text,
        "translations": published,
        "text_unavailable": unavailable,
        "interface_translated": interface in by_code,
        "only_danish": text is None and interface != languages.ORIGINAL,
    }


_VERSION_FIELDS = [f.attname for f in PolicyVersion._meta.concrete_fields]


def _version_rows(policy: Policy) -> list[tuple]:
    """Every field of the policy's published versions, oldest first (one query): their numbers
    for the page, and a part of the page's ETag."""
    return list(policy.versions.published().order_by("number").values_list(*_VERSION_FIELDS))


def _numbers(rows: list[tuple]) -> list[int]:
    index = _VERSION_FIELDS.index("number")
    return [row[index] for row in rows]


def _page_parts(policy: Policy, rows: list[tuple]) -> list:
    return [[getattr(policy, f.attname) for f in Policy._meta.concrete_fields], rows]


def _last_modified(policy: Policy, rows: list[tuple]):
    index = _VERSION_FIELDS.index("published_at")
    stamps = [row[index] for row in rows] + [policy.comments_changed_at]
    return max((s for s in stamps if s), default=None)


def _version_page(request: HttpRequest, policy: Policy, number: int | None) -> HttpResponse:
    """A published version's page, answered with 304 when an anonymous reader's copy is current."""
    rows = _version_rows(policy)
    numbers = _numbers(rows)
    # The stage bar (and any other panel) belongs to the latest version's page only.
    panels = policy_panels(policy) if number is None or (numbers and number == numbers[-1]) else []
    etag = None
    if not request.user.is_authenticated:
        themes = list(Theme.objects.values_list("pk", "name", "slug"))  # the theme filter
        translated = list(  # the text-language links and the translated text
            VersionTranslation.objects.filter(
                version__policy=policy, status=VersionTranslation.Status.PUBLISHED
            ).values_list("pk", "language", "published_at")
        )
        etag = conditional.page_etag(
            request,
            [*_page_parts(policy, rows), themes, translated, [p.etag for p in panels]],
        )
    if (answer := conditional.not_modified(request, etag)) is not None:
        return answer
    version = selectors.published_version(policy, number)
    response = _render_version(request, policy, version, numbers, panels)
    return conditional.stamp(response, etag, _last_modified(policy, rows))


def _render_version(
    request: HttpRequest,
    policy: Policy,
    version: PolicyVersion,
    numbers: list[int],
    panels: list[PagePanel] | None = None,
) -> HttpResponse:
    sections = list(version.sections.all())
    themes = sorted({s.theme for s in sections if s.theme}, key=lambda t: t.name)
    theme_slug = request.GET.get("tema", "")
    active_theme = next((t for t in themes if t.slug == theme_slug), None)
    latest = numbers[-1] if numbers else None
    earlier = [n for n in numbers if n < version.number]
    context = {
        "policy": policy,
        "version": version,
        "sections": [s for s in sections if active_theme is None or s.theme_id == active_theme.pk],
        "themes": themes,
        "active_theme": active_theme,
        "is_latest": version.number == latest,
        "previous_number": earlier[-1] if earlier else None,
        "open_for_comments": services.version_open_for_comments(version, latest),
        "panels": panels or [],
        **_text_choice(request, version),
    }
    text = context["text"]
    context["easy_read"] = (text.easy_read if text else "") or version.easy_read
    context["easy_read_translated"] = bool(text and text.easy_read)
    context["version_body"] = _version_body(request, version, sections, context)
    return render(request, "policy/version_detail.html", context)


def _page_models() -> list[type]:
    """What the public pages of a policy show (the keys of their cached copies)."""
    return [
        Policy,
        PolicyVersion,
        Section,
        Theme,
        Comment,
        VersionTranslation,
        get_user_model(),
        *hooks.policy_panel_models(),
    ]


@require_safe
@pagecache.cached_page(models=_page_models, query=["tema"])
def policy_detail(request: HttpRequest, policy: str) -> HttpResponse:
    """The latest published version of a policy, section by section."""
    return _version_page(request, _get_policy(policy), None)


@require_safe
@pagecache.cached_page(models=_page_models, query=["tema"])
def version_detail(request: HttpRequest, policy: str, number: int) -> HttpResponse:
    return _version_page(request, _get_policy(policy), number)


@require_safe
def version_list(request: HttpRequest, policy: str) -> HttpResponse:
    the_policy = _get_policy(policy)
    versions = list(
        the_policy.versions.published().select_related("published_by").order_by("-number")
    )
    for index, version in enumerate(versions):
        version.policy = the_policy
        version.previous = versions[index + 1] if index + 1 < len(versions) else None
    return render(request, "policy/version_list.html", {"policy": the_policy, "versions": versions})


def _comparison(old_sections: list[Section], new_sections: list[Section]) -> dict:
    changes = diff.compare_sections(old_sections, new_sections)
    return {"changes": changes, "summary": diff.change_summary(changes)}


@require_safe
def version_compare_pdf(request: HttpRequest, policy: str, a: int, b: int) -> HttpResponse:
    """The comparison of two published versions as a redline PDF, as the meeting packet has it."""
    the_policy = _get_policy(policy)
    if a >= b:
        if a == b:
            raise Http404("A version compared with itself has no changes")
        return redirect("policy:version-compare-pdf", policy=the_policy.slug, a=b, b=a)
    old, new = selectors.two_versions(the_policy, a, b)
    response = HttpResponse(
        snapshots.redline_pdf_bytes(old=old, new=new), content_type="application/pdf"
    )
    name = f"{the_policy.slug}-aendringer-v{old.number}-v{new.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@pagecache.cached_page(models=_page_models)
def version_compare(request: HttpRequest, policy: str, a: int, b: int) -> HttpResponse:
    """What changed from version a to version b, section by section and word by word.

    The older version comes first: b before a is sent on to a before b. The same version twice
    gets a page that says so, with the comparisons there are to choose from."""
    the_policy = _get_policy(policy)
    if a > b:
        return redirect("policy:version-compare", policy=the_policy.slug, a=b, b=a)
    rows = _version_rows(the_policy)
    etag = conditional.page_etag(request, _page_parts(the_policy, rows))
    if (answer := conditional.not_modified(request, etag)) is not None:
        return answer
    numbers = _numbers(rows)
    if a == b:
        version = selectors.published_version(the_policy, a)
        response = render(
            request,
            "policy/version_compare_same.html",
            {
                "policy": the_policy,
                "version": version,
                "others": [n for n in numbers if n != a],
            },
        )
        return conditional.stamp(response, etag, _last_modified(the_policy, rows))
    old, new = selectors.two_versions(the_policy, a, b)
    response = render(
        request,
        "policy/version_compare.html",
        {
            "policy": the_policy,
            "old": old,
            "new": new,
            "numbers": numbers,
            **_comparison(list(old.sections.all()), list(new.sections.all())),
        },
    )
    return conditional.stamp(response, etag, _last_modified(the_policy, rows))


@require_safe
def search(request: HttpRequest, policy: str) -> HttpResponse:
    the_policy = _get_policy(policy)
    version = selectors.published_version(the_policy)
    form = SearchForm(request.GET if "q" in request.GET else None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    sections: list[Section] = []
    comments_page = None
    if query:
        sections, comments = selectors.search(the_policy, version, query)
        comments_page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("side"))
        pattern = highlight.query_pattern(query)
        for section in sections:
            section.heading_html = highlight.highlight(section.heading, pattern)
            section.snippet_html = highlight.snippet(markdown_plain(section.body), pattern)
            # A theme named like the section is said once, by the heading.
            section.show_theme = bool(
                section.theme and section.theme.name.casefold() != section.heading.casefold()
            )
        comments_page.object_list = list(comments_page.object_list)
        for comment in comments_page.object_list:
            in_body = pattern is None or pattern.search(comment.body) or not comment.reply
            comment.snippet_in_reply = not in_body
            comment.snippet_html = highlight.snippet(
                comment.body if in_body else comment.reply, pattern
            )
    return render(
        request,
        "policy/search.html",
        {
            "policy": the_policy,
            "version": version,
            "form": form,
            "query": query,
            "sections": sections,
            "comments_page": comments_page,
            "extra_query": urlencode({"q": query}),
        },
    )


# --- Comments -------------------------------------------------------------------------------


def _get_section(policy: Policy, number: int, key: str) -> Section:
    section = (
        Section.objects.select_related("version__policy", "theme")
        .filter(
            version__policy=policy,
            version__number=number,
            version__status__in=[PolicyVersion.Status.PUBLISHED, PolicyVersion.Status.ADOPTED],
            key=_parse_key(key),
        )
        .first()
    )
    if section is None:
        raise Http404("No such section")
    return section


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("10/m", "60/h")
def section_comments(request: HttpRequest, policy: str, number: int, key: str) -> HttpResponse:
    """One section with all its published comments, and the form to comment on it."""
    the_policy = _get_policy(policy)
    section = _get_section(the_policy, number, key)
    version = section.version
    numbers = selectors.published_numbers(the_policy)
    is_open = services.version_open_for_comments(version, numbers[-1] if numbers else None)
    signed_in = request.user.is_authenticated
    form = None
    if is_open:
        ask_name = signed_in and not request.user.get_full_name().strip()
        form = CommentForm(
            request.POST or None,
            signed_in=signed_in,
            ask_name=ask_name,
            interface_language=(get_language() or "da").split("-")[0],
        )
        if request.method == "POST" and form.is_valid():
            comment = services.comment_create(
                section=section,
                body=form.cleaned_data["body"],
                user=request.user if signed_in else None,
                name=form.cleaned_data.get("name", ""),
                email=form.cleaned_data.get("email", ""),
                language=form.cleaned_data.get("language", ""),
            )
            if comment.status == Comment.Status.UNCONFIRMED:
                messages.success(
                    request,
                    _(
                        "Thank you. We have sent you an e-mail: click the link in it within "
                        "3 days to confirm your comment."
                    ),
                )
            elif comment.status == Comment.Status.PENDING:
                messages.success(
                    request, _("Thank you. Your comment will be shown once it has been approved.")
                )
            else:
                messages.success(request, _("Thank you. Your comment is published."))
            return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, _("This version is closed for comments."))
        return redirect(request.path)
    comments = Comment.objects.published().filter(section=section).select_related("reply_by")
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "policy/section_comments.html",
        {
            "policy": the_policy,
            "version": version,
            "section": section,
            "page": page,
            "form": form,
            "open_for_comments": is_open,
            "earlier": selectors.earlier_comments(section),
        },
        status=400 if form is not None and form.errors else 200,
    )


_CONFIRM_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


@require_http_methods(["GET", "HEAD", "POST"])
def comment_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation e-mail. Confirms on POST so that mail scanners can't."""
    pending = (
        Comment.objects.select_related("section__version__policy")
        .filter(token=token, status=Comment.Status.UNCONFIRMED, confirm_by__gte=timezone.now())
        .first()
        if _CONFIRM_TOKEN.fullmatch(token)
        else None  # NUL or odd Unicode would make PostgreSQL refuse the query: not found
    )
    if request.method == "POST" and pending is not None:
        comment = services.comment_confirm(token=token)
        if comment is not None:
            if comment.status == Comment.Status.PUBLISHED:
                messages.success(request, _("Thank you. Your comment is confirmed and published."))
            else:
                messages.success(
                    request,
                    _("Thank you. Your comment is confirmed and will be shown once approved."),
                )
            section = pending.section
            return redirect(
                reverse(
                    "policy:section-comments",
                    kwargs={
                        "policy": section.version.policy.slug,
                        "number": section.version.number,
                        "key": section.key,
                    },
                )
            )
    return render(
        request,
        "policy/comment_confirm.html",
        {"comment": pending},
        status=200 if pending is not None else 404,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("5/m")
def comment_report(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.published().select_related("section__version__policy"), pk=comment_id
    )
    section = comment.section
    back = reverse(
        "policy:section-comments",
        kwargs={
            "policy": section.version.policy.slug,
            "number": section.version.number,
            "key": section.key,
        },
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.comment_report(comment=comment, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you. A moderator will look at the comment."))
        return redirect(back)
    return render(
        request,
        "policy/comment_report.html",
        {"comment": comment, "form": form, "back": back, "policy": section.version.policy},
        status=400 if form.errors else 200,
    )


# --- Drafting (staff) -----------------------------------------------------------------------


def _draft_or_404(policy: Policy) -> PolicyVersion:
    draft = services.working_draft(policy)
    if draft is None:
        raise Http404("No working draft")
    return draft


def _draft_section(draft: PolicyVersion, key: str) -> Section:
    return get_object_or_404(draft.sections.select_related("theme"), key=_parse_key(key))


@login_required
@require_safe
def draft_detail(request: HttpRequest, policy: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.edit_draft")
    draft = services.working_draft(the_policy)
    sections = list(draft.sections.select_related("theme").order_by("order")) if draft else []
    return render(
        request,
        "policy/draft_detail.html",
        {
            "policy": the_policy,
            "draft": draft,
            "sections": sections,
            "latest": services.latest_published(the_policy),
        },
    )


@login_required
@require_safe
def draft_compare(request: HttpRequest, policy: str) -> HttpResponse:
    """What publishing the working draft would change, before anyone else sees it."""
    the_policy = _get_policy_for_user(request, policy, "policy.edit_draft")
    draft = _draft_or_404(the_policy)
    latest = services.latest_published(the_policy)
    if latest is None:
        raise Http404("Nothing published to compare with")
    old_sections = list(latest.sections.select_related("theme").order_by("order"))
    new_sections = list(draft.sections.select_related("theme").order_by("order"))
    return render(
        request,
        "policy/version_compare.html",
        {
            "policy": the_policy,
            "old": latest,
            "new": draft,
            "numbers": [],
            "draft_preview": True,
            **_comparison(old_sections, new_sections),
        },
    )


@login_required
@require_POST
def draft_start(request: HttpRequest, policy: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.edit_draft")
    services.draft_start(policy=the_policy, user=request.user)
    messages.success(request, _("The working draft is ready."))
    return redirect("policy:draft-detail", policy=the_policy.slug)


def _section_preview(form: SectionForm, section: Section | None) -> dict:
    """The section as it will be published, from what the form holds: the valid fields of a
    bound form (so text that breaks the text rule is never rendered), or its initial values."""
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        heading, body, theme = data.get("heading", ""), data.get("body", ""), data.get("theme")
    else:
        heading = form.initial.get("heading", "")
        body = form.initial.get("body", "")
        theme = section.theme if section is not None else None
    return {
        "preview_heading": heading,
        "preview_theme": theme,
        "preview": render_markdown(body) if body else "",
        "number": section.order if section is not None else None,
    }


def _section_form_page(
    request: HttpRequest, policy: Policy, draft: PolicyVersion, section: Section | None
) -> HttpResponse:
    if request.method == "POST":
        form = SectionForm(request.POST)
    elif section is not None:
        form = SectionForm.for_section(section)
    else:
        form = SectionForm()
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        data = form.cleaned_data
        if section is None:
            services.section_add(
                draft=draft, heading=data["heading"], body=data["body"], theme=data["theme"]
            )
            messages.success(request, _("The section was added."))
            return redirect("policy:draft-detail", policy=policy.slug)
        services.section_update(
            section=section, heading=data["heading"], body=data["body"], theme=data["theme"]
        )
        messages.success(request, _("The section was saved."))
        return redirect("policy:draft-detail", policy=policy.slug)
    preview = _section_preview(form, section)
    history = (
        list(section.history.select_related("history_user").order_by("-history_date")[:10])
        if section is not None
        else []
    )
    return render(
        request,
        "policy/section_form.html",
        {
            "policy": policy,
            "draft": draft,
            "section": section,
            "form": form,
            "history": history,
            **preview,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def section_preview(request: HttpRequest, policy: str) -> HttpResponse:
    """The preview beside the Markdown box, refreshed while typing (the page's script)."""
    the_policy = _get_policy_for_user(request, policy, "policy.edit_draft")
    _draft_or_404(the_policy)
    return render(
        request,
        "policy/includes/section_preview.html",
        _section_preview(SectionForm(request.POST), None),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def section_add(request: HttpRequest, policy: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.edit_draft")
    return _section_form_page(request, the_policy, _draft_or_404(the_policy), None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def section_edit(request: HttpRequest, policy: str, key: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.edit_draft")
    draft = _draft_or_404(the_policy)
    return _section_form_page(request, the_policy, draft, _draft_section(draft, key))


@login_required
@require_POST
def section_move(request: HttpRequest, policy: str, key: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.edit_draft")
    draft = _draft_or_404(the_policy)
    section = _draft_section(draft, key)
    direction = request.POST.get("direction")
    if direction in {"up", "down"}:
        services.section_move(section=section, direction=direction)
        messages.success(request, _("“%(heading)s” was moved.") % {"heading": section.heading})
    return redirect(
        reverse("policy:draft-detail", kwargs={"policy": the_policy.slug}) + f"#{section.anchor}"
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def section_delete(request: HttpRequest, policy: str, key: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.edit_draft")
    draft = _draft_or_404(the_policy)
    section = _draft_section(draft, key)
    if request.method == "POST":
        services.section_delete(section=section)
        messages.success(request, _("The section was deleted from the working draft."))
        return redirect("policy:draft-detail", policy=the_policy.slug)
    return render(
        request,
        "policy/section_delete.html",
        {"policy": the_policy, "draft": draft, "section": section},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def draft_publish(request: HttpRequest, policy: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.publish_version")
    draft = _draft_or_404(the_policy)
    form = PublishForm(request.POST or None)
    has_sections = draft.sections.exists()
    if request.method == "POST" and form.is_valid():
        if not has_sections:
            form.add_error(None, _("Add at least one section before publishing."))
        else:
            version = services.draft_publish(
                draft=draft,
                label=form.cleaned_data["label"],
                change_note=form.cleaned_data["change_note"],
                user=request.user,
            )
            messages.success(
                request, _("Version %(number)s is published.") % {"number": version.number}
            )
            return redirect(version.get_absolute_url())
    return render(
        request,
        "policy/draft_publish.html",
        {"policy": the_policy, "draft": draft, "form": form, "has_sections": has_sections},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def easy_read_update(request: HttpRequest, policy: str) -> HttpResponse:
    """The working draft's easy-read summary, written before the draft is published."""
    the_policy = _get_policy_for_user(request, policy, "policy.edit_draft")
    draft = _draft_or_404(the_policy)
    form = EasyReadForm(request.POST or None, initial={"easy_read": draft.easy_read})
    if request.method == "POST" and form.is_valid():
        services.version_easy_read_update(draft=draft, easy_read=form.cleaned_data["easy_read"])
        messages.success(request, _("The easy-read summary was saved."))
        return redirect("policy:draft-detail", policy=the_policy.slug)
    return render(
        request,
        "policy/easy_read_form.html",
        {"policy": the_policy, "draft": draft, "form": form},
        status=400 if form.errors else 200,
    )


# --- Translations (staff) -------------------------------------------------------------------


def _published_version_or_404(policy: Policy, number: int) -> PolicyVersion:
    version = get_object_or_404(policy.versions.published(), number=number)
    version.policy = policy
    return version


def _translation_or_404(version: PolicyVersion, language: str) -> VersionTranslation:
    translation = get_object_or_404(
        version.translations.prefetch_related("sections"), language=languages.normalise(language)
    )
    translation.version = version
    return translation


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def translation_list(request: HttpRequest, policy: str) -> HttpResponse:
    """The translations of every published version, and the form to start one."""
    the_policy = _get_policy_for_user(request, policy, "policy.translate_version")
    versions = list(
        the_policy.versions.published().prefetch_related("translations").order_by("-number")
    )
    form = TranslationStartForm(request.POST or None, numbers=[v.number for v in versions])
    if request.method == "POST" and form.is_valid():
        version = next(v for v in versions if v.number == form.cleaned_data["version"])
        version.policy = the_policy
        try:
            translation = services.translation_create(
                version=version, language=form.cleaned_data["code"]
            )
        except services.TranslationError as error:
            form.add_error(None, str(error))
        else:
            return redirect(
                "policy:translation-update",
                policy=the_policy.slug,
                number=version.number,
                language=translation.language,
            )
    for version in versions:
        version.policy = the_policy
    return render(
        request,
        "policy/translation_list.html",
        {"policy": the_policy, "versions": versions, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def translation_update(
    request: HttpRequest, policy: str, number: int, language: str
) -> HttpResponse:
    """The translation, section by section beside the Danish text; saved as often as wanted."""
    the_policy = _get_policy_for_user(request, policy, "policy.translate_version")
    version = _published_version_or_404(the_policy, number)
    translation = _translation_or_404(version, language)
    sections = list(version.sections.order_by("order"))
    _attach_section_html(sections)
    form = TranslationForm(
        request.POST if request.method == "POST" and not translation.is_published else None,
        translation=translation,
        sections=sections,
    )
    if request.method == "POST" and not translation.is_published and form.is_valid():
        services.translation_update(
            translation=translation,
            sections=form.translated_sections(),
            easy_read=form.cleaned_data["easy_read"],
            notice=form.cleaned_data.get("notice", ""),
        )
        messages.success(request, _("The translation was saved."))
        return redirect(request.path)
    return render(
        request,
        "policy/translation_form.html",
        {
            "policy": the_policy,
            "version": version,
            "translation": translation,
            "form": form,
            "missing": services.translation_missing(translation),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def translation_publish(
    request: HttpRequest, policy: str, number: int, language: str
) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.translate_version")
    version = _published_version_or_404(the_policy, number)
    translation = _translation_or_404(version, language)
    try:
        services.translation_publish(translation=translation, user=request.user)
    except services.TranslationError as error:
        messages.error(request, str(error))
        return redirect(
            "policy:translation-update",
            policy=the_policy.slug,
            number=version.number,
            language=translation.language,
        )
    messages.success(
        request,
        _("The %(language)s translation is published.") % {"language": translation.display_name},
    )
    return redirect(translation.get_absolute_url())


# --- Moderation, replies, export (staff) ----------------------------------------------------

QUEUE_FILTERS = {
    "venter": Q(status=Comment.Status.PENDING) | Q(open_reports__gt=0),
    "offentliggjort": Q(status=Comment.Status.PUBLISHED),
    "skjult": Q(status=Comment.Status.HIDDEN),
    "alle": Q(),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def moderation_queue(request: HttpRequest, policy: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.moderate_comments")
    shown = request.GET.get("vis", "venter")
    if shown not in QUEUE_FILTERS:
        shown = "venter"
    comments = (
        Comment.objects.filter(policy=the_policy)
        .exclude(status=Comment.Status.UNCONFIRMED)
        .filter(QUEUE_FILTERS[shown])
        .select_related("section__version", "section__theme", "reply_by")
        .order_by("-open_reports", "created_at", "id")
    )
    form = ModerationForm(request.POST or None, queryset=comments)
    if request.method == "POST" and form.is_valid():
        count = services.comments_moderate(
            comments=form.cleaned_data["comments"],
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
            user=request.user,
        )
        messages.success(request, _("%(count)s comment(s) updated.") % {"count": count})
        return redirect(f"{request.path}?vis={shown}")
    # Each tab counts with the filter that lists it, so a number never disagrees with its list.
    counts = (
        Comment.objects.filter(policy=the_policy)
        .exclude(status=Comment.Status.UNCONFIRMED)
        .aggregate(**{tab: Count("id", filter=rule) for tab, rule in QUEUE_FILTERS.items()})
    )
    page = Paginator(comments, QUEUE_PER_PAGE).get_page(request.GET.get("side"))
    settings_form = CommentSettingsForm(
        initial={
            "comments_open": the_policy.comments_open,
            "moderate_comments": the_policy.moderate_comments,
        }
    )
    return render(
        request,
        "policy/moderation_queue.html",
        {
            "settings_form": settings_form,
            "policy": the_policy,
            "page": page,
            "form": form,
            "shown": shown,
            "counts": counts,
            "selected": {str(v) for v in request.POST.getlist("comments")},
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def comment_settings(request: HttpRequest, policy: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.manage_comment_settings")
    form = CommentSettingsForm(request.POST)
    if form.is_valid():
        services.policy_comment_settings_update(policy=the_policy, **form.cleaned_data)
        messages.success(request, _("The comment settings were saved."))
    return redirect("policy:moderation-queue", policy=the_policy.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_manage(request: HttpRequest, policy: str, comment_id: int) -> HttpResponse:
    """One comment for staff: its reports, its moderation and the official reply."""
    the_policy = _get_policy_for_user(request, policy, "policy.moderate_comments")
    comment = get_object_or_404(
        Comment.objects.select_related("section__version", "reply_by", "moderated_by").exclude(
            status=Comment.Status.UNCONFIRMED
        ),
        pk=comment_id,
        policy=the_policy,
    )
    can_reply = request.user.has_perm("policy.reply_to_comments", the_policy)
    reply_form = ReplyForm(
        request.POST if "reply-submit" in request.POST else None,
        initial={"reply": comment.reply},
    )
    moderation_form = ModerationForm(
        request.POST if "moderate-submit" in request.POST else None,
        queryset=Comment.objects.filter(pk=comment.pk),
        initial={"comments": [comment.pk]},
    )
    if request.method == "POST":
        if "reply-submit" in request.POST:
            if not can_reply:
                raise PermissionDenied
            if reply_form.is_valid():
                services.comment_reply(
                    comment=comment, body=reply_form.cleaned_data["reply"], user=request.user
                )
                messages.success(request, _("The official reply was saved."))
                return redirect(request.path)
        elif "moderate-submit" in request.POST and moderation_form.is_valid():
            services.comments_moderate(
                comments=[comment],
                action=moderation_form.cleaned_data["action"],
                reason=moderation_form.cleaned_data["reason"],
                user=request.user,
            )
            messages.success(request, _("The comment was updated."))
            return redirect(request.path)
    history = comment.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "policy/comment_manage.html",
        {
            "policy": the_policy,
            "comment": comment,
            "reply_form": reply_form,
            "moderation_form": moderation_form,
            "can_reply": can_reply,
            "reports": comment.reports.all()[:50],
            "history": history,
        },
        status=400 if reply_form.errors or moderation_form.errors else 200,
    )


EXPORT_COLUMNS = [
    gettext_lazy("ID"),
    gettext_lazy("Version"),
    gettext_lazy("Section"),
    gettext_lazy("Theme"),
    gettext_lazy("Status"),
    gettext_lazy("Name"),
    gettext_lazy("Created"),
    gettext_lazy("Published"),
    gettext_lazy("Comment"),
    gettext_lazy("Reason for hiding"),
    gettext_lazy("Official reply"),
    gettext_lazy("Replied"),
    gettext_lazy("Open reports"),
]


def _export_rows(policy: Policy):
    comments = (
        Comment.objects.filter(policy=policy)
        .exclude(status=Comment.Status.UNCONFIRMED)
        .select_related("section__version", "section__theme")
        .order_by("section__version__number", "section__order", "created_at", "id")
    )

    def when(value) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    for c in comments.iterator(chunk_size=1000):
        yield [
            c.pk,
            c.section.version.number,
            c.section.heading,
            c.section.theme.name if c.section.theme else "",
            c.get_status_display(),
            c.author_name,
            when(c.created_at),
            when(c.published_at),
            c.body,
            c.hidden_reason,
            c.reply,
            when(c.reply_at),
            c.open_reports,
        ]


def _headers() -> list[str]:
    return [str(label) for label in EXPORT_COLUMNS]


@login_required
@require_safe
def comments_export_csv(request: HttpRequest, policy: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.export_comments")
    return exports.csv_response(
        filename=f"kommentarer-{the_policy.slug}.csv",
        header=_headers(),
        rows=_export_rows(the_policy),
    )


@login_required
@require_safe
def comments_export_xlsx(request: HttpRequest, policy: str) -> HttpResponse:
    the_policy = _get_policy_for_user(request, policy, "policy.export_comments")
    return exports.xlsx_response(
        filename=f"kommentarer-{the_policy.slug}.xlsx",
        sheet=_("Comments"),
        header=_headers(),
        rows=_export_rows(the_policy),
    )


# --- PDF snapshots --------------------------------------------------------------------------


@require_safe
def version_pdf(request: HttpRequest, policy: str, number: int) -> HttpResponse:
    """The frozen PDF of a published version: rendered on first request, then streamed."""
    the_policy = _get_policy(policy)
    version = get_object_or_404(the_policy.versions.published(), number=number)
    version.policy = the_policy
    snapshot = snapshots.version_snapshot_get_or_create(version=version, user=request.user)
    # The URL names one frozen version: its bytes never change, so the app server may answer
    # the next request for it from memory (medborger.immutable_cache), and browsers and the
    # proxy in front (deploy/nginx) may keep it for a year.
    response = snapshots.snapshot_response(request, snapshot, max_age=365 * 86400, immutable=True)
    if response.status_code == 200:
        response[IMMUTABLE_MARKER] = "1"
    return response


@require_safe
def translation_pdf(request: HttpRequest, policy: str, number: int, language: str) -> HttpResponse:
    """The frozen PDF of a published translation, made like the version's own."""
    the_policy = _get_policy(policy)
    version = _published_version_or_404(the_policy, number)
    translation = get_object_or_404(
        version.translations.filter(status=VersionTranslation.Status.PUBLISHED),
        language=languages.normalise(language),
    )
    translation.version = version
    snapshot = snapshots.translation_snapshot_get_or_create(
        translation=translation, user=request.user
    )
    response = snapshots.snapshot_response(request, snapshot, max_age=365 * 86400, immutable=True)
    if response.status_code == 200:
        response[IMMUTABLE_MARKER] = "1"
    return response


@rate_limit("20/m")
@require_http_methods(["GET", "POST"])
def snapshot_verify(request: HttpRequest) -> HttpResponse:
    """Anyone can check whether a PDF is an official snapshot, by file or by checksum."""
    result = None
    checked = ""
    if request.method == "POST":
        form = SnapshotVerifyForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            checked = snapshots.sha256_of_upload(upload) if upload else form.cleaned_data["sha256"]
            result = snapshots.snapshot_find(sha256=checked)
            status = 200
        else:
            status = 400
    else:
        form = SnapshotVerifyForm()
        status = 200
    return render(
        request,
        "policy/snapshot_verify.html",
        {"form": form, "result": result, "checked": checked},
        status=status,
    )
