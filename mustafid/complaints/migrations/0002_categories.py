"""The first complaint categories and their deadlines in working days (CM-1); the admin edits them."""

from django.db import migrations

CATEGORIES = [
    # name, working days to acknowledge, to resolve
    ("اعتراض على قرار", 2, 10),
    ("جودة الخدمة", 2, 10),
    ("سلوك موظف", 1, 5),
    ("الدعم الفني للبوابة", 1, 3),
    ("أخرى", 3, 15),
]


def seed(apps, schema_editor):
    Category = apps.get_model("complaints", "ComplaintCategory")
    for name, acknowledge, resolve in CATEGORIES:
        Category.objects.get_or_create(name=name, defaults={"acknowledge_days": acknowledge, "resolve_days": resolve})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
