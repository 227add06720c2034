"""Walk every URL pattern of the portal and build a concrete URL for each from a seeded world."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclasses.dataclass(frozen=True)
class Pattern:
    name: str  # namespaced, e.g. "policy:version-detail"
    route: str
    params: tuple[str, ...]
    positional: int = 0


def all_patterns() -> list[Pattern]:
    """Every named URL pattern, once (i18n prefixes collapse to the Danish routes)."""
    found: dict[str, Pattern] = {}

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
                walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = namespace + (entry.name or str(entry.pattern))
                params = tuple(entry.pattern.regex.groupindex)
                outer = tuple(resolver.pattern.regex.groupindex) if resolver.pattern else ()
                positional = entry.pattern.regex.groups - len(params)
                found.setdefault(
                    name, Pattern(name, prefix + str(entry.pattern), outer + params, positional)
                )

    walk(get_resolver(), "", "")
    return sorted(found.values(), key=lambda p: p.name)


@dataclasses.dataclass
class World:
    policy: object
    process: object
    version: object
    section: object
    comment: object
    pending_comment: object
    event: object
    registration: object
    invitation: object
    distribution_item: object
    hearing: object
    response: object
    attachment: object
    handling: object
    milestone: object
    body: object
    membership: object

    def emails(self) -> set[str]:
        """Every e-mail address of a person the portal holds."""
        from django.contrib.auth import get_user_model

        from engagement.models import Registration
        from hearing.models import HearingResponse
        from policy.models import Comment
        from process.models import Party

        found = set(get_user_model().objects.exclude(email="").values_list("email", flat=True))
        for model in (Comment, Registration, HearingResponse, Party):
            found |= set(model.objects.exclude(email="").values_list("email", flat=True))
        return {email.lower() for email in found}


def build_world(*, steering_member, project_member, coordinator) -> World:
    """`load_ishoj` plus one of each thing a URL can point at."""
    from hearing.models import HearingAttachment
    from policy.models import Comment, Policy
    from policy.services import draft_start, translation_create, translation_update
    from process.models import Body, Membership, Process
    from process.services import version_approve
    from tests.engagement.factories import (
        DistributionItemFactory,
        InvitationFactory,
        RegistrationFactory,
    )
    from tests.hearing.factories import HearingFactory, HearingResponseFactory
    from tests.policy.factories import CommentFactory
    from tests.process.factories import HandlingFactory

    policy = Policy.objects.get(slug="medborgerpolitik")
    process = Process.objects.get(policy=policy)
    version = policy.versions.get(number=1)
    version_approve(version=version, user=steering_member)
    draft_start(policy=policy, user=coordinator)
    # An Arabic translation being written (a draft: its PDF does not exist yet).
    translation = translation_create(version=version, language="ar")
    first_key = version.sections.order_by("order").values_list("key", flat=True).first()
    translation_update(
        translation=translation, sections={first_key: ("المقدمة", "نص.")}, easy_read="ملخص."
    )
    section = version.sections.order_by("order").first()
    comment = CommentFactory(
        section=section, author_name="Kirsten Kommentar", email="kommentar@example.org"
    )
    pending_comment = CommentFactory(
        section=section,
        author_name="Peter Pending",
        email="pending@example.org",
        status=Comment.Status.UNCONFIRMED,
        published_at=None,
        token="bekraeft-token-1234567890",
        confirm_by=timezone.now() + datetime.timedelta(days=1),
    )
    event = process.events.filter(audience="public").order_by("starts_at").first()
    registration = RegistrationFactory(
        event=event, name="Rikke Tilmeldt", email="tilmeldt@example.org"
    )
    invitation = InvitationFactory(event=event)
    distribution_item = DistributionItemFactory(event=event)
    hearing = HearingFactory(process=process, version=version)
    response = HearingResponseFactory(
        hearing=hearing, name="Hanne Hoering", email="hoering@example.org"
    )
    attachment = HearingAttachment(
        response=response,
        original_name="svar.pdf",
        kind="pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    attachment.file.save("svar.pdf", ContentFile(PDF_BYTES), save=False)
    attachment.save()
    handling = HandlingFactory(process=process, body=Body.objects.order_by("pk").first())
    membership = Membership.objects.get(process=process, user=project_member)
    return World(
        policy=policy,
        process=process,
        version=version,
        section=section,
        comment=comment,
        pending_comment=pending_comment,
        event=event,
        registration=registration,
        invitation=invitation,
        distribution_item=distribution_item,
        hearing=hearing,
        response=response,
        attachment=attachment,
        handling=handling,
        milestone=process.milestones.order_by("pk").first(),
        body=handling.body,
        membership=membership,
    )


def load_ishoj() -> None:
    call_command("load_ishoj", stdout=io.StringIO())


def _pk(name: str, world: World) -> int:
    if name == "hearing:attachment-detail":
        return world.attachment.pk
    if name.startswith("hearing:staff-"):
        return world.hearing.pk
    if name == "process:department-update":
        from process.models import Department

        return Department.objects.order_by("pk").first().pk
    if name == "process:party-update":
        from process.models import Party

        return Party.objects.order_by("pk").first().pk
    return {
        "process:body-update": world.body.pk,
        "process:body-member-list": world.body.pk,
        "process:body-member-create": world.body.pk,
        "process:body-member-delete": world.body.pk,
        "process:milestone-edit": world.milestone.pk,
        "process:milestone-detail": world.milestone.pk,
        "process:handling-detail": world.handling.pk,
        "process:handling-update": world.handling.pk,
        "process:handling-delete": world.handling.pk,
        "process:member-update": world.membership.pk,
        "process:member-remove": world.membership.pk,
        "hearing:packet-detail": world.handling.pk,
        "process:packet-create": world.handling.pk,
        "process:packet-detail": world.handling.pk,
        "engagement:event-calendar": world.event.pk,
    }.get(name, world.event.pk)


def _token(name: str, world: World) -> str:
    if name.startswith("policy:"):
        return world.pending_comment.token
    if name.startswith("privacy:data-"):
        from privacy.services import gdpr_token_make

        # The link's owner sees their own address; one nobody else in the world has.
        return gdpr_token_make(email="link-holder@example.org")
    if name == "hearing:confirmation-update":
        from hearing.services import confirm_token_make

        return confirm_token_make(response=world.response)
    if name.startswith("engagement:invitation"):
        return world.invitation.token
    if name.startswith("notifications:subscription-"):
        from notifications.models import Subscription
        from notifications.services import subscription_token

        # The link's owner sees their own address; one nobody else in the world has.
        follow, _created = Subscription.objects.get_or_create(
            topic="policy:0",
            email="link-holder@example.org",
            defaults={"title": "Medborgerpolitik", "url": "/", "language": "da"},
        )
        return subscription_token(follow, purpose=name.rpartition("-")[2])
    return world.registration.token


def admin_model_of(name: str):
    """The model whose ModelAdmin serves the admin view `name` (None for the site's own views)."""
    from django.contrib import admin

    for model in admin.site._registry:
        if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def _admin_url(pattern: Pattern, world: World) -> str:
    """An admin URL for the first object of the view's model ("1" when there is none)."""
    from django.contrib.contenttypes.models import ContentType

    if pattern.name == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(world.policy)
        return reverse(pattern.name, args=[content_type.pk, world.policy.pk])
    if pattern.name == "admin:app_list":
        return reverse(pattern.name, kwargs={"app_label": "policy"})
    model = admin_model_of(pattern.name)
    obj = model._default_manager.order_by("pk").first() if model else None
    object_id = str(obj.pk) if obj else "1"
    if pattern.positional:  # django-simple-history's view of one historical record
        history = getattr(obj, "history", None)
        history_id = (
            history.values_list("pk", flat=True).order_by("pk").first()
            if history is not None
            else None
        )
        return reverse(pattern.name, args=[object_id, str(history_id or 1)])
    kwargs = {param: object_id for param in pattern.params}  # object_id, or id for a password
    return reverse(pattern.name, kwargs=kwargs) if kwargs else reverse(pattern.name)


def url_for(pattern: Pattern, world: World) -> str:
    """A concrete URL for the pattern, pointing at real objects of the world."""
    name = pattern.name
    if name == "admin:(?P<url>.*)$":
        return "/admin/no-such-page/"
    if name.startswith("^media/"):
        return "/media/does-not-exist.txt"
    if "<" in name:  # an unnamed pattern (admin's old-style redirects): fill in the route
        return "/" + re.sub(r"<(?:\w+:)?\w+>", "1", pattern.route)
    if name.startswith("admin:"):
        return _admin_url(pattern, world)
    values = {
        "policy": world.policy.slug,
        "number": world.version.number,
        "a": world.version.number,
        "b": world.version.number,
        "key": str(world.section.key),
        "comment_id": world.comment.pk,
        "tracking": world.response.tracking,
        "registration_pk": world.registration.pk,
        "invitation_pk": world.invitation.pk,
        "item_pk": world.distribution_item.pk,
        "response_pk": world.response.pk,
        "attachment_pk": world.attachment.pk,
        "user_pk": world.membership.user_id,
        "uidb36": "1",
        "language": "ar",
        "path": "does-not-exist.txt",
    }
    kwargs = {}
    for param in pattern.params:
        if param == "pk":
            kwargs[param] = _pk(name, world)
        elif param == "token":
            kwargs[param] = _token(name, world)
        elif param == "key" and name.startswith("account_"):
            kwargs[param] = "not-a-real-key"
        else:
            kwargs[param] = values[param]
    return reverse(name, kwargs=kwargs) if kwargs else reverse(name)


def fetch(client, url: str):
    """GET the URL; returns (response, body bytes), file responses read to the end."""
    response = client.get(url)
    # Reading a streamed file to the end closes it (the test client wraps the iterator); calling
    # close() again would fire request_finished and close the test's database connection.
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return response, body
