"""Issue 16: students by name, the order of every list of students. EXPLAIN ANALYZE on
PostgreSQL 15 with 138,000 students, ORDER BY last_name, first_name LIMIT 25:
"Index Scan using student_name on students_student ... rows=25" (0.56 ms).
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0005_programme_assessment_scale'),
        ('students', '0005_people_interest_and_card'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='student',
            index=models.Index(fields=['last_name', 'first_name'], name='student_name'),
        ),
    ]
