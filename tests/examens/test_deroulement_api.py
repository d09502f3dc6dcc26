"""The exam day over the API: same services, 422 with the rule code (session days moved to today)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from tests.examens.conftest_deroulement import construire_jour_aujourd_hui
from titrepro.examens.models import EtatInscription, EtatSession, TirageAuSort

PDF = b"%PDF-1.4\n%rapport\n"


@pytest.fixture
def jour(monde_session):
    return construire_jour_aujourd_hui(monde_session)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(session, quoi: str) -> str:
    return f"/api/v1/sessions/{session.pk}/{quoi}/"


def _presences(client, jour, jures):
    return client.post(
        url(jour.session, "presences"),
        {"heure": "08:00", "responsables": [jour.monde.responsable.pk], "jures": [p.pk for p in jures]},
        format="json",
    )


def test_opening_refused_with_one_member_then_opened(jour):
    client = api(jour.monde.responsable)
    reponse = _presences(client, jour, jour.participations[:1])
    assert reponse.status_code == 200
    assert {v["code"]: v["ok"] for v in reponse.json()["verdicts"]}["SES-JURY-MIN"] is False
    refus = client.post(url(jour.session, "ouvrir"))
    assert refus.status_code == 422
    assert refus.json()["regle"] == "SES-JURY-MIN"
    _presences(client, jour, jour.participations)
    ouverte = client.post(url(jour.session, "ouvrir"))
    assert ouverte.status_code == 200
    assert ouverte.json()["etat"] == EtatSession.EN_COURS


def test_checkin_draw_and_fraud_then_ddets_sanction(jour):
    client = api(jour.monde.responsable)
    _presences(client, jour, jour.participations)
    client.post(url(jour.session, "ouvrir"))
    inscription = jour.inscriptions[0]
    emargement = client.post(
        url(jour.session, "emargements"),
        {
            "inscription": inscription.pk,
            "heure_arrivee": "08:40",
            "piece_identite": "passeport",
            "identite_verifiee": True,
            "nouvelle_adresse": {"voie": "8 quai Perrache", "code_postal": "69002", "commune": "Lyon"},
            "retard": True,
            "retard_admis": True,
            "motif_retard": "bouchons",
        },
        format="json",
    )
    assert emargement.status_code == 201, emargement.json()
    assert emargement.json()["adresse_corrigee"] is True
    assert "inchangée" in emargement.json()["mention_retard"]
    tirage = client.post(url(jour.session, "tirages"), {}, format="json")
    assert tirage.status_code == 201
    assert TirageAuSort.objects.get(session=jour.session).inscription == inscription
    sans_rapport = client.post(
        url(jour.session, "incidents"),
        {
            "nature": "fraude",
            "description": "Antisèche",
            "survenu_le": timezone.now().isoformat(),
            "inscription": inscription.pk,
        },
        format="multipart",
    )
    assert sans_rapport.status_code == 422
    assert sans_rapport.json()["regle"] == "RES-FRAUDE-SANCTION"
    incident = client.post(
        url(jour.session, "incidents"),
        {
            "nature": "fraude",
            "description": "Antisèche",
            "survenu_le": timezone.now().isoformat(),
            "inscription": inscription.pk,
            "rapport": SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf"),
        },
        format="multipart",
    )
    assert incident.status_code == 201
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.EXCLU_FRAUDE
    aujourd_hui = timezone.localdate()
    sanction = f"/api/v1/incidents/{incident.json()['id']}/sanction/"
    assert client.post(sanction, {}, format="json").status_code == 403
    ddets = api(jour.monde.agent_ddets)
    trop = ddets.post(
        sanction,
        {
            "nature": "interdiction",
            "notifiee_le": aujourd_hui.isoformat(),
            "interdiction_jusqu_au": (aujourd_hui + dt.timedelta(days=367)).isoformat(),
            "motif": "Fraude avérée",
        },
        format="json",
    )
    assert trop.status_code == 422
    assert trop.json()["regle"] == "RES-FRAUDE-SANCTION"
    ok = ddets.post(
        sanction,
        {"nature": "exclusion", "notifiee_le": aujourd_hui.isoformat(), "motif": "Première fois"},
        format="json",
    )
    assert ok.status_code == 201


def test_another_organisme_gets_404(jour):
    client = api(jour.monde.gestionnaire_autre)
    assert client.get(url(jour.session, "presences")).status_code == 404
    assert client.post(url(jour.session, "ouvrir")).status_code == 404
