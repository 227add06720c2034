"""The stakeholder list is now process.Party (state only: the table stays where it is)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0005_hearings_move_to_hearing_app"),
        ("process", "0006_party_from_engagement_stakeholder"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="invitation",
                    name="stakeholder",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="process.party",
                        verbose_name="stakeholder",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalinvitation",
                    name="stakeholder",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="process.party",
                        verbose_name="stakeholder",
                    ),
                ),
                migrations.DeleteModel(name="HistoricalStakeholder"),
                migrations.DeleteModel(name="Stakeholder"),
            ],
            database_operations=[],
        ),
    ]
