"""Each rule function: a passing and a failing case with concrete dates (the seeds' examples where they give one)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from titrepro.conformite.regles import (
    FONCTIONS,
    agrements,
    archives,
    candidats,
    decisions,
    dte,
    inscriptions,
    insertion,
    jury,
    organismes,
    resultats,
    sessions,
)
from titrepro.conformite.regles.catalogue import Niveau
from titrepro.conformite.regles.verdict import DerogationAppliquee, refus
from titrepro.core.erreurs import RegleRefusee

D = dt.date
DEROGATION = DerogationAppliquee(
    "2026-000007", "SES-CREATION-DELAI", D(2026, 12, 3), "Jeanne Martin (DDETS 75)", "Crue"
)


# --------------------------------------------------------------------------- SES-CREATION-DELAI
def test_creation_delay_91_days():
    ok = sessions.creation_delai(sessions.CreationSession(premier_jour=D(2027, 3, 1), creee_le=D(2026, 11, 30)))
    assert ok.ok
    assert ok.echeance == D(2026, 11, 30)
    ko = sessions.creation_delai(sessions.CreationSession(premier_jour=D(2027, 3, 1), creee_le=D(2026, 12, 1)))
    assert ko.bloque
    assert ko.message == "La session du 01/03/2027 devait être créée au plus tard le 30/11/2026 (91 jours avant)."
    erreur = refus(ko)
    assert isinstance(erreur, RegleRefusee)
    assert (erreur.regle, erreur.message, erreur.source) == ("SES-CREATION-DELAI", ko.message, ko.source)


def test_creation_delay_lifted_by_a_derogation_that_names_itself():
    verdict = sessions.creation_delai(sessions.CreationSession(D(2027, 3, 1), D(2026, 12, 1)), derogation=DEROGATION)
    assert verdict.ok
    assert verdict.derogation == DEROGATION
    assert "dérogation n°2026-000007 du 03/12/2026 par Jeanne Martin (DDETS 75)" in verdict.message
    with pytest.raises(ValueError, match="ne bloque pas"):
        refus(verdict)


def test_a_derogation_for_another_rule_is_refused():
    autre = DerogationAppliquee("1", "DTE-DELAI", D(2026, 12, 3), "X", "Y")
    with pytest.raises(ValueError, match="porte sur DTE-DELAI"):
        sessions.creation_delai(sessions.CreationSession(D(2027, 3, 1), D(2026, 12, 1)), derogation=autre)


def test_a_derogation_does_not_touch_a_passing_verdict():
    verdict = sessions.creation_delai(sessions.CreationSession(D(2027, 3, 1), D(2026, 11, 1)), derogation=DEROGATION)
    assert verdict.ok
    assert verdict.derogation is None


def test_parameters_change_the_deadline():
    verdict = sessions.creation_delai(sessions.CreationSession(D(2027, 3, 1), D(2026, 12, 1)), {"jours": 90})
    assert verdict.ok
    with pytest.raises(KeyError, match="Paramètre inconnu"):
        sessions.creation_delai(sessions.CreationSession(D(2027, 3, 1), D(2026, 12, 1)), {"semaines": 13})


# --------------------------------------------------------------------------- SES-FIN-MILLESIME
def test_end_of_millesime():
    fin = D(2025, 3, 15)
    assert sessions.fin_millesime(sessions.FinMillesime(D(2025, 3, 10), fin, D(2024, 12, 1))).ok
    assert sessions.fin_millesime(sessions.FinMillesime(D(2025, 6, 10), fin, D(2025, 3, 15))).ok
    ko = sessions.fin_millesime(sessions.FinMillesime(D(2025, 6, 10), fin, D(2025, 3, 16)))
    assert ko.bloque
    assert "15/03/2025" in ko.message


# --------------------------------------------------------------------------- SES-PROLONGATION (seed 000, BIM)
BIM = {"fin_millesime": D(2025, 3, 15), "entree_en_formation": D(2025, 1, 1)}


def test_bim_modeleur_non_apprentice_until_15_march_2026():
    ok = sessions.prolongation(sessions.Prolongation(dernier_jour=D(2026, 3, 15), apprenti_cfa=False, **BIM))
    assert ok.ok
    assert ok.echeance == D(2026, 3, 15)
    ko = sessions.prolongation(sessions.Prolongation(dernier_jour=D(2026, 3, 16), apprenti_cfa=False, **BIM))
    assert ko.bloque
    assert "15/03/2026" in ko.message


def test_bim_modeleur_cfa_apprentice_until_15_march_2027():
    ok = sessions.prolongation(sessions.Prolongation(dernier_jour=D(2027, 3, 15), apprenti_cfa=True, **BIM))
    assert ok.ok
    assert ok.echeance == D(2027, 3, 15)
    ko = sessions.prolongation(sessions.Prolongation(dernier_jour=D(2027, 3, 16), apprenti_cfa=True, **BIM))
    assert ko.bloque


def test_entered_training_after_the_end_sits_the_new_millesime():
    entree = sessions.Prolongation(D(2025, 3, 15), D(2025, 9, 1), entree_en_formation=D(2025, 4, 1), apprenti_cfa=True)
    verdict = sessions.prolongation(entree)
    assert verdict.bloque
    assert "nouveau millésime" in verdict.message


# --------------------------------------------------------------------------- SES-CONVOCATION
def test_convocation_one_month_before_clamped():
    ok = sessions.convocation(sessions.Convocation(D(2027, 3, 31), D(2027, 2, 28), "lrar", preuve=True))
    assert ok.ok
    assert ok.echeance == D(2027, 2, 28)
    ko = sessions.convocation(sessions.Convocation(D(2027, 3, 31), D(2027, 3, 1), "lrar", preuve=True))
    assert ko.bloque
    assert "28/02/2027" in ko.message
    assert sessions.convocation(sessions.Convocation(D(2027, 3, 31), D(2027, 2, 1), "courriel", preuve=True)).bloque
    assert sessions.convocation(sessions.Convocation(D(2027, 3, 31), D(2027, 2, 1), "main_propre", preuve=False)).bloque


# --------------------------------------------------------------------------- SES-JURY-MIN
def test_each_jury_needs_two_members():
    assert sessions.jury_min(sessions.CompositionJurys((2, 3))).ok
    ko = sessions.jury_min(sessions.CompositionJurys((2, 1)))
    assert ko.bloque
    assert "jury 2 (1)" in ko.message
    assert sessions.jury_min(sessions.CompositionJurys(())).bloque


# --------------------------------------------------------------------------- SES-HANDICAP
def test_medical_form_three_months_before():
    premier = D(2027, 5, 31)
    assert sessions.handicap(sessions.FormulaireHandicap(premier, D(2027, 2, 28), D(2027, 3, 1))).ok
    ko = sessions.handicap(sessions.FormulaireHandicap(premier, D(2027, 3, 1), D(2027, 3, 1)))
    assert ko.alerte
    assert not ko.bloque
    assert "28/02/2027" in ko.message
    assert sessions.handicap(sessions.FormulaireHandicap(premier, None, D(2027, 1, 1))).ok
    assert not sessions.handicap(sessions.FormulaireHandicap(premier, None, D(2027, 3, 1))).ok


# --------------------------------------------------------------------------- SES-JURY-HABILITATION
def test_habilitation_covers_every_day_of_the_session():
    base = {"millesime_habilitation": "TP-01 v3", "millesime_session": "TP-01 v3", "debut": D(2026, 1, 1)}
    ok = jury.couverture_session(
        jury.CouvertureHabilitation(**base, fin=D(2027, 3, 3), premier_jour=D(2027, 3, 1), dernier_jour=D(2027, 3, 3))
    )
    assert ok.ok
    ko = jury.couverture_session(
        jury.CouvertureHabilitation(**base, fin=D(2027, 3, 2), premier_jour=D(2027, 3, 1), dernier_jour=D(2027, 3, 3))
    )
    assert ko.bloque
    assert "chaque jour" in ko.message
    autre = {**base, "millesime_habilitation": "TP-01 v2"}
    assert jury.couverture_session(
        jury.CouvertureHabilitation(**autre, fin=D(2028, 1, 1), premier_jour=D(2027, 3, 1), dernier_jour=D(2027, 3, 3))
    ).bloque


# --------------------------------------------------------------------------- DTE-DELAI
def test_dte_order_three_months_plus_one_day():
    ok = dte.delai(dte.CommandeDte(premier_jour=D(2027, 9, 1), commandee_le=D(2027, 5, 31)))
    assert ok.ok
    assert ok.echeance == D(2027, 5, 31)
    ko = dte.delai(dte.CommandeDte(premier_jour=D(2027, 9, 1), commandee_le=D(2027, 6, 1)))
    assert ko.bloque
    assert "31/05/2027" in ko.message
    assert "3 mois + 1 jour" in ko.message


def test_dte_order_in_time_but_under_92_days_is_an_alert():
    verdict = dte.delai(dte.CommandeDte(premier_jour=D(2027, 5, 1), commandee_le=D(2027, 1, 31)))
    assert not verdict.ok
    assert verdict.niveau is Niveau.ALERTE
    assert not verdict.bloque
    assert "90 jours" in verdict.message


def test_dte_late_order_lifted_by_derogation():
    derogation = DerogationAppliquee("2027-000001", "DTE-DELAI", D(2027, 6, 2), "Agent (DDETS 75)", "Incendie")
    verdict = dte.delai(dte.CommandeDte(D(2027, 9, 1), D(2027, 6, 1)), derogation=derogation)
    assert verdict.ok
    assert "dérogation n°2027-000001 du 02/06/2027 par Agent (DDETS 75)" in verdict.message


# --------------------------------------------------------------------------- DTE-QUANTITE
def test_subjects_are_candidates_plus_one_or_two():
    assert dte.quantite(dte.QuantiteDte(10, 11)).ok
    assert dte.quantite(dte.QuantiteDte(10, 12)).ok
    assert dte.quantite(dte.QuantiteDte(10, 10)).bloque
    assert dte.quantite(dte.QuantiteDte(10, 13)).bloque


# --------------------------------------------------------------------------- DTE-NON-RECU
def test_plis_not_received_two_weeks_before():
    premier = D(2027, 3, 15)
    assert dte.non_recu(dte.ReceptionPlis(premier, recue=False, secteur="btp", jour=D(2027, 2, 28))).ok
    ko = dte.non_recu(dte.ReceptionPlis(premier, recue=False, secteur="btp", jour=D(2027, 3, 1)))
    assert ko.alerte
    assert "epreuves-btp@afpa.fr" in ko.message
    assert ko.echeance == D(2027, 3, 1)
    assert dte.non_recu(dte.ReceptionPlis(premier, recue=True, secteur="ccp", jour=D(2027, 3, 10))).ok


# --------------------------------------------------------------------------- DTE-SUIVI
def test_dte_follow_up_dates():
    ccp = dte.suivi(dte.SuiviDte(D(2027, 5, 10), ccp=True))
    assert ccp.ok
    assert ccp.echeance == D(2027, 4, 30)
    assert "11/03/2027" in ccp.message
    titre = dte.suivi(dte.SuiviDte(D(2027, 5, 10), ccp=False))
    assert titre.echeance == D(2027, 4, 5)
    assert "29/03/2027" in titre.message


# --------------------------------------------------------------------------- RES-PV-DELAI
def test_pv_within_15_days_5_for_transport():
    fin = D(2027, 3, 5)
    assert resultats.pv_delai(resultats.TransmissionPv(fin, False, D(2027, 3, 20), D(2027, 3, 20))).ok
    ko = resultats.pv_delai(resultats.TransmissionPv(fin, False, D(2027, 3, 21), D(2027, 3, 21)))
    assert ko.alerte
    assert "20/03/2027" in ko.message
    assert resultats.pv_delai(resultats.TransmissionPv(fin, True, D(2027, 3, 10), D(2027, 3, 10))).ok
    assert not resultats.pv_delai(resultats.TransmissionPv(fin, True, None, D(2027, 3, 11))).ok


# --------------------------------------------------------------------------- ARC-CONSERVATION
def test_documents_kept_five_years():
    assert resultats.conservation(resultats.Conservation(D(2027, 3, 5), D(2032, 3, 5))).ok
    ko = resultats.conservation(resultats.Conservation(D(2027, 3, 5), D(2032, 3, 4)))
    assert ko.bloque
    assert "05/03/2032" in ko.message


# --------------------------------------------------------------------------- CAN-DROITS
def test_up_to_three_sessions_in_the_twelve_months_after_training():
    fin = D(2026, 6, 30)
    ok = candidats.droits(
        candidats.DroitsCandidat(fin, (D(2026, 7, 1), D(2026, 10, 1)), D(2026, 10, 2), D(2027, 6, 30))
    )
    assert ok.ok
    assert ok.echeance == D(2027, 6, 30)
    trois = (D(2026, 7, 1), D(2026, 10, 1), D(2027, 1, 10))
    assert candidats.droits(candidats.DroitsCandidat(fin, trois, D(2027, 1, 11), D(2027, 3, 1))).alerte
    assert candidats.droits(candidats.DroitsCandidat(fin, (), D(2026, 7, 1), D(2027, 7, 1))).alerte
    sans_session = candidats.droits(candidats.DroitsCandidat(fin, (), D(2026, 7, 1)))
    assert sans_session.alerte
    assert "au moins 1 session" in sans_session.message
    assert candidats.droits(candidats.DroitsCandidat(fin, (), D(2026, 6, 1))).ok


# --------------------------------------------------------------------------- CAN-VAE-RECEVABILITE
def test_vae_admissibility_valid_one_year():
    assert candidats.vae_recevabilite(candidats.RecevabiliteVae(D(2026, 4, 10), D(2027, 4, 10))).ok
    assert candidats.vae_recevabilite(candidats.RecevabiliteVae(D(2026, 4, 10), D(2027, 4, 11))).bloque
    assert candidats.vae_recevabilite(candidats.RecevabiliteVae(None, D(2027, 4, 11))).bloque


# --------------------------------------------------------------------------- JUR-ELIGIBILITE
def test_jury_member_eligibility():
    assert jury.eligibilite(jury.EligibiliteJure(36, None, D(2026, 9, 1))).ok
    assert jury.eligibilite(jury.EligibiliteJure(35, None, D(2026, 9, 1))).bloque
    assert jury.eligibilite(jury.EligibiliteJure(120, D(2021, 9, 1), D(2026, 9, 1))).ok
    assert jury.eligibilite(jury.EligibiliteJure(120, D(2021, 8, 31), D(2026, 9, 1))).bloque


# --------------------------------------------------------------------------- JUR-HABILITATION
def test_professionalisation_kept_on_a_revision_under_two_years():
    assert jury.habilitation(jury.HabilitationJure(D(2026, 9, 1), D(2024, 9, 2), revision=True)).ok
    ko = jury.habilitation(jury.HabilitationJure(D(2026, 9, 1), D(2024, 9, 1), revision=True))
    assert ko.bloque
    assert "à refaire" in ko.message
    assert jury.habilitation(jury.HabilitationJure(D(2026, 9, 1), D(2019, 1, 1), revision=False)).ok
    assert jury.habilitation(jury.HabilitationJure(D(2026, 9, 1), None, revision=False)).bloque
    renouvellement = jury.HabilitationJure(D(2026, 9, 1), D(2026, 1, 1), False, quitte_metier_le=D(2021, 8, 1))
    assert jury.habilitation(renouvellement).bloque


# --------------------------------------------------------------------------- AGR-*
def test_agrement_covers_the_session():
    base = {"agrement_debut": D(2026, 1, 1), "premier_jour": D(2027, 3, 1), "dernier_jour": D(2027, 3, 3)}
    assert agrements.perimetre(
        agrements.PerimetreAgrement(**base, agrement_fin=D(2027, 3, 3), meme_site=True, meme_millesime=True)
    ).ok
    assert agrements.perimetre(
        agrements.PerimetreAgrement(**base, agrement_fin=D(2027, 3, 2), meme_site=True, meme_millesime=True)
    ).bloque
    assert agrements.perimetre(
        agrements.PerimetreAgrement(**base, agrement_fin=D(2028, 1, 1), meme_site=False, meme_millesime=True)
    ).bloque


def test_agrement_pieces_dates():
    base = {"depose_le": D(2026, 9, 15), "premiere_session": D(2027, 1, 10), "acces_debut": D(2026, 1, 1)}
    ok = agrements.pieces(
        agrements.PiecesAgrement(**base, kbis_date=D(2026, 3, 16), justificatif_acces="bail", acces_fin=D(2027, 1, 10))
    )
    assert ok.ok
    vieux_kbis = agrements.pieces(
        agrements.PiecesAgrement(**base, kbis_date=D(2026, 3, 15), justificatif_acces="bail", acces_fin=None)
    )
    assert vieux_kbis.bloque
    assert "moins de 6 mois" in vieux_kbis.message
    bail_echu = agrements.pieces(
        agrements.PiecesAgrement(**base, kbis_date=D(2026, 9, 1), justificatif_acces="bail", acces_fin=D(2027, 1, 9))
    )
    assert bail_echu.bloque
    assert "10/01/2027" in bail_echu.message
    quittance = agrements.pieces(
        agrements.PiecesAgrement(**base, kbis_date=D(2026, 9, 1), justificatif_acces="quittance", acces_fin=None)
    )
    assert quittance.bloque
    assert "pas un justificatif valable" in quittance.message


def test_request_without_follow_up_after_21_days():
    assert agrements.sans_suite(agrements.ComplementsDemandes(D(2026, 3, 2), D(2026, 3, 23), D(2026, 3, 23))).ok
    assert agrements.sans_suite(agrements.ComplementsDemandes(D(2026, 3, 2), None, D(2026, 3, 23))).ok
    ko = agrements.sans_suite(agrements.ComplementsDemandes(D(2026, 3, 2), None, D(2026, 3, 24)))
    assert ko.alerte
    assert "classée sans suite" in ko.message


def test_agrement_decision_within_two_months():
    assert agrements.decision(agrements.DecisionAgrement(D(2026, 1, 31), D(2026, 3, 31), D(2026, 4, 1))).ok
    assert agrements.decision(agrements.DecisionAgrement(D(2026, 1, 31), None, D(2026, 4, 1))).alerte
    trop_long = agrements.DecisionAgrement(D(2026, 1, 31), D(2026, 2, 15), D(2026, 2, 15), D(2030, 1, 1), D(2029, 1, 1))
    assert agrements.decision(trop_long).alerte


# --------------------------------------------------------------------------- ORG-*
def test_yearly_programming_by_31_january():
    assert organismes.programmation(organismes.Programmation(2027, D(2027, 1, 31), D(2027, 2, 1))).ok
    assert organismes.programmation(organismes.Programmation(2027, None, D(2027, 1, 31))).ok
    assert organismes.programmation(organismes.Programmation(2027, D(2027, 2, 1), D(2027, 2, 1))).alerte
    assert organismes.programmation(organismes.Programmation(2027, None, D(2027, 2, 1))).alerte


def test_convention_updated_before_1_january():
    assert organismes.convention(organismes.MiseAJourConvention(2027, D(2026, 12, 31), D(2027, 1, 5))).ok
    assert organismes.convention(organismes.MiseAJourConvention(2027, D(2027, 1, 1), D(2027, 1, 5))).alerte
    assert organismes.convention(organismes.MiseAJourConvention(2027, None, D(2027, 1, 1))).alerte


def test_partial_success_offered_a_ccp_session_within_60_days():
    entree = decisions.SuiviReussitePartielle("Léa MARTIN", D(2026, 10, 2), None, D(2026, 12, 1))
    assert decisions.suivi_reussite_partielle(entree).ok
    tard = decisions.suivi_reussite_partielle(
        decisions.SuiviReussitePartielle("Léa MARTIN", D(2026, 10, 2), None, D(2026, 12, 2))
    )
    assert tard.alerte
    assert "01/12/2026" in tard.message
    propose = decisions.SuiviReussitePartielle("Léa MARTIN", D(2026, 10, 2), D(2026, 12, 20), D(2027, 1, 5))
    assert decisions.suivi_reussite_partielle(propose).ok


def test_entretien_final_recorded_during_the_session_to_award_the_tp():
    def verdict(manquants: tuple[str, ...], le: dt.date | None):
        return decisions.entretien_final(
            decisions.EntretienFinal("Léa MARTIN", manquants, le, D(2026, 11, 16), D(2026, 11, 18))
        )

    assert verdict((), D(2026, 11, 18)).ok
    sans = verdict((), None)
    assert sans.bloque
    assert sans.code == "SES-ENTRETIEN-FINAL"
    assert verdict((), D(2026, 11, 20)).bloque
    assert verdict(("CCP 2",), D(2026, 11, 18)).bloque


def test_every_function_code_is_tested_here():
    source = Path(__file__).read_text(encoding="utf-8")
    modules = {
        "agrements": agrements,
        "archives": archives,
        "candidats": candidats,
        "insertion": insertion,
        "decisions": decisions,
        "dte": dte,
        "inscriptions": inscriptions,
        "jury": jury,
        "organismes": organismes,
        "resultats": resultats,
        "sessions": sessions,
    }
    for code, fonction in FONCTIONS.items():
        module = fonction.fonction.__module__.rsplit(".", 1)[1]
        assert module in modules, code
        assert f"{module}.{fonction.fonction.__name__}(" in source, code


# ------------------------------------------------ issue 4 (agréments): more in tests/agrements


def test_agr_millesime_plateau_siret_and_org_contacts_functions():
    assert agrements.millesime(agrements.AgrementMillesime("BIM", "02", ("01",))).bloque
    assert agrements.plateau(agrements.ChangementPlateau("siege", dt.date(2027, 1, 4), ("BIM",))).ok
    assert agrements.siret(agrements.ChangementSiret("1", "2", dt.date(2027, 1, 4), 1, 1)).ok
    assert not organismes.contacts(organismes.ContactsOrganisme(())).ok


# ------------------------------------------------ issue 5 (personnes): more in tests/personnes


def test_can_adresse_checkpoints():
    confirmees = frozenset({"debut_formation"})
    entree = candidats.ConfirmationsAdresse(D(2026, 1, 5), D(2026, 6, 30), confirmees, D(2026, 5, 1))
    verdict = candidats.adresse(entree)
    assert verdict.alerte
    assert "pendant la formation (dû le 03/04/2026)" in verdict.message
    assert verdict.echeance == D(2026, 4, 3)


# ------------------------------------------------ issue 6 (sessions): more in tests/examens


def test_ses_responsable_annulation_verrou_and_can_ccs_functions():
    assert sessions.responsable(sessions.ResponsableSession("Claude", True)).ok
    assert sessions.responsable(sessions.ResponsableSession(None, False)).bloque
    assert sessions.responsable(sessions.ResponsableSession("Claude", True, ("Dominique",))).bloque
    assert sessions.annulation(sessions.AnnulationSession("jury absent", "retour", "", False)).ok
    assert sessions.annulation(sessions.AnnulationSession("jury absent", "conservation", "", True)).bloque
    assert sessions.annulation(sessions.AnnulationSession("", "destruction", "", False)).bloque
    assert sessions.annulation(sessions.AnnulationSession("salle", "", "", False, report=True)).bloque
    assert sessions.verrou(sessions.VerrouSession(D(2027, 5, 1), True)).bloque
    assert sessions.verrou(sessions.VerrouSession(None, False)).ok
    assert sessions.nature_ccs(sessions.NatureSession("ccs", "CCS soudure", False)).bloque
    assert sessions.nature_ccs(sessions.NatureSession("titre")).ok


def test_jury_links_refuse_naming_the_member_and_the_candidate():
    """SES-JURY-LIENS (issue 6, jurys): a declared link keeps the member off that candidate's jury."""
    assert jury.liens_candidats(jury.LiensJuryCandidats(liens=(), jury="jury 1")).ok
    verdict = jury.liens_candidats(jury.LiensJuryCandidats(liens=(("Ada LOVELACE", "BABBAGE Charles"),)))
    assert verdict.bloque
    assert "Ada LOVELACE a déclaré un lien avec BABBAGE Charles" in verdict.message
    sans_habilitation = jury.CouvertureHabilitation(
        "", "TP-01 v1", D(2027, 6, 14), D(2027, 6, 15), D(2027, 6, 14), D(2027, 6, 15), aucune=True
    )
    assert "Aucune habilitation" in jury.couverture_session(sans_habilitation).message


