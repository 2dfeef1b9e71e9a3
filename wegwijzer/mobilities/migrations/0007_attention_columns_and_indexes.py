"""Issue 16: Mobility.next_due_date (the soonest due date of the stay's work now, stored so
the homes order by urgency from an index) and the indexes the lists' filters and orderings
use. The key line of each plan, EXPLAIN ANALYZE on PostgreSQL 15 with 100,000 stays
(3.96 million checklist items):

- mobility_urgent_in_progress: the homes' first page, ORDER BY next_due_date NULLS LAST,
  departure_date, id LIMIT 20 over 12,000 stays in progress (was: 7 s of subqueries):
  "Index Only Scan using mobility_urgent_in_progress ... rows=20" (0.09 ms); overdue
  stays: "Index Cond: (next_due_date < '2026-12-04'::date)" (1.1 ms, 10,608 rows).
- mobility_outcome_step (also Mobility(outcome)): counts per step in progress,
  "Index Only Scan using mobility_outcome_step ... Index Cond: (outcome = ''::text)
  Heap Fetches: 0" (1.4 ms); outcome = 'broken_off': same index, 0.13 ms.
- mobility_country: "Index Only Scan using mobility_country ... Index Cond:
  (destination_country = 'US'::text)" (a common country still gets a Seq Scan: right).
- mobility_dates: "Index Scan using mobility_dates ... Index Cond: ((departure_date >=
  '2021-01-01') AND (departure_date <= '2021-01-31') AND (return_date >= '2021-01-15'))".
- mobility_open_country: the home's country choices, "Unique -> Index Only Scan using
  mobility_open_country" (1.2 ms; was a Bitmap Heap Scan, 9 ms).
- mobility_open_departure: departures in 8 weeks, "Index Scan using
  mobility_open_departure ... Index Cond: ((departure_date >= ...) AND (departure_date
  <= ...))" (0.1 ms).
- item_mobility_step_status: a stay's open items up to its step (the attention
  subqueries, the refresh), "Index Only Scan using item_mobility_step_status ... Index
  Cond: ((mobility_id = 5) AND (step <= 3) AND (status = 'open'::text))" (0.07 ms).
- item_to_check: the "to check" queue, "Index Only Scan using item_to_check" (0.06 ms
  for 501 of 3.96 million items; was a Seq Scan, 54 ms).
"""

from django.conf import settings
from django.db import migrations, models

from wegwijzer.mobilities import attention


def fill_next_due_date(apps, schema_editor):
    Mobility = apps.get_model("mobilities", "Mobility")
    ChecklistItem = apps.get_model("mobilities", "ChecklistItem")
    attention.refresh(Mobility.objects.all(), ChecklistItem.objects.all())


class Migration(migrations.Migration):

    dependencies = [
        ('hosts', '0004_drop_recognised_flags'),
        ('mobilities', '0006_stay_extension'),
        ('programmes', '0005_programme_assessment_scale'),
        ('students', '0005_people_interest_and_card'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='mobility',
            name='next_due_date',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_next_due_date, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='checklistitem',
            index=models.Index(fields=['mobility', 'step', 'status'], name='item_mobility_step_status'),
        ),
        migrations.AddIndex(
            model_name='checklistitem',
            index=models.Index(condition=models.Q(('applicable', True), ('status', 'to_check')), fields=['changed_at'], name='item_to_check'),
        ),
        migrations.AddIndex(
            model_name='mobility',
            index=models.Index(fields=['outcome', 'step'], name='mobility_outcome_step'),
        ),
        migrations.AddIndex(
            model_name='mobility',
            index=models.Index(fields=['destination_country'], name='mobility_country'),
        ),
        migrations.AddIndex(
            model_name='mobility',
            index=models.Index(fields=['departure_date', 'return_date'], name='mobility_dates'),
        ),
        migrations.AddIndex(
            model_name='mobility',
            index=models.Index(condition=models.Q(('outcome', '')), fields=['destination_country'], name='mobility_open_country'),
        ),
        migrations.AddIndex(
            model_name='mobility',
            index=models.Index(condition=models.Q(('outcome', '')), fields=['departure_date'], name='mobility_open_departure'),
        ),
        migrations.AddIndex(
            model_name='mobility',
            index=models.Index(condition=models.Q(('outcome', '')), fields=['next_due_date', 'departure_date', 'id'], name='mobility_urgent_in_progress'),
        ),
    ]
