"""PostgreSQL only: no two active agréments of one site × millésime over overlapping periods.

An exclusion constraint (GiST, ``btree_gist`` for the equality on the keys). On SQLite the
operation does nothing: ``Agrement.clean()`` and the services check the same thing in Python.
"""

from django.db import migrations

NOM = "agrement_sans_chevauchement"

CREER = f"""
ALTER TABLE agrements_agrement ADD CONSTRAINT {NOM}
EXCLUDE USING gist (
    site_id WITH =,
    millesime_id WITH =,
    daterange(debut, fin, '[]') WITH &&
) WHERE (etat = 'actif')
"""


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(CREER)


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE agrements_agrement DROP CONSTRAINT IF EXISTS {NOM}")


class Migration(migrations.Migration):
    dependencies = [("agrements", "0001_initial")]

    operations = [migrations.RunPython(creer, supprimer, elidable=False)]