def test_dte_order_completeness_grid_and_cancellation():
    """DTE desk (h4): DTE-COMPLETUDE, SES-ENTRETIEN-FINAL (grid request), DTE-ANNULATION; more in tests/dte."""
    champs = (("destinataire", "Mme X"),)
    assert dte.completude(dte.CompletudeCommande(champs, "a@b.fr", "75001", "Paris")).ok
    assert dte.completude(dte.CompletudeCommande((("destinataire", ""),), "a@b", "750", "Paris")).bloque
    demande = dte.GrilleEntretienFinal(ccp=True, candidats_terminant=("ALPHA Alex",), grille_demandee=False)
    assert dte.grille_entretien_final(demande).bloque
    assert not dte.annulation(dte.AnnulationCommande(plis_recus=True)).ok
    assert dte.annulation(dte.AnnulationCommande(plis_recus=False)).ok


# ------------------------------------------------ issue 6 (candidates in a session): more in tests/examens


def test_can_publics_can_vae_and_ses_rattachement_functions():
    forme = inscriptions.PublicInscription("DUPONT Marie", "formation", "BIM", formations_au_titre=("du …",))
    assert inscriptions.publics(forme).ok
    assert inscriptions.publics(inscriptions.PublicInscription("DUPONT Marie", "formation", "BIM")).bloque
    externe = inscriptions.CandidatExterne("DUPONT Marie", False, True, False, "Centre A", "agrément")
    assert inscriptions.candidat_externe(externe).bloque
    vae = inscriptions.CandidatExterne("DUPONT Marie", True, True, False, "Centre A", "agrément")
    assert inscriptions.candidat_externe(vae).ok
    assert inscriptions.rattachement(inscriptions.Rattachement("S1", "Créée", True, "DUPONT Marie")).ok
    assert inscriptions.rattachement(inscriptions.Rattachement("S1", "Convocations envoyées", False, "X")).bloque


