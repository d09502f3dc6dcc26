"""``/api/v1/sessions/``: 201 and 422 shapes, actions, nested summaries, permissions and filters."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from rest_framework.test import APIClient

from tests.examens.conftest import JOUR
from titrepro.examens.models import EtatSession, Session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def aujourdhui():
    with mock.patch("django.utils.timezone.localdate", return_value=JOUR):
        yield JOUR


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def corps(monde_session, **champs):
    donnees = {
        "site": monde_session.site.pk,
        "millesime": monde_session.millesime.pk,
        "nature": "titre",
        "jours": [{"date": "2027-06-14", "heure_debut": "08:00", "heure_fin": "17:00"}, {"date": "2027-06-15"}],
        "responsable": monde_session.responsable.pk,
        "suppleants": [monde_session.suppleant.pk],
    }
    donnees.update(champs)
    return donnees


def test_create_201_then_retrieve_with_days(monde_session):
    reponse = api(monde_session.responsable).post("/api/v1/sessions/", corps(monde_session), format="json")
    assert reponse.status_code == 201, reponse.json()
    donnees = reponse.json()
    assert donnees["etat"] == "creee"
    assert donnees["etat_libelle"] == "En préparation"
    assert [j["date"] for j in donnees["jours"]] == ["2027-06-14", "2027-06-15"]
    assert donnees["jours"][1]["heure_debut"] == "08:30"
    assert donnees["agrement"] == monde_session.agrement.pk
    detail = api(monde_session.responsable_organisme).get(f"/api/v1/sessions/{donnees['id']}/").json()
    assert detail["jurys"] == []
    assert detail["inscriptions"] == []
    assert detail["convocations"] == []


def test_rule_refusal_is_422_with_its_code(monde_session):
    reponse = api(monde_session.responsable).post(
        "/api/v1/sessions/", corps(monde_session, jours=[{"date": "2027-02-15"}]), format="json"
    )
    assert reponse.status_code == 422
    donnees = reponse.json()
    assert donnees["code"] == "regle_refusee"
    assert donnees["regle"] == "SES-CREATION-DELAI"
    assert donnees["source"]
    assert donnees["message"]


def test_bad_input_is_400_with_fields(monde_session):
    reponse = api(monde_session.responsable).post("/api/v1/sessions/", corps(monde_session, jours=[]), format="json")
    assert reponse.status_code == 400
    assert "jours" in reponse.json()["champs"]


def test_draft_derogation_then_confirm(monde_session):
    from titrepro.conformite.services import derogation_accorder

    client = api(monde_session.responsable)
    cree = client.post(
        "/api/v1/sessions/", corps(monde_session, jours=[{"date": "2027-02-15"}], brouillon=True), format="json"
    ).json()
    assert cree["etat"] == "brouillon"
    refus = client.post(f"/api/v1/sessions/{cree['id']}/confirmer/", format="json")
    assert refus.status_code == 422
    assert refus.json()["regle"] == "SES-CREATION-DELAI"
    derogation_accorder(
        agent=monde_session.agent_ddets,
        regle="SES-CREATION-DELAI",
        sujet=Session.objects.get(pk=cree["id"]),
        motif="Cas de force majeure",
        accordee_le=JOUR,
    )
    assert client.post(f"/api/v1/sessions/{cree['id']}/confirmer/", format="json").json()["etat"] == "creee"


def test_patch_cancel_and_postpone(session_creee, monde_session):
    client = api(monde_session.suppleant)
    url = f"/api/v1/sessions/{session_creee.pk}/"
    assert client.patch(url, {"observations": "Salle B"}, format="json").json()["observations"] == "Salle B"
    reponse = client.post(
        url + "reporter/", {"jours": [{"date": "2027-09-06"}], "motif": "x", "autorisation_ddets": ""}, format="json"
    )
    assert reponse.status_code == 422
    assert reponse.json()["regle"] == "SES-ANNULATION"
    reponse = client.post(
        url + "reporter/", {"jours": [{"date": "2027-09-06"}], "motif": "x", "autorisation_ddets": "ok"}, format="json"
    )
    assert reponse.status_code == 200
    assert reponse.json()["premier_jour"] == "2027-09-06"
    assert len(reponse.json()["reports"]) == 1
    reponse = client.post(url + "annuler/", {"motif": "Jury absent", "decision_dte": "destruction"}, format="json")
    assert reponse.status_code == 200
    assert reponse.json()["etat"] == EtatSession.ANNULEE


def test_readers_403_other_organisme_404_and_filters(monde):
    session_a = monde.objets["session_a"]
    lecteur = api(monde.utilisateurs["responsable_organisme"])
    assert lecteur.post(f"/api/v1/sessions/{session_a.pk}/annuler/", {}, format="json").status_code == 403
    assert lecteur.post("/api/v1/sessions/", {}, format="json").status_code == 403
    autre = api(monde.utilisateurs["externe"])
    assert autre.post(f"/api/v1/sessions/{session_a.pk}/annuler/", {}, format="json").status_code == 404
    assert autre.patch(f"/api/v1/sessions/{session_a.pk}/", {}, format="json").status_code == 404
    ddets = api(monde.utilisateurs["agent_ddets"])
    ids = [s["id"] for s in ddets.get("/api/v1/sessions/", {"etat": "creee", "annee": 2027}).json()["results"]]
    assert ids == [session_a.pk]
    assert ddets.get("/api/v1/sessions/", {"annee": 2030}).json()["results"] == []
    detail = ddets.get(f"/api/v1/sessions/{session_a.pk}/").json()
    assert detail["jurys"][0]["participations"][0]["membre"] == monde.objets["jury_a"].pk
    assert detail["inscriptions"][0]["candidat"] == monde.objets["candidat_a"].pk
    assert detail["convocations"][0]["inscription"] == monde.objets["inscription_a"].pk
    assert ddets.get("/api/v1/sessions/", {"annee": "deux"}).status_code == 400
    assert dt.date.fromisoformat(detail["premier_jour"]) == session_a.premier_jour
