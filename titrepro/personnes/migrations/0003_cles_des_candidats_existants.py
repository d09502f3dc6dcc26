"""Fill the CAN-DOUBLON blocking keys and the search text of the candidates created before them."""

from django.db import migrations

from titrepro.personnes import doublons


def remplir(apps, schema_editor):
    Candidat = apps.get_model("personnes", "Candidat")
    lot = []
    for candidat in Candidat.objects.all().iterator(chunk_size=2000):
        candidat.cle_identite = doublons.cles_identite(candidat.nom_naissance, candidat.prenoms)
        candidat.cle_identite_usage = (
            doublons.cles_identite(candidat.nom_usage, candidat.prenoms) if candidat.nom_usage else ""
        )
        candidat.recherche = doublons.normaliser(
            f"{candidat.nom_naissance} {candidat.nom_usage} {candidat.prenoms}"
        )[:500]
        lot.append(candidat)
        if len(lot) >= 2000:
            Candidat.objects.bulk_update(lot, ["cle_identite", "cle_identite_usage", "recherche"])
            lot = []
    Candidat.objects.bulk_update(lot, ["cle_identite", "cle_identite_usage", "recherche"])


class Migration(migrations.Migration):
    dependencies = [("personnes", "0002_parcours_habilitations_imports")]

    operations = [migrations.RunPython(remplir, migrations.RunPython.noop)]
