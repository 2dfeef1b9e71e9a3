# Step 2 of 3: each existing account gets its own random public id.

import uuid

from django.db import migrations


def fill_public_ids(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(public_id=None).only("pk"):
        user.public_id = uuid.uuid4()
        user.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_public_id"),
    ]

    operations = [
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
    ]
