"""The solver's input and output: frozen dataclasses, pure Python (no Django).

Interface between ``planning.solver`` (SOLVEUR) and the rest of app ``planning`` (INTEGRATION).
Stable since 2026-12-05 13:40 UTC; later changes are additive only and listed here:
  - 13:55 UTC: ``Solution.statuts_niveaux`` (per objective level: "optimal" / "faisable"), defaulted.
  - 14:00 UTC: ``expliquer_impossibilite(instance, *, limite_s=5.0)``; ``exemples.instance_realiste``
    (generated sessions for the bench and the demo); ``glouton.amorcer`` (the solver's starting point).
  - 14:20 UTC: no change of shape; the MEANING of the ``ATTENTE`` level ("attente", still minutes) is now the
    candidates' waiting ON SITE: per candidate and per day, the time between their first and last épreuve of
    that day minus their work that day (a night at home is no longer counted as waiting). The old measure
    (span on the working timeline, nights included) was a sum of completion times that CP-SAT cannot bound
    (bound 155 min for 6 125 min found on 8 candidates), so the level was never proven; the new one is.
  - 14:57 UTC: ``Candidat.jurys: frozenset[str] | None = None`` (defaulted): the juries (``Jury.id``) allowed to
    see the candidate — None = any jury; a set = one of these (e.g. the registration's jury already assigned).
    Honoured by the model, the greedy and the starting plan, the analysis and the bounds; the validator flags a
    jury outside the set (SES-PLANNING, ``validation.hors_jurys_imposes``).

Conventions
-----------
* Times are whole **minutes since midnight** of the day (``Jour``, ``Creneau``, ``Lecture``,
  ``Pause``); durations are whole minutes.
* Every épreuve of a candidate lasts ``duree_majoree(epreuve, candidat)`` =
  ``ceil(duree × majoration)`` minutes, rounded up to the instance grid ``pas`` by the solver
  (the validator accepts any length between the exact value and its rounding to the grid).
* A candidate's épreuves follow their ``rang`` (strictly lower rang ends before a higher rang
  starts; equal rangs are unordered) and the instance's explicit ``precedences``
  (``(avant, apres)`` épreuve codes).
* Épreuves ``avec_jury`` and not ``collective`` are held by ONE jury per candidate (the same for
  all that candidate's jury épreuves), never a jury with a member in ``candidat.liens``, and one of
  ``candidat.jurys`` when that set is given (None: any jury).
  Collective épreuves are supervised by the centre: ``avec_jury`` is ignored for them.
* A collective épreuve is taken by all its candidates at the same time (one common start, same
  day); a candidate with a ``majoration`` ends later. A candidate with ``salle_isolee`` sits every
  épreuve without jury (collective or not) alone in a room with ``isolee_possible`` (a jury
  épreuve already has its room to itself).
* Before a candidate's first jury épreuve, their jury reads the file for ``lecture_dossier``
  minutes (a ``Lecture``, within opening hours, on that day or an earlier one), after the
  candidate's épreuves without jury of lower rang (the file includes their results).
* Rooms: when ``Instance.salles`` is empty, rooms are not planned (``Creneau.salle`` is None).
  Otherwise every épreuve takes place in a room allowed for it (``salle_requise`` if set, else a
  room whose ``usages`` is empty or contains the épreuve code). A candidate without jury uses one
  place of the room's ``capacite``; a jury épreuve uses the whole room (one jury at a time).
* Each jury gets, every day, a lunch break of at least ``duree_min`` minutes inside
  ``[debut_au_plus_tot, fin_au_plus_tard]`` without any work (time outside opening hours counts
  as free).
* A jury works only when all its members are available (``Membre.disponibilites``; None =
  always); a member sitting on several juries is never in two places at once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

SES_PLANNING = "SES-PLANNING"
SES_JURY_LIENS = "SES-JURY-LIENS"
SES_HANDICAP = "SES-HANDICAP"

Statut = Literal["optimal", "faisable", "impossible", "inconnu"]
OPTIMAL: Statut = "optimal"
FAISABLE: Statut = "faisable"
IMPOSSIBLE: Statut = "impossible"
INCONNU: Statut = "inconnu"

# Objective levels, in lexicographic order (keys of Solution.objectifs / borne_inferieure).
JOURS = "jours"  # number of days used (the last day used, counted from the first day)
FIN = "fin"  # end of the last épreuve on the working timeline (minutes of opening hours since the first opening)
ATTENTE = "attente"  # on-site waiting: sum over candidates and days of (last end - first start - work) that day
EQUILIBRE = "equilibre"  # max - min jury working minutes (épreuves + file reading)
NIVEAUX: tuple[str, ...] = (JOURS, FIN, ATTENTE, EQUILIBRE)

Progression = Callable[[float, str], None]
"""``progression(fraction_done in [0, 1], French message)`` — called from the solver: between levels from the
caller's thread, on each improving solution from a CP-SAT worker thread."""


@dataclass(frozen=True)
class Jour:
    date: dt.date
    ouverture: int  # minutes since midnight
    fermeture: int

    @property
    def duree(self) -> int:
        return self.fermeture - self.ouverture


