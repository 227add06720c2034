"""The hearing tables moved from `engagement` to `hearing` in Django's state only: a database
made before the move keeps its rows, and the `hearing` models find them afterwards."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from hearing.models import Hearing, HearingAttachment, HearingResponse
from tests.factories import ProcessFactory, published_version_with_sections

BEFORE_THE_MOVE = [("engagement", "0003_hearings"), ("hearing", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_rows_made_before_the_move_are_found_through_the_hearing_models():
    process = ProcessFactory()
    version = published_version_with_sections(process.policy)
    content_type_id = ContentType.objects.get(app_label="hearing", model="hearingresponse").pk

    old = _migrate(BEFORE_THE_MOVE)
    try:
        with pytest.raises(LookupError):
            old.get_model("hearing", "Hearing")
        OldHearing = old.get_model("engagement", "Hearing")
        OldResponse = old.get_model("engagement", "HearingResponse")
        OldAttachment = old.get_model("engagement", "HearingAttachment")
        now = timezone.now()
        hearing = OldHearing.objects.create(
            process_id=process.pk,
            version_id=version.pk,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=13),
            delete_after=timezone.localdate() + datetime.timedelta(days=90),
        )
        response = OldResponse.objects.create(
            hearing=hearing, tracking="H-2026-OLDROW01", name="Bente Borger", text="Et svar."
        )
        OldAttachment.objects.create(
            response=response,
            file="hearing/1/abc.pdf",
            original_name="svar.pdf",
            kind="pdf",
            size=123,
            sha256="0" * 64,
        )
        # Before the move the content type belongs to engagement, with the same row.
        assert ContentType.objects.get(pk=content_type_id).app_label == "engagement"
    finally:
        _migrate(_latest())

    moved = HearingResponse.objects.select_related("hearing").get(tracking="H-2026-OLDROW01")
    assert moved.name == "Bente Borger"
    assert moved.hearing.process_id == process.pk
    assert moved.hearing.version_id == version.pk
    assert Hearing.objects.get().responses.count() == 1
    attachment = HearingAttachment.objects.get()
    assert attachment.response_id == moved.pk
    assert attachment.original_name == "svar.pdf"
    # The foreign keys from policy and process still lead to the rows.
    assert list(version.hearings.all()) == [moved.hearing]
    assert list(process.hearings.all()) == [moved.hearing]
    assert ContentType.objects.get(pk=content_type_id).app_label == "hearing"
    assert Hearing._meta.db_table == "engagement_hearing"
    assert Hearing.history.model._meta.db_table == "engagement_historicalhearing"
