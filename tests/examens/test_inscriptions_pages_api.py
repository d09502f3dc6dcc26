"""Candidates of a session seen from outside: the panel, the registration page, the withdrawal, the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from tests import factories as f
from tests.examens.conftest import JOUR
from titrepro.examens.models import Inscription, Session
from titrepro.examens.services.inscriptions import inscription_ajouter
from titrepro.personnes.models import DemandeAmenagement, Formation


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def former(monde_session: Any, **identite: Any) -> Any:
    candidat = f.CandidatFactory(organismes=[monde_session.organisme], **identite)
    Formation.objects.create(
        candidat=candidat,
        organisme=monde_session.organisme,
        millesime=monde_session.millesime,
        statut="stagiaire",
        debut=dt.date(2026, 1, 5),
        fin=dt.date(2026, 12, 18),
    )
    return candidat


def anciennes_sessions(monde_session: Any, candidat: Any, nombre: int) -> None:
    for mois in range(1, nombre + 1):
        jour = dt.date(2027, mois, 11)
        session = Session.objects.create(
            organisme=monde_session.organisme,
            site=monde_session.site,
            millesime=monde_session.millesime,
            premier_jour=jour,
            dernier_jour=jour,
            etat="creee",
        )
        Inscription.objects.create(session=session, candidat=candidat, public="formation", inscrit_le=JOUR)


def test_the_panel_lists_candidates_with_rights_and_accommodations(monde_session, session_creee):
    candidat = former(monde_session, nom_naissance="DUPONT", prenoms="Marie")
    inscription_ajouter(
        session=session_creee, candidat=candidat, public="formation", auteur=monde_session.responsable, jour=JOUR
    )
    DemandeAmenagement.objects.create(
        candidat=candidat,
        millesime=monde_session.millesime,
        premier_jour_session=session_creee.premier_jour,
        departement=monde_session.site.departement,
        temps_majore=True,
        majoration_pourcent=33,
        etat="accordee",
    )
    page = client(monde_session.responsable).get(reverse("web:session", args=[session_creee.pk])).content.decode()
    assert "Candidats inscrits à la session" in page
    assert "DUPONT Marie" in page
    assert "Formé(e) au titre" in page
    assert "Titre complet" in page
    assert "Non affecté" in page
    assert "sur 3" in page  # CAN-DROITS summary
    assert "Temps majoré de 33 %" in page
    assert reverse("web:session_candidat_ajouter", args=[session_creee.pk]) in page
    inscription = Inscription.objects.get(session=session_creee)
    assert reverse("web:inscription_retirer", args=[inscription.pk]) in page
    # The DDETS reads the panel, without the actions.
    lecture = client(monde_session.agent_ddets).get(reverse("web:session", args=[session_creee.pk])).content.decode()
    assert "DUPONT Marie" in lecture
    assert reverse("web:inscription_retirer", args=[inscription.pk]) not in lecture


def test_search_choose_and_register_a_candidate(monde_session, session_creee):
    candidat = former(monde_session, nom_naissance="LEBLANC", prenoms="Hélène")
    f.CandidatFactory(nom_naissance="LEBLANC", prenoms="Hélène", organismes=[monde_session.autre_organisme])
    url = reverse("web:session_candidat_ajouter", args=[session_creee.pk])
    c = client(monde_session.responsable)
    recherche = c.get(url, {"q": "leblanc"}).content.decode()
    assert f"?candidat={candidat.pk}" in recherche
    assert recherche.count("?candidat=") == 1  # the other organisme's record is not searchable

    choix = c.get(url, {"candidat": candidat.pk}).content.decode()
    assert "Fiches ressemblantes (CAN-DOUBLON)" in choix
    assert "autre organisme" in choix
    assert "CAN-DROITS" in choix

    reponse = c.post(url, {"candidat": candidat.pk, "public": "formation"})
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("web:session", args=[session_creee.pk])
    assert Inscription.objects.filter(session=session_creee, candidat=candidat).exists()


def test_a_refusal_shows_the_rule_code_and_its_source(monde_session, session_creee):
    candidat = f.CandidatFactory(nom_naissance="SANSFORMATION", organismes=[monde_session.organisme])
    reponse = client(monde_session.responsable).post(
        reverse("web:session_candidat_ajouter", args=[session_creee.pk]),
        {"candidat": candidat.pk, "public": "formation"},
    )
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Inscription refusée — CAN-PUBLICS" in page
    assert "002 engagement 8" in page
    assert not Inscription.objects.filter(candidat=candidat).exists()


def test_the_rights_alert_asks_for_a_confirmation(monde_session, session_creee):
    candidat = former(monde_session)
    anciennes_sessions(monde_session, candidat, 3)
    url = reverse("web:session_candidat_ajouter", args=[session_creee.pk])
    c = client(monde_session.responsable)
    page = c.post(url, {"candidat": candidat.pk, "public": "formation"}).content.decode()
    assert "Déjà 3 sessions" in page
    assert "Je confirme l&#x27;inscription malgré l&#x27;alerte" in page
    assert not Inscription.objects.filter(session=session_creee).exists()
    reponse = c.post(url, {"candidat": candidat.pk, "public": "formation", "confirmer_droits": "on"})
    assert reponse.status_code == 302
    assert Inscription.objects.filter(session=session_creee, candidat=candidat).exists()


def test_withdraw_with_a_motive_then_locked_after_convocations(monde_session, session_creee):
    candidat = former(monde_session, nom_naissance="PARTANT")
    inscription = inscription_ajouter(
        session=session_creee, candidat=candidat, public="formation", auteur=monde_session.responsable, jour=JOUR
    ).inscription
    url = reverse("web:inscription_retirer", args=[inscription.pk])
    c = client(monde_session.responsable)
    assert "Motif du retrait" in c.get(url).content.decode()
    assert "obligatoire" in c.post(url, {"motif": ""}).content.decode()
    reponse = c.post(url, {"motif": "Le candidat a trouvé un emploi."})
    assert reponse.status_code == 302
    assert not Inscription.objects.filter(pk=inscription.pk).exists()

    autre = inscription_ajouter(
        session=session_creee,
        candidat=former(monde_session),
        public="formation",
        auteur=monde_session.responsable,
        jour=JOUR,
    ).inscription
    session_creee.emettre_convocations(jour=dt.date(2027, 5, 3))
    session_creee.save()
    page = c.post(reverse("web:inscription_retirer", args=[autre.pk]), {"motif": "Abandon"}).content.decode()
    assert "SES-VERROU" in page
    assert Inscription.objects.filter(pk=autre.pk).exists()
    ajout = c.get(reverse("web:session_candidat_ajouter", args=[session_creee.pk])).content.decode()
    assert "Inscriptions closes" in ajout


# --------------------------------------------------------------------- API


def test_api_registers_lists_and_withdraws(monde_session, session_creee):
    candidat = former(monde_session, nom_naissance="API")
    c = client(monde_session.responsable)
    liste = reverse("session-candidats", args=[session_creee.pk])
    reponse = c.post(liste, {"candidat": candidat.pk, "public": "formation"}, content_type="application/json")
    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    assert corps["candidat"] == candidat.pk
    assert corps["public"] == "formation"
    assert {v["code"] for v in corps["verdicts"]} >= {"CAN-PUBLICS", "SES-RATTACHEMENT"}
    assert corps["homonymes"] == []

    lignes = c.get(liste).json()["results"]
    assert [ligne["candidat"] for ligne in lignes] == [candidat.pk]
    detail = reverse("session-candidat-detail", args=[session_creee.pk, corps["id"]])
    assert c.get(detail).json()["candidat_nom"] == str(candidat)

    sans_motif = c.delete(detail, {}, content_type="application/json")
    assert sans_motif.status_code == 400
    assert "motif" in sans_motif.json()["champs"]
    assert c.delete(detail, {"motif": "Doublon de saisie"}, content_type="application/json").status_code == 204
    assert c.get(liste).json()["results"] == []


def test_api_refusals_are_422_with_the_rule_code(monde_session, session_creee):
    c = client(monde_session.responsable)
    liste = reverse("session-candidats", args=[session_creee.pk])
    ailleurs = f.CandidatFactory(organismes=[monde_session.autre_organisme])
    Formation.objects.create(
        candidat=ailleurs,
        organisme=monde_session.autre_organisme,
        millesime=monde_session.millesime,
        statut="stagiaire",
        debut=dt.date(2026, 1, 5),
        fin=dt.date(2026, 12, 18),
    )
    refus = c.post(liste, {"candidat": ailleurs.pk, "public": "formation"}, content_type="application/json")
    assert refus.status_code == 422
    assert refus.json()["code"] == "regle_refusee"
    assert refus.json()["regle"] == "CAN-VAE"

    candidat = former(monde_session)
    anciennes_sessions(monde_session, candidat, 3)
    alerte = c.post(liste, {"candidat": candidat.pk, "public": "formation"}, content_type="application/json")
    assert alerte.status_code == 422
    assert alerte.json()["code"] == "confirmation_requise"
    assert alerte.json()["regle"] == "CAN-DROITS"
    confirme = c.post(
        liste,
        {"candidat": candidat.pk, "public": "formation", "confirmer_droits": True},
        content_type="application/json",
    )
    assert confirme.status_code == 201

    session_creee.emettre_convocations(jour=dt.date(2027, 5, 3))
    session_creee.save()
    tard = c.post(liste, {"candidat": former(monde_session).pk, "public": "formation"}, content_type="application/json")
    assert tard.status_code == 422
    assert tard.json()["regle"] == "SES-RATTACHEMENT"
    detail = reverse("session-candidat-detail", args=[session_creee.pk, confirme.json()["id"]])
    verrou = c.delete(detail, {"motif": "Abandon"}, content_type="application/json")
    assert verrou.status_code == 422
    assert verrou.json()["regle"] == "SES-VERROU"


def test_api_readers_cannot_register(monde_session, session_creee):
    candidat = former(monde_session)
    liste = reverse("session-candidats", args=[session_creee.pk])
    reponse = client(monde_session.agent_ddets).post(
        liste, {"candidat": candidat.pk, "public": "formation"}, content_type="application/json"
    )
    assert reponse.status_code == 403
    assert client(monde_session.agent_ddets).get(liste).status_code == 200
    assert client(monde_session.gestionnaire_autre).get(liste).status_code == 404
