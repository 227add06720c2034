"""The parties become one register for the municipality, not one list per process.

Rows with the same name (without case and spacing) in several processes are merged into the
oldest: their invitations move to it (an event that invited both keeps the oldest invitation).
The kinds "network" and "institution" become "association" and "other".
"""

import django.db.models.functions.text
from django.db import migrations, models

KINDS = [
    ("council", "Council"),
    ("committee", "Committee"),
    ("med", "MED committee"),
    ("association", "Association"),
    ("other", "Other"),
]
KIND_MAP = {"network": "association", "institution": "other"}


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def merge_parties(apps, schema_editor):
    Party = apps.get_model("process", "Party")
    Invitation = apps.get_model("engagement", "Invitation")
    kept: dict[str, object] = {}
    for party in Party.objects.order_by("id"):
        key = _key(party.name)
        if key not in kept:
            kept[key] = party
            changed = []
            if party.kind in KIND_MAP:
                party.kind = KIND_MAP[party.kind]
                changed.append("kind")
            if party.name != " ".join(party.name.split()):
                party.name = " ".join(party.name.split())
                changed.append("name")
            if changed:
                party.save(update_fields=changed)
            continue
        keeper = kept[key]
        invited = set(Invitation.objects.filter(stakeholder=keeper).values_list("event_id", flat=True))
        for invitation in Invitation.objects.filter(stakeholder=party):
            if invitation.event_id in invited:
                continue  # the event already invited the kept party; this row goes with its party
            invitation.stakeholder = keeper
            invitation.save(update_fields=["stakeholder"])
        party.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0006_stakeholder_moved_to_process"),
        ("process", "0006_party_from_engagement_stakeholder"),
    ]

    operations = [
        migrations.RunPython(merge_parties, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="party", name="stakeholder_name_once_per_process"
        ),
        migrations.RemoveField(model_name="party", name="process"),
        migrations.RemoveField(model_name="historicalparty", name="process"),
        migrations.AlterField(
            model_name="party",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="historicalparty",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20, verbose_name="kind"),
        ),
        migrations.AddConstraint(
            model_name="party",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"), name="party_name_once"
            ),
        ),
    ]
