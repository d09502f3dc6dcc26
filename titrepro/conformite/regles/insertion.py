"""ORG-INSERTION — the professional insertion of presented candidates is followed and can be reported.

The organisme's commitment (002 engagement 11) sets no date; the product asks each presented
candidate 6 months after the session's last day (a usual horizon of insertion surveys), keeps the
questionnaire open 60 days, and flags a session whose response rate stays under 30 % once closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import format_date, jours_apres, mois_apres
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme

MOIS_APRES_SESSION = 6
JOURS_POUR_REPONDRE = 60
TAUX_REPONSE_MIN = 30
"""Percent: under it, once the questionnaire is closed, the follow-up is flagged as insufficient."""


def date_envoi(dernier_jour: dt.date) -> dt.date:
    """The day the questionnaire is e-mailed: 6 months after the session's last day."""
    return mois_apres(dernier_jour, MOIS_APRES_SESSION)


def date_cloture(envoye_le: dt.date) -> dt.date:
    """The last day an answer is accepted (and may still be changed)."""
    return jours_apres(envoye_le, JOURS_POUR_REPONDRE)


@dataclass(frozen=True)
class SuiviInsertion:
    dernier_jour: dt.date
    presentes: int
    """Presented candidates (present or with a decision)."""
    envoyes: int
    """Questionnaires sent."""
    reponses: int
    derniere_cloture: dt.date | None
    """The latest closing day of the session's questionnaires (None: none sent)."""
    jour: dt.date


def suivi(entree: SuiviInsertion, parametres: Mapping[str, int] | None = None) -> Verdict:
    """ORG-INSERTION for one session on ``jour``."""
    envoi = date_envoi(entree.dernier_jour)
    fin = format_date(entree.dernier_jour)
    if entree.jour < envoi:
        return conforme(
            "ORG-INSERTION",
            f"Questionnaire d'insertion à envoyer le {format_date(envoi)} (6 mois après la session terminée le {fin}).",
            echeance=envoi,
        )
    manquants = entree.presentes - entree.envoyes
    if manquants > 0:
        return non_conforme(
            "ORG-INSERTION",
            f"{manquants} candidat(s) présenté(s) à la session terminée le {fin} n'ont pas reçu le questionnaire "
            f"d'insertion, dû le {format_date(envoi)} : saisissez leur adresse électronique.",
            echeance=envoi,
        )
    if entree.derniere_cloture is not None and entree.jour > entree.derniere_cloture and entree.envoyes:
        taux = 100 * entree.reponses // entree.envoyes
        if taux < TAUX_REPONSE_MIN:
            return non_conforme(
                "ORG-INSERTION",
                f"Suivi de l'insertion insuffisant : {entree.reponses} réponse(s) sur {entree.envoyes} "
                f"questionnaire(s) ({taux} %, moins de {TAUX_REPONSE_MIN} %) pour la session terminée le {fin}, "
                f"questionnaire clos le {format_date(entree.derniere_cloture)}.",
                echeance=entree.derniere_cloture,
            )
    return conforme(
        "ORG-INSERTION",
        f"Questionnaire d'insertion envoyé ({entree.reponses} réponse(s) sur {entree.envoyes}).",
        echeance=envoi,
    )
