"""Jury decision rules: SES-ENTRETIEN-FINAL (awarding the TP) and SES-CCP (partial success follow-up).

Pure module (no Django): the services pass dates and names in, and get a ``Verdict`` back.
SES-ENTRETIEN-FINAL has two sides: the DTE order asks for the grid (``dte.grille_entretien_final``,
the function the engine maps to the code) and the jury's decision records the interview before the
TP is awarded (``entretien_final`` here, called by ``titrepro.resultats.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import format_date, jours_apres
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme, valeurs


@dataclass(frozen=True)
class EntretienFinal:
    candidat: str
    ccps_manquants: tuple[str, ...]
    """The TP's CCP the candidate still lacks once this session's acquired CCP are counted."""
    entretien_final_le: dt.date | None
    premier_jour: dt.date
    dernier_jour: dt.date


def entretien_final(entree: EntretienFinal, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-ENTRETIEN-FINAL (decision side) — the TP is awarded only once the entretien final is held and recorded,
    during the session where the candidate acquires their last missing CCP."""
    valeurs("SES-ENTRETIEN-FINAL", parametres)
    if entree.ccps_manquants:
        return non_conforme(
            "SES-ENTRETIEN-FINAL",
            f"{entree.candidat} n'a pas encore tous les CCP du titre (il manque {', '.join(entree.ccps_manquants)}) : "
            "le titre ne peut pas être délivré.",
        )
    periode = f"du {format_date(entree.premier_jour)} au {format_date(entree.dernier_jour)}"
    if entree.entretien_final_le is None:
        return non_conforme(
            "SES-ENTRETIEN-FINAL",
            f"{entree.candidat} acquiert dans cette session son dernier CCP manquant : l'entretien final doit être "
            f"passé et sa date enregistrée (session {periode}) pour que le titre soit délivré.",
        )
    if not entree.premier_jour <= entree.entretien_final_le <= entree.dernier_jour:
        return non_conforme(
            "SES-ENTRETIEN-FINAL",
            f"Entretien final daté du {format_date(entree.entretien_final_le)} : il se tient pendant la session "
            f"({periode}).",
        )
    return conforme(
        "SES-ENTRETIEN-FINAL",
        f"Entretien final passé le {format_date(entree.entretien_final_le)} : "
        f"le titre est délivré à {entree.candidat}.",
    )


@dataclass(frozen=True)
class SuiviReussitePartielle:
    candidat: str
    session_terminee_le: dt.date
    """Last day of the session where the partial success was decided."""
    proposee_le: dt.date | None
    """First CCP session proposed to the candidate (None: none yet)."""
    jour: dt.date


def suivi_reussite_partielle(entree: SuiviReussitePartielle, parametres: Mapping[str, int] | None = None) -> Verdict:
    """SES-CCP — a candidate in partial success is offered a CCP session within N days (default 60) of the session."""
    p = valeurs("SES-CCP", parametres)
    limite = jours_apres(entree.session_terminee_le, p["jours"])
    fin = format_date(entree.session_terminee_le)
    if entree.proposee_le is not None:
        return conforme(
            "SES-CCP",
            f"Session CCP proposée à {entree.candidat} le {format_date(entree.proposee_le)} "
            f"(réussite partielle à la session terminée le {fin}).",
            echeance=limite,
        )
    if entree.jour > limite:
        return non_conforme(
            "SES-CCP",
            f"{entree.candidat}, en réussite partielle depuis la session terminée le {fin}, ne s'est vu proposer "
            f"aucune session CCP : à proposer au plus tard le {format_date(limite)} ({p['jours']} jours).",
            echeance=limite,
        )
    return conforme(
        "SES-CCP",
        f"Session CCP à proposer à {entree.candidat} au plus tard le {format_date(limite)} "
        f"({p['jours']} jours après la session terminée le {fin}).",
        echeance=limite,
    )
