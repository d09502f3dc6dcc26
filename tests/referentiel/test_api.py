"""/api/v1/titres/: list, detail with the nested référentiel, filters and export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import PERSONAS
from tests.referentiel.documents import document_valide
from titrepro.referentiel import echange
from titrepro.referentiel.models import Titre
from titrepro.referentiel.services import referentiel_importer

LECTEURS = [p for p in PERSONAS if p not in ("candidat", "sans_role")]


@pytest.fixture
def referentiel(monde):
    referentiel_importer(document=echange.lire_document(document_valide()))
    return {titre.code: titre for titre in Titre.objects.filter(code__startswith="TP-8")}


@pytest.mark.parametrize("persona", PERSONAS)
def test_liste_selon_le_role(persona, client_de, referentiel):
    reponse = client_de(persona).get(reverse("titre-list"))
    if persona in LECTEURS:
        assert reponse.status_code == 200
        assert reponse.json()["count"] == Titre.objects.count()
    else:
        assert reponse.status_code == 403
        assert reponse.json()["code"] == "acces_refuse"


def test_detail_avec_millesimes_ccp_ccs_et_epreuves(client_de, referentiel):
    titre = referentiel["TP-80001"]
    donnees = client_de("agent_ddets").get(reverse("titre-detail", args=[titre.pk])).json()
    assert {cle: donnees[cle] for cle in ("code", "intitule", "rncp", "niveau", "secteur", "transport")} == {
        "code": "TP-80001",
        "intitule": "Titre d'essai du bâtiment",
        "rncp": "RNCP80001",
        "niveau": 5,
        "secteur": "BTP",
        "transport": False,
    }
    (millesime,) = donnees["millesimes"]
    assert (millesime["version"], millesime["date_effet"], millesime["fin_validite"]) == (
        "01",
        "2020-01-01",
        "2025-03-15",
    )
    assert [(c["numero"], c["intitule"]) for c in millesime["ccps"]] == [(1, "Activité type 1"), (2, "Activité type 2")]
    assert [c["code"] for c in millesime["ccss"]] == ["CCS-1"]
    assert [(e["ordre"], e["type"], e["duree_minutes"], e["ccps"], e["duree_demo"]) for e in millesime["epreuves"]] == [
        (1, "questionnaire_professionnel", 45, [1, 2], True),
        (2, "mise_en_situation_professionnelle", 165, [1], False),
        (3, "entretien_final", 20, [], False),
    ]


def test_detail_introuvable(client_de, referentiel):
    reponse = client_de("agent_ddets").get(reverse("titre-detail", args=[999999]))
    assert reponse.status_code == 404
    assert reponse.json()["code"] == "introuvable"


@pytest.mark.parametrize(
    ("parametres", "attendus"),
    [
        ({"secteur": "BTP"}, {"TP-80001"}),
        ({"niveau": 3}, {"TP-80002"}),
        ({"transport": "true"}, {"TP-80002"}),
        ({"transport": "false", "secteur": "BTP"}, {"TP-80001"}),
        ({"q": "Conducteur"}, {"TP-80002"}),
        ({"q": "rncp80001"}, {"TP-80001"}),
        ({"q": "TP-8000"}, {"TP-80001", "TP-80002"}),
    ],
)
def test_filtres(parametres, attendus, client_de, referentiel):
    reponse = client_de("agent_gev").get(reverse("titre-list"), parametres)
    assert reponse.status_code == 200
    assert {titre["code"] for titre in reponse.json()["results"]} == attendus


def test_filtre_invalide(client_de, referentiel):
    reponse = client_de("agent_gev").get(reverse("titre-list"), {"secteur": "agriculture"})
    assert reponse.status_code == 400
    assert reponse.json()["code"] == "donnees_invalides"
    assert "secteur" in reponse.json()["champs"]


def test_export_au_format_d_echange(client_de, referentiel):
    reponse = client_de("formateur").get(reverse("titre-export"), {"q": "TP-8000"})
    assert reponse.status_code == 200
    assert reponse.json() == document_valide()


@pytest.mark.parametrize("persona", ["candidat", "sans_role"])
def test_export_interdit_aux_candidats_et_sans_role(persona, client_de, referentiel):
    assert client_de(persona).get(reverse("titre-export")).status_code == 403


def test_export_anonyme(client, referentiel):
    assert client.get(reverse("titre-export")).status_code == 401