@dataclass(frozen=True)
class Epreuve:
    code: str
    intitule: str
    duree: int  # minutes, without extra time
    collective: bool = False
    avec_jury: bool = True
    rang: int = 0
    salle_requise: str | None = None  # Salle.id imposed for this épreuve


@dataclass(frozen=True)
class Candidat:
    id: str
    nom: str
    epreuves: tuple[str, ...]  # Epreuve.code
    majoration: Fraction = Fraction(1)  # e.g. Fraction(4, 3) for a tiers-temps
    salle_isolee: bool = False
    liens: frozenset[str] = frozenset()  # Membre.id linked to the candidate (SES-JURY-LIENS)
    jurys: frozenset[str] | None = None  # Jury.id allowed to see the candidate; None = any jury


@dataclass(frozen=True)
class Membre:
    id: str
    nom: str
    disponibilites: tuple[tuple[dt.date, int, int], ...] | None = None  # None = always available


@dataclass(frozen=True)
class Jury:
    id: str
    membres: tuple[str, ...]  # Membre.id
    nom: str = ""


@dataclass(frozen=True)
class Salle:
    id: str
    nom: str
    capacite: int = 1
    usages: frozenset[str] = frozenset()  # Epreuve.code it can host; empty = all
    isolee_possible: bool = False


@dataclass(frozen=True)
class PauseDejeuner:
    debut_au_plus_tot: int
    fin_au_plus_tard: int
    duree_min: int


@dataclass(frozen=True)
class Instance:
    jours: tuple[Jour, ...]
    epreuves: tuple[Epreuve, ...]
    candidats: tuple[Candidat, ...]
    jurys: tuple[Jury, ...]
    membres: tuple[Membre, ...] = ()
    salles: tuple[Salle, ...] = ()
    pause_dejeuner: PauseDejeuner | None = None
    lecture_dossier: int = 0  # minutes per candidate, by their jury, before their first jury épreuve
    precedences: tuple[tuple[str, str], ...] = ()  # (avant, apres) épreuve codes
    pas: int = 5  # time grid of the solver, minutes

    def epreuve(self, code: str) -> Epreuve:
        for epreuve in self.epreuves:
            if epreuve.code == code:
                return epreuve
        raise KeyError(code)


@dataclass(frozen=True)
class Creneau:
    candidat: str  # Candidat.id
    epreuve: str  # Epreuve.code
    jour: dt.date
    debut: int
    fin: int
    jury: str | None = None  # Jury.id (None for épreuves without jury)
    salle: str | None = None  # Salle.id (None when rooms are not planned)


@dataclass(frozen=True)
class Lecture:
    jury: str
    candidat: str
    jour: dt.date
    debut: int
    fin: int


@dataclass(frozen=True)
class Pause:
    jury: str
    jour: dt.date
    debut: int
    fin: int


@dataclass(frozen=True)
class Solution:
    creneaux: tuple[Creneau, ...]
    lectures: tuple[Lecture, ...] = ()
    pauses: tuple[Pause, ...] = ()
    statut: Statut = INCONNU
    borne_inferieure: dict[str, int] = field(default_factory=dict)  # per level (NIVEAUX)
    objectifs: dict[str, int] = field(default_factory=dict)  # per level (NIVEAUX)
    explication: str | None = None  # French, when statut is "impossible" (or "inconnu")
    duree_s: float = 0.0
    statuts_niveaux: dict[str, str] = field(default_factory=dict)  # per level: "optimal" (proven) or "faisable"


@dataclass(frozen=True)
class Violation:
    code: str  # SES_PLANNING, SES_JURY_LIENS, SES_HANDICAP
    message: str  # French, with concrete times
    candidat: str | None = None
    epreuve: str | None = None
    jury: str | None = None
    jour: dt.date | None = None


@dataclass(frozen=True)
class BorneInferieure:
    """Analytic lower bounds (``borne_inferieure(instance)``)."""

    jours: int
    fin: int  # working-timeline minutes (see FIN)
    detail: tuple[str, ...] = ()  # French sentences explaining the binding bounds


def duree_majoree(epreuve: Epreuve, candidat: Candidat) -> int:
    """The épreuve's duration for this candidate, extra time included (minutes, rounded up)."""
    return math.ceil(epreuve.duree * candidat.majoration)


def arrondi_pas(minutes: int, pas: int) -> int:
    return -(-minutes // pas) * pas


def hhmm(minutes: int) -> str:
    """``615`` → ``"10:15"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def duree_texte(minutes: int) -> str:
    """``165`` → ``"2 h 45"``, ``45`` → ``"45 min"``, ``120`` → ``"2 h"``."""
    heures, reste = divmod(minutes, 60)
    if not heures:
        return f"{reste} min"
    return f"{heures} h {reste:02d}" if reste else f"{heures} h"


def date_texte(jour: dt.date) -> str:
    """``2026-12-05`` → ``"05/12/2026"``."""
    return jour.strftime("%d/%m/%Y")
