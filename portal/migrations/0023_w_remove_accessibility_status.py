from django.db import migrations


class Migration(migrations.Migration):
    # Apart from the data migration before it: PostgreSQL alters a table only once the rows that
    # migration updated are settled, in a transaction of their own.

    dependencies = [
        ('portal', '0022_w_accessibility_rate_and_plans'),
    ]

    operations = [
        migrations.RemoveField(
            model_name="portalsettings",
            name="accessibility_status",
        ),
    ]
