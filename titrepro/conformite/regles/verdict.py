"""What a rule says about one situation: a ``Verdict``, with its code, level, French message and source.

A failing *bloquant* verdict is a refusal (``refus`` turns it into the project's
``RegleRefusee``, which views and the API show as is); a failing *alerte* is shown on
dashboards; *info* verdicts are reminders. A derogation recorded by the DDETS
(SES-DEROGATION) turns a failing verdict of a derogeable blocking rule into a passing
one that names it: "dérogation n°… du … par …".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from titrepro.conformite.regles.calendrier import format_date
from titrepro.conformite.regles.catalogue import Niveau, Regle, regle
from titrepro.core.erreurs import RegleRefusee


@dataclass(frozen=True)
class DerogationAppliquee:
    """A DDETS derogation, as the pure rules see it (the Django model ``Derogation`` builds it)."""

    numero: str
    regle: str
    accordee_le: dt.date
    auteur: str
    motif: str

    @property
    def mention(self) -> str:
        return f"dérogation n°{self.numero} du {format_date(self.accordee_le)} par {self.auteur} : {self.motif}"


@dataclass(frozen=True)
class Verdict:
    code: str
    niveau: Niveau
    ok: bool
    message: str
    source: str
    echeance: dt.date | None = None
    derogation: DerogationAppliquee | None = None

    @property
    def bloque(self) -> bool:
        """True when the action must be refused."""
        return not self.ok and self.niveau is Niveau.BLOQUANT

    @property
    def alerte(self) -> bool:
        return not self.ok and self.niveau is not Niveau.BLOQUANT


def valeurs(code: str, parametres: Mapping[str, int] | None) -> dict[str, int]:
    """The catalogue defaults of ``code`` overlaid with ``parametres`` (the ones in force)."""
    effectifs = regle(code).valeurs()
    if parametres:
        inconnus = set(parametres) - set(effectifs)
        if inconnus:
            raise KeyError(f"Paramètre inconnu pour {code} : {', '.join(sorted(inconnus))}")
        effectifs.update(parametres)
    return effectifs


def conforme(code: str, message: str, *, echeance: dt.date | None = None, niveau: Niveau | None = None) -> Verdict:
    entree = regle(code)
    return Verdict(code, niveau or entree.niveau, True, message, entree.source, echeance)


def non_conforme(
    code: str,
    message: str,
    *,
    echeance: dt.date | None = None,
    niveau: Niveau | None = None,
    derogation: DerogationAppliquee | None = None,
) -> Verdict:
    """A failing verdict; lifted by ``derogation`` when the rule allows one and the verdict blocks."""
    entree = regle(code)
    verdict = Verdict(code, niveau or entree.niveau, False, message, entree.source, echeance)
    if derogation is not None and verdict.bloque:
        return appliquer_derogation(entree, verdict, derogation)
    return verdict


def appliquer_derogation(entree: Regle, verdict: Verdict, derogation: DerogationAppliquee) -> Verdict:
    if not entree.derogeable:
        raise ValueError(f"La règle {entree.code} n'admet pas de dérogation.")
    if derogation.regle != entree.code:
        raise ValueError(f"La dérogation n°{derogation.numero} porte sur {derogation.regle}, pas sur {entree.code}.")
    message = f"{verdict.message} Refus levé par la {derogation.mention}."
    return replace(verdict, ok=True, message=message, derogation=derogation)


def refus(verdict: Verdict) -> RegleRefusee:
    """The exception to raise for a failing blocking verdict (code, message, source)."""
    if not verdict.bloque:
        raise ValueError(f"Le verdict {verdict.code} ne bloque pas : rien à refuser.")
    return RegleRefusee(verdict.code, verdict.message, verdict.source)


def premier_bloquant(verdicts: Iterable[Verdict]) -> Verdict | None:
    return next((v for v in verdicts if v.bloque), None)


def phrase(problemes: list[str]) -> str:
    """Several findings as one French sentence: "A ; b ; c."."""
    texte = " ; ".join(problemes)
    return texte[0].upper() + texte[1:] + "."
