import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def packets_to_editions(apps, schema_editor):
    """A packet frozen by its first download becomes that handling's edition 1."""
    Handling = apps.get_model("process", "Handling")
    PacketEdition = apps.get_model("process", "PacketEdition")
    for handling in Handling.objects.filter(packet__isnull=False).select_related("packet"):
        PacketEdition.objects.create(
            handling=handling,
            number=1,
            snapshot=handling.packet,
            issued_at=handling.packet.created_at,
            issued_by=handling.packet.created_by,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('policy', '0004_snapshots'),
        ('process', '0004_version_decisions_and_approval_requests'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PacketEdition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='edition')),
                ('issued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='issued at')),
                ('hearing_was_open', models.BooleanField(default=False, help_text='Responses could still come after this edition was issued.', verbose_name='issued while a hearing was open')),
                ('handling', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='packet_editions', to='process.handling', verbose_name='handling')),
                ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
                ('snapshot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='policy.snapshot', verbose_name='packet PDF')),
            ],
            options={
                'verbose_name': 'meeting packet edition',
                'verbose_name_plural': 'meeting packet editions',
                'ordering': ['handling', 'number'],
                'constraints': [models.UniqueConstraint(fields=('handling', 'number'), name='packet_edition_number_once'), models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='packet_edition_from_one')],
            },
        ),
            migrations.RunPython(packets_to_editions, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='handling',
            name='packet',
        ),
        migrations.RemoveField(
            model_name='historicalhandling',
            name='packet',
        ),
    ]
