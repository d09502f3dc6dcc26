"""Semestrial programming (001 §3.1 « annuelle ou semestrielle »): periods, lines, deadlines, alert, échéancier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories as f
from titrepro.comptes.roles import Role
from titrepro.conformite.regles import organismes as regles
from titrepro.conformite.regles.echeances import echeance_programmation, limite_programmation
from titrepro.organisations import services
from titrepro.organisations.alertes import echeances_programmation, programmation_non_transmise
from titrepro.organisations.models import LigneProgrammation, ProgrammationAnnuelle

D = dt.date


def test_deadlines_by_period():
    assert regles.limite_programmation(2027, "annuelle") == D(2027, 1, 31)
    assert regles.limite_programmation(2027, "s1") == D(2027, 1, 31)
    assert regles.limite_programmation(2027, "s2") == D(2027, 7, 31)
    assert limite_programmation(2027, None, "s2") == D(2027, 7, 31)
    assert limite_programmation(2027, {"ORG-PROGRAMMATION": {"mois_limite": 2, "jour_limite": 28}}, "s2") == D(
        2027, 8, 28
    )
    assert "(second semestre)" in echeance_programmation(2027, None, "s2").libelle
    with pytest.raises(ValueError, match="inconnue"):
        regles.limite_programmation(2027, "trimestre")


def test_rule_for_the_second_half():
    verdict = regles.programmation(regles.Programmation(2027, None, D(2027, 8, 1), periode="s2"))
    assert not verdict.ok
    assert verdict.message == (
        "Programmation prévisionnelle 2027 (second semestre) non transmise : attendue au plus tard le 31/07/2027."
    )
    assert regles.programmation(regles.Programmation(2027, D(2027, 7, 31), D(2027, 8, 1), periode="s2")).ok


@pytest.fixture
def centre(db):
    organisme = f.OrganismeFactory(raison_sociale="Centre Semestriel")
    site = f.SiteFactory(organisme=organisme, departement=f.departement("75"))
    responsable = f.UtilisateurFactory(email="semestre@centre.fr")
    f.AffectationFactory(utilisateur=responsable, role=Role.RESPONSABLE_ORGANISME, organisme=organisme)
    return organisme, site, responsable


def test_lines_must_start_in_the_period(centre):
    organisme, site, responsable = centre
    s1 = services.programmation_creer(
        organisme=organisme, departement=site.departement, annee=2027, periode="s1", auteur=responsable
    )
    champs = {
        "site": site,
        "millesime": f.MillesimeFactory(),
        "type_session": "titre",
        "debut": D(2027, 7, 5),
        "fin": D(2027, 7, 6),
        "candidats_prevus": 6,
    }
    with pytest.raises(ValidationError) as erreur:
        services.ligne_programmation_enregistrer(programmation=s1, auteur=responsable, **champs)
    assert "entre le 01/01/2027 et le 30/06/2027" in str(erreur.value)
    champs.update(debut=D(2027, 6, 29), fin=D(2027, 7, 1))  # starts in June: belongs to the first half
    services.ligne_programmation_enregistrer(programmation=s1, auteur=responsable, **champs)
    assert LigneProgrammation.objects.filter(programmation=s1).count() == 1


def test_annual_and_semestrial_do_not_mix(centre):
    organisme, site, responsable = centre
    services.programmation_creer(organisme=organisme, departement=site.departement, annee=2027, auteur=responsable)
    with pytest.raises(ValidationError, match="soit annuelle, soit semestrielle"):
        services.programmation_creer(
            organisme=organisme, departement=site.departement, annee=2027, periode="s2", auteur=responsable
        )
    # Idempotent for the same period.
    assert services.programmation_creer(
        organisme=organisme, departement=site.departement, annee=2027, auteur=responsable
    ) == ProgrammationAnnuelle.objects.get(organisme=organisme, annee=2027)


def test_semestrial_alert_first_half_then_second(centre):
    organisme, site, _responsable = centre
    s1 = ProgrammationAnnuelle.objects.create(
        organisme=organisme, departement=site.departement, annee=2027, periode="s1", transmise_le=D(2027, 1, 20)
    )
    assert [a for a in programmation_non_transmise(D(2027, 2, 1)) if a.sujet == organisme] == []
    assert [a for a in programmation_non_transmise(D(2027, 7, 31)) if a.sujet == organisme] == []
    [alerte] = [a for a in programmation_non_transmise(D(2027, 8, 1)) if a.sujet == organisme]
    assert alerte.message.startswith("Programmation prévisionnelle 2027 (second semestre) non transmise")
    assert alerte.echeance == D(2027, 7, 31)
    ProgrammationAnnuelle.objects.create(
        organisme=organisme, departement=site.departement, annee=2027, periode="s2", transmise_le=D(2027, 7, 10)
    )
    assert [a for a in programmation_non_transmise(D(2027, 8, 1)) if a.sujet == organisme] == []
    # A first half sent late keeps the alert (ORG-PROGRAMMATION: late is not in time).
    s1.transmise_le = D(2027, 2, 10)
    s1.save()
    [alerte] = [a for a in programmation_non_transmise(D(2027, 8, 1)) if a.sujet == organisme]
    assert "(premier semestre) transmise le 10/02/2027" in alerte.message


def test_semestrial_only_built_still_counts_as_semestrial(centre):
    organisme, site, _responsable = centre
    ProgrammationAnnuelle.objects.create(organisme=organisme, departement=site.departement, annee=2027, periode="s2")
    [alerte] = [a for a in programmation_non_transmise(D(2027, 2, 1)) if a.sujet == organisme]
    assert "(premier semestre) non transmise" in alerte.message


def test_echeancier_shows_both_halves(centre):
    organisme, site, _responsable = centre
    ProgrammationAnnuelle.objects.create(
        organisme=organisme, departement=site.departement, annee=2027, periode="s1", transmise_le=D(2027, 1, 20)
    )
    echeances = [e for e in echeances_programmation(organisme, D(2027, 3, 1)) if e.date.year == 2027]
    assert [(e.date, e.etat.value) for e in echeances] == [(D(2027, 1, 31), "faite"), (D(2027, 7, 31), "a_venir")]
    annuelles = [e for e in echeances_programmation(organisme, D(2027, 3, 1)) if e.date.year == 2028]
    assert [e.date for e in annuelles] == [D(2028, 1, 31)]


def test_page_creates_a_semestrial_programming(monde, client_de):
    reponse = client_de("responsable_organisme").post(
        reverse("web:programmation_creer"),
        {"annee": "2027", "periode": "s2", "departement": str(monde.site_a.departement.pk)},
    )
    assert reponse.status_code == 302
    programmation = ProgrammationAnnuelle.objects.get(organisme=monde.organisme_a, annee=2027)
    assert programmation.periode == "s2"
    page = client_de("responsable_organisme").get(reverse("web:programmation", args=[programmation.pk]))
    assert "Programmation prévisionnelle 2027 (second semestre)" in page.content.decode()
    refus = client_de("responsable_organisme").post(
        reverse("web:programmation", args=[programmation.pk]),
        {
            "site": monde.site_a.pk,
            "millesime": monde.millesime.pk,
            "type_session": "titre",
            "debut": "2027-02-01",
            "fin": "2027-02-02",
            "candidats_prevus": "5",
        },
    )
    assert refus.status_code == 200
    assert "01/07/2027" in refus.content.decode()
    assert not programmation.lignes.exists()
