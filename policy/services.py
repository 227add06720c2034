"""Work on policies that spans rows: drafting, publishing, commenting, moderating.

Every function is keyword-only and runs in one transaction; e-mail goes out only after commit.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from medborger import mailcap
from medborger.mail import mail_send
from notifications import audiences, kinds
from notifications.services import (
    notice_publish,
    page_path,
    person_notify,
    staff_notify,
)
from policy import languages
from policy.models import (
    Comment,
    CommentReport,
    FrozenVersionError,
    Policy,
    PolicyVersion,
    Section,
    SectionTranslation,
    Theme,
    VersionTranslation,
)

CONFIRMATION_WINDOW = datetime.timedelta(days=3)


# --- Drafting -------------------------------------------------------------------------------


def latest_published(policy: Policy) -> PolicyVersion | None:
    return policy.versions.published().order_by("-number").first()


def working_draft(policy: Policy) -> PolicyVersion | None:
    return policy.versions.drafts().first()


@transaction.atomic
def draft_start(*, policy: Policy, user: Any) -> PolicyVersion:
    """The policy's working draft; a new one starts as a copy of the latest published version,
    with the same section keys, so each section can be followed from version to version."""
    Policy.objects.select_for_update().get(pk=policy.pk)
    draft = working_draft(policy)
    if draft is not None:
        return draft
    draft = PolicyVersion.objects.create(policy=policy, status=PolicyVersion.Status.DRAFT)
    source = latest_published(policy)
    if source is not None:
        for section in source.sections.order_by("order"):
            Section.objects.create(
                version=draft,
                key=section.key,
                order=section.order,
                heading=section.heading,
                body=section.body,
                theme_id=section.theme_id,
            )
    return draft


def _refuse_unless_draft(version: PolicyVersion) -> None:
    if version.is_frozen:
        raise FrozenVersionError("A published version is frozen; its sections cannot change.")


@transaction.atomic
def section_add(
    *, draft: PolicyVersion, heading: str, body: str, theme: Theme | None = None
) -> Section:
    draft = PolicyVersion.objects.select_for_update().get(pk=draft.pk)
    _refuse_unless_draft(draft)
    last = draft.sections.aggregate(last=Max("order"))["last"] or 0
    return Section.objects.create(
        version=draft, order=last + 1, heading=heading, body=body, theme=theme
    )


@transaction.atomic
def section_update(*, section: Section, heading: str, body: str, theme: Theme | None) -> Section:
    _refuse_unless_draft(section.version)
    section.heading = heading
    section.body = body
    section.theme = theme
    section.save(update_fields=["heading", "body", "theme"])
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    draft = PolicyVersion.objects.select_for_update().get(pk=section.version_id)
    _refuse_unless_draft(draft)
    order = section.order
    section.delete()
    for later in draft.sections.filter(order__gt=order).order_by("order"):
        later.order -= 1
        later.save(update_fields=["order"])


@transaction.atomic
def section_move(*, section: Section, direction: str) -> bool:
    """Swap the section with its neighbour above ("up") or below ("down"). False at the edge."""
    draft = PolicyVersion.objects.select_for_update().get(pk=section.version_id)
    _refuse_unless_draft(draft)
    section = Section.objects.get(pk=section.pk)
    siblings = draft.sections.exclude(pk=section.pk)
    if direction == "up":
        neighbour = siblings.filter(order__lt=section.order).order_by("-order").first()
    elif direction == "down":
        neighbour = siblings.filter(order__gt=section.order).order_by("order").first()
    else:
        raise ValueError(f"Unknown direction {direction!r}")
    if neighbour is None:
        return False
    section.order, neighbour.order = neighbour.order, section.order
    section.save(update_fields=["order"])
    neighbour.save(update_fields=["order"])
    return True


@transaction.atomic
def draft_publish(
    *, draft: PolicyVersion, label: str, change_note: str, user: Any
) -> PolicyVersion:
    """Give the working draft the next number and freeze it. Its PDF snapshot is rendered by
    a task after the commit."""
    from policy.tasks import version_pdf_render  # tasks.py imports this module

    Policy.objects.select_for_update().get(pk=draft.policy_id)
    draft = PolicyVersion.objects.select_for_update().get(pk=draft.pk)
    _refuse_unless_draft(draft)
    last = PolicyVersion.objects.filter(policy_id=draft.policy_id).aggregate(n=Max("number"))["n"]
    draft.number = (last or 0) + 1
    draft.label = label
    draft.change_note = change_note
    draft.status = PolicyVersion.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.published_by = user
    draft.save()
    transaction.on_commit(lambda: version_pdf_render.enqueue(draft.pk), robust=True)
    _version_published_notify(draft, previous=last)
    return draft


def _version_published_notify(version: PolicyVersion, *, previous: int | None) -> None:
    """Tell the policy's followers, with the change note and a link to what changed."""
    policy = version.policy
    if previous:
        url = page_path("policy:version-compare", policy=policy.slug, a=previous, b=version.number)
    else:
        url = page_path("policy:version-detail", policy=policy.slug, number=version.number)
    notice_publish(
        topic=policy.follow_topic,
        title=policy.title,
        kind=kinds.VERSION_PUBLISHED,
        url=url,
        detail=version.change_note,
        params={"number": version.number, "label": version.label},
        key=f"version:{version.pk}:published",
    )


