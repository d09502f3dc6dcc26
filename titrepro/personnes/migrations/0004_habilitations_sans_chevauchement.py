"""JUR-HABILITATION: no two ACTIVE habilitations of one member on one millésime overlap.

A real exclusion constraint on PostgreSQL (btree_gist for the equality on the two keys,
``daterange(debut, fin, '[]')`` for the inclusive period); nothing on SQLite, where
``services.verifier_sans_chevauchement`` is the only guard (it also gives the French
message on PostgreSQL). Not part of the model state: ``makemigrations`` stays quiet.
"""

from django.db import migrations

CONTRAINTE = "habilitation_actives_sans_chevauchement"


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE personnes_habilitation ADD CONSTRAINT {CONTRAINTE} EXCLUDE USING gist "
        "(membre_id WITH =, millesime_id WITH =, daterange(debut, fin, '[]') WITH &&) "
        "WHERE (etat = 'active')"
    )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE personnes_habilitation DROP CONSTRAINT IF EXISTS {CONTRAINTE}")


class Migration(migrations.Migration):
    dependencies = [("personnes", "0003_cles_des_candidats_existants")]

    operations = [migrations.RunPython(creer, supprimer, elidable=False)]
