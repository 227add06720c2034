"""The stakeholder lists of engagement become process's one register of parties, keeping the
table and its rows (a database with rows from the old schema is migrated forward)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

OLD = [("engagement", "0003_hearings"), ("process", "0004_version_decisions_and_approval_requests")]
NEW = [
    ("engagement", "0007_registration_department"),
    ("process", "0008_departments_and_body_member_changes"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_stakeholders_and_free_text_departments_survive_the_move():
    old = _migrate(OLD)
    Policy = old.get_model("policy", "Policy")
    Process = old.get_model("process", "Process")
    Event = old.get_model("engagement", "Event")
    Stakeholder = old.get_model("engagement", "Stakeholder")
    Invitation = old.get_model("engagement", "Invitation")
    Registration = old.get_model("engagement", "Registration")
    policy = Policy.objects.create(slug="p", title="P", owner="Ishøj Kommune")
    first = Process.objects.create(policy=policy, title="A", start_date=datetime.date(2026, 1, 1))
    second = Process.objects.create(policy=policy, title="B", start_date=datetime.date(2027, 1, 1))
    start = timezone.now() + datetime.timedelta(days=10)
    events = [
        Event.objects.create(
            process=process,
            kind="staff_workshop",
            audience=audience,
            title=f"Møde {process.title}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place="Rådhuset",
            capacity=10,
            registration_deadline=start - datetime.timedelta(days=1),
        )
        for process, audience in [(first, "staff"), (second, "public")]
    ]
    council = Stakeholder.objects.create(
        process=first, name="Ældrerådet", kind="council", email="a@example.org"
    )
    again = Stakeholder.objects.create(
        process=second, name="ældrerådet ", kind="council", email="b@example.org"
    )
    network = Stakeholder.objects.create(
        process=second, name="Netværket", kind="network", email="n@example.org"
    )
    Invitation.objects.create(event=events[0], stakeholder=council)
    moved = Invitation.objects.create(event=events[1], stakeholder=again)
    for text, event in [
        ("Center for Børn og Unge", events[0]),
        ("center for børn  og unge", events[0]),
        ("Ishøj Fællesråd", events[1]),
    ]:
        Registration.objects.create(
            event=event, name="X", email=f"{len(text)}{event.pk}@example.org", organisation=text
        )

    new = _migrate(NEW)
    Party = new.get_model("process", "Party")
    Department = new.get_model("process", "Department")
    NewInvitation = new.get_model("engagement", "Invitation")
    NewRegistration = new.get_model("engagement", "Registration")
    assert {(p.pk, p.name, p.kind) for p in Party.objects.all()} == {
        (council.pk, "Ældrerådet", "council"),
        (network.pk, "Netværket", "association"),
    }
    assert NewInvitation.objects.get(pk=moved.pk).stakeholder_id == council.pk
    assert NewInvitation.objects.count() == 2
    assert list(Department.objects.values_list("name", flat=True)) == ["Center for Børn og Unge"]
    mapped = {r.organisation: r.department_id for r in NewRegistration.objects.all()}
    department = Department.objects.get().pk
    assert mapped == {
        "Center for Børn og Unge": department,
        "center for børn  og unge": department,
        "Ishøj Fællesråd": None,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM engagement_stakeholder")
        assert cursor.fetchone()[0] == 2
    _migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
