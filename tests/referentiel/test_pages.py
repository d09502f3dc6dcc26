"""The référentiel pages, seen by each persona."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories as f
from tests.personas import PERSONAS
from tests.referentiel.documents import document_valide, epreuve
from titrepro.referentiel import echange
from titrepro.referentiel.models import Titre
from titrepro.referentiel.services import referentiel_importer

LECTEURS = [p for p in PERSONAS if p not in ("candidat", "sans_role")]
NON_ADMINISTRATEURS = [p for p in PERSONAS if p != "administrateur"]


@pytest.fixture
def referentiel(monde):
    referentiel_importer(document=echange.lire_document(document_valide()))
    return {titre.code: titre for titre in Titre.objects.filter(code__startswith="TP-8")}


@pytest.fixture
def aujourdhui(monkeypatch):
    jour = dt.date(2026, 11, 22)
    monkeypatch.setattr("titrepro.web.views.referentiel.timezone.localdate", lambda: jour)
    return jour


@pytest.mark.parametrize("persona", PERSONAS)
def test_liste_des_titres_selon_le_role(persona, client_de, referentiel):
    reponse = client_de(persona).get(reverse("web:titres"))
    if persona in LECTEURS:
        assert reponse.status_code == 200
        contenu = reponse.content.decode()
        assert "Titre d&#x27;essai du bâtiment" in contenu
        assert '<th scope="col">RNCP</th>' in contenu
        assert "Importer un référentiel" in contenu if persona == "administrateur" else "Importer" not in contenu
    else:
        assert reponse.status_code == 403


@pytest.mark.parametrize(
    ("parametres", "attendus"),
    [
        ({"secteur": "BTP"}, {"TP-80001"}),
        ({"secteur": "tertiaire"}, {"TP-80002"}),
        ({"niveau": "3"}, {"TP-80002"}),
        ({"q": "conducteur"}, {"TP-80002"}),
        ({"q": "RNCP80001"}, {"TP-80001"}),
        ({"q": "tp-8000"}, {"TP-80001", "TP-80002"}),
        ({"q": "essai", "secteur": "BTP", "niveau": "5"}, {"TP-80001"}),
        ({"niveau": "12"}, set()),  # not a choice: nothing rather than everything
    ],
)
def test_filtres_de_la_liste(parametres, attendus, client_de, referentiel):
    reponse = client_de("formateur").get(reverse("web:titres"), parametres)
    assert reponse.status_code == 200
    assert {titre.code for titre in reponse.context["object_list"]} & set(referentiel) == attendus


def test_fiche_d_un_titre(client_de, referentiel, aujourdhui):
    reponse = client_de("agent_ddets").get(reverse("web:titre", args=[referentiel["TP-80001"].pk]))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "<h1>Titre d&#x27;essai du bâtiment</h1>" in contenu
    assert "Millésime 01" in contenu
    assert "Échu" in contenu
    assert "<caption>Épreuves du millésime 01, dans l'ordre de passage</caption>" in contenu
    assert "2 h 45" in contenu
    assert "45 min" in contenu
    assert contenu.count("durée de démonstration</span>") == 1
    assert "session titre ; " in contenu
    assert "session CCP (1, 2)" in contenu
    assert "CCP 1 — Activité type 1" in contenu
    assert "CCS-1 — Spécialisation d&#x27;essai" in contenu
    assert reverse("web:titre_export_json", args=[referentiel["TP-80001"].pk]) in contenu


def test_etats_des_millesimes_sur_la_fiche(client_de, referentiel, aujourdhui):
    titre = referentiel["TP-80002"]
    reponse = client_de("formateur").get(reverse("web:titre", args=[titre.pk]))
    assert [ligne.etat for ligne in reponse.context["millesimes"]] == ["en_vigueur"]
    titre.millesimes.update(date_effet=dt.date(2027, 1, 1))
    reponse = client_de("formateur").get(reverse("web:titre", args=[titre.pk]))
    assert "À venir" in reponse.content.decode()


def test_fiche_d_un_titre_sans_epreuve(monde, client_de):
    sans_epreuve = f.MillesimeFactory().titre  # the persona world's titre has épreuves (the planning needs them)
    reponse = client_de("membre_jury").get(reverse("web:titre", args=[sans_epreuve.pk]))
    assert reponse.status_code == 200
    assert "Aucune épreuve renseignée." in reponse.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_exports_selon_le_role(persona, client_de, referentiel):
    client = client_de(persona)
    urls = [
        reverse("web:referentiel_export_json"),
        reverse("web:referentiel_export_csv"),
        reverse("web:titre_export_json", args=[referentiel["TP-80001"].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == (200 if persona in LECTEURS else 403), url


def test_export_json_de_tout_le_referentiel(client_de, referentiel):
    reponse = client_de("agent_gev").get(reverse("web:referentiel_export_json"))
    assert reponse["Content-Type"] == "application/json; charset=utf-8"
    assert reponse["Content-Disposition"].startswith('attachment; filename="referentiel-')
    donnees = json.loads(reponse.content)
    assert [titre["code"] for titre in donnees["titres"]] == sorted(Titre.objects.values_list("code", flat=True))
    assert echange.verifier(donnees) == []


def test_export_filtre_comme_la_liste(client_de, referentiel):
    reponse = client_de("agent_gev").get(
        reverse("web:referentiel_export_json"), {"secteur": "tertiaire", "niveau": "3"}
    )
    assert [titre["code"] for titre in json.loads(reponse.content)["titres"]] == ["TP-80002"]


def test_export_d_un_titre(client_de, referentiel):
    titre = referentiel["TP-80001"]
    reponse = client_de("formateur").get(reverse("web:titre_export_json", args=[titre.pk]))
    assert reponse["Content-Disposition"] == 'attachment; filename="referentiel-TP-80001.json"'
    assert json.loads(reponse.content)["titres"] == document_valide()["titres"][:1]
    assert client_de("formateur").get(reverse("web:titre_export_json", args=[999999])).status_code == 404


def test_export_csv_en_zip(client_de, referentiel):
    reponse = client_de("agent_dreets").get(reverse("web:referentiel_export_csv"))
    assert reponse["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(reponse.content)) as archive:
        assert sorted(archive.namelist()) == sorted(echange.TABLES)
    document = echange.zip_vers_document(reponse.content)
    assert {titre.code for titre in document.titres} >= {"TP-80001", "TP-80002"}


# Import: administrators only ---------------------------------------------------------------


def fichier_json(donnees, nom="referentiel.json"):
    return SimpleUploadedFile(nom, json.dumps(donnees).encode(), content_type="application/json")


@pytest.mark.parametrize("persona", NON_ADMINISTRATEURS)
def test_import_interdit_aux_autres_roles(persona, client_de):
    client = client_de(persona)
    assert client.get(reverse("web:referentiel_import")).status_code == 403
    reponse = client.post(reverse("web:referentiel_import"), {"fichier": fichier_json(document_valide())})
    assert reponse.status_code == 403
    assert not Titre.objects.filter(code="TP-80001").exists()


def test_import_anonyme_renvoie_a_la_connexion(client, monde):
    reponse = client.get(reverse("web:referentiel_import"))
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("web:connexion"))


def test_page_d_import_pour_l_administrateur(client_de):
    reponse = client_de("administrateur").get(reverse("web:referentiel_import"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "<h1>Importer un référentiel</h1>" in contenu
    assert 'enctype="multipart/form-data"' in contenu
    assert "Fichier du référentiel" in contenu


def test_import_reussi(client_de):
    reponse = client_de("administrateur").post(
        reverse("web:referentiel_import"), {"fichier": fichier_json(document_valide())}
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Référentiel importé" in contenu
    assert "<caption>Bilan de l'import</caption>" in contenu
    assert reponse.context["rapport"].crees["epreuve"] == 4
    assert Titre.objects.filter(code__in=["TP-80001", "TP-80002"]).count() == 2


def test_import_d_une_archive_de_tables_csv(client_de):
    document = echange.lire_document(document_valide())
    archive = SimpleUploadedFile("tables.zip", echange.document_vers_zip(document), content_type="application/zip")
    reponse = client_de("administrateur").post(reverse("web:referentiel_import"), {"fichier": archive})
    assert reponse.context["rapport"].crees["titre"] == 2


def test_import_en_erreur_liste_tout_et_n_ecrit_rien(client_de):
    donnees = document_valide()
    donnees["titres"][0]["niveau"] = 9
    epreuve(donnees, titre=1)["duree_minutes"] = 0
    reponse = client_de("administrateur").post(reverse("web:referentiel_import"), {"fichier": fichier_json(donnees)})
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Le fichier contient 2 erreurs : rien n'a été importé" in contenu
    assert 'class="fr-alert fr-alert--error' in contenu
    assert "titres[0].niveau : le niveau doit être un entier de 3 à 7" in contenu
    assert "titres[1].millesimes[0].epreuves[0].duree_minutes : la durée doit être" in contenu
    assert not Titre.objects.filter(code__in=["TP-80001", "TP-80002"]).exists()


def test_import_sans_fichier_ou_d_un_format_inconnu(client_de):
    client = client_de("administrateur")
    reponse = client.post(reverse("web:referentiel_import"), {})
    assert reponse.context["form"].errors == {"fichier": ["Ce champ est obligatoire."]}
    texte = SimpleUploadedFile("referentiel.txt", b"bonjour", content_type="text/plain")
    reponse = client.post(reverse("web:referentiel_import"), {"fichier": texte})
    assert "referentiel.txt : fichier .json ou archive .zip des tables CSV attendu." in reponse.content.decode()
