import datetime

from django.conf import settings
from django.db import migrations
from django.db.models import F
from django.utils import timezone


def floor_due_dates(apps, schema_editor):
    """Open items due before their stay was created plus the grace period get that day as
    their due date, as mobilities.rules.due_date now gives every new or synced item (the
    rule is copied here so that later changes to it do not change this migration)."""
    grace = datetime.timedelta(days=getattr(settings, "CHECKLIST_GRACE_DAYS", 14))
    mobility_model = apps.get_model("mobilities", "Mobility")
    item_model = apps.get_model("mobilities", "ChecklistItem")
    for mobility_id, created_at in mobility_model.objects.values_list("pk", "created_at"):
        earliest = timezone.localdate(created_at) + grace
        item_model.objects.filter(
            mobility_id=mobility_id, status="open", due_date__lt=earliest
        ).update(due_date=earliest, version=F("version") + 1)


class Migration(migrations.Migration):
    dependencies = [("mobilities", "0004_copy_checkers")]

    operations = [migrations.RunPython(floor_due_dates, migrations.RunPython.noop)]
