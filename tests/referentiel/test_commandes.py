"""The importer_referentiel and exporter_referentiel commands."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests import factories as f
from tests.referentiel.documents import document_valide, epreuve
from titrepro.referentiel import echange
from titrepro.referentiel.models import Epreuve, Titre

pytestmark = pytest.mark.django_db


def lancer(*args: str) -> tuple[str, str]:
    sortie, erreurs = io.StringIO(), io.StringIO()
    call_command(*args, stdout=sortie, stderr=erreurs)
    return sortie.getvalue(), erreurs.getvalue()


@pytest.fixture
def fichier(tmp_path):
    chemin = tmp_path / "referentiel.json"
    chemin.write_text(json.dumps(document_valide()), encoding="utf-8")
    return chemin


def test_import_d_un_fichier_json(fichier):
    sortie, erreurs = lancer("importer_referentiel", str(fichier))
    assert f"Référentiel importé depuis {fichier}." in sortie
    assert "titres : 2 créé(s), 0 modifié(s), 0 inchangé(s)" in sortie
    assert "épreuves : 4 créé(s)" in sortie
    assert "] 2/2 titres" in erreurs  # the progress bar
    assert Titre.objects.count() == 2
    sortie, _ = lancer("importer_referentiel", str(fichier))
    assert "titres : 0 créé(s), 0 modifié(s), 2 inchangé(s)" in sortie


def test_un_fichier_invalide_donne_toutes_les_erreurs_et_un_code_de_sortie(tmp_path):
    donnees = document_valide()
    donnees["titres"][0]["secteur"] = "agriculture"
    epreuve(donnees, rang=1)["duree_minutes"] = "2 h"
    chemin = tmp_path / "faux.json"
    chemin.write_text(json.dumps(donnees), encoding="utf-8")
    erreurs = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("importer_referentiel", str(chemin), stdout=io.StringIO(), stderr=erreurs)
    assert exc.value.returncode == 1
    assert str(exc.value) == "2 erreurs dans le référentiel. Rien n'a été importé."
    assert erreurs.getvalue().splitlines() == [
        "  - titres[0].secteur : secteur inconnu « agriculture » (valeurs permises : BTP, industrie, tertiaire).",
        "  - titres[0].millesimes[0].epreuves[1].duree_minutes : la durée doit être un entier positif de minutes "
        "(au plus 1440).",
    ]
    assert Titre.objects.count() == 0


def test_fichier_introuvable(tmp_path):
    with pytest.raises(CommandError, match=r"Lecture impossible de .*absent\.json"):
        lancer("importer_referentiel", str(tmp_path / "absent.json"))


def test_verifier_sans_ecrire(fichier):
    sortie, _ = lancer("importer_referentiel", str(fichier), "--verifier")
    assert "est valide (2 titres)" in sortie
    assert Titre.objects.count() == 0


def test_auteur_inconnu(fichier):
    with pytest.raises(CommandError, match=re.escape("Aucun compte n'a l'adresse personne@exemple.fr.")):
        lancer("importer_referentiel", str(fichier), "--auteur", "personne@exemple.fr")


def test_auteur_connu(fichier):
    f.UtilisateurFactory(email="admin@exemple.fr")
    lancer("importer_referentiel", str(fichier), "--auteur", "admin@exemple.fr")
    assert Titre.objects.count() == 2


def test_export_json_sur_la_sortie_standard(fichier):
    lancer("importer_referentiel", str(fichier))
    sortie, _ = lancer("exporter_referentiel")
    assert json.loads(sortie) == document_valide()
    sortie, _ = lancer("exporter_referentiel", "--titre", "TP-80002")
    assert [t["code"] for t in json.loads(sortie)["titres"]] == ["TP-80002"]
    with pytest.raises(CommandError, match=re.escape("Titre(s) inconnu(s) : TP-0.")):
        lancer("exporter_referentiel", "--titre", "TP-0")


def test_export_puis_import_csv_en_dossier_et_en_zip(fichier, tmp_path):
    lancer("importer_referentiel", str(fichier))
    dossier = tmp_path / "tables"
    _, erreurs = lancer("exporter_referentiel", "--format", "csv", "--sortie", str(dossier))
    assert "2 titre(s) exporté(s)" in erreurs
    assert sorted(p.name for p in dossier.iterdir()) == sorted(echange.TABLES)
    archive = tmp_path / "tables.zip"
    lancer("exporter_referentiel", "--format", "csv", "--sortie", str(archive))
    Epreuve.objects.filter(ordre=2).update(duree_minutes=1)
    sortie, _ = lancer("importer_referentiel", str(dossier))
    assert "épreuves : 0 créé(s), 1 modifié(s), 3 inchangé(s)" in sortie
    sortie, _ = lancer("importer_referentiel", str(archive))
    assert "épreuves : 0 créé(s), 0 modifié(s), 4 inchangé(s)" in sortie
    with pytest.raises(CommandError, match="--sortie est obligatoire en CSV"):
        lancer("exporter_referentiel", "--format", "csv")


def test_export_json_dans_un_fichier(fichier, tmp_path):
    lancer("importer_referentiel", str(fichier))
    cible = tmp_path / "export.json"
    lancer("exporter_referentiel", "--sortie", str(cible))
    assert echange.lire_json(cible.read_bytes()) == echange.lire_document(document_valide())
