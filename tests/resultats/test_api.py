"""API: /api/v1/sessions/{id}/resultats/ (GET, POST, PATCH per registration) and /cloturer-saisie/."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tests import factories as f
from tests.resultats.conftest import creer_session, present
from titrepro.comptes.roles import Role
from titrepro.examens.models import EtatInscription, EtatSession, Jury, NatureSession, ParticipationJury
from titrepro.personnes.models import CCPAcquis

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(monde, inscription=None) -> str:
    base = f"/api/v1/sessions/{monde.session.pk}/resultats/"
    return f"{base}{inscription.pk}/" if inscription else base


def test_post_results_and_decision_then_read(monde):
    client = api(monde.base.responsable)
    reponse = client.post(
        url(monde),
        {
            "inscription": monde.lea.pk,
            "ccps": [
                {"ccp": monde.ccp1.pk, "acquis": True, "observations": "Très bien"},
                {"ccp": monde.ccp2.pk, "acquis": True},
            ],
            "decision": {"resultat": "titre_obtenu"},
        },
        format="json",
    )
    assert reponse.status_code == 200, reponse.json()
    corps = reponse.json()
    assert corps["etat"] == "titre_obtenu"
    assert corps["decision"]["ccps_acquis"] == [monde.ccp1.pk, monde.ccp2.pk]
    assert corps["ccps"][0]["transcrit"] is True
    lignes = client.get(url(monde)).json()
    assert {ligne["id"] for ligne in lignes} == {monde.lea.pk, monde.hugo.pk, monde.lie.pk}


def test_patch_by_jury_member_and_linked_member_refused_422(monde):
    reponse = api(monde.jure.compte).patch(
        url(monde, monde.hugo), {"ccps": [{"ccp": monde.ccp1.pk, "acquis": False}]}, format="json"
    )
    assert reponse.status_code == 200
    assert reponse.json()["ccps"][0]["saisi_par"].endswith("(membre du jury)")
    refus = api(monde.jure_lie.compte).patch(
        url(monde, monde.lie), {"ccps": [{"ccp": monde.ccp1.pk, "acquis": True}]}, format="json"
    )
    assert refus.status_code == 422
    assert refus.json()["code"] == "regle_refusee"
    assert refus.json()["regle"] == "SES-JURY-LIENS"


def test_jury_member_reads_only_their_jury(monde):
    autre_jury = Jury.objects.create(session=monde.session, numero=2)
    ailleurs = present(monde.session, "GIRARD", autre_jury)
    client = api(monde.jure.compte)
    ids = {ligne["id"] for ligne in client.get(url(monde)).json()}
    assert ailleurs.pk not in ids
    assert monde.lea.pk in ids
    assert client.patch(url(monde, ailleurs), {"ccps": []}, format="json").status_code == 404


def test_entretien_final_required_422_then_accepted(monde):
    session = creer_session(monde.base, nature=NatureSession.CCP)
    session.ccps.set([monde.ccp2])
    jury = Jury.objects.create(session=session, numero=1)
    ParticipationJury.objects.create(jury=jury, membre=monde.jure, etat="acceptee")
    inscription = present(session, "MOREL", jury)
    CCPAcquis.objects.create(candidat=inscription.candidat, ccp=monde.ccp1, obtenu_le=dt.date(2026, 5, 20))
    client = api(monde.base.responsable)
    adresse = f"/api/v1/sessions/{session.pk}/resultats/{inscription.pk}/"
    corps = {"ccps": [{"ccp": monde.ccp2.pk, "acquis": True}], "decision": {}}
    refus = client.patch(adresse, corps, format="json")
    assert refus.status_code == 422
    assert refus.json()["regle"] == "SES-ENTRETIEN-FINAL"
    assert not CCPAcquis.objects.filter(candidat=inscription.candidat, ccp=monde.ccp2).exists()  # all or nothing
    corps["decision"] = {"entretien_final_le": "2027-06-15"}
    reponse = client.patch(adresse, corps, format="json")
    assert reponse.status_code == 200
    assert reponse.json()["etat"] == "titre_obtenu"


def test_other_organisme_404_and_candidate_never_reads_results(monde):
    assert api(monde.base.gestionnaire_autre).get(url(monde)).status_code == 404
    assert api(monde.base.gestionnaire_autre).patch(url(monde, monde.lea), {}, format="json").status_code == 404
    compte = f.UtilisateurFactory(email="lea@candidate.fr")
    f.AffectationFactory(utilisateur=compte, role=Role.CANDIDAT)
    monde.lea.candidat.compte = compte
    monde.lea.candidat.save()
    client = api(compte)
    assert client.get(url(monde)).status_code == 403
    assert client.get(url(monde, monde.hugo)).status_code == 403


def test_close_entry(monde):
    client = api(monde.base.responsable)
    adresse = f"/api/v1/sessions/{monde.session.pk}/cloturer-saisie/"
    refus = client.post(adresse)
    assert refus.status_code == 422
    assert refus.json()["regle"] == "RES-SAISIE"
    for inscription in (monde.lea, monde.hugo, monde.lie):
        inscription.etat = EtatInscription.ABSENT_JUSTIFIE
        inscription.save()
    reponse = client.post(adresse)
    assert reponse.status_code == 200
    assert reponse.json()["etat"] == EtatSession.RESULTATS_SAISIS
    assert api(monde.jure.compte).post(adresse).status_code == 403
