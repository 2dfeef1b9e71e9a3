"""Each programme a host company was recognised for becomes a recognition, without an SBB
number or expiry date (those were never recorded); the coordinator adds them later."""

from django.db import migrations


def forwards(apps, schema_editor):
    HostCompany = apps.get_model("hosts", "HostCompany")
    HostRecognition = apps.get_model("hosts", "HostRecognition")
    Through = HostCompany.recognised_for.through
    HostRecognition.objects.bulk_create(
        [
            HostRecognition(host_id=row.hostcompany_id, programme_id=row.programme_id)
            for row in Through.objects.all()
        ],
        ignore_conflicts=True,
    )


def backwards(apps, schema_editor):
    HostCompany = apps.get_model("hosts", "HostCompany")
    HostRecognition = apps.get_model("hosts", "HostRecognition")
    Through = HostCompany.recognised_for.through
    Through.objects.bulk_create(
        [
            Through(hostcompany_id=r.host_id, programme_id=r.programme_id)
            for r in HostRecognition.objects.all()
        ],
        ignore_conflicts=True,
    )
    HostCompany.objects.filter(recognitions__isnull=False).update(recognised=True)


class Migration(migrations.Migration):
    dependencies = [("hosts", "0002_contacts_recognitions_reviews")]

    operations = [migrations.RunPython(forwards, backwards)]
