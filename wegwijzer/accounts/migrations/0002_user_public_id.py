# Step 1 of 3 of giving every account an opaque public id: the column, without a constraint
# yet, so existing rows can be filled first (0003) and then made unique and required (0004).
# Three migrations rather than one: PostgreSQL refuses to alter a table in the transaction
# that just updated its rows.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
    ]
