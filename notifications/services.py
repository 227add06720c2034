"""Following a topic, telling its followers, and telling staff.

Higher apps call `notice_publish` (a notice to a topic's followers), `person_notify` (one person,
about their own contribution) and `staff_notify` (inbox items and e-mails for staff). Publishing
only writes a row and enqueues the fan-out task; the task mails the followers in batches of
`BATCH_SIZE` with the same handful of queries per batch, whatever the batch's size.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation

from medborger import mailcap
from medborger.mail import RenderedMail, mail_send, mail_send_many
from notifications.audiences import audience_users
from notifications.kinds import KINDS, kind_line
from notifications.models import (
    Notice,
    NotificationPreference,
    PendingNotice,
    StaffNotice,
    Subscription,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7  # seconds: a confirmation link works for a week
MANAGE_MAX_AGE = 60 * 60 * 24 * 730  # the manage and unsubscribe links, two years
UNCONFIRMED_DAYS = 7  # an unconfirmed follow is forgotten after this
NOTICE_DAYS = 90  # told notices are kept this long
CONFIRMATIONS_PER_HOUR = 1  # follow mails (confirmation or "you already follow") per address

_CONFIRM_SALT = "notifications.follow.confirm"
_MANAGE_SALT = "notifications.follow.manage"
_TARGET_SALT = "notifications.follow.target"


# --- Links ----------------------------------------------------------------------------------


def localized_path(path: str, language: str | None = None) -> str:
    """`path` (a page of the portal in the default language) as it is in `language`."""
    if language and language != settings.LANGUAGE_CODE:
        # Resolved as a path of the default language, reversed in `language`.
        with translation.override(settings.LANGUAGE_CODE):
            return translate_url(path, language)
    return path


def default_path(path: str) -> str:
    """A page's path (in whatever language) as it is in the default language."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translated = translate_url(path, settings.LANGUAGE_CODE)
        if translated != path:
            return translated
    return path


def page_path(name: str, **kwargs: Any) -> str:
    """A page's path in the default language, as notices and follows store it."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, kwargs=kwargs)


def absolute(path: str, language: str | None = None) -> str:
    """`path` in `language`, with the host: for links in e-mails."""
    return settings.SITE_URL + localized_path(path, language)


def _link(name: str, token: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs={"token": token})


def subscription_token(subscription: Subscription, *, purpose: str = "manage") -> str:
    salt = _CONFIRM_SALT if purpose == "confirm" else _MANAGE_SALT
    return signing.dumps([subscription.pk, subscription.key], salt=salt)


def subscription_from_token(token: str, *, purpose: str = "manage") -> Subscription | None:
    """The follow a signed link names; None when the link is forged, expired or voided."""
    salt, max_age = (
        (_CONFIRM_SALT, CONFIRM_MAX_AGE) if purpose == "confirm" else (_MANAGE_SALT, MANAGE_MAX_AGE)
    )
    try:
        pk, key = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None or subscription.key != key:
        return None
    return subscription


def follow_target_sign(*, topic: str, title: str, url: str) -> str:
    """What a follow form follows, signed, so the form cannot be made to follow anything else
    (nor to put words of a stranger's choosing into a mail)."""
    return signing.dumps({"topic": topic, "title": title, "url": url}, salt=_TARGET_SALT)


def follow_target_read(value: str) -> dict[str, str] | None:
    try:
        data = signing.loads(value, salt=_TARGET_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), str) and data.get(k) for k in ("topic", "title", "url")
    ):
        return None
    return data


