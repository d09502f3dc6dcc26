from django.db import migrations

from titrepro.territoires.chargement import charger_territoires


def charger(apps, schema_editor):
    charger_territoires(apps.get_model("territoires", "Region"), apps.get_model("territoires", "Departement"))


class Migration(migrations.Migration):
    dependencies = [("territoires", "0001_initial")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
