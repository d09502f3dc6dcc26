"""Timetable solver and validator: pure Python + OR-Tools CP-SAT, dataclasses in and out, no Django.

Public API (see ``donnees`` for the data model and its conventions)::

    resoudre(instance, *, limite_s=30, progression=None) -> Solution
    valider(instance, creneaux, lectures=(), pauses=()) -> list[Violation]
    glouton(instance) -> Solution
    borne_inferieure(instance) -> BorneInferieure
    expliquer_impossibilite(instance) -> str | None
"""

from titrepro.planning.solver.bornes import borne_inferieure
from titrepro.planning.solver.donnees import (
    Candidat,
    Creneau,
    Epreuve,
    Instance,
    Jour,
    Jury,
    Lecture,
    Membre,
    Pause,
    PauseDejeuner,
    Salle,
    Solution,
    Violation,
)
from titrepro.planning.solver.explication import expliquer_impossibilite
from titrepro.planning.solver.glouton import glouton
from titrepro.planning.solver.modele import resoudre
from titrepro.planning.solver.validation import valider

__all__ = [
    "Candidat",
    "Creneau",
    "Epreuve",
    "Instance",
    "Jour",
    "Jury",
    "Lecture",
    "Membre",
    "Pause",
    "PauseDejeuner",
    "Salle",
    "Solution",
    "Violation",
    "borne_inferieure",
    "expliquer_impossibilite",
    "glouton",
    "resoudre",
    "valider",
]
