"""API of the PV: same services and rules as the pages (422 ``regle_refusee`` with the rule code)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests import factories as f
from tests.proces_verbaux.conftest import MOT_DE_PASSE, SessionDecidee, mettre_etat
from titrepro.comptes.roles import Role
from titrepro.proces_verbaux import services

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(d: SessionDecidee, fin: str = "pv/") -> str:
    return f"/api/v1/sessions/{d.session.pk}/{fin}"


def test_edition_signatures_transmission_validation(decidee: SessionDecidee) -> None:
    compte = f.UtilisateurFactory(email="alice@exemple.fr")
    f.AffectationFactory(utilisateur=compte, role=Role.CANDIDAT)
    candidat = decidee.inscriptions[0].candidat
    candidat.compte = compte
    candidat.save()
    mettre_etat(decidee.inscriptions[1], "present")
    responsable = api(decidee.monde.responsable)
    refus = responsable.post(url(decidee))
    assert refus.status_code == 422
    assert refus.json()["regle"] == "RES-SAISIE"
    assert refus.json()["source"]
    mettre_etat(decidee.inscriptions[1], "reussite_partielle")
    edite = responsable.post(url(decidee))
    assert edite.status_code == 200
    assert edite.json()["version"] == 1
    assert edite.json()["etat_session"] == "pv_edite"
    assert all(len(d["empreinte"]) == 64 for d in edite.json()["documents"])
    trop_tot = responsable.post(url(decidee, "pv/signer/"), {"mot_de_passe": MOT_DE_PASSE})
    assert trop_tot.status_code == 422
    assert trop_tot.json()["regle"] == "RES-SAISIE"
    faux = api(decidee.jures[0]).post(url(decidee, "pv/signer/"), {"mot_de_passe": "faux"})
    assert faux.status_code == 400
    assert "Mot de passe incorrect" in str(faux.json())
    for jure in decidee.jures:
        assert api(jure).post(url(decidee, "pv/signer/"), {"mot_de_passe": MOT_DE_PASSE}).status_code == 200
    signe = responsable.post(url(decidee, "pv/signer/"), {"mot_de_passe": MOT_DE_PASSE})
    assert signe.json()["etat_session"] == "pv_signe"
    assert len(signe.json()["signatures"]) == 3
    transmis = responsable.post(url(decidee, "pv/transmettre/"))
    assert transmis.json()["etat_session"] == "transmise"
    assert transmis.json()["delai"]["code"] == "RES-PV-DELAI"
    # Nothing visible to the candidate before validation.
    assert api(compte).get("/api/v1/mes-resultats/").json()["count"] == 0
    autre = f.UtilisateurFactory(email="ddets13@exemple.fr")
    f.AffectationFactory(utilisateur=autre, role=Role.AGENT_DDETS, departement=f.departement("13"))
    assert api(autre).post(url(decidee, "valider/")).status_code == 404
    assert api(decidee.monde.agent_ddets).post(url(decidee, "renvoyer/"), {"motif": ""}).status_code == 400
    valide = api(decidee.monde.agent_ddets).post(url(decidee, "valider/"))
    assert valide.status_code == 200
    assert valide.json()["etat_session"] == "validee"
    resultats = api(compte).get("/api/v1/mes-resultats/").json()
    assert resultats["count"] == 1
    assert resultats["results"][0]["decision"] == "titre_obtenu"
    assert resultats["results"][0]["inscription"] == decidee.inscriptions[0].pk


def test_un_membre_du_jury_ne_voit_que_ses_sessions(decidee: SessionDecidee) -> None:
    services.pv_editer(session=decidee.session, auteur=decidee.monde.responsable)
    assert api(decidee.jures[0]).get(url(decidee)).status_code == 200
    etranger = f.UtilisateurFactory(email="autre-jure@exemple.fr")
    f.AffectationFactory(utilisateur=etranger, role=Role.MEMBRE_JURY)
    f.MembreJuryFactory(compte=etranger)
    assert api(etranger).get(url(decidee)).status_code == 404
    assert api(etranger).post(url(decidee, "pv/signer/"), {"mot_de_passe": MOT_DE_PASSE}).status_code == 404
