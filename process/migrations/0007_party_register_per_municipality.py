"""The parties become one register for the municipality, not one list per process: the link to
a process goes, the kinds are the register's, and a name is unique without case. The data was
merged before, by 0006b.
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


class Migration(migrations.Migration):
    dependencies = [
        ("process", "0006b_party_merge_duplicates"),
    ]

    operations = [
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
