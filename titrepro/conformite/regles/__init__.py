"""Pure rule layer: the catalogue, the date arithmetic and the rule functions. No Django here.

``FONCTIONS`` maps a catalogue code to the function that evaluates it and the input
dataclass it takes; ``titrepro.conformite.moteur.evaluer`` uses it with the
parameters in force. Codes absent from ``FONCTIONS`` are in the catalogue only: they
need sessions, juries, plis or pieces that later issues bring (see ``CODES_SANS_FONCTION``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from titrepro.conformite.regles import (
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
from titrepro.conformite.regles.catalogue import CODES, REGLES, Niveau, Parametre, Regle, regle
from titrepro.conformite.regles.verdict import DerogationAppliquee, Verdict


@dataclass(frozen=True)
class FonctionRegle:
    fonction: Callable[..., Verdict]
    entree: type[Any]
    """The input dataclass: ``evaluer`` builds it from its keyword arguments."""


FONCTIONS: dict[str, FonctionRegle] = {
    "AGR-PERIMETRE": FonctionRegle(agrements.perimetre, agrements.PerimetreAgrement),
    "AGR-PIECES": FonctionRegle(agrements.pieces, agrements.PiecesAgrement),
    "AGR-SANS-SUITE": FonctionRegle(agrements.sans_suite, agrements.ComplementsDemandes),
    "AGR-DECISION": FonctionRegle(agrements.decision, agrements.DecisionAgrement),
    "AGR-MILLESIME": FonctionRegle(agrements.millesime, agrements.AgrementMillesime),
    "AGR-PLATEAU": FonctionRegle(agrements.plateau, agrements.ChangementPlateau),
    "AGR-SIRET": FonctionRegle(agrements.siret, agrements.ChangementSiret),
    "ORG-CONTACTS": FonctionRegle(organismes.contacts, organismes.ContactsOrganisme),
    "ORG-PROGRAMMATION": FonctionRegle(organismes.programmation, organismes.Programmation),
    "ORG-CONVENTION": FonctionRegle(organismes.convention, organismes.MiseAJourConvention),
    "SES-CREATION-DELAI": FonctionRegle(sessions.creation_delai, sessions.CreationSession),
    "SES-FIN-MILLESIME": FonctionRegle(sessions.fin_millesime, sessions.FinMillesime),
    "SES-PROLONGATION": FonctionRegle(sessions.prolongation, sessions.Prolongation),
    "SES-CONVOCATION": FonctionRegle(sessions.convocation, sessions.Convocation),
    "SES-JURY-MIN": FonctionRegle(sessions.jury_min, sessions.CompositionJurys),
    "SES-JURY-HABILITATION": FonctionRegle(jury.couverture_session, jury.CouvertureHabilitation),
    "SES-JURY-LIENS": FonctionRegle(jury.liens_candidats, jury.LiensJuryCandidats),
    "SES-HANDICAP": FonctionRegle(sessions.handicap, sessions.FormulaireHandicap),
    "SES-RESPONSABLE": FonctionRegle(sessions.responsable, sessions.ResponsableSession),
    "SES-ANNULATION": FonctionRegle(sessions.annulation, sessions.AnnulationSession),
    "SES-VERROU": FonctionRegle(sessions.verrou, sessions.VerrouSession),
    "JUR-VISITE": FonctionRegle(sessions.visite_plateau, sessions.VisitePlateau),
    "RES-FRAUDE-SANCTION": FonctionRegle(sessions.sanction_fraude, sessions.SanctionFraude),
    "RES-FRAUDE": FonctionRegle(sessions.fraude_sanctionnee, sessions.FraudeConstatee),
    "CAN-CCS": FonctionRegle(sessions.nature_ccs, sessions.NatureSession),
    "CAN-DROITS": FonctionRegle(candidats.droits, candidats.DroitsCandidat),
    "CAN-VAE-RECEVABILITE": FonctionRegle(candidats.vae_recevabilite, candidats.RecevabiliteVae),
    "CAN-ADRESSE": FonctionRegle(candidats.adresse, candidats.ConfirmationsAdresse),
    "DTE-DELAI": FonctionRegle(dte.delai, dte.CommandeDte),
    "DTE-QUANTITE": FonctionRegle(dte.quantite, dte.QuantiteDte),
    "DTE-SUIVI": FonctionRegle(dte.suivi, dte.SuiviDte),
    "DTE-NON-RECU": FonctionRegle(dte.non_recu, dte.ReceptionPlis),
    "DTE-COMPLETUDE": FonctionRegle(dte.completude, dte.CompletudeCommande),
    "DTE-ANNULATION": FonctionRegle(dte.annulation, dte.AnnulationCommande),
    "SES-ENTRETIEN-FINAL": FonctionRegle(dte.grille_entretien_final, dte.GrilleEntretienFinal),
    "RES-PV-DELAI": FonctionRegle(resultats.pv_delai, resultats.TransmissionPv),
    "RES-SAISIE": FonctionRegle(resultats.saisie, resultats.SaisieResultats),
    "RES-PUBLICATION": FonctionRegle(resultats.publication, resultats.Publication),
    "ARC-CONSERVATION": FonctionRegle(resultats.conservation, resultats.Conservation),
    "ARC-DP": FonctionRegle(archives.dossier_professionnel, archives.ConsentementDp),
    "ORG-INSERTION": FonctionRegle(insertion.suivi, insertion.SuiviInsertion),
    "JUR-HABILITATION": FonctionRegle(jury.habilitation, jury.HabilitationJure),
    "JUR-ELIGIBILITE": FonctionRegle(jury.eligibilite, jury.EligibiliteJure),
    "CAN-PUBLICS": FonctionRegle(inscriptions.publics, inscriptions.PublicInscription),
    "CAN-VAE": FonctionRegle(inscriptions.candidat_externe, inscriptions.CandidatExterne),
    "SES-RATTACHEMENT": FonctionRegle(inscriptions.rattachement, inscriptions.Rattachement),
    "SES-CCP": FonctionRegle(decisions.suivi_reussite_partielle, decisions.SuiviReussitePartielle),
}

CODES_SANS_FONCTION: tuple[str, ...] = tuple(code for code in CODES if code not in FONCTIONS)

__all__ = [
    "CODES",
    "CODES_SANS_FONCTION",
    "FONCTIONS",
    "REGLES",
    "DerogationAppliquee",
    "FonctionRegle",
    "Niveau",
    "Parametre",
    "Regle",
    "Verdict",
    "regle",
]