def _comment_author_address(comment: Comment) -> str:
    if comment.email:
        return comment.email
    return comment.author.email if comment.author_id and comment.author else ""


def _comment_notify(comment: Comment, *, kind: str, detail: str) -> None:
    """Tell a comment's author what the municipality did with it (in the portal's language:
    a comment does not record its writer's)."""
    person_notify(
        email=_comment_author_address(comment),
        language=settings.LANGUAGE_CODE,
        kind=kind,
        title=comment.policy.title,
        url=page_path(
            "policy:section-comments",
            policy=comment.policy.slug,
            number=comment.section.version.number,
            key=str(comment.section_key),
        ),
        detail=detail,
        params={"section": comment.section.heading},
        ref=f"comment:{comment.pk}",
    )


@transaction.atomic
def version_easy_read_update(*, draft: PolicyVersion, easy_read: str) -> PolicyVersion:
    """The working draft's easy-read summary; it is published, and frozen, with the draft."""
    draft = PolicyVersion.objects.select_for_update().get(pk=draft.pk)
    _refuse_unless_draft(draft)
    draft.easy_read = easy_read
    draft.save(update_fields=["easy_read"])
    return draft


# --- Translations ---------------------------------------------------------------------------


class TranslationError(ValueError):
    """A translation cannot be made or published as asked; the message says why."""


@transaction.atomic
def translation_create(*, version: PolicyVersion, language: str) -> VersionTranslation:
    """Start a translation of a published version (or return the one already started)."""
    code = languages.normalise(language)
    if not languages.is_known(code):
        raise TranslationError(_("“%(code)s” is not a language code we know.") % {"code": code})
    if version.status == PolicyVersion.Status.DRAFT:
        raise TranslationError(_("Only a published version can be translated."))
    translation_row, _created = VersionTranslation.objects.get_or_create(
        version=version, language=code
    )
    return translation_row


def _refuse_if_published(translation_row: VersionTranslation) -> None:
    if translation_row.is_published:
        raise TranslationError(_("A published translation is frozen; it cannot change."))


@transaction.atomic
def translation_update(
    *,
    translation: VersionTranslation,
    sections: dict,
    easy_read: str,
    notice: str = "",
) -> VersionTranslation:
    """Save the translated sections given as {section key: (heading, body)}; an empty pair
    removes that section's translation. Keys that are not the version's sections are refused."""
    translation = VersionTranslation.objects.select_for_update().get(pk=translation.pk)
    _refuse_if_published(translation)
    known = set(translation.version.sections.values_list("key", flat=True))
    unknown = set(sections) - known
    if unknown:
        raise TranslationError("Unknown section keys")
    for key, (heading, body) in sections.items():
        if heading.strip() or body.strip():
            SectionTranslation.objects.update_or_create(
                translation=translation,
                section_key=key,
                defaults={"heading": heading.strip(), "body": body},
            )
        else:
            SectionTranslation.objects.filter(translation=translation, section_key=key).delete()
    translation.easy_read = easy_read
    translation.notice = notice
    translation.save(update_fields=["easy_read", "notice", "updated_at"])
    return translation


def translation_missing(translation: VersionTranslation) -> list[Section]:
    """The version's sections that have no complete translation (heading and text), in order."""
    done = {
        key
        for key, heading, body in translation.sections.values_list("section_key", "heading", "body")
        if heading.strip() and body.strip()
    }
    return [s for s in translation.version.sections.order_by("order") if s.key not in done]


