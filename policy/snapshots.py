"""PDF snapshots of published versions: rendered once, stored, streamed byte for byte.

Rendering happens on the first download and is serialised on the version's row, so two first
downloads at once (on one app server or several) produce one file: the second waits for the
first's transaction and then finds its snapshot. The file goes through Django's storage API, so
any storage backend (disk, S3-compatible) serves all app servers alike.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import override

from medborger.pdf import pdf_render, pdf_require_script_font
from policy import diff, languages
from policy.markdown import render_markdown
from policy.models import PolicyVersion, Snapshot, VersionTranslation

_WATERMARK = "pdf/watermark-udkast.svg"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def version_pdf_bytes(*, version: PolicyVersion) -> bytes:
    """Render a published version to PDF/A-3u bytes (nothing is stored)."""
    policy = version.policy
    watermark = finders.find(_WATERMARK) if version.status != PolicyVersion.Status.ADOPTED else None
    with override("da"):
        verification_url = _absolute(reverse("policy:snapshot-verify"))
        version_url = _absolute(version.get_absolute_url())
    return pdf_render(
        template_name="policy/pdf/version.html",
        context={
            "policy": policy,
            "version": version,
            "sections": version.sections.select_related("theme").order_by("order"),
            "watermark_url": f"file://{watermark}" if watermark else "",
            "verification_url": verification_url,
            "version_url": version_url,
        },
    )


def redline_pdf_bytes(*, old: PolicyVersion, new: PolicyVersion) -> bytes:
    """What changed from `old` to `new` as a PDF, printed as the meeting packet prints it.

    Both versions are published and never change, so the bytes are kept in the cache.
    """
    key = f"redline-pdf:{old.pk}:{new.pk}"
    data = cache.get(key)
    if data is not None:
        return data
    old_sections = list(old.sections.select_related("theme").order_by("order"))
    new_sections = list(new.sections.select_related("theme").order_by("order"))
    with override("da"):
        changes = diff.compare_sections(old_sections, new_sections)
        compare_url = _absolute(
            reverse(
                "policy:version-compare",
                kwargs={"policy": new.policy.slug, "a": old.number, "b": new.number},
            )
        )
    data = pdf_render(
        template_name="policy/pdf/redline.html",
        context={
            "policy": new.policy,
            "old": old,
            "new": new,
            "changes": changes,
            "summary": diff.change_summary(changes),
            "compare_url": compare_url,
        },
    )
    cache.set(key, data, 24 * 3600)
    return data


def snapshot_filename(version: PolicyVersion) -> str:
    return f"{version.policy.slug}-v{version.number}-{version.published_at:%Y-%m-%d}.pdf"


def translation_pdf_bytes(*, translation: VersionTranslation) -> bytes:
    """Render a published translation to PDF/A-3u bytes: the easy-read summary first, each
    section in the translation, every page marked as an unofficial translation in Danish and in
    the translation's language. Its language and direction are set on the document."""
    version = translation.version
    if translation.is_rtl:
        pdf_require_script_font()
    translated = {s.section_key: s for s in translation.sections.all()}
    sections = []
    for section in version.sections.order_by("order"):
        found = translated[section.key]
        sections.append(
            {
                "anchor": section.anchor,
                "heading": found.heading,
                "body": render_markdown(found.body),
            }
        )
    watermark = finders.find(_WATERMARK) if version.status != PolicyVersion.Status.ADOPTED else None
    with override("da"):
        verification_url = _absolute(reverse("policy:snapshot-verify"))
    return pdf_render(
        template_name="policy/pdf/translation.html",
        text_language=translation.language,
        context={
            "policy": version.policy,
            "version": version,
            "translation": translation,
            "pdf_dir": translation.direction,
            "sections": sections,
            "danish_notice": languages.unofficial_notice(languages.ORIGINAL),
            "watermark_url": f"file://{watermark}" if watermark else "",
            "verification_url": verification_url,
            "version_url": _absolute(translation.get_absolute_url()),
        },
    )


def translation_snapshot_filename(translation: VersionTranslation) -> str:
    version = translation.version
    return (
        f"{version.policy.slug}-v{version.number}-{translation.language}"
        f"-{translation.published_at:%Y-%m-%d}.pdf"
    )


def translation_snapshot_get_or_create(
    *, translation: VersionTranslation, user: Any = None
) -> Snapshot:
    """The published translation's snapshot, rendered and stored the first time it is asked for
    (serialised on the translation's row, like the version's own)."""
    if not translation.is_published:
        raise ValueError("Only published translations have snapshots.")
    kind = Snapshot.Kind.TRANSLATION
    existing = Snapshot.objects.filter(translation=translation, kind=kind).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        VersionTranslation.objects.select_for_update().only("pk").get(pk=translation.pk)
        existing = Snapshot.objects.filter(translation=translation, kind=kind).first()
        if existing is not None:
            return existing
        data = translation_pdf_bytes(translation=translation)
        return snapshot_store(
            version=translation.version,
            data=data,
            kind=kind,
            filename=translation_snapshot_filename(translation),
            user=user,
            translation=translation,
        )


def snapshot_store(
    *,
    version: PolicyVersion,
    data: bytes,
    kind: str,
    purpose: str = "",
    filename: str = "",
    user: Any = None,
    translation: VersionTranslation | None = None,
) -> Snapshot:
    """Store rendered bytes as a frozen snapshot with their checksum and size."""
    snapshot = Snapshot(
        version=version,
        translation=translation,
        kind=kind,
        purpose=purpose,
        filename=filename or snapshot_filename(version),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    snapshot.file.save(f"{snapshot.sha256[:16]}-{snapshot.filename}", ContentFile(data), save=False)
    snapshot.save()
    return snapshot


def version_snapshot_get_or_create(*, version: PolicyVersion, user: Any = None) -> Snapshot:
    """The version's snapshot, rendering and storing it the first time it is asked for."""
    if version.status == PolicyVersion.Status.DRAFT:
        raise ValueError("Only published versions have snapshots.")
    existing = Snapshot.objects.filter(version=version, kind=Snapshot.Kind.VERSION).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        # The row lock makes a second, simultaneous first download wait here for the first.
        PolicyVersion.objects.select_for_update().only("pk").get(pk=version.pk)
        existing = Snapshot.objects.filter(version=version, kind=Snapshot.Kind.VERSION).first()
        if existing is not None:
            return existing
        data = version_pdf_bytes(version=version)
        return snapshot_store(version=version, data=data, kind=Snapshot.Kind.VERSION, user=user)


def snapshot_response(
    request, snapshot: Snapshot, *, max_age: int = 0, immutable: bool = False
) -> HttpResponse:
    """Stream a stored snapshot as a download, with its checksum as ETag (304 when unchanged)."""
    etag = f'"{snapshot.sha256}"'
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(snapshot.created_at.timestamp())
    )
    if not_modified is not None:
        return not_modified
    response = FileResponse(
        snapshot.file.open("rb"),
        as_attachment=True,
        filename=snapshot.filename,
        content_type="application/pdf",
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(snapshot.created_at.timestamp())
    if max_age:
        response["Cache-Control"] = f"public, max-age={max_age}" + (
            ", immutable" if immutable else ""
        )
    else:
        response["Cache-Control"] = "private, no-cache"
    response["X-Content-SHA256"] = snapshot.sha256
    return response


def snapshot_find(*, sha256: str) -> Snapshot | None:
    """The official snapshot with this checksum, if there is one."""
    return (
        Snapshot.objects.select_related("version__policy")
        .filter(sha256=sha256.strip().lower())
        .order_by("created_at")
        .first()
    )


def sha256_of_upload(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()
