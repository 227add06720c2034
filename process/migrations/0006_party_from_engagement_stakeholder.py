"""engagement's stakeholder list moves to process as the register of parties (state only: the
tables keep their names, engagement_stakeholder and engagement_historicalstakeholder)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

OLD_KINDS = [
    ("association", "Association"),
    ("network", "Network"),
    ("council", "Council"),
    ("committee", "Committee"),
    ("institution", "Institution"),
    ("other", "Other"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0003_hearings"),
        ("process", "0005_packet_editions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Party",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "kind",
                            models.CharField(choices=OLD_KINDS, max_length=20, verbose_name="kind"),
                        ),
                        (
                            "contact_name",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="contact person"
                            ),
                        ),
                        ("email", models.EmailField(max_length=254, verbose_name="contact e-mail")),
                        (
                            "language",
                            models.CharField(
                                choices=[("da", "Danish"), ("en", "English")],
                                default="da",
                                max_length=8,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "process",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="stakeholders",
                                to="process.process",
                                verbose_name="process",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "party",
                        "verbose_name_plural": "parties",
                        "ordering": ["name", "id"],
                        "db_table": "engagement_stakeholder",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("process", "name"),
                                name="stakeholder_name_once_per_process",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalParty",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "kind",
                            models.CharField(choices=OLD_KINDS, max_length=20, verbose_name="kind"),
                        ),
                        (
                            "contact_name",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="contact person"
                            ),
                        ),
                        ("email", models.EmailField(max_length=254, verbose_name="contact e-mail")),
                        (
                            "language",
                            models.CharField(
                                choices=[("da", "Danish"), ("en", "English")],
                                default="da",
                                max_length=8,
                                verbose_name="language",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "process",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="process.process",
                                verbose_name="process",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical party",
                        "verbose_name_plural": "historical parties",
                        "db_table": "engagement_historicalstakeholder",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
