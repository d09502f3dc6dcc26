"""Agrément rules (AGR-*): coverage of a session, pieces' dates, requests left without follow-up, decision delay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import format_date, jours_apres, mois_apres, mois_avant
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme, phrase, valeurs

JUSTIFICATIFS_ACCES = {
    "bail": "bail",
    "titre_propriete": "titre de propriété",
    "convention_occupation": "convention d'occupation ou de mise à disposition",
    "facture": "facture de location",
    "quittance": "quittance de loyer",
}
JUSTIFICATIFS_NON_VALABLES = frozenset({"facture", "quittance"})
"""001 « Nouvelles règles … juillet 2025 » : « facture de location, quittance sont non-valables »."""


@dataclass(frozen=True)
class PerimetreAgrement:
    agrement_debut: dt.date
    agrement_fin: dt.date
    premier_jour: dt.date
    dernier_jour: dt.date
    meme_site: bool
    meme_millesime: bool


def perimetre(entree: PerimetreAgrement, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-PERIMETRE — an agrément for this millésime and this site, valid every day of the session."""
    valeurs("AGR-PERIMETRE", parametres)
    problemes = []
    if not entree.meme_millesime:
        problemes.append("l'agrément ne porte pas sur ce millésime du titre")
    if not entree.meme_site:
        problemes.append("l'agrément ne porte pas sur ce site")
    if entree.agrement_debut > entree.premier_jour or entree.agrement_fin < entree.dernier_jour:
        problemes.append(
            f"agrément valable du {format_date(entree.agrement_debut)} au {format_date(entree.agrement_fin)}, la "
            f"session va du {format_date(entree.premier_jour)} au {format_date(entree.dernier_jour)}"
        )
    if problemes:
        return non_conforme("AGR-PERIMETRE", phrase(problemes), echeance=entree.agrement_fin)
    return conforme(
        "AGR-PERIMETRE",
        f"Agrément valable jusqu'au {format_date(entree.agrement_fin)} : couvre la session.",
        echeance=entree.agrement_fin,
    )


@dataclass(frozen=True)
class PiecesAgrement:
    depose_le: dt.date
    kbis_date: dt.date | None
    """Date of the KBIS extract or INSEE registration certificate."""
    justificatif_acces: str | None
    """A key of ``JUSTIFICATIFS_ACCES``."""
    acces_debut: dt.date | None
    acces_fin: dt.date | None
    """End of the lease (None: open-ended)."""
    premiere_session: dt.date


def pieces(entree: PiecesAgrement, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-PIECES (dates) — KBIS under 6 months at submission; lease valid on the first planned session.

    "Moins de 6 mois": a KBIS dated exactly 6 calendar months before the submission is too old.
    """
    kbis_mois = valeurs("AGR-PIECES", parametres)["kbis_mois"]
    problemes = []
    limite_kbis = mois_avant(entree.depose_le, kbis_mois)
    if entree.kbis_date is None:
        problemes.append("extrait KBIS ou attestation INSEE manquant")
    elif entree.kbis_date <= limite_kbis:
        problemes.append(
            f"KBIS du {format_date(entree.kbis_date)} : il doit dater de moins de {kbis_mois} mois au dépôt du "
            f"{format_date(entree.depose_le)} (postérieur au {format_date(limite_kbis)})"
        )
    if entree.justificatif_acces is None:
        problemes.append("justificatif d'accès aux locaux manquant")
    elif entree.justificatif_acces in JUSTIFICATIFS_NON_VALABLES:
        nom = JUSTIFICATIFS_ACCES[entree.justificatif_acces]
        problemes.append(f"{nom} : ce n'est pas un justificatif valable d'accès aux locaux (un bail l'est)")
    else:
        debut, fin = entree.acces_debut, entree.acces_fin
        premiere = format_date(entree.premiere_session)
        if debut is None or debut > entree.premiere_session or (fin is not None and fin < entree.premiere_session):
            periode = f"du {format_date(debut)}" if debut else "sans date de début"
            periode += f" au {format_date(fin)}" if fin else ""
            problemes.append(f"bail {periode} : il doit être valide à la date de la première session ({premiere})")
    if problemes:
        return non_conforme("AGR-PIECES", phrase(problemes))
    return conforme("AGR-PIECES", "KBIS de moins de 6 mois et bail valide à la première session.")


@dataclass(frozen=True)
class ComplementsDemandes:
    demandes_le: dt.date
    recus_le: dt.date | None
    jour: dt.date


def sans_suite(entree: ComplementsDemandes, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-SANS-SUITE — requested changes not supplied within 3 weeks (21 days): the request is closed."""
    jours = valeurs("AGR-SANS-SUITE", parametres)["jours"]
    limite = jours_apres(entree.demandes_le, jours)
    demande = format_date(entree.demandes_le)
    if entree.recus_le is not None and entree.recus_le <= limite:
        return conforme("AGR-SANS-SUITE", f"Compléments reçus le {format_date(entree.recus_le)}, dans le délai.")
    if entree.recus_le is None and entree.jour <= limite:
        return conforme(
            "AGR-SANS-SUITE",
            f"Compléments demandés le {demande}, attendus au plus tard le {format_date(limite)}.",
            echeance=limite,
        )
    return non_conforme(
        "AGR-SANS-SUITE",
        f"Compléments demandés le {demande} non apportés au {format_date(limite)} ({jours} jours) : la demande "
        "est classée sans suite.",
        echeance=limite,
    )


@dataclass(frozen=True)
class DecisionAgrement:
    complete_le: dt.date
    decision_le: dt.date | None
    jour: dt.date
    agrement_fin: dt.date | None = None
    fin_millesime: dt.date | None = None


def decision(entree: DecisionAgrement, parametres: Mapping[str, int] | None = None) -> Verdict:
    """AGR-DECISION — notified within 2 months of a complete request; never beyond the millésime's validity."""
    mois = valeurs("AGR-DECISION", parametres)["mois"]
    limite = mois_apres(entree.complete_le, mois)
    problemes = []
    if entree.decision_le is not None and entree.decision_le > limite:
        problemes.append(
            f"décision du {format_date(entree.decision_le)}, attendue au plus tard le {format_date(limite)} "
            f"({mois} mois après la demande complète du {format_date(entree.complete_le)})"
        )
    if entree.decision_le is None and entree.jour > limite:
        problemes.append(
            f"aucune décision au {format_date(limite)}, {mois} mois après la demande complète du "
            f"{format_date(entree.complete_le)}"
        )
    if entree.agrement_fin and entree.fin_millesime and entree.agrement_fin > entree.fin_millesime:
        problemes.append(
            f"l'agrément court jusqu'au {format_date(entree.agrement_fin)}, au-delà de la fin du millésime "
            f"({format_date(entree.fin_millesime)})"
        )
    if problemes:
        return non_conforme("AGR-DECISION", phrase(problemes), echeance=limite)
    return conforme("AGR-DECISION", f"Décision attendue au plus tard le {format_date(limite)}.", echeance=limite)
