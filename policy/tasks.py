"""Policy work that runs in the background worker."""

from __future__ import annotations

from django_tasks import task

from policy import services, snapshots
from policy.models import PolicyVersion


@task()
def version_pdf_render(version_id: int) -> str:
    """Render and store a published version's PDF snapshot (enqueued when it is published).
    A download that comes first renders it itself, under the same lock; then this does
    nothing. Returns the snapshot's SHA-256."""
    version = PolicyVersion.objects.select_related("policy").get(pk=version_id)
    return snapshots.version_snapshot_get_or_create(version=version).sha256


@task()
def comments_expire() -> int:
    """Scheduled daily: delete comments whose e-mail was not confirmed in time."""
    return services.comments_expire()
