"""The parties' data before they become one register (process 0007): rows with the same name
(without case and spacing) in several processes are merged into the oldest, their invitations
move to it (an event that invited both keeps the oldest invitation), and the kinds "network" and
"institution" become "association" and "other".

A migration of its own, so that on PostgreSQL its row changes are committed before 0007 alters
the table (an ALTER TABLE is refused while the same transaction has pending trigger events).
"""

from django.db import migrations

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
    ]
