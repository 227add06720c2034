"""Hearings, their responses and attachments, taken over from `engagement`.

The tables exist already (made by `engagement.0003_hearings`) and keep their names; this
migration only tells Django that the models now belong here. The content types move too, so
permissions and admin history stay attached to the same rows.
"""

import django.db.models.deletion
import django.utils.timezone
import hearing.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELS = [
    "hearing",
    "hearingresponse",
    "hearingattachment",
    "historicalhearing",
    "historicalhearingresponse",
]


def _content_types_move(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label=target, model__in=MODELS).values_list("model", flat=True)
    )
    ContentType.objects.filter(app_label=source, model__in=MODELS).exclude(model__in=taken).update(
        app_label=target
    )


def content_types_forward(apps, schema_editor):
    _content_types_move(apps, schema_editor, "engagement", "hearing")


def content_types_backward(apps, schema_editor):
    _content_types_move(apps, schema_editor, "hearing", "engagement")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('engagement', '0003_hearings'),
        ('policy', '0004_snapshots'),
        ('process', '0004_version_decisions_and_approval_requests'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Hearing',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('intro', models.TextField(blank=True, max_length=4000, verbose_name='introduction')),
                        ('opens_at', models.DateTimeField(verbose_name='opens at')),
                        ('closes_at', models.DateTimeField(verbose_name='closes at')),
                        ('publication_rule', models.CharField(choices=[('after_review', 'Publish after review'), ('at_once', 'Publish at once'), ('none', 'Do not publish')], default='after_review', max_length=14, verbose_name='publication of responses')),
                        ('delete_after', models.DateField(help_text='After this date names, e-mail addresses and attachments are deleted.', verbose_name='deletion date')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                        ('notat_published_at', models.DateTimeField(blank=True, null=True, verbose_name='consultation report published at')),
                        ('purged_at', models.DateTimeField(blank=True, null=True, verbose_name='personal data deleted at')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='opened by')),
                        ('process', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='hearings', to='process.process', verbose_name='process')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='hearings', to='policy.policyversion', verbose_name='version under hearing')),
                    ],
                    options={
                        'verbose_name': 'hearing',
                        'verbose_name_plural': 'hearings',
                        'db_table': 'engagement_hearing',
                        'ordering': ['-opens_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='HearingResponse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tracking', models.CharField(max_length=20, unique=True, verbose_name='tracking number')),
                        ('idempotency_key', models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True, verbose_name='idempotency key')),
                        ('kind', models.CharField(choices=[('person', 'A private person'), ('organisation', 'An organisation or association'), ('med', 'A MED committee')], default='person', max_length=14, verbose_name='respondent')),
                        ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                        ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                        ('text', models.TextField(max_length=20000, verbose_name='response')),
                        ('consent_to_publish', models.BooleanField(default=False, verbose_name='consent to publication')),
                        ('name_protected', models.BooleanField(default=False, verbose_name='name and address protection')),
                        ('channel', models.CharField(choices=[('web', 'Web form'), ('letter', 'Letter'), ('email', 'E-mail')], default='web', max_length=8, verbose_name='channel')),
                        ('language', models.CharField(choices=[('da', 'Danish'), ('en', 'English')], default='da', max_length=8, verbose_name='language')),
                        ('received_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='received at')),
                        ('status', models.CharField(choices=[('received', 'Received'), ('published', 'Published'), ('withheld', 'Withheld')], default='received', max_length=10, verbose_name='status')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                        ('withheld_reason', models.CharField(blank=True, max_length=500, verbose_name='reason for withholding')),
                        ('receipt_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='receipt sent at')),
                        ('receipt_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='receipt attempts')),
                        ('receipt_error', models.CharField(blank=True, max_length=500, verbose_name='last receipt error')),
                        ('summary', models.TextField(blank=True, max_length=4000, verbose_name='summary')),
                        ('comment', models.TextField(blank=True, max_length=4000, verbose_name="the administration's comment")),
                        ('led_to_change', models.BooleanField(default=False, verbose_name='led to a change')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                        ('answer_mail_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='answer e-mail sent at')),
                        ('anonymised_at', models.DateTimeField(blank=True, null=True, verbose_name='anonymised at')),
                        ('entered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by')),
                        ('hearing', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='responses', to='hearing.hearing', verbose_name='hearing')),
                        ('section', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='hearing_responses', to='policy.section', verbose_name='section')),
                        ('theme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='hearing_responses', to='policy.theme', verbose_name='theme')),
                    ],
                    options={
                        'verbose_name': 'hearing response',
                        'verbose_name_plural': 'hearing responses',
                        'db_table': 'engagement_hearingresponse',
                        'ordering': ['received_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HearingAttachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=200, upload_to=hearing.models.hearing_upload_to, verbose_name='file')),
                        ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                        ('kind', models.CharField(choices=[('pdf', 'PDF'), ('docx', 'Word (DOCX)'), ('odt', 'OpenDocument (ODT)'), ('jpg', 'JPEG'), ('png', 'PNG')], max_length=5, verbose_name='type')),
                        ('size', models.PositiveIntegerField(verbose_name='size in bytes')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                        ('is_scan', models.BooleanField(default=False, help_text='Scans are for staff only; they may show an address.', verbose_name='scan of a letter')),
                        ('response', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='hearing.hearingresponse', verbose_name='response')),
                    ],
                    options={
                        'verbose_name': 'hearing attachment',
                        'verbose_name_plural': 'hearing attachments',
                        'db_table': 'engagement_hearingattachment',
                        'ordering': ['response', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalHearing',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('intro', models.TextField(blank=True, max_length=4000, verbose_name='introduction')),
                        ('opens_at', models.DateTimeField(verbose_name='opens at')),
                        ('closes_at', models.DateTimeField(verbose_name='closes at')),
                        ('publication_rule', models.CharField(choices=[('after_review', 'Publish after review'), ('at_once', 'Publish at once'), ('none', 'Do not publish')], default='after_review', max_length=14, verbose_name='publication of responses')),
                        ('delete_after', models.DateField(help_text='After this date names, e-mail addresses and attachments are deleted.', verbose_name='deletion date')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                        ('notat_published_at', models.DateTimeField(blank=True, null=True, verbose_name='consultation report published at')),
                        ('purged_at', models.DateTimeField(blank=True, null=True, verbose_name='personal data deleted at')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='opened by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('process', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='process.process', verbose_name='process')),
                        ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='policy.policyversion', verbose_name='version under hearing')),
                    ],
                    options={
                        'verbose_name': 'historical hearing',
                        'verbose_name_plural': 'historical hearings',
                        'db_table': 'engagement_historicalhearing',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalHearingResponse',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('person', 'A private person'), ('organisation', 'An organisation or association'), ('med', 'A MED committee')], default='person', max_length=14, verbose_name='respondent')),
                        ('text', models.TextField(max_length=20000, verbose_name='response')),
                        ('consent_to_publish', models.BooleanField(default=False, verbose_name='consent to publication')),
                        ('name_protected', models.BooleanField(default=False, verbose_name='name and address protection')),
                        ('channel', models.CharField(choices=[('web', 'Web form'), ('letter', 'Letter'), ('email', 'E-mail')], default='web', max_length=8, verbose_name='channel')),
                        ('language', models.CharField(choices=[('da', 'Danish'), ('en', 'English')], default='da', max_length=8, verbose_name='language')),
                        ('received_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='received at')),
                        ('status', models.CharField(choices=[('received', 'Received'), ('published', 'Published'), ('withheld', 'Withheld')], default='received', max_length=10, verbose_name='status')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                        ('withheld_reason', models.CharField(blank=True, max_length=500, verbose_name='reason for withholding')),
                        ('receipt_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='receipt sent at')),
                        ('receipt_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='receipt attempts')),
                        ('receipt_error', models.CharField(blank=True, max_length=500, verbose_name='last receipt error')),
                        ('summary', models.TextField(blank=True, max_length=4000, verbose_name='summary')),
                        ('comment', models.TextField(blank=True, max_length=4000, verbose_name="the administration's comment")),
                        ('led_to_change', models.BooleanField(default=False, verbose_name='led to a change')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                        ('answer_mail_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='answer e-mail sent at')),
                        ('anonymised_at', models.DateTimeField(blank=True, null=True, verbose_name='anonymised at')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('entered_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by')),
                        ('hearing', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='hearing.hearing', verbose_name='hearing')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('section', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='policy.section', verbose_name='section')),
                        ('theme', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='policy.theme', verbose_name='theme')),
                    ],
                    options={
                        'verbose_name': 'historical hearing response',
                        'verbose_name_plural': 'historical hearing responses',
                        'db_table': 'engagement_historicalhearingresponse',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name='hearing',
                    constraint=models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='hearing_closes_after_opening'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
