"""Alerts on the home page of each role, the /alertes/ page and GET /api/v1/alertes/, within the user's scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories as f
from tests.matrice import VOIENT
from tests.personas import PERSONAS


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_page_lists_the_open_alerts_of_the_scope(persona, monde, client_de):
    contenu = client_de(persona).get(reverse("web:accueil")).content.decode()
    for objet in ("alerte_a", "alerte_b"):
        alerte = monde.objets[objet]
        assert (alerte.message in contenu) == (persona in VOIENT[objet]), f"{persona} / {objet}"
    if persona in VOIENT["alerte_a"] | VOIENT["alerte_b"]:
        assert "Alertes ouvertes" in contenu
        assert f'href="/regles/#{monde.alerte_a.code}"' in contenu
    else:
        assert "Alertes ouvertes" not in contenu


def test_resolved_alerts_leave_the_home_page(monde, client_de):
    monde.alerte_a.etat, monde.alerte_a.resolue_le = "resolue", dt.date(2027, 2, 3)
    monde.alerte_a.save()
    assert monde.alerte_a.message not in client_de("agent_ddets").get("/").content.decode()


def test_alert_page_filters(monde, client_de):
    autre = f.AlerteFactory(
        sujet=monde.organisme_a, code="ORG-CONVENTION", organisme=monde.organisme_a, message="Convention à revoir."
    )
    client = client_de("responsable_organisme")
    contenu = client.get(reverse("web:alertes")).content.decode()
    assert monde.alerte_a.message in contenu
    assert autre.message in contenu
    assert f'href="/organismes/{monde.organisme_a.pk}/"' in contenu  # the subject's page

    filtre = client.get(reverse("web:alertes"), {"code": "ORG-CONVENTION"}).content.decode()
    assert autre.message in filtre
    assert monde.alerte_a.message not in filtre
    assert client.get(reverse("web:alertes"), {"niveau": "bloquant"}).context["object_list"] == []
    assert client.get(reverse("web:alertes"), {"etat": "resolue"}).context["object_list"] == []
    # Unknown values are ignored rather than failing.
    assert len(client.get(reverse("web:alertes"), {"code": "NIMPORTE", "etat": "x"}).context["object_list"]) == 2


def test_api_lists_and_filters_the_alerts(monde, client_de):
    client = client_de("agent_dreets")
    donnees = client.get(reverse("alerte-list")).json()
    [ligne] = donnees["results"]
    assert ligne["code"] == "ORG-PROGRAMMATION"
    assert ligne["sujet_type"] == "organisations.organisme"
    assert ligne["sujet_id"] == monde.organisme_a.pk
    assert ligne["sujet"] == "Organisme A"
    assert ligne["etat"] == "ouverte"
    assert ligne["echeance"] == "2027-01-31"
    assert client.get(reverse("alerte-list"), {"etat": "resolue"}).json()["results"] == []
    assert client.get(reverse("alerte-list"), {"niveau": "nimporte"}).status_code == 400