@pytest.mark.parametrize(
    ("session_ccp", "secteur_titre", "boite"),
    [
        (True, "BTP", "epreuves-ccp@afpa.fr"),  # a session CCP goes to the CCP desk whatever the titre
        (False, "BTP", "epreuves-btp@afpa.fr"),
        (False, "Industrie", "epreuves-industrie@afpa.fr"),
        (False, "tertiaire", "epreuves-tertiaire@afpa.fr"),
        (False, "", "epreuves-tertiaire@afpa.fr"),  # unknown sector: the general (tertiaire) desk
        (False, None, "epreuves-tertiaire@afpa.fr"),
    ],
)
def test_the_gev_desk_of_a_session_is_chosen_once_for_every_use(session_ccp, secteur_titre, boite):
    assert dte.boite_gev(dte.secteur_gev(session_ccp=session_ccp, secteur_titre=secteur_titre)) == boite


# ------------------------------------------------ issue 7 (the exam day): more in tests/examens


def test_jur_visite_before_the_session_one_hour():
    premier = D(2027, 6, 14)
    assert sessions.visite_plateau(sessions.VisitePlateau(premier, D(2027, 6, 11), 60)).ok
    manquante = sessions.visite_plateau(sessions.VisitePlateau(premier, None))
    assert not manquante.ok
    assert not manquante.bloque
    assert "14/06/2027" in manquante.message
    courte = sessions.visite_plateau(sessions.VisitePlateau(premier, D(2027, 6, 14), 40))
    assert "prévoir 60 minutes" in courte.message
    assert not sessions.visite_plateau(sessions.VisitePlateau(premier, D(2027, 6, 15), 60)).ok


