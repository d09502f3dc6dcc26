"""Results and archive rules (RES-*, ARC-*): results entry and signatures, PV transmission delay, publication,
retention period."""

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
class SaisieResultats:
    """RES-SAISIE, at the two moments it is checked: the PV's edition, then the responsable's signature."""

    candidats_sans_decision: tuple[str, ...] = ()
    """Names of the registered candidates still without a decision (the PV cannot be edited)."""
    jures_sans_signature: tuple[str, ...] = ()
    """Names of the jury members who sat and have not signed (the responsable cannot sign yet)."""


def saisie(entree: SaisieResultats, parametres: Mapping[str, int] | None = None) -> Verdict:
    """RES-SAISIE — results entered before the PVs; every jury member signs, then the responsable de session."""
    if entree.candidats_sans_decision:
        noms = ", ".join(entree.candidats_sans_decision)
        n = len(entree.candidats_sans_decision)
        return non_conforme(
            "RES-SAISIE",
            f"{n} candidat(s) sans décision du jury ({noms}) : chaque candidat a une décision (ou une absence, "
            "une exclusion) avant la clôture de la saisie et l'édition des PV.",
        )
    if entree.jures_sans_signature:
        noms = ", ".join(entree.jures_sans_signature)
        return non_conforme(
            "RES-SAISIE",
            f"Chaque membre du jury signe, puis le responsable de session : signature(s) attendue(s) de {noms}.",
        )
    return conforme("RES-SAISIE", "Chaque candidat a une décision ; les signatures suivent l'ordre prévu.")


@dataclass(frozen=True)
class Publication:
    """RES-PUBLICATION: the date the DDETS validated the session (None: not validated)."""

    validee_le: dt.date | None


def publication(entree: Publication, parametres: Mapping[str, int] | None = None) -> Verdict:
    """RES-PUBLICATION — results shown or sent to candidates only once the departmental service validated them."""
    if entree.validee_le is None:
        return non_conforme(
            "RES-PUBLICATION",
            "Résultats non publiés : ils ne sont communiqués qu'après la validation de la session par le service "
            "départemental (DDETS).",
        )
    return conforme("RES-PUBLICATION", f"Résultats validés par la DDETS le {format_date(entree.validee_le)} : publiés.")


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
