"""Results and archive rules (RES-*, ARC-*): PV transmission delay, retention period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import ans_apres, format_date, jours_apres
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme, valeurs


@dataclass(frozen=True)
class TransmissionPv:
    dernier_jour: dt.date
    transport: bool
    transmis_le: dt.date | None
    jour: dt.date


def pv_delai(entree: TransmissionPv, parametres: Mapping[str, int] | None = None) -> Verdict:
    """RES-PV-DELAI — PVs reach the departmental service within 15 calendar days after the last day (5: transport)."""
    p = valeurs("RES-PV-DELAI", parametres)
    jours = p["jours_transport"] if entree.transport else p["jours"]
    limite = jours_apres(entree.dernier_jour, jours)
    fin = format_date(entree.dernier_jour)
    quoi = f"{jours} jours après la session terminée le {fin}" + (" (titre du transport)" if entree.transport else "")
    if entree.transmis_le is None:
        if entree.jour > limite:
            return non_conforme(
                "RES-PV-DELAI",
                f"PV non transmis : attendus au plus tard le {format_date(limite)} ({quoi}).",
                echeance=limite,
            )
        return conforme(
            "RES-PV-DELAI", f"PV à transmettre au plus tard le {format_date(limite)} ({quoi}).", echeance=limite
        )
    if entree.transmis_le > limite:
        return non_conforme(
            "RES-PV-DELAI",
            f"PV transmis le {format_date(entree.transmis_le)}, attendus au plus tard le "
            f"{format_date(limite)} ({quoi}).",
            echeance=limite,
        )
    return conforme(
        "RES-PV-DELAI", f"PV transmis le {format_date(entree.transmis_le)}, dans le délai ({quoi}).", echeance=limite
    )


@dataclass(frozen=True)
class Conservation:
    date_document: dt.date
    """The session's last day (or the document's date)."""
    suppression_le: dt.date


def conservation(entree: Conservation, parametres: Mapping[str, int] | None = None) -> Verdict:
    """ARC-CONSERVATION — no deletion of the session's documents before 5 years."""
    ans = valeurs("ARC-CONSERVATION", parametres)["ans"]
    limite = ans_apres(entree.date_document, ans)
    if entree.suppression_le >= limite:
        return conforme(
            "ARC-CONSERVATION",
            f"Conservés {ans} ans depuis le {format_date(entree.date_document)} : suppression possible.",
            echeance=limite,
        )
    return non_conforme(
        "ARC-CONSERVATION",
        f"Documents du {format_date(entree.date_document)} à conserver au moins {ans} ans, jusqu'au "
        f"{format_date(limite)} : suppression refusée.",
        echeance=limite,
    )