def test_res_fraude_sanction_ban_at_most_one_year_from_notification():
    notif = D(2027, 6, 21)
    assert sessions.sanction_fraude(sessions.SanctionFraude("interdiction", True, notif, D(2028, 6, 21))).ok
    trop = sessions.sanction_fraude(sessions.SanctionFraude("interdiction", True, notif, D(2028, 6, 22)))
    assert trop.bloque
    assert "au plus tard le 21/06/2028" in trop.message
    assert sessions.sanction_fraude(sessions.SanctionFraude("interdiction", True, notif)).bloque
    assert sessions.sanction_fraude(sessions.SanctionFraude("exclusion", True, notif)).ok
    assert sessions.sanction_fraude(sessions.SanctionFraude("exclusion", False, notif)).bloque


def test_ses_responsable_and_jury_min_on_the_day():
    jour = D(2027, 6, 14)
    absent = sessions.responsable(sessions.ResponsableSession("Claude", True, present_le=jour))
    assert absent.bloque
    assert "le 14/06/2027" in absent.message
    present = sessions.ResponsableSession("Claude", True, present_le=jour, present="Dominique")
    assert sessions.responsable(present).ok
    un_seul = sessions.jury_min(sessions.CompositionJurys((2, 1), le_jour=jour))
    assert un_seul.bloque
    assert "jury 2 (1)" in un_seul.message
    assert "présents le 14/06/2027" in un_seul.message


