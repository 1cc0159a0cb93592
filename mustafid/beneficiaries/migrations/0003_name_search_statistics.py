"""PostgreSQL: a finer histogram of name_search so LIKE '%family name%' is estimated well.

At the default statistics target a family name held by 2% of a million files
is missing from the sample, is estimated at 100 rows, and the planner picks a
plan that reads and sorts 20,000 wide rows (measured in bench/).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE beneficiaries_beneficiary ALTER COLUMN name_search SET STATISTICS 1000")
        schema_editor.execute("ANALYZE beneficiaries_beneficiary")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE beneficiaries_beneficiary ALTER COLUMN name_search SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0002_name_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
