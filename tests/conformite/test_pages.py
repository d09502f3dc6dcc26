"""The public rules page and API list every code of the catalogue with its parameters in force."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from titrepro.conformite.models import ParametreRegle
from titrepro.conformite.regles.catalogue import CODES
from titrepro.territoires.models import Region


def test_the_rules_page_renders_every_code_without_signing_in(db):
    reponse = Client().get(reverse("web:regles"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    for code in CODES:
        assert f'id="{code}"' in contenu, code
    assert "91 jours" in contenu
    assert "TROIS MOIS" in contenu
    assert 'fr-badge--error">Bloquant' in contenu


def test_the_rules_page_shows_the_parameters_in_force_today(db):
    ParametreRegle.objects.create(
        code="SES-CREATION-DELAI", nom="jours", valeur=95, effet=dt.date(2000, 1, 1), motif="x"
    )
    contenu = Client().get(reverse("web:regles")).content.decode()
    assert "<strong>95 jours</strong>" in contenu
    assert "adapté" in contenu


def test_the_navigation_offers_the_rules_to_every_signed_in_user(client_de):
    assert 'href="/regles/"' in client_de("sans_role").get(reverse("web:accueil")).content.decode()


def test_the_api_lists_every_code(db):
    donnees = Client().get(reverse("regle-list")).json()
    assert [ligne["code"] for ligne in donnees] == list(CODES)
    ligne = next(ligne for ligne in donnees if ligne["code"] == "DTE-DELAI")
    assert ligne["niveau"] == "bloquant"
    mois = ligne["parametres"]["mois"]
    assert mois == {"valeur": 3, "unite": "mois", "libelle": mois["libelle"], "adapte": False}
    assert "92" in ligne["ambiguite"]
    assert ligne["source"]


def test_the_api_gives_one_rule_by_code_on_a_date_and_region(db):
    ile_de_france = Region.objects.get(code="11")
    ParametreRegle.objects.create(
        code="RES-PV-DELAI", nom="jours", valeur=10, region=ile_de_france, effet=dt.date(2030, 1, 1), motif="x"
    )
    url = reverse("regle-detail", kwargs={"code": "RES-PV-DELAI"})
    assert Client().get(url).json()["parametres"]["jours"]["valeur"] == 15
    adapte = Client().get(url, {"date": "2030-01-01", "region": "11"}).json()["parametres"]["jours"]
    assert adapte == {"valeur": 10, "unite": "jours", "libelle": adapte["libelle"], "adapte": True}
    assert Client().get(reverse("regle-detail", kwargs={"code": "XXX-INCONNUE"})).status_code == 404
    assert Client().get(url, {"date": "demain"}).status_code == 400
