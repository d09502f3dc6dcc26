"""The catalogue holds every code of REGLES.md with its level, source and parameters."""

from __future__ import annotations

import datetime as dt

import pytest

from titrepro.conformite.regles import CODES_SANS_FONCTION, FONCTIONS
from titrepro.conformite.regles.catalogue import CODES, CODES_DEROGEABLES, REGLES, Niveau, regle

B, A, INFO = Niveau.BLOQUANT, Niveau.ALERTE, Niveau.INFO

# Every code of REGLES.md with its level ("—" in the table is recorded as "info").
ATTENDUS = {
    "AGR-PERIMETRE": B, "AGR-MILLESIME": B, "AGR-PLATEAU": B, "AGR-SIRET": A, "AGR-CFA": INFO, "AGR-ETATS": B,
    "AGR-PIECES": B, "AGR-REFUS": B, "AGR-SANS-SUITE": A,
    "ORG-CONTACTS": B, "ORG-PROGRAMMATION": A, "ORG-FORMATEUR": B, "ORG-INSERTION": A,
    "SES-FIN-MILLESIME": B, "SES-PROLONGATION": B, "SES-CREATION-DELAI": B, "SES-DEROGATION": INFO,
    "SES-RATTACHEMENT": B, "SES-CONVOCATION": B, "SES-VERROU": B, "SES-JURY-MIN": B, "SES-JURY-HABILITATION": B,
    "SES-JURY-LIENS": B, "SES-RESPONSABLE": B, "SES-PRESENTIEL": B, "SES-HANDICAP": A, "SES-PLANNING": B,
    "SES-JOUR": INFO, "SES-DOSSIER": B, "SES-ANNULATION": B, "SES-CCP": A, "SES-ENTRETIEN-FINAL": B,
    "CAN-DOUBLON": A, "CAN-ETAT-CIVIL": B, "CAN-ADRESSE": A, "CAN-DROITS": A, "CAN-VAE": B, "CAN-PUBLICS": B,
    "DTE-DELAI": B, "DTE-QUANTITE": B, "DTE-COMPLETUDE": B, "DTE-SUIVI": INFO, "DTE-NON-RECU": A,
    "DTE-DESTRUCTION": A, "DTE-ANNULATION": INFO,
    "RES-SAISIE": B, "RES-PV-DELAI": A, "RES-PUBLICATION": B, "RES-FRAUDE": INFO,
    "ARC-CONSERVATION": B, "ARC-DP": B,
    "JUR-HABILITATION": B, "JUR-VISITE": INFO,
    "CAN-VAE-RECEVABILITE": B, "CAN-CCS": B, "JUR-ELIGIBILITE": B, "RES-FRAUDE-SANCTION": B,
    "ORG-CONVENTION": A, "AGR-DECISION": A,
}  # fmt: skip


def test_the_catalogue_holds_exactly_the_codes_of_regles_md():
    assert set(CODES) == set(ATTENDUS)
    assert len(REGLES) == len(ATTENDUS) == 59


@pytest.mark.parametrize("code", sorted(ATTENDUS))
def test_each_entry_has_its_level_source_and_french_text(code):
    entree = regle(code)
    assert entree.niveau is ATTENDUS[code]
    assert entree.source
    assert entree.titre
    assert entree.enonce
    assert isinstance(entree.effet, dt.date)
    for parametre in entree.parametres.values():
        assert parametre.unite
        assert parametre.libelle
        assert isinstance(parametre.valeur, int)


@pytest.mark.parametrize("code", CODES_SANS_FONCTION)
def test_catalogue_only_codes_are_still_listed_with_level_and_source(code):
    """Rules that need sessions, juries, plis or pieces (later issues): catalogue entry only for now."""
    entree = regle(code)
    assert entree.niveau is ATTENDUS[code]
    assert entree.source


def test_only_the_texts_derogations_are_derogeable():
    assert set(CODES_DEROGEABLES) == {"SES-CREATION-DELAI", "DTE-DELAI"}


def test_default_parameters_follow_regles_md():
    assert regle("SES-CREATION-DELAI").valeurs() == {"jours": 91}
    assert regle("DTE-DELAI").valeurs() == {"mois": 3, "jours_supplementaires": 1, "jours_alerte": 92}
    assert regle("SES-PROLONGATION").valeurs() == {"ans": 1, "ans_apprentis_cfa": 2}
    assert regle("RES-PV-DELAI").valeurs() == {"jours": 15, "jours_transport": 5}
    assert regle("CAN-DROITS").valeurs() == {"sessions_minimum": 1, "sessions_maximum": 3, "mois": 12}
    assert regle("AGR-SANS-SUITE").valeurs() == {"jours": 21}
    assert regle("ARC-CONSERVATION").valeurs() == {"ans": 5}


def test_disagreeing_sources_keep_both_figures_visible():
    assert all(chiffre in regle("SES-CREATION-DELAI").ambiguite for chiffre in ("91", "TROIS MOIS", "92"))
    assert all(chiffre in regle("DTE-DELAI").ambiguite for chiffre in ("3 mois + 1 j", "92", "91"))


def test_sources_name_the_seeds_or_the_legal_texts():
    assert regle("SES-CREATION-DELAI").source.startswith("001 §3.1")
    assert "BIM modeleur du bâtiment" in regle("SES-PROLONGATION").source
    assert "arrêté" in regle("ORG-CONVENTION").source


def test_unknown_code():
    with pytest.raises(KeyError, match="Règle inconnue"):
        regle("XXX-INCONNUE")


def test_every_function_is_registered_under_a_catalogue_code():
    assert set(FONCTIONS) <= set(CODES)