def test_res_fraude_reminder_until_the_sanction_is_notified():
    attente = sessions.fraude_sanctionnee(sessions.FraudeConstatee(D(2027, 6, 14), "Alex ARNAUD", None))
    assert attente.alerte
    assert "constatée le 14/06/2027" in attente.message
    assert sessions.fraude_sanctionnee(sessions.FraudeConstatee(D(2027, 6, 14), "Alex ARNAUD", D(2027, 6, 21))).ok


# ------------------------------------------------ issue 7, part PORTAIL: ARC-DP, ORG-INSERTION


def test_arc_dp_copy_only_with_the_candidates_consent():
    sans = archives.dossier_professionnel(archives.ConsentementDp("Alex ARNAUD", None, None, D(2026, 12, 5)))
    assert sans.bloque
    assert "accord explicite" in sans.message
    avec = archives.dossier_professionnel(archives.ConsentementDp("Alex ARNAUD", D(2026, 11, 2), None, D(2026, 12, 5)))
    assert avec.ok
    assert "02/11/2026" in avec.message
    retire = archives.ConsentementDp("Alex ARNAUD", D(2026, 11, 2), D(2026, 12, 1), D(2026, 12, 5))
    assert "retiré son accord le 01/12/2026" in archives.dossier_professionnel(retire).message


