from django.db import migrations


def load_default_checklist(apps, schema_editor):
    from wegwijzer.programmes.default_checklist import sync_default_template

    sync_default_template(apps.get_model("programmes", "TemplateItem"))


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_templateitem_programmeitemsetting")]

    operations = [migrations.RunPython(load_default_checklist, migrations.RunPython.noop)]