def _unsubscribe_headers(subscription: Subscription, token: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{_link('notifications:subscription-delete', token, subscription.language)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# --- Following ------------------------------------------------------------------------------


@transaction.atomic
def subscription_request(*, topic: str, title: str, url: str, email: str, language: str) -> None:
    """Someone typed an address into a follow form. The page says the same whatever happens;
    the mailbox learns the rest: a link to confirm, or that the address already follows."""
    email = email.strip().lower()
    subscription = Subscription.objects.select_for_update().filter(topic=topic, email=email).first()
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    topic=topic, title=title[:300], url=url[:300], email=email, language=language
                )
        except IntegrityError:  # the same address, at the same moment
            subscription = Subscription.objects.get(topic=topic, email=email)
    elif not subscription.is_confirmed:
        subscription.title, subscription.url, subscription.language = (
            title[:300],
            url[:300],
            language,
        )
        subscription.save(update_fields=["title", "url", "language"])
    if not mailcap.mail_allowed(address=email, kind="follow", per_hour=CONFIRMATIONS_PER_HOUR):
        return
    if subscription.is_confirmed:
        token = subscription_token(subscription)
        mail_send(
            to=email,
            template="notifications/emails/already_following",
            context={
                "subscription": subscription,
                "manage_url": _link("notifications:subscription-manage", token, language),
            },
            language=language,
            ref=f"subscription:{subscription.pk}",
        )
        return
    mail_send(
        to=email,
        template="notifications/emails/confirm",
        context={
            "subscription": subscription,
            "confirm_url": _link(
                "notifications:subscription-confirm",
                subscription_token(subscription, purpose="confirm"),
                language,
            ),
            "days": CONFIRM_MAX_AGE // 86400,
        },
        language=language,
        ref=f"subscription:{subscription.pk}",
    )


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    """Confirm a follow from its mailbox's link; confirming twice changes nothing."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def subscription_create_for_user(
    *, topic: str, title: str, url: str, user: Any, language: str
) -> Subscription | None:
    """A signed-in person follows with their account's address: no confirmation needed, their
    address was verified when the account was made. None if the account has no address."""
    email = (user.email or "").strip().lower()
    if not email:
        return None
    now = timezone.now()
    subscription, created = Subscription.objects.get_or_create(
        topic=topic,
        email=email,
        defaults={
            "title": title[:300],
            "url": url[:300],
            "language": language,
            "user": user,
            "confirmed_at": now,
        },
    )
    if not created and (subscription.confirmed_at is None or subscription.user_id != user.pk):
        subscription.confirmed_at = subscription.confirmed_at or now
        subscription.user = user
        subscription.save(update_fields=["confirmed_at", "user"])
    return subscription


def subscription_update(*, subscription: Subscription, language: str) -> Subscription:
    subscription.language = language
    subscription.save(update_fields=["language"])
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: Subscription) -> None:
    """Stop a follow. Deleting what is gone already is fine (a second click, a mail client that
    posts the one-click unsubscribe twice)."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def subscriptions_of_address(email: str) -> list[Subscription]:
    return list(Subscription.objects.of_address(email).confirmed().order_by("title", "pk"))


def subscriptions_of_user(user: Any) -> list[Subscription]:
    if not user.is_authenticated or not user.email:
        return []
    return subscriptions_of_address(user.email)


def user_follows(user: Any, topic: str) -> bool:
    if not user.is_authenticated or not user.email:
        return False
    return Subscription.objects.of_address(user.email).confirmed().filter(topic=topic).exists()


def subscribers_count(topic: str) -> int:
    """The number of confirmed followers: the only thing about them that may be shown."""
    return Subscription.objects.confirmed().filter(topic=topic).count()


def subscriptions_export(*, email: str) -> list[dict]:
    """For the person's copy of their data (the privacy app calls it)."""
    return [
        {
            "follows": s.title,
            "page": absolute(s.url),
            "email": s.email,
            "language": s.language,
            "created_at": s.created_at.isoformat(),
            "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
        }
        for s in Subscription.objects.of_address(email).order_by("created_at", "pk")
    ]


@transaction.atomic
def subscriptions_erase(*, email: str) -> int:
    """Erasure on request (the privacy app calls it): forget every follow of the address."""
    email = email.strip()
    if not email:
        return 0
    deleted, _rows = Subscription.objects.of_address(email).delete()
    return deleted


# --- Telling followers ----------------------------------------------------------------------


@transaction.atomic
def notice_publish(
    *,
    topic: str,
    title: str,
    kind: str,
    url: str,
    detail: str = "",
    params: dict | None = None,
    key: str | None = None,
) -> Notice | None:
    """Tell the topic's followers that something happened. Only writes the notice and enqueues
    the fan-out; with a `key`, a second publication of the same thing does nothing (None)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    if key is not None and Notice.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                key=key,
                topic=topic,
                title=title[:300],
                kind=kind,
                url=url[:300],
                detail=detail,
                params=params or {},
            )
    except IntegrityError:  # published by someone else at the same moment
        return None
    from notifications.tasks import notice_fan_out_task  # tasks.py imports this module

    transaction.on_commit(lambda: notice_fan_out_task.enqueue(notice.pk), robust=True)
    return notice


def _today() -> datetime.date:
    return timezone.localdate()


def notice_fan_out(*, notice_id: int, batch_size: int = BATCH_SIZE) -> int:
    """Tell every confirmed follower of the notice's topic, batch by batch. Each batch commits
    with its progress, so a worker that dies half-way resumes without telling anyone twice.
    Returns how many mails were written."""
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None or notice.fanned_out_at is not None:
        return 0
    mailed = 0
    after = notice.progress_pk
    while True:
        result = notice_fan_out_batch(notice=notice, after=after, batch_size=batch_size)
        if result is None:
            break
        count, after = result
        mailed += count
    Notice.objects.filter(pk=notice.pk).update(fanned_out_at=timezone.now())
    return mailed


@transaction.atomic
def notice_fan_out_batch(*, notice: Notice, after: int, batch_size: int) -> tuple[int, int] | None:
    """One batch of followers after subscription `after`: those not mailed today get a mail now
    (with anything that waited for them), the others get the notice in tomorrow's digest.
    Returns (mails written, last subscription id), or None when no follower is left."""
    today = _today()
    subscriptions = list(
        Subscription.objects.confirmed()
        .filter(topic=notice.topic, pk__gt=after)
        .order_by("pk")[:batch_size]
    )
    if not subscriptions:
        return None
    fresh = [s for s in subscriptions if s.last_mailed_on != today]
    mailed_today = [s for s in subscriptions if s.last_mailed_on == today]
    waiting = _pending_of([s.pk for s in fresh])
    rendered: dict = {}
    mails = [_notice_mail(s, [*waiting.get(s.pk, []), notice], rendered) for s in fresh]
    mail_send_many(template="notifications/emails/notices", mails=mails)
    if fresh:
        fresh_ids = [s.pk for s in fresh]
        Subscription.objects.filter(pk__in=fresh_ids).update(last_mailed_on=today)
        if waiting:
            PendingNotice.objects.filter(subscription_id__in=fresh_ids).delete()
    if mailed_today:
        PendingNotice.objects.bulk_create(
            [PendingNotice(subscription=s, notice=notice) for s in mailed_today],
            ignore_conflicts=True,
        )
    last = subscriptions[-1].pk
    Notice.objects.filter(pk=notice.pk).update(progress_pk=last)
    return len(mails), last


def _pending_of(subscription_ids: list[int]) -> dict[int, list[Notice]]:
    if not subscription_ids:
        return {}
    waiting: dict[int, list[Notice]] = defaultdict(list)
    for pending in (
        PendingNotice.objects.filter(subscription_id__in=subscription_ids)
        .select_related("notice")
        .order_by("notice__created_at", "notice_id")
    ):
        waiting[pending.subscription_id].append(pending.notice)
    return waiting


_MANAGE_URL = "__manage_url__"  # in a mail rendered once for many followers


def _notice_mail(
    subscription: Subscription, notices: list[Notice], rendered: dict | None = None
) -> RenderedMail:
    """The mail telling one follower `notices`. Followers with the same language, topic and
    notices get the same text but their own links: `rendered` keeps the text made for the
    first of them, so a batch renders the templates once per language, not once per follower."""
    language = subscription.language
    key = (language, subscription.title, subscription.url, tuple(n.pk for n in notices))
    rendered = {} if rendered is None else rendered
    if key not in rendered:
        with translation.override(language):
            items = [
                {
                    "line": notice.line,
                    "detail": notice.detail,
                    "url": absolute(notice.url, language),
                }
                for notice in notices
            ]
            context = {
                "subscription": subscription,
                "items": items,
                "page_url": absolute(subscription.url, language),
                "manage_url": _MANAGE_URL,
                "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
                "SITE_NAME": settings.SITE_NAME,
            }
            subject = " ".join(
                render_to_string("notifications/emails/notices_subject.txt", context).split()
            )
            rendered[key] = (subject, render_to_string("notifications/emails/notices.txt", context))
    subject, body = rendered[key]
    token = subscription_token(subscription)
    manage_url = _link("notifications:subscription-manage", token, language)
    return RenderedMail(
        to=subscription.email,
        subject=subject,
        body=body.replace(_MANAGE_URL, manage_url),
        language=language,
        headers=_unsubscribe_headers(subscription, token),
        ref=f"subscription:{subscription.pk}",
    )


def digests_send(*, batch_size: int = BATCH_SIZE) -> int:
    """Scheduled each morning: one mail per follower with the notices that waited since their
    last mail. Also forgets unconfirmed follows and old notices. Returns the mails written."""
    now = timezone.now()
    Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - datetime.timedelta(days=UNCONFIRMED_DAYS)
    ).delete()
    Notice.objects.filter(fanned_out_at__lt=now - datetime.timedelta(days=NOTICE_DAYS)).delete()
    mailed = 0
    after = 0
    while True:
        with transaction.atomic():
            ids = list(
                PendingNotice.objects.filter(subscription_id__gt=after)
                .order_by("subscription_id")
                .values_list("subscription_id", flat=True)
                .distinct()[:batch_size]
            )
            if not ids:
                break
            subscriptions = list(Subscription.objects.filter(pk__in=ids).order_by("pk"))
            waiting = _pending_of(ids)
            rendered: dict = {}
            mail_send_many(
                template="notifications/emails/notices",
                mails=[
                    _notice_mail(s, waiting[s.pk], rendered)
                    for s in subscriptions
                    if waiting.get(s.pk)
                ],
            )
            Subscription.objects.filter(pk__in=ids).update(last_mailed_on=_today())
            PendingNotice.objects.filter(subscription_id__in=ids).delete()
            mailed += len(subscriptions)
            after = ids[-1]
    return mailed


# --- Telling one person ---------------------------------------------------------------------


def person_notify(
    *,
    email: str,
    language: str,
    kind: str,
    title: str,
    url: str,
    detail: str = "",
    params: dict | None = None,
    ref: str = "",
) -> None:
    """Tell one person about their own contribution (a reply to their comment, its hiding)."""
    if kind not in KINDS or not email:
        return
    with translation.override(language):
        line = kind_line(kind, params or {})
    mail_send(
        to=email,
        template="notifications/emails/personal",
        context={"title": title, "line": line, "detail": detail, "url": absolute(url, language)},
        language=language,
        ref=ref,
    )


# --- Telling staff --------------------------------------------------------------------------


def kind_enabled(user: Any, kind: str) -> bool:
    return not NotificationPreference.objects.filter(user=user, kind=kind, enabled=False).exists()


@transaction.atomic
def staff_notify(
    *,
    users: Iterable[Any] = (),
    kind: str,
    title: str,
    url: str,
    detail: str = "",
    params: dict | None = None,
    exclude: Any = None,
    audience: str = "",
    topic: str = "",
) -> list[StaffNotice]:
    """Put an item in each person's inbox and e-mail it, unless they turned the kind off
    (or are `exclude`, the person who did the thing). The people are `users`, and the
    `audience` of the `topic` (see notifications.audiences)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    everyone = [*users, *(audience_users(audience, topic) if audience else [])]
    people = {u.pk: u for u in everyone if u is not None and u.pk is not None}
    if exclude is not None:
        people.pop(exclude.pk, None)
    if not people:
        return []
    muted = set(
        NotificationPreference.objects.filter(
            user_id__in=people, kind=kind, enabled=False
        ).values_list("user_id", flat=True)
    )
    params = params or {}
    notices = StaffNotice.objects.bulk_create(
        StaffNotice(
            user_id=pk,
            kind=kind,
            title=title[:300],
            url=url[:300],
            detail=detail,
            params=params,
            emailed=pk not in muted and bool(user.email),
        )
        for pk, user in sorted(people.items())
    )
    language = settings.LANGUAGE_CODE
    for notice in notices:
        if not notice.emailed:
            continue
        with translation.override(language):
            line = kind_line(kind, params)
            inbox_url = absolute(reverse("notifications:notice-list"))
        mail_send(
            to=people[notice.user_id].email,
            template="notifications/emails/staff",
            context={
                "title": title,
                "line": line,
                "detail": detail,
                "url": absolute(url, language),
                "inbox_url": inbox_url,
            },
            language=language,
            ref=f"staff-notice:{notice.pk}",
        )
    return notices


def notifications_for(
    user: Any, *, unread_only: bool = False, limit: int = 50
) -> list[StaffNotice]:
    """The person's inbox items, newest first: what the staff inbox shows."""
    if not user.is_authenticated:
        return []
    notices = StaffNotice.objects.filter(user=user)
    if unread_only:
        notices = notices.unread()
    return list(notices[:limit])


def notifications_unread_count(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return StaffNotice.objects.filter(user=user).unread().count()


def notifications_mark_read(*, user: Any, notice_ids: Iterable[int] | None = None) -> int:
    """Mark the person's items read (all of them without `notice_ids`)."""
    notices = StaffNotice.objects.filter(user=user).unread()
    if notice_ids is not None:
        notices = notices.filter(pk__in=list(notice_ids))
    return notices.update(read_at=timezone.now())


@transaction.atomic
def preferences_update(*, user: Any, enabled: dict[str, bool]) -> None:
    """Save which kinds the person wants by e-mail."""
    for kind, on in enabled.items():
        if kind not in KINDS:
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"enabled": on}
        )


def preferences_of(user: Any) -> dict[str, bool]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "enabled"))
    return {kind: chosen.get(kind, True) for kind in KINDS}
