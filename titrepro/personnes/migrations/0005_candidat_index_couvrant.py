"""CAN-DOUBLON lookup on PostgreSQL: a covering index for the « same birth date » block.

The duplicate check reads every record born on the typed date (or with day and month
swapped): about 50 rows per date at 1,000,000 records, scattered over the table. With the
identity columns in the index (INCLUDE), PostgreSQL answers from the index alone (index-only
scan) instead of one random heap read per row: that is what a cold lookup pays for.
PostgreSQL only (SQLite has no INCLUDE; its lookup is already well under target);
outside the model state, so ``makemigrations`` stays quiet.
"""

from django.db import migrations

INDEX = "candidat_naissance_couvrant"


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON personnes_candidat (date_naissance) "
        "INCLUDE (id, nom_naissance, prenoms, nom_usage, lieu_naissance)"
    )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("personnes", "0004_habilitations_sans_chevauchement")]

    operations = [migrations.RunPython(creer, supprimer, elidable=False)]
