"""The pure DTE rules added by the DTE desk: completeness, grid request, cancellation, CCP link dates."""

from __future__ import annotations

import datetime as dt

from titrepro.conformite.regles import dte
from titrepro.conformite.regles.catalogue import Niveau

CHAMPS = (("destinataire", "Mme X"), ("téléphone", "0102030405"))


def completude(**kw):
    valeurs = {"champs": CHAMPS, "courriel": "a@b.fr", "code_postal": "75001", "commune": "Paris"}
    return dte.completude(dte.CompletudeCommande(**{**valeurs, **kw}))


def test_complete_order_passes():
    assert completude().ok


def test_missing_field_invalid_email_and_postal_code_are_named():
    verdict = completude(champs=(("destinataire", ""),), courriel="a@b", code_postal="7500", commune="Paris 1")
    assert verdict.bloque
    assert verdict.code == "DTE-COMPLETUDE"
    assert "destinataire" in verdict.message
    assert "« a@b »" in verdict.message
    assert "« 7500 »" in verdict.message
    assert "« Paris 1 »" in verdict.message


def test_postal_code_must_match_the_commune_of_the_site():
    verdict = completude(code_postal="69001", commune="Paris", commune_connue="Paris", code_postal_connu="75001")
    assert verdict.bloque
    assert "69001" in verdict.message
    assert completude(code_postal="75015", commune="paris", commune_connue="Paris", code_postal_connu="75001").ok
    assert not completude(code_postal="00100").ok
    assert completude(code_postal="97400", commune="Saint-Denis").ok


def test_grid_requested_when_a_candidate_completes_the_tp():
    manque = dte.grille_entretien_final(
        dte.GrilleEntretienFinal(ccp=True, candidats_terminant=("ALPHA",), grille_demandee=False)
    )
    assert manque.bloque
    assert manque.code == "SES-ENTRETIEN-FINAL"
    assert "ALPHA" in manque.message
    assert dte.grille_entretien_final(
        dte.GrilleEntretienFinal(ccp=True, candidats_terminant=("ALPHA",), grille_demandee=True)
    ).ok
    assert dte.grille_entretien_final(
        dte.GrilleEntretienFinal(ccp=True, candidats_terminant=(), grille_demandee=False)
    ).ok
    assert dte.grille_entretien_final(
        dte.GrilleEntretienFinal(ccp=False, candidats_terminant=("A",), grille_demandee=False)
    ).ok


def test_cancellation_states_the_consequence():
    recus = dte.annulation(dte.AnnulationCommande(plis_recus=True))
    assert not recus.ok
    assert recus.niveau is Niveau.INFO
    assert "détruire" in recus.message
    assert dte.annulation(dte.AnnulationCommande(plis_recus=False)).ok


def test_automate_runs_at_8_15_21():
    assert dte.activation_automate(dt.datetime(2027, 3, 1, 0, 0)) == dt.datetime(2027, 3, 1, 8, 0)
    assert dte.activation_automate(dt.datetime(2027, 3, 1, 8, 0)) == dt.datetime(2027, 3, 1, 8, 0)
    assert dte.activation_automate(dt.datetime(2027, 3, 1, 9, 0)) == dt.datetime(2027, 3, 1, 15, 0)
    assert dte.activation_automate(dt.datetime(2027, 3, 1, 21, 1)) == dt.datetime(2027, 3, 2, 8, 0)


def test_ccp_links_skip_the_holiday_in_the_5_working_days():
    # Session on Wednesday 12 May 2027; Thursday 6 May is Ascension: J-5 working days is Tuesday 4 May.
    liens = dte.liens_ccp(dt.date(2027, 5, 12), dt.datetime(2027, 2, 2, 10, 0))
    assert liens.organisateur_le == dt.date(2027, 3, 13)
    assert liens.organisateur_a == dt.datetime(2027, 3, 13, 8, 0)
    assert liens.jury_le == dt.date(2027, 5, 4)
    assert liens.jury_a == dt.datetime(2027, 5, 4, 8, 0)
    tardifs = dte.liens_ccp(dt.date(2027, 5, 12), dt.datetime(2027, 3, 20, 16, 30))
    assert tardifs.organisateur_a == dt.datetime(2027, 3, 20, 21, 0)