@transaction.atomic
def translation_publish(*, translation: VersionTranslation, user: Any) -> VersionTranslation:
    """Publish a complete translation; refused (listing them) while sections are missing."""
    translation = VersionTranslation.objects.select_for_update().get(pk=translation.pk)
    _refuse_if_published(translation)
    missing = translation_missing(translation)
    if missing:
        raise TranslationError(
            _("These sections are not translated yet: %(headings)s.")
            % {"headings": ", ".join(f"“{s.heading}”" for s in missing)}
        )
    if not translation.own_notice:
        raise TranslationError(
            _("Write the line “Unofficial translation – the Danish text applies” in the language.")
        )
    translation.status = VersionTranslation.Status.PUBLISHED
    translation.published_at = timezone.now()
    translation.published_by = user
    translation.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return translation


def _comments_changed(policy_id: int) -> None:
    """Mark the policy's comments as changed (the public page's cache key uses it)."""
    Policy.objects.filter(pk=policy_id).update(comments_changed_at=timezone.now())


# --- Comments -------------------------------------------------------------------------------


@transaction.atomic
def policy_comment_settings_update(
    *, policy: Policy, comments_open: bool, moderate_comments: bool
) -> Policy:
    """Open or close commenting, and choose between publishing at once and moderating first."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    policy.comments_open = comments_open
    policy.moderate_comments = moderate_comments
    policy.save(update_fields=["comments_open", "moderate_comments"])
    return policy


def version_open_for_comments(version: PolicyVersion, latest_number: int | None) -> bool:
    """Only the newest published version takes comments, and only while the policy allows it."""
    return (
        version.policy.comments_open
        and version.status == PolicyVersion.Status.PUBLISHED
        and version.number == latest_number
    )


def _display_name(user: Any) -> str:
    # Never the user name: it may be an e-mail address, and e-mail addresses are never shown.
    return user.get_full_name().strip()[:120]


def _first_status(policy: Policy) -> str:
    return Comment.Status.PENDING if policy.moderate_comments else Comment.Status.PUBLISHED


@transaction.atomic
def comment_create(
    *,
    section: Section,
    body: str,
    user: Any = None,
    name: str = "",
    email: str = "",
    language: str = "",
) -> Comment:
    """A signed-in reader's comment goes straight in (published or held, per policy); anyone
    else's waits for the e-mail confirmation."""
    policy = section.version.policy
    if user is not None and user.is_authenticated and not (name or _display_name(user)):
        raise ValueError("A signed-in reader without a full name must give a name")
    now = timezone.now()
    comment = Comment(
        policy=policy,
        section=section,
        section_key=section.key,
        body=body,
        language=languages.normalise(language)
        if languages.is_known(language) or language == "da"
        else "",
    )
    if user is not None and user.is_authenticated:
        comment.author = user
        comment.author_name = name or _display_name(user)
        comment.status = _first_status(policy)
        comment.confirmed_at = now
        if comment.status == Comment.Status.PUBLISHED:
            comment.published_at = now
    else:
        comment.author_name = name
        comment.email = email
        comment.status = Comment.Status.UNCONFIRMED
        comment.token = secrets.token_urlsafe(32)
        comment.confirm_by = now + CONFIRMATION_WINDOW
    comment.save()
    if comment.status == Comment.Status.PUBLISHED:
        # Only a published comment changes what the public pages show; an unconfirmed or held
        # one leaves their cached copies and ETags valid (a flood of unconfirmed posts then
        # costs no re-rendering, and no lock on the policy row).
        _comments_changed(policy.pk)
    if comment.status == Comment.Status.UNCONFIRMED:
        # At most a few confirmations per address an hour, whoever asks: past that the comment
        # waits unconfirmed and expires like any other, and the page looks the same.
        if not mailcap.mail_allowed(address=comment.email, kind="comment-confirmation"):
            return comment
        url = settings.SITE_URL + reverse("policy:comment-confirm", kwargs={"token": comment.token})
        mail_send(
            to=comment.email,
            template="policy/emails/comment_confirm",
            context={"comment": comment, "url": url, "policy": policy},
            ref=f"comment:{comment.pk}",
        )
    return comment


