"""Session pages: list, creation (and the late-creation draft), the session page, actions, programming."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from tests.examens.conftest import JOUR, PREMIER_JOUR, jours
from titrepro.examens.models import EtatSession, Session
from titrepro.examens.services import sessions as services
from titrepro.organisations.models import ProgrammationAnnuelle

pytestmark = pytest.mark.django_db


@pytest.fixture
def aujourdhui():
    with mock.patch("django.utils.timezone.localdate", return_value=JOUR):
        yield JOUR


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def formulaire(monde_session, **champs):
    donnees = {
        "agrement": monde_session.agrement.pk,
        "nature": "titre",
        "jours": "14/06/2027 08:00-17:30\n15/06/2027",
        "responsable": monde_session.responsable.pk,
        "suppleants": [monde_session.suppleant.pk],
        "observations": "",
    }
    donnees.update(champs)
    return donnees


def test_create_then_the_page_shows_the_state_days_and_next_action(monde_session, aujourdhui):
    c = client(monde_session.responsable)
    page = c.get(reverse("web:session_creer"))
    assert page.status_code == 200
    assert "Site Session" in page.content.decode()
    reponse = c.post(reverse("web:session_creer"), formulaire(monde_session))
    session = Session.objects.get()
    assert reponse.status_code == 302
    assert reponse.url == reverse("web:session", args=[session.pk])
    assert session.etat == EtatSession.CREEE
    assert [(j.date, j.heure_debut) for j in session.jours.all()] == [
        (PREMIER_JOUR, dt.time(8, 0)),
        (PREMIER_JOUR + dt.timedelta(days=1), dt.time(8, 30)),
    ]
    contenu = c.get(reponse.url).content.decode()
    assert "En préparation" in contenu
    assert "Inscrire les candidats" in contenu
    assert "SES-CREATION-DELAI" in contenu
    assert "AGR-PERIMETRE" in contenu
    assert "lundi 14/06/2027 de 08:00 à 17:30" in contenu
    assert reverse("web:historique", args=["examens.session", session.pk]) in contenu


def test_a_refusal_is_shown_with_its_code_and_nothing_is_lost(monde_session, aujourdhui):
    monde_session.agrement.fin = dt.date(2027, 6, 14)
    monde_session.agrement.save()
    reponse = client(monde_session.responsable).post(reverse("web:session_creer"), formulaire(monde_session))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "AGR-PERIMETRE" in contenu
    assert "15/06/2027" in contenu  # the typed days are still in the form
    assert not Session.objects.exists()


def test_unreadable_days_give_a_french_message(monde_session, aujourdhui):
    reponse = client(monde_session.responsable).post(
        reverse("web:session_creer"), formulaire(monde_session, jours="demain matin")
    )
    assert reponse.status_code == 200
    assert "Ligne 1 illisible" in reponse.content.decode()


def test_late_creation_is_kept_as_draft_the_ddets_derogates_then_confirmation(monde_session, aujourdhui):
    c = client(monde_session.responsable)
    reponse = c.post(reverse("web:session_creer"), formulaire(monde_session, jours="01/03/2027"))
    session = Session.objects.get()
    assert session.etat == EtatSession.BROUILLON
    page = c.get(reponse.url).content.decode()
    assert "SES-CREATION-DELAI" in page
    assert "Session enregistrée en brouillon" in page
    assert "dérogation de la DDETS nécessaire" in page
    # The DDETS agent sees the link to derogate and does so.
    ddets = client(monde_session.agent_ddets)
    page_ddets = ddets.get(reverse("web:session", args=[session.pk])).content.decode()
    assert reverse("web:session_deroger", args=[session.pk]) in page_ddets
    reponse = ddets.post(reverse("web:session_deroger", args=[session.pk]), {"motif": "Jury malade, centre non fautif"})
    assert reponse.status_code == 302
    # The team confirms: the session is created, the derogation named.
    c.post(reverse("web:session_confirmer", args=[session.pk]))
    session.refresh_from_db()
    assert session.etat == EtatSession.CREEE
    assert "Refus levé par la dérogation n°" in c.get(reverse("web:session", args=[session.pk])).content.decode()


def test_list_filters_by_state_year_and_title(session_creee, monde_session, aujourdhui):
    c = client(monde_session.responsable_organisme)
    url = reverse("web:sessions")
    assert session_creee.numero in c.get(url).content.decode()
    assert session_creee.numero in c.get(url, {"etat": "creee", "annee": 2027}).content.decode()
    assert session_creee.numero not in c.get(url, {"etat": "annulee"}).content.decode()
    assert session_creee.numero not in c.get(url, {"annee": 2030}).content.decode()
    assert session_creee.numero not in c.get(url, {"titre": "introuvable"}).content.decode()
    assert "Nouvelle session" not in c.get(url).content.decode()  # the organisme's responsable reads only


def test_cancel_and_postpone_pages(session_creee, monde_session, aujourdhui):
    c = client(monde_session.suppleant)
    url = reverse("web:session_annuler", args=[session_creee.pk])
    reponse = c.post(url, {"motif": "Salle indisponible", "decision_dte": "conservation"})
    assert reponse.status_code == 200
    assert "SES-ANNULATION" in reponse.content.decode()
    reponse = c.post(
        reverse("web:session_reporter", args=[session_creee.pk]),
        {"jours": "06/09/2027\n07/09/2027", "motif": "Salle indisponible", "autorisation_ddets": "DDETS 75 du 03/01"},
    )
    assert reponse.status_code == 302
    session_creee.refresh_from_db()
    assert session_creee.premier_jour == dt.date(2027, 9, 6)
    assert "Salle indisponible" in c.get(reverse("web:session", args=[session_creee.pk])).content.decode()
    reponse = c.post(url, {"motif": "Plus de jury", "decision_dte": "retour"})
    assert reponse.status_code == 302
    session_creee.refresh_from_db()
    assert session_creee.etat == EtatSession.ANNULEE
    assert "Annulée" in c.get(reverse("web:session", args=[session_creee.pk])).content.decode()


def test_edit_page_changes_the_days(session_creee, monde_session, aujourdhui):
    c = client(monde_session.responsable)
    url = reverse("web:session_modifier", args=[session_creee.pk])
    assert "14/06/2027 08:30-17:00" in c.get(url).content.decode()
    reponse = c.post(
        url,
        {"jours": "21/06/2027", "responsable": monde_session.responsable.pk, "suppleants": [], "observations": "x"},
    )
    assert reponse.status_code == 302
    session_creee.refresh_from_db()
    assert session_creee.dates == [dt.date(2027, 6, 21)]


def test_readers_cannot_write_and_other_organismes_get_404(monde, client_de):
    session_a = monde.objets["session_a"]
    for url in ("web:session_annuler", "web:session_reporter", "web:session_modifier"):
        assert client_de("responsable_organisme").post(reverse(url, args=[session_a.pk]), {}).status_code == 403
        assert client_de("externe").post(reverse(url, args=[session_a.pk]), {}).status_code == 404
    assert client_de("externe").post(reverse("web:session_confirmer", args=[session_a.pk])).status_code == 404
    assert client_de("agent_ddets").get(reverse("web:session", args=[session_a.pk])).status_code == 200
    session_a.refresh_from_db()
    assert session_a.etat == EtatSession.CREEE


def test_programming_page_and_exports_show_the_real_sessions(monde, client_de):
    session_a = monde.objets["session_a"]
    programmation = ProgrammationAnnuelle.objects.create(
        organisme=monde.objets["organisme_a"], departement=monde.objets["site_a"].departement, annee=2027
    )
    contenu = client_de("responsable_organisme").get(reverse("web:programmation", args=[programmation.pk]))
    assert session_a.numero in contenu.content.decode()
    export = client_de("responsable_organisme").get(reverse("web:programmation_export_xlsx", args=[programmation.pk]))
    assert export.status_code == 200
    assert len(services.lignes_export([session_a])[0]) == 9


def test_navigation_has_sessions(monde, client_de):
    assert reverse("web:sessions") in client_de("agent_dreets").get(reverse("web:accueil")).content.decode()


def test_jours_helper():
    assert jours(PREMIER_JOUR, 1)[0][0] == PREMIER_JOUR


def test_the_page_shows_the_open_alerts_and_the_echeancier(session_creee, monde_session, aujourdhui):
    from tests.factories import AlerteFactory

    AlerteFactory(
        sujet=session_creee,
        code="SES-CONVOCATION",
        organisme=monde_session.organisme,
        departement=monde_session.site.departement,
        region=monde_session.site.departement.region,
        message="Convocations à émettre avant le 14/05/2027.",
    )
    contenu = client(monde_session.responsable).get(reverse("web:session", args=[session_creee.pk])).content.decode()
    assert "Convocations à émettre avant le 14/05/2027." in contenu
    assert "Échéancier" in contenu
    assert reverse("web:session_echeancier", args=[session_creee.pk]) in contenu
