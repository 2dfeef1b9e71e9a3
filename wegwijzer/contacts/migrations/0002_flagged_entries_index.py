"""Issue 16: the coordinator's home asks which stays a wellbeing score flags
(contacts.wellbeing.flagged). It now starts from the entries that flagged a stay, not from
every stay in progress: EXPLAIN ANALYZE on PostgreSQL 15 with 100,000 stays, "Nested Loop
Anti Join -> ... Filter: (flags AND (wellbeing IS NOT NULL))" then "Index Scan using
mobilities_mobility_pkey" (5 ms; was a subquery per stay in progress, 230 ms and a 100 ms
count). That database had few contact entries, so the planner scanned them; with many,
this partial index holds only the flagging ones.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0001_contact_log'),
        ('mobilities', '0007_attention_columns_and_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='contactentry',
            index=models.Index(condition=models.Q(('flags', True)), fields=['mobility', 'held_on'], name='contact_entry_flags'),
        ),
    ]