@transaction.atomic
def comment_confirm(*, token: str) -> Comment | None:
    """Confirm the e-mail behind an anonymous comment. None if the link is unknown or expired."""
    if not token:
        return None
    comment = (
        Comment.objects.select_for_update()
        .select_related("policy")
        .filter(token=token, status=Comment.Status.UNCONFIRMED)
        .first()
    )
    if comment is None or comment.confirm_by < timezone.now():
        return None
    now = timezone.now()
    comment.status = _first_status(comment.policy)
    comment.confirmed_at = now
    comment.token = ""
    if comment.status == Comment.Status.PUBLISHED:
        comment.published_at = now
    comment.save(update_fields=["status", "confirmed_at", "token", "published_at"])
    if comment.status == Comment.Status.PUBLISHED:
        _comments_changed(comment.policy_id)
    return comment


@transaction.atomic
def comments_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete unconfirmed comments whose confirmation window has passed."""
    expired = Comment.objects.expired(now or timezone.now())
    count = 0
    for comment in expired.select_for_update():
        comment.delete()
        count += 1
    return count


@transaction.atomic
def comments_moderate(
    *, comments: Iterable[Comment], action: str, user: Any, reason: str = ""
) -> int:
    """Publish or hide comments; every change lands in the comment's history."""
    if action not in {"publish", "hide"}:
        raise ValueError(f"Unknown moderation action {action!r}")
    now = timezone.now()
    ids = [c.pk for c in comments]
    count = 0
    for comment in (
        Comment.objects.select_for_update(of=("self",))
        .select_related("policy", "section__version", "author")
        .filter(pk__in=ids)
        .order_by("pk")
    ):
        if comment.status == Comment.Status.UNCONFIRMED:
            continue
        newly_hidden = action == "hide" and comment.status != Comment.Status.HIDDEN
        if action == "publish":
            comment.status = Comment.Status.PUBLISHED
            comment.hidden_reason = ""
            comment.published_at = comment.published_at or now
        else:
            comment.status = Comment.Status.HIDDEN
            comment.hidden_reason = reason
        comment.moderated_at = now
        comment.moderated_by = user
        comment.open_reports = 0
        comment._change_reason = f"{action}: {reason}"[:100]
        comment.save()
        comment.reports.filter(handled=False).update(handled=True)
        _comments_changed(comment.policy_id)
        if newly_hidden:
            _comment_notify(comment, kind=kinds.COMMENT_HIDDEN, detail=reason)
        count += 1
    return count


@transaction.atomic
def comment_reply(*, comment: Comment, body: str, user: Any) -> Comment:
    """The administration's official reply, shown with a badge."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("policy", "section__version", "author")
        .get(pk=comment.pk)
    )
    changed = body and body != comment.reply
    comment.reply = body
    comment.reply_by = user if body else None
    comment.reply_at = timezone.now() if body else None
    comment.save(update_fields=["reply", "reply_by", "reply_at"])
    _comments_changed(comment.policy_id)
    if changed:
        _comment_notify(comment, kind=kinds.COMMENT_REPLIED, detail=body)
    return comment


@transaction.atomic
def comments_anonymise(*, email: str) -> int:
    """Take the name, e-mail and account off every comment written under `email` (its history
    too); the text stays, signed "Deleted by the author". The comments' policies are marked as
    changed, so their cached pages and ETags change and no reader keeps seeing the name."""
    email = email.strip()
    if not email:
        return 0
    comments = Comment.objects.select_for_update(of=("self",)).written_under(email)
    rows = list(comments.values_list("pk", "policy_id"))
    if not rows:
        return 0
    ids = [pk for pk, _policy in rows]
    with translation.override(settings.LANGUAGE_CODE):
        deleted_name = _("Deleted by the author")
    anonymous = {"author_name": deleted_name, "email": "", "author": None}
    Comment.objects.filter(pk__in=ids).update(**anonymous)
    Comment.history.filter(id__in=ids).update(**anonymous)
    for policy_id in sorted({policy_id for _pk, policy_id in rows}):
        _comments_changed(policy_id)
    return len(ids)


@transaction.atomic
def comment_report(*, comment: Comment, reason: str) -> CommentReport:
    report = CommentReport.objects.create(comment=comment, reason=reason)
    Comment.objects.filter(pk=comment.pk).update(open_reports=F("open_reports") + 1)
    policy = comment.policy
    staff_notify(
        audience=audiences.MODERATORS,
        topic=policy.follow_topic,
        kind=kinds.COMMENT_REPORTED,
        title=policy.title,
        url=page_path("policy:moderation-queue", policy=policy.slug),
        detail=reason,
        params={"section": comment.section.heading},
    )
    return report
