"""The engine with the database: parameters overridden per région and date, DDETS derogations, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.personas import PERSONAS
from titrepro.conformite.models import Derogation, ParametreRegle
from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.services import derogation_accorder, parametres_en_vigueur, parametres_memorises
from titrepro.core.erreurs import RegleRefusee
from titrepro.territoires.models import Departement, Region

D = dt.date
SESSION = {"premier_jour": D(2027, 3, 1), "creee_le": D(2026, 12, 1)}  # 90 days before


@pytest.fixture
def regions(db):
    return Region.objects.get(code="11"), Region.objects.get(code="84")


def surcharger(code, nom, valeur, *, effet, region=None, fin=None):
    parametre = ParametreRegle(code=code, nom=nom, valeur=valeur, region=region, effet=effet, fin=fin, motif="Arrêté")
    parametre.full_clean()
    parametre.save()
    return parametre


def test_defaults_without_override(db):
    assert parametres_en_vigueur("SES-CREATION-DELAI", jour=D(2027, 1, 1)) == {"jours": 91}
    verdict = evaluer("SES-CREATION-DELAI", jour_de_reference=D(2026, 12, 1), **SESSION)
    assert verdict.bloque
    with pytest.raises(RegleRefusee) as refus:
        exiger(verdict)
    assert refus.value.regle == "SES-CREATION-DELAI"
    assert (
        refus.value.message == "La session du 01/03/2027 devait être créée au plus tard le 30/11/2026 (91 jours avant)."
    )
    assert refus.value.source.startswith("001 §3.1")


def test_override_per_region_and_effective_date(regions):
    ile_de_france, auvergne = regions
    surcharger("SES-CREATION-DELAI", "jours", 92, effet=D(2026, 1, 1))  # national
    surcharger("SES-CREATION-DELAI", "jours", 90, effet=D(2026, 6, 1), fin=D(2026, 12, 31), region=ile_de_france)
    surcharger("SES-CREATION-DELAI", "jours", 85, effet=D(2027, 1, 1), region=ile_de_france)

    assert parametres_en_vigueur("SES-CREATION-DELAI", jour=D(2025, 12, 31)) == {"jours": 91}  # before any effet
    assert parametres_en_vigueur("SES-CREATION-DELAI", jour=D(2026, 3, 1)) == {"jours": 92}
    assert parametres_en_vigueur("SES-CREATION-DELAI", jour=D(2026, 7, 1), region=auvergne) == {"jours": 92}
    assert parametres_en_vigueur("SES-CREATION-DELAI", jour=D(2026, 7, 1), region=ile_de_france) == {"jours": 90}
    assert parametres_en_vigueur("SES-CREATION-DELAI", jour=D(2027, 2, 1), region=ile_de_france) == {"jours": 85}

    # The engine honours them: 90 days before is in time in Île-de-France in December 2026, not elsewhere.
    assert evaluer("SES-CREATION-DELAI", jour_de_reference=D(2026, 12, 1), region=ile_de_france, **SESSION).ok
    refuse = evaluer("SES-CREATION-DELAI", jour_de_reference=D(2026, 12, 1), region=auvergne, **SESSION)
    assert refuse.bloque
    assert "(92 jours avant)" in refuse.message


def test_within_a_request_the_overrides_are_read_once_and_a_new_one_is_seen_at_once(regions):
    ile_de_france, _ = regions
    surcharger("SES-CREATION-DELAI", "jours", 92, effet=D(2026, 1, 1))
    with parametres_memorises(), CaptureQueriesContext(connection) as requetes:
        for code in ("SES-CREATION-DELAI", "DTE-DELAI", "SES-CONVOCATION", "RES-PV-DELAI"):
            parametres_en_vigueur(code, jour=D(2026, 12, 1), region=ile_de_france)
        assert len(requetes) == 1  # every code's overrides in one query for (jour, région)
        assert parametres_en_vigueur("SES-CREATION-DELAI", jour=D(2026, 12, 1), region=ile_de_france) == {"jours": 92}
        # An override written in the same request is not hidden by the memory.
        surcharger("SES-CREATION-DELAI", "jours", 80, effet=D(2026, 11, 1), region=ile_de_france)
        assert parametres_en_vigueur("SES-CREATION-DELAI", jour=D(2026, 12, 1), region=ile_de_france) == {"jours": 80}
    # Outside the block, nothing is remembered.
    with CaptureQueriesContext(connection) as requetes:
        parametres_en_vigueur("SES-CREATION-DELAI", jour=D(2026, 12, 1), region=ile_de_france)
        parametres_en_vigueur("SES-CREATION-DELAI", jour=D(2026, 12, 1), region=ile_de_france)
    assert len(requetes) == 2


def test_an_override_is_checked_against_the_catalogue(db):
    with pytest.raises(ValidationError):
        surcharger("SES-CREATION-DELAI", "semaines", 13, effet=D(2026, 1, 1))
    with pytest.raises(ValidationError):
        surcharger("SES-CREATION-DELAI", "jours", "quatre-vingt-onze", effet=D(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ParametreRegle.objects.create(code="DTE-DELAI", nom="mois", valeur=3, effet=D(2026, 2, 1), fin=D(2026, 1, 1))


def test_derogation_refused_to_every_persona_but_the_ddets_agent(monde):
    for persona in PERSONAS:
        if persona == "agent_ddets":
            continue
        with pytest.raises(PermissionDenied, match="DDETS"):
            derogation_accorder(
                agent=monde.utilisateurs[persona], regle="SES-CREATION-DELAI", sujet=monde.site_a, motif="Crue"
            )
    assert not Derogation.objects.exists()


def test_derogation_only_for_derogeable_rules_and_with_a_reason(monde):
    agent = monde.utilisateurs["agent_ddets"]
    with pytest.raises(RegleRefusee) as refus:
        derogation_accorder(agent=agent, regle="SES-CONVOCATION", sujet=monde.site_a, motif="Crue")
    assert refus.value.regle == "SES-DEROGATION"
    with pytest.raises(ValidationError):
        derogation_accorder(agent=agent, regle="SES-CREATION-DELAI", sujet=monde.site_a, motif="  ")
    with pytest.raises(PermissionDenied):
        derogation_accorder(
            agent=agent,
            regle="SES-CREATION-DELAI",
            sujet=monde.site_a,
            motif="Crue",
            departement=Departement.objects.get(code="69"),
        )


def test_a_granted_derogation_lifts_the_refusal_and_is_named(monde):
    agent = monde.utilisateurs["agent_ddets"]
    derogation = derogation_accorder(
        agent=agent,
        regle="SES-CREATION-DELAI",
        sujet=monde.site_a,
        motif="Inondation des locaux indépendante du centre",
        accordee_le=D(2026, 12, 2),
    )
    assert derogation.departement.code == "75"
    assert Derogation.objects.pour(monde.site_a, "SES-CREATION-DELAI").get() == derogation
    verdict = exiger(evaluer("SES-CREATION-DELAI", jour_de_reference=D(2026, 12, 1), derogation=derogation, **SESSION))
    assert verdict.ok
    assert f"dérogation n°2026-{derogation.pk:06d} du 02/12/2026 par {agent.nom_complet} (DDETS 75)" in verdict.message
    entree = LogEntry.objects.get_for_object(derogation).get()
    assert entree.actor == agent
    assert entree.additional_data == {"motif": "Inondation des locaux indépendante du centre"}


def test_derogations_are_seen_by_their_departement_and_region_only(monde):
    derogation_accorder(agent=monde.utilisateurs["agent_ddets"], regle="DTE-DELAI", sujet=monde.site_a, motif="Grève")
    voient = {p for p in PERSONAS if Derogation.objects.visibles_par(monde.utilisateurs[p]).exists()}
    assert voient == {"agent_ddets", "agent_dreets", "administrateur"}


def test_the_engine_refuses_a_derogation_on_a_rule_without_one(db):
    with pytest.raises(ValueError, match="n'admet pas"):
        evaluer(
            "DTE-QUANTITE",
            jour_de_reference=D(2026, 1, 1),
            derogation=Derogation(regle="DTE-QUANTITE"),
            nombre_candidats=3,
            nombre_sujets=3,
        )
    from titrepro.conformite.regles import CODES_SANS_FONCTION

    with pytest.raises(NotImplementedError):  # a catalogue-only code (its objects come with a later issue)
        evaluer(CODES_SANS_FONCTION[0], jour_de_reference=D(2026, 1, 1))
