"""Agenda items name any kind of case (content type and id) instead of a service request.

The existing items keep their request as a case of type ``requests.servicerequest``;
a settled item records its outcome; members approve a minute one by one.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def requests_become_cases(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AgendaItem = apps.get_model("committees", "AgendaItem")
    if not AgendaItem.objects.exists():
        return
    request_type, _created = ContentType.objects.get_or_create(app_label="requests", model="servicerequest")
    # update(): a closed meeting's items are evidence; the data stays, only its address changes.
    AgendaItem.objects.update(case_type=request_type, case_id=models.F("request_id"))
    AgendaItem.objects.filter(decided=True).update(outcome="decided")


def cases_become_requests(apps, schema_editor):
    AgendaItem = apps.get_model("committees", "AgendaItem")
    AgendaItem.objects.update(request_id=models.F("case_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0002_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("requests", "0003_workflow"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="case_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="case_id",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Awaiting the decision"),
                    ("decided", "Decided"),
                    ("sent_back", "Sent back for more study"),
                    ("withdrawn", "Withdrawn before the decision"),
                ],
                default="",
                max_length=10,
                verbose_name="outcome",
            ),
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="request",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agenda_items",
                to="requests.servicerequest",
            ),
        ),
        migrations.RunPython(requests_become_cases, cases_become_requests),
        migrations.RemoveConstraint(model_name="agendaitem", name="agenda_item_unique"),
        migrations.RemoveField(model_name="agendaitem", name="request"),
        migrations.AlterField(
            model_name="agendaitem",
            name="case_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"
            ),
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="case_id",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(
                fields=("meeting", "case_type", "case_id"), name="agenda_item_case_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="agendaitem",
            index=models.Index(fields=["case_type", "case_id"], name="agenda_item_case_idx"),
        ),
        migrations.AlterField(
            model_name="vote",
            name="choice",
            field=models.CharField(max_length=20, verbose_name="vote"),
        ),
        migrations.CreateModel(
            name="MinuteApproval",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("approved_at", models.DateTimeField(auto_now_add=True, verbose_name="approved at")),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="approvals",
                        to="committees.meeting",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "approval of the minute",
                "verbose_name_plural": "approvals of the minute",
                "ordering": ["approved_at", "id"],
                "constraints": [models.UniqueConstraint(fields=("meeting", "member"), name="minute_approval_unique")],
            },
        ),
    ]
