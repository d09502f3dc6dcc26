"""Pages and API of the personnes app: same services, same rules, French errors in the project's JSON format."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests import factories as f
from titrepro.personnes.models import Candidat, ConfirmationAutrePersonne, Habilitation

IDENTITE = {
    "nom_naissance": "Dupont-Martin",
    "prenoms": "Élodie",
    "sexe": "F",
    "date_naissance": "1996-08-17",
    "lieu_naissance": "Saint-Étienne",
}


def test_creation_page_warns_then_creates_on_confirmation(client_de, monde):
    f.CandidatFactory(
        nom_naissance="DUPONT MARTIN",
        prenoms="Elodie",
        date_naissance=dt.date(1996, 8, 17),
        organismes=[monde.organisme_b],
    )
    client = client_de("responsable_session")
    donnees = {**IDENTITE, "organisme": monde.organisme_a.pk}
    reponse = client.post(reverse("web:candidat_creer"), donnees)
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Fiches ressemblantes (CAN-DOUBLON)" in page
    assert "même date de naissance, nom proche : Dupont-Martin / DUPONT MARTIN" in page
    assert "tenue par un autre organisme" in page  # organisme B's record: not shown to A
    reponse = client.post(reverse("web:candidat_creer"), {**donnees, "autre_personne": "on"})
    nouveau = Candidat.objects.get(nom_naissance="Dupont-Martin")
    assert reponse.status_code == 302
    assert reponse.url == reverse("web:candidat", args=[nouveau.pk])
    assert ConfirmationAutrePersonne.objects.filter(candidat=nouveau).exists()
    fiche = client.get(reponse.url).content.decode()
    assert "a confirmé qu'il s'agit d'une autre personne" in fiche


def test_search_ignores_accents_and_reads_birth_dates(client_de, monde):
    f.CandidatFactory(nom_naissance="LEFÈVRE", prenoms="Zoé", organismes=[monde.organisme_a])
    client = client_de("responsable_session")
    assert "LEFÈVRE" in client.get(reverse("web:candidats"), {"q": "lefevre zoe"}).content.decode()
    page = client.get(reverse("web:candidats"), {"q": "17/05/1995"}).content.decode()  # the factory's birth date
    assert "ALPHA" in page
    assert "BRAVO" not in page


def test_candidate_record_shows_parcours_rights_and_accommodations(client_de, monde):
    page = client_de("responsable_session").get(reverse("web:candidat", args=[monde.candidat_a.pk])).content.decode()
    assert "Droits (CAN-DROITS)" in page
    assert "Adresse (CAN-ADRESSE)" in page
    assert "Temps majoré de 33 %" in page


def test_ddets_grants_an_habilitation_from_the_pages(client_de, monde):
    membre = f.MembreJuryFactory(experience_annees=5, professionnalisation_le=dt.date(2026, 1, 10))
    client = client_de("agent_ddets")
    reponse = client.post(
        reverse("web:membre_jury_habilitation", args=[membre.pk]),
        {"millesime": monde.millesime.pk, "debut": "2026-09-01", "fin": "2029-08-31", "accorder": "on"},
    )
    assert reponse.status_code == 302
    assert Habilitation.objects.get(membre=membre).etat == "active"
    refuse = f.MembreJuryFactory(experience_annees=1, professionnalisation_le=dt.date(2026, 1, 10))
    reponse = client.post(
        reverse("web:membre_jury_habilitation", args=[refuse.pk]),
        {"millesime": monde.millesime.pk, "debut": "2026-09-01", "fin": "2029-08-31", "accorder": "on"},
    )
    assert "JUR-ELIGIBILITE" in reponse.content.decode()
    assert not Habilitation.objects.filter(membre=refuse).exists()  # atomic: the request is not kept either


def test_habilitated_members_for_a_period_page(client_de, monde):
    client = client_de("agent_ddets")
    page = client.get(
        reverse("web:habilitations"), {"millesime": monde.millesime.pk, "debut": "2026-09-14", "fin": "2026-09-18"}
    ).content.decode()
    assert "JURY-A" in page
    assert "JURY-B" not in page


def test_jury_member_declares_a_link_from_their_portal(client_de, monde):
    client = client_de("membre_jury")
    assert client.get(reverse("web:espace_jury")).url == reverse("web:membre_jury", args=[monde.jury_a.pk])
    reponse = client.post(
        reverse("web:membre_jury_lien", args=[monde.jury_a.pk]),
        {"nature": "professionnel", "siret": monde.organisme_b.siret},
    )
    assert reponse.status_code == 302
    assert monde.jury_a.liens.get().organisme == monde.organisme_b


def test_api_create_candidate_conflict_then_confirmation(client_de, monde):
    f.CandidatFactory(nom_naissance="DUPONT MARTIN", prenoms="Elodie", date_naissance=dt.date(1996, 8, 17))
    client = client_de("responsable_session")
    corps = {**IDENTITE, "organisme": monde.organisme_a.pk}
    reponse = client.post(reverse("candidat-list"), corps, content_type="application/json")
    assert reponse.status_code == 409
    assert reponse.json()["code"] == "doublon_probable"
    assert reponse.json()["champs"]["doublons"][0]["visible"] is False
    reponse = client.post(reverse("candidat-list"), {**corps, "autre_personne": True}, content_type="application/json")
    assert reponse.status_code == 201
    assert reponse.json()["nom_naissance"] == "Dupont-Martin"
    autre = client.post(
        reverse("candidat-list"), {**corps, "organisme": monde.organisme_b.pk}, content_type="application/json"
    )
    assert autre.status_code == 400
    assert autre.json()["code"] == "donnees_invalides"
    assert (
        client_de("formateur").post(reverse("candidat-list"), corps, content_type="application/json").status_code == 403
    )


def test_api_duplicate_check_endpoint(client_de, monde):
    client = client_de("responsable_session")
    reponse = client.post(
        reverse("candidat-doublons"),
        {"nom_naissance": "alpha", "prenoms": "alex", "date_naissance": "1995-17-05"},
        content_type="application/json",
    )
    assert reponse.status_code == 400
    assert reponse.json()["champs"]["date_naissance"]
    reponse = client.post(
        reverse("candidat-doublons"),
        {"nom_naissance": "alpha", "prenoms": "alex", "date_naissance": "1995-05-17"},
        content_type="application/json",
    )
    assert [d["candidat"] for d in reponse.json()] == [monde.candidat_a.pk]
    assert reponse.json()[0]["visible"] is True


def test_api_habilitations_period_filter_and_transitions(client_de, monde):
    ddets, externe = client_de("agent_ddets"), client_de("externe")
    liste = ddets.get(
        reverse("habilitation-list"), {"millesime": monde.millesime.pk, "debut": "2026-09-14", "fin": "2026-09-18"}
    )
    assert [h["id"] for h in liste.json()["results"]] == [monde.habilitation_a.pk]
    membre = f.MembreJuryFactory(experience_annees=1, professionnalisation_le=dt.date(2026, 1, 10))
    cree = ddets.post(
        reverse("habilitation-list"),
        {"membre": membre.pk, "millesime": monde.millesime.pk, "debut": "2026-09-01", "fin": "2027-08-31"},
        content_type="application/json",
    )
    assert cree.status_code == 201
    assert cree.json()["etat"] == "demandee"
    pk = cree.json()["id"]
    refus = ddets.post(reverse("habilitation-accorder", args=[pk]), {}, content_type="application/json")
    assert refus.status_code == 422
    assert refus.json()["regle"] == "JUR-ELIGIBILITE"
    autre = externe.post(reverse("habilitation-accorder", args=[pk]), {}, content_type="application/json")
    assert autre.status_code == 403  # organismes read habilitations (jury choice) but never grant them
    assert "DDETS du département 75" in autre.json()["message"]
    retrait = ddets.post(
        reverse("habilitation-retirer", args=[pk]), {"motif": "Inéligible"}, content_type="application/json"
    )
    assert retrait.status_code == 200
    assert retrait.json()["etat"] == "retiree"


def test_api_jures_is_the_same_resource_as_membres_jury(client_de, monde):
    client = client_de("agent_ddets")
    assert client.get(reverse("jure-list")).json() == client.get(reverse("membre-jury-list")).json()
