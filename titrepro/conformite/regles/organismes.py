"""Organisme rules (ORG-*): yearly programming, yearly update of the conventions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import format_date
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme, valeurs


@dataclass(frozen=True)
class Programmation:
    annee: int
    transmise_le: dt.date | None
    jour: dt.date


def programmation(entree: Programmation, parametres: Mapping[str, int] | None = None) -> Verdict:
    """ORG-PROGRAMMATION — the year's provisional programming reaches the UD/DDETS by 31 January (inclusive)."""
    p = valeurs("ORG-PROGRAMMATION", parametres)
    limite = dt.date(entree.annee, p["mois_limite"], p["jour_limite"])
    if entree.transmise_le is not None and entree.transmise_le <= limite:
        return conforme(
            "ORG-PROGRAMMATION",
            f"Programmation {entree.annee} transmise le {format_date(entree.transmise_le)}.",
            echeance=limite,
        )
    if entree.transmise_le is None and entree.jour <= limite:
        return conforme(
            "ORG-PROGRAMMATION",
            f"Programmation {entree.annee} à transmettre au plus tard le {format_date(limite)}.",
            echeance=limite,
        )
    constat = f"transmise le {format_date(entree.transmise_le)}" if entree.transmise_le else "non transmise"
    return non_conforme(
        "ORG-PROGRAMMATION",
        f"Programmation prévisionnelle {entree.annee} {constat} : attendue au plus tard le {format_date(limite)}.",
        echeance=limite,
    )


@dataclass(frozen=True)
class MiseAJourConvention:
    annee: int
    """The year the convention covers."""
    mise_a_jour_le: dt.date | None
    jour: dt.date


def convention(entree: MiseAJourConvention, parametres: Mapping[str, int] | None = None) -> Verdict:
    """ORG-CONVENTION — the convention with a training organisation is updated before 1 January of its year."""
    p = valeurs("ORG-CONVENTION", parametres)
    limite = dt.date(entree.annee, p["mois_limite"], p["jour_limite"])
    if entree.mise_a_jour_le is not None and entree.mise_a_jour_le < limite:
        return conforme(
            "ORG-CONVENTION",
            f"Convention {entree.annee} mise à jour le {format_date(entree.mise_a_jour_le)}.",
            echeance=limite,
        )
    if entree.mise_a_jour_le is None and entree.jour < limite:
        return conforme(
            "ORG-CONVENTION",
            f"Convention {entree.annee} à mettre à jour et transmettre avant le {format_date(limite)}.",
            echeance=limite,
        )
    constat = f"mise à jour le {format_date(entree.mise_a_jour_le)}" if entree.mise_a_jour_le else "non mise à jour"
    return non_conforme(
        "ORG-CONVENTION",
        f"Convention {entree.annee} {constat} : la mise à jour annuelle est due avant le {format_date(limite)}.",
        echeance=limite,
    )
