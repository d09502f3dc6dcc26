"""API of the candidates' and jury members' sub-resources: addresses, trainings, accommodations, links, calendar.

Same services as the pages: French errors in the project's JSON shape, scoped rows, 403 with the reason.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests import factories as f
from titrepro.personnes.models import Adresse, DemandeAmenagement, Disponibilite, Formation, LienJury

JSON = "application/json"


def _poster(client, nom, pk, corps):
    return client.post(reverse(nom, args=[pk]) if pk is not None else reverse(nom), corps, content_type=JSON)


# --------------------------------------------------------------------- addresses (CAN-ADRESSE)


def test_address_history_and_confirmations_through_the_api(client_de, monde):
    client = client_de("responsable_session")
    pk = monde.candidat_a.pk
    sans = _poster(
        client, "candidat-confirmations-adresse", pk, {"moment": "debut_formation", "confirmee_le": "2026-01-05"}
    )
    assert sans.status_code == 400
    assert "n'a pas d'adresse postale" in str(sans.json()["champs"])
    premiere = _poster(
        client,
        "candidat-adresses",
        pk,
        {"voie": "1 rue A", "code_postal": "75001", "commune": "Paris", "depuis": "2025-01-01"},
    )
    assert premiere.status_code == 201
    seconde = _poster(
        client,
        "candidat-adresses",
        pk,
        {"voie": "2 rue B", "code_postal": "69001", "commune": "Lyon", "depuis": "2026-03-01"},
    )
    assert seconde.status_code == 201
    trop_tot = _poster(
        client, "candidat-adresses", pk, {"voie": "3 rue C", "code_postal": "1", "commune": "X", "depuis": "2026-01-01"}
    )
    assert trop_tot.status_code == 400
    assert trop_tot.json()["champs"]["depuis"] == ["La nouvelle adresse doit commencer après le 01/03/2026."]
    historique = client.get(reverse("candidat-adresses", args=[pk])).json()
    assert [(a["commune"], a["jusqu_au"]) for a in historique] == [("Lyon", None), ("Paris", "2026-02-28")]
    confirmation = _poster(
        client,
        "candidat-confirmations-adresse",
        pk,
        {"moment": "debut_formation", "confirmee_le": "2026-03-02", "formation": monde.objets["formation_a"].pk},
    )
    assert confirmation.status_code == 201
    assert confirmation.json()["adresse"] == seconde.json()["id"]
    assert len(client.get(reverse("candidat-confirmations-adresse", args=[pk])).json()) == 1


def test_address_writes_are_for_the_candidates_organismes_only(client_de, monde):
    corps = {"voie": "1 rue A", "code_postal": "75001", "commune": "Paris", "depuis": "2025-01-01"}
    assert _poster(client_de("formateur"), "candidat-adresses", monde.candidat_a.pk, corps).status_code == 403
    assert _poster(client_de("agent_ddets"), "candidat-adresses", monde.candidat_a.pk, corps).status_code == 403
    assert _poster(client_de("responsable_session"), "candidat-adresses", monde.candidat_b.pk, corps).status_code == 404
    assert client_de("candidat").get(reverse("candidat-adresses", args=[monde.candidat_a.pk])).status_code == 200
    assert not Adresse.objects.exists()


# --------------------------------------------------------------------- parcours


def test_trainings_through_the_api(client_de, monde):
    client = client_de("responsable_session")
    pk = monde.candidat_a2.pk
    corps = {
        "organisme": monde.organisme_a.pk,
        "millesime": monde.millesime.pk,
        "statut": "stagiaire",
        "debut": "2026-02-01",
        "fin": "2026-07-31",
    }
    cree = _poster(client, "candidat-formations", pk, corps)
    assert cree.status_code == 201
    assert cree.json()["statut"] == "stagiaire"
    apprenti = _poster(client, "candidat-formations", pk, {**corps, "statut": "apprenti"})
    assert apprenti.status_code == 400
    assert "AGR-CFA" in str(apprenti.json()["champs"])
    ailleurs = _poster(client, "candidat-formations", pk, {**corps, "organisme": monde.organisme_b.pk})
    assert ailleurs.status_code == 400
    assert ailleurs.json()["champs"]["organisme"] == ["Organisme inconnu ou hors de votre périmètre."]
    assert Formation.objects.filter(candidat_id=pk).count() == 1
    # The formateur reads only the trainings they give.
    formations = client_de("formateur").get(reverse("candidat-formations", args=[monde.candidat_a.pk])).json()
    assert [x["id"] for x in formations] == [monde.objets["formation_a"].pk]


# --------------------------------------------------------------------- accommodations (SES-HANDICAP)


def test_accommodation_requested_by_the_organisme_decided_by_the_ddets(client_de, monde):
    organisme, ddets = client_de("responsable_session"), client_de("agent_ddets")
    corps = {
        "candidat": monde.candidat_a2.pk,
        "millesime": monde.millesime.pk,
        "premier_jour_session": "2026-12-07",
        "departement": "75",
        "temps_majore": True,
        "majoration_pourcent": 33,
    }
    vide = _poster(organisme, "amenagement-list", None, {**corps, "temps_majore": False, "majoration_pourcent": None})
    assert vide.status_code == 400
    assert "Indiquez au moins un aménagement demandé." in str(vide.json()["champs"])
    cree = _poster(organisme, "amenagement-list", None, corps)
    assert cree.status_code == 201
    assert cree.json()["etat"] == "demandee"
    assert cree.json()["resume"] == "Temps majoré de 33 %"
    ailleurs = _poster(organisme, "amenagement-list", None, {**corps, "candidat": monde.candidat_b.pk})
    assert ailleurs.status_code == 400
    pk = cree.json()["id"]
    assert _poster(organisme, "amenagement-decider", pk, {"accorde": True}).status_code == 403
    sans_formulaire = _poster(ddets, "amenagement-decider", pk, {"accorde": True})
    assert sans_formulaire.status_code == 403
    assert "formulaire médical n'a pas été reçu" in sans_formulaire.json()["message"]
    refus = _poster(ddets, "amenagement-decider", pk, {"accorde": False, "formulaire_recu_le": "2026-09-01"})
    assert refus.status_code == 400
    assert refus.json()["champs"]["motif"] == ["Un refus est motivé."]
    accord = _poster(ddets, "amenagement-decider", pk, {"accorde": True, "formulaire_recu_le": "2026-09-01"})
    assert accord.status_code == 200
    assert accord.json()["etat"] == "accordee"
    assert DemandeAmenagement.objects.get(pk=pk).decision_par == monde.utilisateurs["agent_ddets"]
    liste = organisme.get(reverse("amenagement-list"), {"candidat": monde.candidat_a2.pk}).json()
    assert [d["id"] for d in liste["results"]] == [pk]


# --------------------------------------------------------------------- jury members: links and calendar


def test_jury_member_declares_links_through_the_api(client_de, monde):
    client = client_de("membre_jury")
    pk = monde.jury_a.pk
    organisme = _poster(client, "jure-liens", pk, {"nature": "professionnel", "organisme": monde.organisme_b.pk})
    assert organisme.status_code == 201
    personne = _poster(
        client,
        "jure-liens",
        pk,
        {
            "nature": "personnel",
            "nom_declare": "Alpha",
            "prenoms_declares": "Alex",
            "date_naissance_declaree": "1995-05-17",
        },
    )
    assert personne.status_code == 201
    assert personne.json()["candidat"] == monde.candidat_a.pk  # matched to the record: sure match
    rien = _poster(client, "jure-liens", pk, {"nature": "personnel"})
    assert rien.status_code == 400
    assert monde.jury_a.candidats_lies([monde.candidat_a.pk, monde.candidat_b.pk]) == {
        monde.candidat_a.pk,
        monde.candidat_b.pk,
    }
    assert len(client.get(reverse("jure-liens", args=[pk])).json()) == 2
    assert _poster(client, "jure-liens", monde.jury_b.pk, {"nature": "personnel"}).status_code == 404
    assert _poster(client_de("agent_dreets"), "jure-liens", pk, {"nature": "personnel"}).status_code == 403


def test_availability_by_the_member_or_the_ddets(client_de, monde):
    pk = monde.jury_a.pk
    lui = _poster(client_de("membre_jury"), "jure-disponibilites", pk, {"debut": "2026-10-01", "fin": "2026-10-31"})
    assert lui.status_code == 201
    ddets = _poster(
        client_de("agent_ddets"), "membre-jury-disponibilites", pk, {"debut": "2026-12-01", "fin": "2026-12-05"}
    )
    assert ddets.status_code == 201
    envers = _poster(client_de("membre_jury"), "jure-disponibilites", pk, {"debut": "2026-10-31", "fin": "2026-10-01"})
    assert envers.status_code == 400
    assert "La fin de la disponibilité précède son début." in str(envers.json()["champs"])
    assert (
        _poster(
            client_de("agent_dreets"), "jure-disponibilites", pk, {"debut": "2026-10-01", "fin": "2026-10-02"}
        ).status_code
        == 403
    )
    assert (
        _poster(
            client_de("agent_ddets"),
            "jure-disponibilites",
            monde.jury_b.pk,
            {"debut": "2026-10-01", "fin": "2026-10-02"},
        ).status_code
        == 404
    )
    calendrier = client_de("agent_dreets").get(reverse("jure-disponibilites", args=[pk])).json()
    assert [(d["debut"], d["fin"]) for d in calendrier] == [("2026-10-01", "2026-10-31"), ("2026-12-01", "2026-12-05")]
    assert Disponibilite.objects.filter(membre_id=pk).count() == 2


def test_pages_use_the_same_services_for_the_calendar_and_links(client_de, monde):
    client = client_de("membre_jury")
    reponse = client.post(
        reverse("web:membre_jury_disponibilite", args=[monde.jury_a.pk]), {"debut": "2026-10-31", "fin": "2026-10-01"}
    )
    assert "La fin de la disponibilité précède son début." in reponse.content.decode()
    reponse = client.post(
        reverse("web:membre_jury_disponibilite", args=[monde.jury_a.pk]), {"debut": "2026-10-01", "fin": "2026-10-31"}
    )
    assert reponse.status_code == 302
    assert monde.jury_a.disponibilites.get().debut == dt.date(2026, 10, 1)
    assert not LienJury.objects.exists()


def test_accommodation_page_uses_the_service(client_de, monde):
    reponse = client_de("responsable_session").post(
        reverse("web:candidat_amenagement", args=[monde.candidat_a2.pk]),
        {
            "millesime": monde.millesime.pk,
            "premier_jour_session": "2026-12-07",
            "departement": f.departement("75").pk,
            "assistance": "Secrétaire",
        },
    )
    assert reponse.status_code == 302
    assert DemandeAmenagement.objects.get(candidat=monde.candidat_a2).resume == "Assistance : Secrétaire"
