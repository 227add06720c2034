"""Hearings, their responses and attachments moved to the `hearing` app.

Only Django's idea of the models moves: the tables keep their names (`engagement_hearing` and so
on) and their rows, and `hearing.0001_initial` takes them over in its state.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('engagement', '0004_event_sequence_and_cancellation'),
        ('hearing', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='hearingresponse',
                    name='hearing',
                ),
                migrations.RemoveField(
                    model_name='historicalhearingresponse',
                    name='hearing',
                ),
                migrations.RemoveField(
                    model_name='hearingattachment',
                    name='response',
                ),
                migrations.RemoveField(
                    model_name='hearingresponse',
                    name='entered_by',
                ),
                migrations.RemoveField(
                    model_name='hearingresponse',
                    name='section',
                ),
                migrations.RemoveField(
                    model_name='hearingresponse',
                    name='theme',
                ),
                migrations.RemoveField(
                    model_name='historicalhearing',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalhearing',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalhearing',
                    name='process',
                ),
                migrations.RemoveField(
                    model_name='historicalhearing',
                    name='version',
                ),
                migrations.RemoveField(
                    model_name='historicalhearingresponse',
                    name='entered_by',
                ),
                migrations.RemoveField(
                    model_name='historicalhearingresponse',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalhearingresponse',
                    name='section',
                ),
                migrations.RemoveField(
                    model_name='historicalhearingresponse',
                    name='theme',
                ),
                migrations.DeleteModel(
                    name='Hearing',
                ),
                migrations.DeleteModel(
                    name='HearingAttachment',
                ),
                migrations.DeleteModel(
                    name='HearingResponse',
                ),
                migrations.DeleteModel(
                    name='HistoricalHearing',
                ),
                migrations.DeleteModel(
                    name='HistoricalHearingResponse',
                ),
            ],
            database_operations=[],
        ),
    ]
