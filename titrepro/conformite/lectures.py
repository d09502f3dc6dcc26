"""Reads for the rules page and the API: each catalogue entry with its parameters in force on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from titrepro.conformite.regles import FONCTIONS
from titrepro.conformite.regles.catalogue import REGLES, Regle
from titrepro.conformite.services import ParametreEnVigueur, parametres_detailles, surcharges_en_vigueur
from titrepro.territoires.models import Region


@dataclass(frozen=True)
class RegleEnVigueur:
    regle: Regle
    parametres: list[ParametreEnVigueur]
    evaluee: bool
    """The rule has a function (checked automatically); otherwise it is in the catalogue only for now."""

    @property
    def code(self) -> str:
        return self.regle.code


def catalogue_en_vigueur(*, jour: dt.date, region: Region | int | None = None) -> list[RegleEnVigueur]:
    """Every rule, in catalogue order, with the parameters in force on ``jour`` (one query for the overrides)."""
    surcharges = surcharges_en_vigueur(jour=jour, region=region)
    return [
        RegleEnVigueur(
            regle=r,
            parametres=parametres_detailles(r.code, jour=jour, region=region, surcharges=surcharges),
            evaluee=r.code in FONCTIONS,
        )
        for r in REGLES
    ]


def regle_en_vigueur(code: str, *, jour: dt.date, region: Region | int | None = None) -> RegleEnVigueur | None:
    return next((r for r in catalogue_en_vigueur(jour=jour, region=region) if r.code == code), None)
