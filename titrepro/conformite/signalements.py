"""How the domain apps hand alerts and deadlines to the conformité sweep and échéancier.

Each domain app declares, in a module ``alertes.py`` of its own, functions decorated
with ``@source_d_alertes("CODE")`` (and ``@source_d_echeances("CODE")`` for dated
deadlines). The sweep (``python manage.py sweep``) calls every source with the day of
the sweep and stores what they return; the échéancier calls the deadline sources for
one subject. The sources use set-based queries (one or a few queries per source, never
a Python loop issuing a query per row) and call the pure rule functions for messages.

A source never writes: it only says what is true on ``jour``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.module_loading import autodiscover_modules

from titrepro.conformite.regles import echeances as regles_echeances
from titrepro.conformite.regles.catalogue import regle


@dataclass(frozen=True)
class AlerteCalculee:
    """An alert that holds on the day of the sweep, about one subject (a model instance)."""

    code: str  # catalogue code, e.g. "AGR-SANS-SUITE"
    sujet: models.Model
    message: str  # French, with the concrete dates
    echeance: dt.date | None = None
    destinataires: tuple[Any, ...] = ()  # users to e-mail once when the alert opens
    organisme_id: int | None = None  # for scoping the alert (who sees it)
    departement_id: int | None = None
    region_id: int | None = None


class EtatEcheance(StrEnum):
    A_VENIR = "a_venir"
    DUE = "due"  # due today or within the reminder window
    DEPASSEE = "depassee"
    FAITE = "faite"

    @property
    def libelle(self) -> str:
        return {"a_venir": "À venir", "due": "Due", "depassee": "Dépassée", "faite": "Faite"}[self.value]


def etat_echeance(date: dt.date, *, jour: dt.date, faite_le: dt.date | None = None) -> EtatEcheance:
    """The state of a deadline on ``jour`` (done; past; due within the reminder window; to come)."""
    return EtatEcheance(regles_echeances.etat(date, jour=jour, faite_le=faite_le).value)


@dataclass(frozen=True)
class Echeance:
    """One dated deadline of a subject (a session, an organisme...)."""

    code: str
    libelle: str  # French: "Transmettre la programmation annuelle 2027 à l'UD"
    date: dt.date
    etat: EtatEcheance
    sujet: models.Model
    details: str = ""
    faite_le: dt.date | None = None


SourceAlertes = Callable[[dt.date], Iterable[AlerteCalculee]]
SourceEcheances = Callable[[models.Model, dt.date], Iterable[Echeance]]
TraitementQuotidien = Callable[[dt.date], int]
"""A daily action the texts order (e.g. AGR-SANS-SUITE closes overdue requests); returns how many it treated."""


@dataclass
class _Registre:
    alertes: dict[str, list[SourceAlertes]] = field(default_factory=dict)
    echeances: dict[str, list[SourceEcheances]] = field(default_factory=dict)
    modeles: dict[SourceEcheances, str] = field(default_factory=dict)  # source → "app_label.modele" (``pour``)
    traitements: dict[str, list[TraitementQuotidien]] = field(default_factory=dict)
    decouvert: bool = False


_registre = _Registre()


def source_d_alertes(code: str) -> Callable[[SourceAlertes], SourceAlertes]:
    regle(code)  # an unknown code fails at import time

    def inscrire(fonction: SourceAlertes) -> SourceAlertes:
        _registre.alertes.setdefault(code, []).append(fonction)
        return fonction

    return inscrire


def source_d_echeances(code: str, *, pour: str | None = None) -> Callable[[SourceEcheances], SourceEcheances]:
    """Register a deadline source; ``pour`` ("app_label.Modele", e.g. "organisations.Organisme") limits it to
    subjects of that model. Without ``pour`` the source is called for every subject and returns nothing for
    the subjects it does not know."""
    regle(code)

    def inscrire(fonction: SourceEcheances) -> SourceEcheances:
        _registre.echeances.setdefault(code, []).append(fonction)
        if pour is not None:
            _registre.modeles[fonction] = pour.lower()
        return fonction

    return inscrire


def traitement_quotidien(code: str) -> Callable[[TraitementQuotidien], TraitementQuotidien]:
    """Register a daily action run by the sweep before the alerts (it writes, through the app's services)."""
    regle(code)

    def inscrire(fonction: TraitementQuotidien) -> TraitementQuotidien:
        _registre.traitements.setdefault(code, []).append(fonction)
        return fonction

    return inscrire


def traitements_quotidiens() -> dict[str, list[TraitementQuotidien]]:
    _decouvrir()
    return _registre.traitements


def _decouvrir() -> None:
    if not _registre.decouvert:
        autodiscover_modules("alertes")
        _registre.decouvert = True


def sources_d_alertes() -> dict[str, list[SourceAlertes]]:
    _decouvrir()
    return _registre.alertes


def sources_d_echeances() -> dict[str, list[SourceEcheances]]:
    _decouvrir()
    return _registre.echeances


def sources_d_echeances_pour(sujet: models.Model) -> list[tuple[str, SourceEcheances]]:
    """The (code, source) pairs that apply to ``sujet``: those registered ``pour`` its model, and the generic ones."""
    cle = sujet._meta.label_lower
    return [
        (code, source)
        for code, sources in sources_d_echeances().items()
        for source in sources
        if _registre.modeles.get(source, cle) == cle
    ]


@contextmanager
def sources_remplacees(
    *,
    alertes: Mapping[str, list[SourceAlertes]] | None = None,
    echeances: Mapping[str, list[SourceEcheances]] | None = None,
) -> Iterator[None]:
    """Tests and benchmarks: run the block with only these sources registered, then restore the registry.

    Lets the sweep's mechanics be tested with a tiny test-only source, independently of the
    sources the applications register.
    """
    _decouvrir()
    sauvegarde = (dict(_registre.alertes), dict(_registre.echeances), dict(_registre.modeles))
    _registre.alertes = {code: list(liste) for code, liste in (alertes or {}).items()}
    _registre.echeances = {code: list(liste) for code, liste in (echeances or {}).items()}
    try:
        yield
    finally:
        _registre.alertes, _registre.echeances, _registre.modeles = sauvegarde
