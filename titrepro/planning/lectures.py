"""Reads of a timetable, shaped for the pages, the PDFs and the spreadsheets.

``lignes(planning)`` gives every row of the timetable (a candidate's épreuve, a file reading, a
lunch break) in time order; ``groupes(planning, vue)`` groups them by jury, room, candidate or
day — the four views of the timetable page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from titrepro.planning.models import Creneau, CreneauJury, NatureCreneauJury, Planning, hhmm

VUES = {
    "temps": "Par horaire",
    "jury": "Par jury",
    "salle": "Par salle",
    "candidat": "Par candidat",
}


@dataclass(frozen=True)
class Ligne:
    jour: dt.date
    debut: int
    fin: int
    quoi: str
    candidat: str
    jury: str
    salle: str
    creneau: Creneau | None = None  # the movable slot (None for readings and breaks)

    @property
    def horaire(self) -> str:
        return f"{hhmm(self.debut)}–{hhmm(self.fin)}"

    @property
    def debut_texte(self) -> str:
        return hhmm(self.debut)

    @property
    def fin_texte(self) -> str:
        return hhmm(self.fin)


def lignes(planning: Planning, *, avec_jury: bool = True) -> list[Ligne]:
    """Every row of ``planning`` in time order (the jury's readings and breaks when ``avec_jury``)."""
    resultat = [
        Ligne(
            jour=c.jour,
            debut=c.debut,
            fin=c.fin,
            quoi=str(c.epreuve),
            candidat=str(c.inscription.candidat),
            jury=str(c.jury) if c.jury else "",
            salle=str(c.salle) if c.salle else "",
            creneau=c,
        )
        for c in planning.creneaux.select_related("inscription__candidat", "epreuve", "jury", "salle")
    ]
    if avec_jury:
        cjs: Any = planning.creneaux_jury.select_related("jury", "inscription__candidat")
        resultat += [
            Ligne(
                jour=cj.jour,
                debut=cj.debut,
                fin=cj.fin,
                quoi=cj.get_nature_display(),
                candidat=str(cj.inscription.candidat) if cj.nature == NatureCreneauJury.LECTURE else "",
                jury=str(cj.jury),
                salle="",
            )
            for cj in cjs
        ]
    return sorted(resultat, key=lambda lg: (lg.jour, lg.debut, lg.jury, lg.candidat, lg.quoi))


def groupes(planning: Planning, vue: str) -> list[tuple[str, list[Ligne]]]:
    """The rows grouped for one view: by jury, room, candidate, or day (``temps``)."""
    toutes = lignes(planning, avec_jury=vue in ("jury", "temps"))
    cle: dict[str, Any] = {
        "jury": lambda lg: lg.jury or "Sans jury (épreuves surveillées par le centre)",
        "salle": lambda lg: lg.salle or "Salle non attribuée",
        "candidat": lambda lg: lg.candidat,
        "temps": lambda lg: f"{lg.jour:%A %d/%m/%Y}".capitalize(),
    }
    fonction = cle.get(vue, cle["temps"])
    regroupees: dict[str, list[Ligne]] = defaultdict(list)
    for ligne in toutes:
        regroupees[fonction(ligne)].append(ligne)
    if vue == "temps":
        return list(regroupees.items())
    return sorted(regroupees.items())


def creneaux_du_jury(planning: Planning) -> dict[int, list[CreneauJury]]:
    resultat: dict[int, list[CreneauJury]] = defaultdict(list)
    for cj in planning.creneaux_jury.all():
        resultat[cj.jury_id].append(cj)
    return resultat
