"""The échéancier of an organisme (service, page, iCalendar feed, API) and the ORG-* sources of organisations."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests import factories as f
from titrepro.comptes.roles import Role
from titrepro.conformite.balayage import alertes_balayer
from titrepro.conformite.echeancier import calendrier_ics, echeancier
from titrepro.conformite.models import Alerte
from titrepro.conformite.signalements import (
    Echeance,
    EtatEcheance,
    etat_echeance,
    source_d_echeances,
    sources_d_alertes,
    sources_remplacees,
)
from titrepro.organisations.alertes import programmation_non_transmise
from titrepro.organisations.models import Convention, ProgrammationAnnuelle

D = dt.date


def _ical(contenu: bytes) -> list[icalendar.Event]:
    calendrier = icalendar.Calendar.from_ical(contenu)
    assert calendrier["VERSION"] == "2.0"
    assert calendrier["PRODID"]
    return list(calendrier.walk("VEVENT"))


def test_sources_are_gathered_per_subject_type_and_sorted(db):
    organisme = f.OrganismeFactory()
    candidat = f.CandidatFactory(organismes=[organisme])
    with sources_remplacees():

        @source_d_echeances("ORG-CONVENTION", pour="organisations.Organisme")
        def tardive(sujet, jour):
            yield Echeance("ORG-CONVENTION", "B", D(2027, 5, 1), etat_echeance(D(2027, 5, 1), jour=jour), sujet)

        @source_d_echeances("ORG-PROGRAMMATION")
        def generique(sujet, jour):  # no ``pour``: called for every subject
            yield Echeance("ORG-PROGRAMMATION", "A", D(2027, 1, 31), EtatEcheance.FAITE, sujet, faite_le=D(2027, 1, 2))

        assert [e.libelle for e in echeancier(organisme, jour=D(2027, 1, 15))] == ["A", "B"]
        assert [e.libelle for e in echeancier(candidat, jour=D(2027, 1, 15))] == ["A"]


def test_ical_feed_is_valid_rfc5545_with_stable_uids(db):
    organisme = f.OrganismeFactory()
    echeances = [
        Echeance("ORG-PROGRAMMATION", "Transmettre la programmation 2027", D(2027, 1, 31), EtatEcheance.DUE, organisme),
        Echeance(
            "ORG-CONVENTION", "Mettre à jour la convention 2028", D(2027, 12, 31), EtatEcheance.A_VENIR, organisme
        ),
    ]
    premier = _ical(calendrier_ics(echeances, nom="Essai", url_regles="https://exemple.fr/regles/"))
    second = _ical(calendrier_ics(list(reversed(echeances)), nom="Essai"))
    assert len(premier) == 2
    evenement = premier[0]
    assert str(evenement["SUMMARY"]) == "[ORG-PROGRAMMATION] Transmettre la programmation 2027"
    assert evenement.decoded("DTSTART") == D(2027, 1, 31)  # all-day: a DATE, not a DATE-TIME
    assert evenement["DTSTART"].params.get("VALUE") == "DATE"
    assert evenement.decoded("DTEND") == D(2027, 2, 1)
    assert isinstance(evenement.decoded("DTSTAMP"), dt.datetime)
    assert "https://exemple.fr/regles/#ORG-PROGRAMMATION" in str(evenement["DESCRIPTION"])
    assert {str(e["UID"]) for e in premier} == {str(e["UID"]) for e in second}
    assert len({str(e["UID"]) for e in premier}) == 2


@pytest.fixture
def organisme_deux_ud(db):
    """An organisme with sites in Paris (75) and Lyon (69), and its responsable."""
    organisme = f.OrganismeFactory(raison_sociale="Centre Deux UD")
    f.SiteFactory(organisme=organisme, departement=f.departement("75"))
    f.SiteFactory(organisme=organisme, departement=f.departement("69"), code_postal="69001", commune="Lyon")
    responsable = f.UtilisateurFactory(email="responsable@centre.fr")
    f.AffectationFactory(utilisateur=responsable, role=Role.RESPONSABLE_ORGANISME, organisme=organisme)
    return organisme


def _transmettre(organisme, code_departement, annee, le):
    return ProgrammationAnnuelle.objects.create(
        organisme=organisme, departement=f.departement(code_departement), annee=annee, transmise_le=le
    )


def test_programmation_source_is_registered():
    assert programmation_non_transmise in sources_d_alertes()["ORG-PROGRAMMATION"]


def test_programmation_alert_from_1_february_until_every_ud_has_it(
    organisme_deux_ud, django_capture_on_commit_callbacks
):
    organisme = organisme_deux_ud
    assert list(programmation_non_transmise(D(2027, 1, 31))) == []  # in time until 31 January
    _transmettre(organisme, "75", 2027, D(2027, 1, 20))

    [alerte] = programmation_non_transmise(D(2027, 2, 1))
    assert alerte.sujet == organisme
    assert alerte.message == (
        "Programmation prévisionnelle 2027 non transmise : attendue au plus tard le 31/01/2027. "
        "UD/DDETS concernée(s) : Rhône (69)."
    )
    assert alerte.echeance == D(2027, 1, 31)
    assert alerte.departement_id == f.departement("69").pk
    assert alerte.organisme_id == organisme.pk
    assert [u.email for u in alerte.destinataires] == ["responsable@centre.fr"]

    with sources_remplacees(alertes={"ORG-PROGRAMMATION": [programmation_non_transmise]}):
        with django_capture_on_commit_callbacks(execute=True):
            alertes_balayer(jour=D(2027, 2, 1))
        assert [m.to for m in mail.outbox] == [["responsable@centre.fr"]]
        _transmettre(organisme, "69", 2027, D(2027, 2, 3))
        with transaction.atomic():
            rapport = alertes_balayer(jour=D(2027, 2, 3))
        # Late, but transmitted everywhere now: ORG-PROGRAMMATION still fails (late) → the alert stays.
        assert rapport.resolues == 0
        with transaction.atomic():
            rapport = alertes_balayer(jour=D(2028, 1, 5))  # a new year, before its deadline
        assert rapport.resolues == 1
    assert Alerte.objects.get().etat == "resolue"


def test_organisme_echeancier_programmation_and_conventions(organisme_deux_ud):
    organisme = organisme_deux_ud
    _transmettre(organisme, "75", 2027, D(2027, 1, 10))
    _transmettre(organisme, "69", 2027, D(2027, 1, 12))
    Convention.objects.create(
        organisme=organisme,
        partenaire_raison_sociale="Formations Partenaires",
        partenaire_siret=f.siret_valide(9876543200001),
        titres="Secrétaire assistant",
        effectif_prevu=12,
        annee=2027,
        date_effet=D(2027, 1, 1),
        mise_a_jour_le=D(2026, 12, 15),
    )
    echeances = echeancier(organisme, jour=D(2027, 6, 1))
    assert [(e.code, e.date, e.etat) for e in echeances] == [
        ("ORG-CONVENTION", D(2026, 12, 31), EtatEcheance.FAITE),
        ("ORG-PROGRAMMATION", D(2027, 1, 31), EtatEcheance.FAITE),
        ("ORG-CONVENTION", D(2027, 12, 31), EtatEcheance.A_VENIR),
        ("ORG-PROGRAMMATION", D(2028, 1, 31), EtatEcheance.A_VENIR),
    ]
    assert echeances[1].faite_le == D(2027, 1, 12)
    assert "Formations Partenaires" in echeances[2].libelle
    # Without any convention, no ORG-CONVENTION deadline; a late programming is « dépassée ».
    autre = f.OrganismeFactory()
    f.SiteFactory(organisme=autre)
    etats = [(e.code, e.etat) for e in echeancier(autre, jour=D(2027, 2, 2))]
    assert etats == [("ORG-PROGRAMMATION", EtatEcheance.DEPASSEE), ("ORG-PROGRAMMATION", EtatEcheance.A_VENIR)]


def test_echeancier_page_feed_and_api(monde, client_de):
    organisme = monde.organisme_a
    page = client_de("agent_ddets").get(reverse("web:organisme_echeancier", args=[organisme.pk]))
    assert page.status_code == 200
    contenu = page.content.decode()
    assert "ORG-PROGRAMMATION" in contenu
    assert "/regles/#ORG-PROGRAMMATION" in contenu
    assert "?jeton=" in contenu

    flux = client_de("responsable_organisme").get(reverse("web:organisme_echeancier_ics", args=[organisme.pk]))
    assert flux["Content-Type"] == "text/calendar; charset=utf-8"
    evenements = _ical(flux.content)
    assert all(str(e["SUMMARY"]).startswith("[ORG-") for e in evenements)
    assert sum(str(e["SUMMARY"]).startswith("[ORG-PROGRAMMATION]") for e in evenements) == 2

    api = client_de("agent_dreets").get(reverse("organisme-echeancier", args=[organisme.pk]), {"date": "2027-02-02"})
    assert api.status_code == 200
    lignes = api.json()
    assert [e["date"] for e in lignes] == sorted(e["date"] for e in lignes)
    # (The states depend on what tests.personas records for organisme A; they are tested above.)
    assert [e["date"] for e in lignes if e["code"] == "ORG-PROGRAMMATION"] == ["2027-01-31", "2028-01-31"]
    assert {e["etat"] for e in lignes} <= {"a_venir", "due", "depassee", "faite"}
    assert (
        client_de("agent_dreets")
        .get(reverse("organisme-echeancier", args=[organisme.pk]), {"date": "02/02/2027"})
        .status_code
        == 400
    )


def test_calendar_subscription_link_works_without_a_session_and_only_for_its_organisme(monde, client_de):
    a, b = monde.organisme_a, monde.organisme_b
    page = client_de("responsable_organisme").get(reverse("web:organisme_echeancier", args=[a.pk]))
    lien = page.context["url_abonnement"]
    jeton = lien.split("?jeton=")[1]
    anonyme = Client()
    assert anonyme.get(reverse("web:organisme_echeancier_ics", args=[a.pk]), {"jeton": jeton}).status_code == 200
    # The token names organisme A: not valid for B, nor once tampered with.
    assert anonyme.get(reverse("web:organisme_echeancier_ics", args=[b.pk]), {"jeton": jeton}).status_code == 302
    assert anonyme.get(reverse("web:organisme_echeancier_ics", args=[a.pk]), {"jeton": jeton + "x"}).status_code == 302
    # Access is checked at each fetch: a responsable who loses the role loses the feed.
    monde.utilisateurs["responsable_organisme"].affectations.update(active=False)
    assert anonyme.get(reverse("web:organisme_echeancier_ics", args=[a.pk]), {"jeton": jeton}).status_code == 403
