import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def follow_by_opener(apps, schema_editor):
    # Claims opened before this have no one named: who opened one follows it, as for a new claim.
    Claim = apps.get_model("compensation", "Claim")
    Claim.objects.filter(assigned_to__isnull=True).update(assigned_to=models.F("opened_by"))


class Migration(migrations.Migration):

    dependencies = [
        ('compensation', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='assigned_to',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='responsible staff member'),
        ),
        migrations.AddField(
            model_name='claim',
            name='due_on',
            field=models.DateField(blank=True, db_index=True, null=True, verbose_name='due on'),
        ),
        migrations.RunPython(follow_by_opener, migrations.RunPython.noop),
    ]
