from django.db import migrations


def copy_checkers(apps, schema_editor):
    """Existing checklist items get the school check of their template item."""
    template_item = apps.get_model("programmes", "TemplateItem")
    checklist_item = apps.get_model("mobilities", "ChecklistItem")
    for template in template_item.objects.exclude(checker=""):
        checklist_item.objects.filter(template_item=template).update(checker=template.checker)


class Migration(migrations.Migration):
    dependencies = [
        ("mobilities", "0003_lifecycle_and_school_checks"),
        ("programmes", "0004_school_checks"),
    ]

    operations = [migrations.RunPython(copy_checkers, migrations.RunPython.noop)]
