"""Archive rules beyond the retention period (ARC-DP): the dossier professionnel belongs to the candidate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import format_date
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme


@dataclass(frozen=True)
class ConsentementDp:
    candidat: str
    """The candidate's name, for the message."""
    consenti_le: dt.date | None
    """The day the candidate's explicit consent was recorded (None: never given)."""
    retire_le: dt.date | None
    """The day the candidate withdrew it (None: still in force)."""
    jour: dt.date


def dossier_professionnel(entree: ConsentementDp, parametres: Mapping[str, int] | None = None) -> Verdict:
    """ARC-DP — a copy of the dossier professionnel is kept only with the candidate's explicit consent."""
    if entree.consenti_le is None or entree.consenti_le > entree.jour:
        return non_conforme(
            "ARC-DP",
            f"Le dossier professionnel appartient à {entree.candidat} : aucune copie n'est gardée sans son accord "
            "explicite, qui n'est pas enregistré. Enregistrez d'abord son accord (date et forme).",
        )
    if entree.retire_le is not None and entree.retire_le <= entree.jour:
        return non_conforme(
            "ARC-DP",
            f"{entree.candidat} a retiré son accord le {format_date(entree.retire_le)} : aucune copie de son "
            "dossier professionnel n'est gardée.",
        )
    return conforme(
        "ARC-DP",
        f"Copie du dossier professionnel gardée avec l'accord de {entree.candidat} "
        f"du {format_date(entree.consenti_le)}.",
    )