def test_org_insertion_questionnaire_six_months_after_and_response_rate():
    avant = insertion.suivi(insertion.SuiviInsertion(D(2026, 5, 29), 3, 0, 0, None, D(2026, 11, 28)))
    assert avant.ok
    assert avant.echeance == D(2026, 11, 29)
    manquant = insertion.suivi(insertion.SuiviInsertion(D(2026, 5, 29), 3, 2, 0, D(2027, 1, 28), D(2026, 12, 1)))
    assert not manquant.ok
    assert "1 candidat(s)" in manquant.message
    faible = insertion.suivi(insertion.SuiviInsertion(D(2026, 5, 29), 3, 3, 0, D(2027, 1, 28), D(2027, 2, 1)))
    assert "0 réponse(s) sur 3" in faible.message
    assert insertion.suivi(insertion.SuiviInsertion(D(2026, 5, 29), 3, 3, 1, D(2027, 1, 28), D(2027, 2, 1))).ok


def test_res_saisie_every_decision_then_the_jury_signs_before_the_responsable():
    complet = resultats.saisie(resultats.SaisieResultats())
    assert complet.ok
    sans_decision = resultats.saisie(resultats.SaisieResultats(candidats_sans_decision=("MARTIN Bruno",)))
    assert sans_decision.bloque
    assert sans_decision.code == "RES-SAISIE"
    assert "1 candidat(s) sans décision du jury (MARTIN Bruno)" in sans_decision.message
    jury_d_abord = resultats.saisie(resultats.SaisieResultats(jures_sans_signature=("Jeanne DURAND",)))
    assert jury_d_abord.bloque
    assert "signature(s) attendue(s) de Jeanne DURAND" in jury_d_abord.message


def test_res_publication_only_after_the_ddets_validated():
    assert resultats.publication(resultats.Publication(validee_le=None)).bloque
    publiee = resultats.publication(resultats.Publication(validee_le=D(2027, 7, 2)))
    assert publiee.ok
    assert "validés par la DDETS le 02/07/2027" in publiee.message
