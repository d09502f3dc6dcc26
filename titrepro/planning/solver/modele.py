"""The CP-SAT model of the session timetable.

Time is a grid of ``pas`` minutes on the working timeline (the days' opening hours laid end to
end, see ``temps``): every interval lies inside one day. Variables: one start per (candidate,
épreuve) — shared by all candidates of a collective épreuve —, one Boolean per (candidate,
allowed jury), one per (candidate, épreuve, allowed room) when there is a choice, one file
reading start per candidate, one lunch break position per (jury, day). Constraints: no overlap
per candidate, per jury (épreuves, readings, break) and per member sitting on several juries;
cumulative rooms; member availability as start domains of the jury's optional intervals;
order by rang and precedences.

Objective, lexicographic, solved level by level (each optimum, or the best value found, is
fixed before the next level): end of the last épreuve (which also gives the fewest days),
candidates' waiting, jury load balance.

What makes the small sessions (up to 30 candidates) proven optimal within seconds:

* **Per-day jury knapsacks** (redundant): one Boolean per (piece of jury work, day) and per (piece,
  allowed jury, day); each jury's work on a day fits in that day's jury time (release after the
  collective épreuve, lunch break), and on the last day in the time before the end; the juries'
  loads add up to the total work. The analytic end bound is a fluid bound (total work / juries); the
  knapsacks see that the last minutes cannot be filled exactly with the pieces there are (35 min with
  20- and 30-min entretiens finals), which is what lets 16 candidates be proven at 1 660 against a
  fluid bound of 1 655.
* **Probing a small gap**: each level's optimisation stops at a gap of one grid step
  (``absolute_gap_limit``; the status is then re-checked against the bound), and when a level ends
  with value - bound <= ``SONDAGES`` steps, each value from the bound is tried alone
  (« variable <= v », no objective): presolve then proves the infeasibility that the optimisation
  does not (the end of 16 candidates proven in 0.6 s, never in 20 s of optimisation).
* **No presolve probing** (``cp_model_probing_level = 0``): on 30 candidates it took 2 of the 2.6 s
  of the end level on the loaded machine; without it the end is proven in about 1 s.
* **Waiting on site** (``donnees.ATTENTE``): per candidate and day, span minus work that day, with a
  day Boolean per épreuve. The former measure (span on the working timeline, nights included) is a
  sum of completion times: CP-SAT bounded it at 155 min for 6 125 min found on 8 candidates and never
  proved it; the on-site measure is what a candidate lives (a night at home is not waiting) and is
  proven on 8 candidates. Once every level is fixed, the time left reduces the days each candidate
  has to come (not an objective level: nothing reported as optimal depends on it).
* **The waiting level by dynamic programming** (``attente``): CP-SAT's bound on the waiting stays at 0
  on real sessions (16 candidates: 440 min found, bound 0 after a minute). Once the end is fixed, the
  programmes of ``attente`` compute the exact optimum of the timetable without rooms, below the waiting
  of the previous level's timetable: nothing below it proves that timetable optimal; otherwise their
  sequences (jury and épreuve starts of every candidate) are fixed and CP-SAT only completes the rooms
  and readings (``_attente_par_programme``). 16 and 30 candidates: the level proven in under 1 s.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from ortools.sat.python import cp_model

from titrepro.planning.solver.analyse import analyser
from titrepro.planning.solver.attente import BorneAttente, borne_attente
from titrepro.planning.solver.bornes import bornes_par_niveau
from titrepro.planning.solver.donnees import (
    ATTENTE,
    EQUILIBRE,
    FAISABLE,
    FIN,
    IMPOSSIBLE,
    INCONNU,
    JOURS,
    OPTIMAL,
    Candidat,
    Creneau,
    Instance,
    Jour,
    Jury,
    Lecture,
    Pause,
    Progression,
    Salle,
    Solution,
    Statut,
    date_texte,
    duree_majoree,
    duree_texte,
    hhmm,
)
from titrepro.planning.solver.glouton import amorcer, glouton
from titrepro.planning.solver.mesures import mesurer
from titrepro.planning.solver.temps import Chronologie
from titrepro.planning.solver.validation import (
    avec_jury,
    isole,
    jurys_imposes,
    salles_autorisees,
    valider,
)

GRAINE = 20261205
MAX_SACS = 6000  # largest number of (piece, jury, day) Booleans of the per-day jury knapsacks
LIBELLES = {FIN: "fin au plus tôt", ATTENTE: "attente des candidats sur place", EQUILIBRE: "équilibre des jurys"}

# Constraint groups that the infeasibility explanation relaxes one at a time.
GROUPES: dict[str, str] = {
    "jours": "le nombre de jours de la session",
    "pause": "la pause déjeuner des jurys",
    "lecture": "le temps de lecture des dossiers par le jury",
    "disponibilites": "les disponibilités des membres de jury",
    "liens": "l'exclusion des membres de jury liés aux candidats (SES-JURY-LIENS)",
    "imposes": "les jurys imposés par les inscriptions des candidats",
    "salles": "les salles (capacités, usages, salles isolées)",
    "collectives": "le passage simultané des épreuves collectives",
    "ordre": "l'ordre des épreuves",
}


def _cp_domaine(intervalles: Iterable[tuple[int, int]]) -> Any:
    liste = sorted((a, b) for a, b in intervalles if a <= b)
    if not liste:
        return cp_model.Domain.from_values([])
    return cp_model.Domain.from_intervals([[a, b] for a, b in liste])


@dataclass
class _Grille:
    """The working timeline in grid units."""

    instance: Instance
    jours: tuple[Jour, ...] = ()
    ouvertures: list[int] = field(default_factory=list)
    longueurs: list[int] = field(default_factory=list)
    bases: list[int] = field(default_factory=list)
    horizon: int = 0

    def __post_init__(self) -> None:
        pas = max(1, self.instance.pas)
        self.jours = Chronologie(self.instance).jours
        total = 0
        for jour in self.jours:
            o = -(-jour.ouverture // pas)
            f = jour.fermeture // pas
            self.ouvertures.append(o)
            self.longueurs.append(max(0, f - o))
            self.bases.append(total)
            total += max(0, f - o)
        self.horizon = total

    def segments(self, duree: int) -> list[tuple[int, int]]:
        """Start ranges (global) where an interval of ``duree`` units fits inside one day."""
        return [(b, b + n - duree) for b, n in zip(self.bases, self.longueurs, strict=True) if n >= duree]

    def jour_de(self, t: int) -> int:
        for k in range(len(self.jours) - 1, -1, -1):
            if self.bases[k] <= t:
                return k
        return 0

    def reel(self, t: int) -> tuple[int, int]:
        """(day index, minute) of a global start time."""
        k = self.jour_de(t)
        return k, (t - self.bases[k] + self.ouvertures[k]) * max(1, self.instance.pas)

    def vers_global(self, k: int, minute: int) -> int:
        return self.bases[k] + minute // max(1, self.instance.pas) - self.ouvertures[k]


class _Modele:
    # Identical candidates ordered by start from 20 candidates on (below, it slows the optimality proof).
    symetrie_candidats = True

    def __init__(self, instance: Instance, sans: frozenset[str] = frozenset()) -> None:
        self.instance = instance
        self.sans = sans
        self.pas = max(1, instance.pas)
        self.grille = _Grille(instance)
        self.m = cp_model.CpModel()
        self.epreuves = {e.code: e for e in instance.epreuves}
        self.debut: dict[tuple[str, str], Any] = {}
        self.duree: dict[tuple[str, str], int] = {}
        self.intervalle: dict[tuple[str, str], Any] = {}
        self.collectif: dict[str, Any] = {}
        self.x: dict[tuple[str, str], Any] = {}
        self.y: dict[tuple[str, str, str], Any] = {}
        self.salle_fixe: dict[tuple[str, str], str] = {}
        self.salle_du_jury: dict[str, str] = {}
        self.groupes_candidats: list[tuple[list[Candidat], str]] = []
        self.classes_jurys: list[tuple[tuple[str, ...], list[Jury]]] = []
        self.lecture: dict[str, Any] = {}
        self.pauses: dict[tuple[str, int], Any] = {}
        self.par_jury: dict[str, list[Any]] = defaultdict(list)
        self.par_salle: dict[str, list[tuple[Any, int]]] = defaultdict(list)
        self.charges: dict[str, Any] = {}
        self.z_piece: dict[tuple[str, str], dict[int, Any]] = {}
        self.z_lecture: dict[str, dict[int, Any]] = {}
        self.fin: Any = None
        self.attente: Any = None
        self.presences: Any = None
        self.fin_analytique = 0  # the analytic lower bound of ``fin`` (grid units)
        self.equilibre: Any = None
        self.construire()

    # -- helpers --------------------------------------------------------------------------------------
    def unites(self, minutes: int) -> int:
        return -(-minutes // self.pas)

    def fenetres_jury(self, jury: Jury) -> list[tuple[int, int]] | None:
        """Global grid windows where all the jury's members are available (None: always)."""
        if "disponibilites" in self.sans:
            return None
        membres = {m.id: m for m in self.instance.membres}
        fenetres: list[tuple[int, int]] | None = None
        for membre_id in jury.membres:
            membre = membres.get(membre_id)
            if membre is None or membre.disponibilites is None:
                continue
            siennes: list[tuple[int, int]] = []
            for k, jour in enumerate(self.grille.jours):
                o, n = self.grille.ouvertures[k], self.grille.longueurs[k]
                for d, a, b in membre.disponibilites:
                    if d != jour.date:
                        continue
                    x = max(-(-a // self.pas), o)
                    y = min(b // self.pas, o + n)
                    if y > x:
                        siennes.append((self.grille.bases[k] + x - o, self.grille.bases[k] + y - o))
            if fenetres is None:
                fenetres = siennes
            else:
                fenetres = [(max(a, c), min(b, d)) for a, b in fenetres for c, d in siennes if min(b, d) > max(a, c)]
        return fenetres

    def jurys_de(self, candidat: Candidat) -> tuple[Jury, ...]:
        """The juries the candidate may be seen by (the other juries get no assignment literal: forbidden)."""
        jurys = self.instance.jurys if "imposes" in self.sans else jurys_imposes(self.instance, candidat)
        if "liens" in self.sans:
            return jurys
        return tuple(j for j in jurys if not candidat.liens.intersection(j.membres))

    def intervalle_jury(self, jury: Jury, debut: Any, duree: int, presence: Any, nom: str) -> Any:
        fenetres = self.fenetres_jury(jury)
        if fenetres is None:
            return self.m.new_optional_fixed_size_interval_var(debut, duree, presence, nom)
        domaine = [(a, b - duree) for a, b in fenetres if b - a >= duree]
        if not domaine:
            self.m.add(presence == 0)
            domaine = [(0, 0)]
        debut_jury = self.m.new_int_var_from_domain(_cp_domaine(domaine), f"{nom}_d")
        self.m.add(debut_jury == debut).only_enforce_if(presence)
        return self.m.new_optional_fixed_size_interval_var(debut_jury, duree, presence, nom)

    # -- model ------------------------------------------------------------------------------------------
    def construire(self) -> None:
        inst, m, g = self.instance, self.m, self.grille
        candidats = inst.candidats
        # Starts.
        for e in inst.epreuves:
            concernes = [c for c in candidats if e.code in c.epreuves]
            if e.collective and concernes and "collectives" not in self.sans:
                duree = max(self.unites(duree_majoree(e, c)) for c in concernes)
                self.collectif[e.code] = m.new_int_var_from_domain(_cp_domaine(g.segments(duree)), f"S_{e.code}")
        for c in candidats:
            for code in c.epreuves:
                e = self.epreuves[code]
                d = self.unites(duree_majoree(e, c))
                cle = (c.id, code)
                self.duree[cle] = d
                if code in self.collectif:
                    self.debut[cle] = self.collectif[code]
                else:
                    self.debut[cle] = m.new_int_var_from_domain(_cp_domaine(g.segments(d)), f"s_{c.id}_{code}")
                self.intervalle[cle] = m.new_fixed_size_interval_var(self.debut[cle], d, f"i_{c.id}_{code}")
            m.add_no_overlap([self.intervalle[(c.id, code)] for code in c.epreuves])
        self.contraindre_ordre()
        self.contraindre_jurys()
        self.contraindre_salles()
        self.contraindre_pauses()
        self.briser_symetries()
        for _jury_id, intervalles in self.par_jury.items():
            m.add_no_overlap(intervalles)
        jurys_du_membre: dict[str, list[str]] = defaultdict(list)
        for jury in inst.jurys:
            for membre_id in jury.membres:
                jurys_du_membre[membre_id].append(jury.id)
        for jurys in jurys_du_membre.values():
            if len(jurys) > 1:
                m.add_no_overlap(
                    [iv for j in jurys for iv in self.par_jury[j] if iv.name and not iv.name.startswith("p_")]
                )
        self.objectifs()

    def contraindre_ordre(self) -> None:
        if "ordre" in self.sans:
            return
        precedences = set(self.instance.precedences)
        for c in self.instance.candidats:
            for a in c.epreuves:
                for b in c.epreuves:
                    ea, eb = self.epreuves[a], self.epreuves[b]
                    if ea.rang < eb.rang or (a, b) in precedences:
                        self.m.add(self.debut[(c.id, a)] + self.duree[(c.id, a)] <= self.debut[(c.id, b)])

    def contraindre_jurys(self) -> None:
        m, inst = self.m, self.instance
        lecture = self.unites(inst.lecture_dossier) if "lecture" not in self.sans else 0
        for c in inst.candidats:
            jury_codes = [code for code in c.epreuves if avec_jury(self.epreuves[code])]
            if not jury_codes:
                continue
            jurys = self.jurys_de(c)
            if not jurys:
                m.add_bool_or([])
                continue
            for jury in jurys:
                self.x[(c.id, jury.id)] = m.new_bool_var(f"x_{c.id}_{jury.id}")
            m.add_exactly_one(self.x[(c.id, j.id)] for j in jurys)
            for code in jury_codes:
                cle = (c.id, code)
                for jury in jurys:
                    self.par_jury[jury.id].append(
                        self.intervalle_jury(
                            jury,
                            self.debut[cle],
                            self.duree[cle],
                            self.x[(c.id, jury.id)],
                            f"j_{c.id}_{code}_{jury.id}",
                        )
                    )
            if lecture:
                debut = m.new_int_var_from_domain(_cp_domaine(self.grille.segments(lecture)), f"l_{c.id}")
                self.lecture[c.id] = debut
                rang_min = min(self.epreuves[code].rang for code in jury_codes)
                for code in c.epreuves:
                    e = self.epreuves[code]
                    if avec_jury(e):
                        m.add(debut + lecture <= self.debut[(c.id, code)])
                    elif e.rang < rang_min:
                        m.add(debut >= self.debut[(c.id, code)] + self.duree[(c.id, code)])
                for jury in jurys:
                    self.par_jury[jury.id].append(
                        self.intervalle_jury(jury, debut, lecture, self.x[(c.id, jury.id)], f"lj_{c.id}_{jury.id}")
                    )

    def contraindre_salles(self) -> None:
        m, inst = self.m, self.instance
        if not inst.salles or "salles" in self.sans:
            return
        self.salle_du_jury = self.salles_dediees()
        for c in inst.candidats:
            for code in c.epreuves:
                e = self.epreuves[code]
                cle = (c.id, code)
                if avec_jury(e) and self.salle_du_jury:
                    continue  # each jury in its own room: the jury's no-overlap covers the room
                salles: tuple[Salle, ...] = salles_autorisees(inst, e)
                if isole(c, e):
                    salles = tuple(s for s in salles if s.isolee_possible)
                exclusif = avec_jury(e) or isole(c, e)
                if not salles:
                    m.add_bool_or([])
                    continue
                if len(salles) == 1:
                    s = salles[0]
                    self.salle_fixe[cle] = s.id
                    self.par_salle[s.id].append((self.intervalle[cle], s.capacite if exclusif else 1))
                    continue
                for s in salles:
                    self.y[(c.id, code, s.id)] = m.new_bool_var(f"y_{c.id}_{code}_{s.id}")
                    iv = m.new_optional_fixed_size_interval_var(
                        self.debut[cle], self.duree[cle], self.y[(c.id, code, s.id)], f"r_{c.id}_{code}_{s.id}"
                    )
                    self.par_salle[s.id].append((iv, s.capacite if exclusif else 1))
                m.add_exactly_one(self.y[(c.id, code, s.id)] for s in salles)
        capacites = {s.id: s.capacite for s in inst.salles}
        for salle_id, liste in self.par_salle.items():
            if capacites[salle_id] <= 1 or all(d >= capacites[salle_id] for _, d in liste):
                m.add_no_overlap([iv for iv, _ in liste])
            else:
                m.add_cumulative([iv for iv, _ in liste], [d for _, d in liste], capacites[salle_id])

    def salles_dediees(self) -> dict[str, str]:
        """Jury → room, when rooms reserved to jury épreuves can each host them all (one per jury, WLOG)."""
        inst = self.instance
        jury_codes = {code for c in inst.candidats for code in c.epreuves if avec_jury(self.epreuves[code])}
        if not jury_codes or not inst.jurys:
            return {}
        communes = set.intersection(*(set(salles_autorisees(inst, self.epreuves[code])) for code in jury_codes))
        autres = {
            s
            for c in inst.candidats
            for code in c.epreuves
            if not avec_jury(self.epreuves[code])
            for s in salles_autorisees(inst, self.epreuves[code])
        }
        dediees = sorted((s for s in communes if s not in autres), key=lambda s: s.id)
        if len(dediees) < len(inst.jurys):
            return {}
        return {jury.id: salle.id for jury, salle in zip(inst.jurys, dediees, strict=False)}

    def briser_symetries(self) -> None:
        """Identical candidates start in index order; interchangeable juries are used in index order."""
        m, inst = self.m, self.instance
        if "ordre" not in self.sans and self.symetrie_candidats and len(inst.candidats) >= 20:
            from titrepro.planning.solver.mesures import ordre_epreuves

            ordre = [e for e in ordre_epreuves(inst) if not e.collective]
            groupes: dict[tuple[object, ...], list[Candidat]] = defaultdict(list)
            for c in inst.candidats:
                groupes[(tuple(sorted(c.epreuves)), c.majoration, c.salle_isolee, c.liens, c.jurys)].append(c)
            for groupe in groupes.values():
                premiere = next((e for e in ordre if e.code in groupe[0].epreuves), None)
                if premiere is None:
                    continue
                self.groupes_candidats.append((groupe, premiere.code))
                for a, b in itertools.pairwise(groupe):
                    m.add(self.debut[(a.id, premiere.code)] <= self.debut[(b.id, premiere.code)])
        # Juries: same members' availability (always), no shared member, same allowed candidates.
        partages = {mid for j in inst.jurys for mid in j.membres if sum(mid in k.membres for k in inst.jurys) > 1}
        membres = {mb.id: mb for mb in inst.membres}
        libres = [
            j
            for j in inst.jurys
            if not partages.intersection(j.membres)
            and all(membres.get(mid) is None or membres[mid].disponibilites is None for mid in j.membres)
        ]
        classes: dict[tuple[str, ...], list[Jury]] = defaultdict(list)
        for j in libres:
            signature = tuple(c.id for c in inst.candidats if (c.id, j.id) in self.x)
            classes[signature].append(j)
        for signature, jurys in classes.items():
            self.classes_jurys.append((signature, jurys))
            for k in range(1, len(jurys)):
                precedents: list[Any] = []
                for cid in signature:
                    m.add(self.x[(cid, jurys[k].id)] <= sum(precedents))
                    precedents.append(self.x[(cid, jurys[k - 1].id)])

    def contraindre_pauses(self) -> None:
        pause = self.instance.pause_dejeuner
        if pause is None or "pause" in self.sans or not self.x:
            return
        m, g = self.m, self.grille
        a = -(-pause.debut_au_plus_tot // self.pas)
        b = pause.fin_au_plus_tard // self.pas
        d = self.unites(pause.duree_min)
        if b - a < d:
            return
        for jury in self.instance.jurys:
            for k in range(len(g.jours)):
                o, n = g.ouvertures[k], g.longueurs[k]
                f = o + n
                if n == 0 or a + d <= o or b - d >= f or b <= o or a >= f:
                    continue  # the break can fall outside opening hours
                s = m.new_int_var(a, b - d, f"pause_{jury.id}_{k}")
                bs = m.new_int_var(o, f, f"pb_{jury.id}_{k}")
                be = m.new_int_var(o, f, f"pe_{jury.id}_{k}")
                m.add_max_equality(bs, [s, o])
                m.add_min_equality(be, [s + d, f])
                taille = m.new_int_var(0, d, f"pt_{jury.id}_{k}")
                m.add(taille == be - bs)
                iv = m.new_interval_var(g.bases[k] + bs - o, taille, g.bases[k] + be - o, f"p_{jury.id}_{k}")
                self.pauses[(jury.id, k)] = s
                self.par_jury[jury.id].append(iv)

    def objectifs(self) -> None:
        m, g, inst = self.m, self.grille, self.instance
        fins = [self.debut[cle] + d for cle, d in self.duree.items()]
        self.fin = m.new_int_var(0, g.horizon, "fin")
        for fin in fins:
            m.add(self.fin >= fin)
        if not self.sans and inst.candidats and g.jours:
            from titrepro.planning.solver.bornes import borne_inferieure

            borne = borne_inferieure(inst).fin
            chrono = Chronologie(inst)
            if 0 < borne <= chrono.horizon:
                date, minute = chrono.depuis_global(borne, fin=True)
                k = chrono.index[date]
                self.fin_analytique = max(0, g.bases[k] + minute // self.pas - g.ouvertures[k])
                m.add(self.fin >= self.fin_analytique)
        self.jours_des_pieces()
        # On-site waiting (see ``donnees.ATTENTE``): per candidate and day, the span of their épreuves that day
        # minus their work that day. ``attente`` is only bounded below: minimising makes it exact.
        attentes = []
        presences: list[Any] = []
        for c in inst.candidats:
            for k in range(len(g.jours)):
                presents = [(code, zs[k]) for code in c.epreuves if k in (zs := self.z_piece[(c.id, code)])]
                if not presents:
                    continue
                present = m.new_bool_var(f"present_{c.id}_{k}")
                m.add_max_equality(present, [z for _, z in presents])
                presences.append(present)
                if len(presents) < 2:
                    continue
                base, n = g.bases[k], g.longueurs[k]
                premier = m.new_int_var(base, base + n, f"premier_{c.id}_{k}")
                dernier = m.new_int_var(base, base + n, f"dernier_{c.id}_{k}")
                for code, z in presents:
                    m.add(premier <= self.debut[(c.id, code)]).only_enforce_if(z)
                    m.add(dernier >= self.debut[(c.id, code)] + self.duree[(c.id, code)]).only_enforce_if(z)
                attente = m.new_int_var(0, n, f"attente_{c.id}_{k}")
                m.add(attente >= dernier - premier - sum(z * self.duree[(c.id, code)] for code, z in presents))
                attentes.append(attente)
        self.attente = m.new_int_var(0, max(g.longueurs, default=0) * max(1, len(attentes)), "attente")
        m.add(self.attente == sum(attentes))
        # Not an objective level: the days each candidate comes, minimised last with the time left (« retours »).
        self.presences = m.new_int_var(0, len(presences), "presences")
        m.add(self.presences == sum(presences))
        lecture = self.unites(inst.lecture_dossier) if "lecture" not in self.sans else 0
        travail_jury: dict[str, int] = {}
        for c in inst.candidats:
            codes = [code for code in c.epreuves if avec_jury(self.epreuves[code])]
            if codes:
                travail_jury[c.id] = sum(self.duree[(c.id, code)] for code in codes) + lecture
        total = sum(travail_jury.values())
        for jury in inst.jurys:
            charge = m.new_int_var(0, total, f"charge_{jury.id}")
            m.add(
                charge == sum(self.x[(cid, jury.id)] * w for cid, w in travail_jury.items() if (cid, jury.id) in self.x)
            )
            self.charges[jury.id] = charge
        self.equilibre = m.new_int_var(0, total, "equilibre")
        if self.charges:
            haut = m.new_int_var(0, total, "charge_max")
            bas = m.new_int_var(0, total, "charge_min")
            m.add_max_equality(haut, list(self.charges.values()))
            m.add_min_equality(bas, list(self.charges.values()))
            m.add(self.equilibre == haut - bas)
            # Redundant: each jury's load fits in the jury time available before the end.
            table = self.capacites_jury()
            capacite = m.new_int_var(0, max(table), "capacite_jury")
            m.add_element(self.fin, table, capacite)
            m.add(haut <= capacite)
            m.add(sum(self.charges.values()) == total)
            self.charges_par_jour(table, capacite)
        else:
            m.add(self.equilibre == 0)

    def jours_des_pieces(self) -> None:
        """One Boolean per (épreuve of a candidate, day) and per (file reading, day): the day it takes place."""
        m, g = self.m, self.grille
        partages: dict[int, dict[int, Any]] = {}

        def jours(debut: Any, d: int, nom: str) -> dict[int, Any]:
            if debut.index in partages:
                return partages[debut.index]
            z = {k: m.new_bool_var(f"z_{nom}_{k}") for k in range(len(g.jours)) if g.longueurs[k] >= d}
            m.add_exactly_one(z.values())
            for k, zk in z.items():
                m.add_linear_constraint(debut, g.bases[k], g.bases[k] + g.longueurs[k] - d).only_enforce_if(zk)
            partages[debut.index] = z
            return z

        for (cid, code), debut in self.debut.items():
            self.z_piece[(cid, code)] = jours(debut, self.duree[(cid, code)], f"{cid}_{code}")
        lecture = self.unites(self.instance.lecture_dossier)
        for cid, debut in self.lecture.items():
            self.z_lecture[cid] = jours(debut, lecture, f"l_{cid}")

    def charges_par_jour(self, table: list[int], capacite: Any) -> None:
        """Redundant: each jury's work per day fits in that day's jury time (and, on the last day, before the end).

        One Boolean per (piece of jury work, day) and per (piece, allowed jury, day); the day's work of a jury is
        a knapsack over the pieces it holds that day. With the end fixed, these small knapsacks are what lets
        CP-SAT prove that the last minutes cannot be filled exactly (e.g. 35 min with 20- and 30-min pieces).
        """
        m, g, inst = self.m, self.grille, self.instance
        nb = len(g.jours)
        pieces_jury = sum(1 for cid, code in self.debut if avec_jury(self.epreuves[code])) + len(self.lecture)
        if nb <= 1 or not self.x or pieces_jury * nb * len(self.charges) > MAX_SACS:
            return  # large sessions: the model would grow too much for what it proves there
        travail: dict[tuple[str, int], list[tuple[Any, int]]] = defaultdict(list)
        jurys_de: dict[str, list[str]] = defaultdict(list)
        for cid, jid in self.x:
            jurys_de[cid].append(jid)
        lecture = self.unites(inst.lecture_dossier) if "lecture" not in self.sans else 0
        pieces: list[tuple[str, dict[int, Any], int]] = []
        for c in inst.candidats:
            for code in c.epreuves:
                if avec_jury(self.epreuves[code]):
                    pieces.append((c.id, self.z_piece[(c.id, code)], self.duree[(c.id, code)]))
            if c.id in self.z_lecture:
                pieces.append((c.id, self.z_lecture[c.id], lecture))
        for n, (cid, z, d) in enumerate(pieces):
            for k, zk in z.items():
                for jid in jurys_de[cid]:
                    b = m.new_bool_var(f"b_{n}_{jid}_{k}")
                    x = self.x[(cid, jid)]
                    m.add_implication(b, zk)
                    m.add_implication(b, x)
                    m.add_bool_or([b, ~zk, ~x])
                    travail[(jid, k)].append((b, d))
        for k in range(nb):
            apres = None
            if k > 0:
                apres = m.new_bool_var(f"apres_{k}")
                m.add(self.fin >= g.bases[k] + 1).only_enforce_if(apres)
                m.add(self.fin <= g.bases[k]).only_enforce_if(~apres)
            for jid in self.charges:
                liste = travail.get((jid, k), [])
                if not liste:
                    continue
                w = m.new_int_var(0, max(0, table[g.bases[k] + g.longueurs[k]] - table[g.bases[k]]), f"w_{jid}_{k}")
                m.add(w == sum(b * d for b, d in liste))
                if apres is None:
                    m.add(w <= capacite - table[g.bases[k]])
                else:
                    m.add(w <= capacite - table[g.bases[k]]).only_enforce_if(apres)
                    m.add(w == 0).only_enforce_if(~apres)

    def capacites_jury(self) -> list[int]:
        """For each global end time t (grid), the jury time (grid units) one jury has from the release to t."""
        g, inst = self.grille, self.instance
        depart = 0
        if not {"ordre", "collectives", "lecture"} & self.sans:
            from titrepro.planning.solver.bornes import chaine_candidat

            chrono = Chronologie(inst)
            chaines = [chaine_candidat(inst, chrono, c) for c in inst.candidats]
            debuts = [ch.debut_jury for ch in chaines if ch.travail_jury]
            if debuts:
                date, minute = chrono.depuis_global(min(debuts))
                k = chrono.index[date]
                depart = g.bases[k] + max(0, minute // self.pas - g.ouvertures[k])
        pause = inst.pause_dejeuner
        a = b = d = 0
        if pause is not None and "pause" not in self.sans:
            a = -(-pause.debut_au_plus_tot // self.pas)
            b = pause.fin_au_plus_tard // self.pas
            d = self.unites(pause.duree_min)

        def perte(x: int, y: int) -> int:
            if d == 0 or b - a < d or y <= x:
                return 0
            return min(max(0, min(s + d, y) - max(s, x)) for s in (a, b - d))

        table = [0] * (g.horizon + 1)
        cumul = 0
        for k in range(len(g.jours)):
            o, n, base = g.ouvertures[k], g.longueurs[k], g.bases[k]
            debut = max(0, depart - base)
            for u in range(1, n + 1):
                table[base + u] = cumul + max(0, u - debut - perte(o + debut, o + u)) if u > debut else cumul
            cumul = table[base + n] if n else cumul
        return table

    def valeurs_attente(self, borne: BorneAttente) -> list[tuple[int, int]]:
        """(variable index, value) of what the waiting programme found: the collective's start and, for each
        candidate it places, their jury and jury épreuves.

        Identical candidates swap places so that their first épreuves follow their order, and interchangeable
        juries their sequences so that they follow the order of their first candidate (``briser_symetries``).
        """
        if len(self.collectif) != 1 or borne.debut_collective is None:
            return []
        (code_collectif,) = self.collectif
        passages = dict(borne.passages)
        for groupe, _code in self.groupes_candidats:
            membres = [c.id for c in groupe if c.id in passages]
            places = sorted((passages[cid] for cid in membres), key=lambda p: p.debuts[:1])
            ordre = [c.id for c in groupe][: len(places)]
            for cid in membres:
                del passages[cid]
            passages.update(zip(ordre, places, strict=True))
        renommage: dict[str, str] = {}
        for signature, jurys in self.classes_jurys:
            rang = {cid: n for n, cid in enumerate(signature)}
            premiers = {
                j.id: min(
                    (rang.get(cid, len(rang)) for cid, p in passages.items() if p.jury == j.id), default=len(rang) + 1
                )
                for j in jurys
            }
            renommage.update(zip(sorted(premiers, key=lambda jid: premiers[jid]), [j.id for j in jurys], strict=True))
        fixes: list[tuple[int, int]] = [(self.collectif[code_collectif].index, borne.debut_collective)]
        candidats = {c.id: c for c in self.instance.candidats}
        for cid, passage in passages.items():
            x = self.x.get((cid, renommage.get(passage.jury, passage.jury)))
            candidat = candidats[cid]
            chaine = sorted(
                (k for k in candidat.epreuves if avec_jury(self.epreuves[k])), key=lambda k: self.epreuves[k].rang
            )
            if x is None or len(passage.debuts) > len(chaine):
                return []
            fixes.append((x.index, 1))
            fixes.extend((self.debut[(cid, code)].index, t) for code, t in zip(chaine, passage.debuts, strict=False))
        return fixes  # the readings are left to CP-SAT: the programme does not tie a reading to a candidate

    def valeurs_solution(self, solveur: cp_model.CpSolver, *, pauses: bool = False) -> list[tuple[int, int]]:
        """(variable index, value) of a solution's starts, juries, rooms and readings (and breaks), each once."""
        variables = [*self.debut.values(), *self.x.values(), *self.y.values(), *self.lecture.values()]
        if pauses:
            variables += self.pauses.values()
        return list({var.index: (var.index, int(solveur.value(var))) for var in variables}.values())

    # -- hints and extraction -------------------------------------------------------------------------
    def canoniser(self, solution: Solution) -> Solution:
        """The same timetable, identical candidates and interchangeable juries renamed to fit the symmetry breaking."""
        chrono = Chronologie(self.instance)
        debuts = {(cr.candidat, cr.epreuve): chrono.vers_global(cr.jour, cr.debut) for cr in solution.creneaux}
        nouveau: dict[str, str] = {}
        for groupe, code in self.groupes_candidats:
            tries = sorted(groupe, key=lambda c: debuts.get((c.id, code), 0))
            for ancien, cible in zip(tries, groupe, strict=True):
                nouveau[ancien.id] = cible.id
        creneaux = [replace(cr, candidat=nouveau.get(cr.candidat, cr.candidat)) for cr in solution.creneaux]
        lectures = [replace(lec, candidat=nouveau.get(lec.candidat, lec.candidat)) for lec in solution.lectures]
        jury_de = {cr.candidat: cr.jury for cr in creneaux if cr.jury is not None}
        renommage: dict[str, str] = {}
        for signature, jurys in self.classes_jurys:
            ids = [j.id for j in jurys]
            vus: list[str] = []
            for cid in signature:
                jid = jury_de.get(cid)
                if jid in ids and jid not in vus:
                    vus.append(jid)
            vus += [jid for jid in ids if jid not in vus]
            renommage.update(zip(vus, ids, strict=True))
        creneaux = [replace(cr, jury=renommage.get(cr.jury, cr.jury)) if cr.jury else cr for cr in creneaux]
        lectures = [replace(lec, jury=renommage.get(lec.jury, lec.jury)) for lec in lectures]
        return replace(solution, creneaux=tuple(creneaux), lectures=tuple(lectures), pauses=())

    def indiquer(self, solution: Solution) -> None:
        """Use a valid timetable (e.g. the greedy one) as the search hint."""
        solution = self.canoniser(solution)
        self.m.clear_hints()  # type: ignore[no-untyped-call]
        index = {j.date: k for k, j in enumerate(self.grille.jours)}
        valeurs: dict[int, tuple[Any, int]] = {}
        jury_de = {cr.candidat: cr.jury for cr in solution.creneaux if cr.jury is not None}
        for cr in solution.creneaux:
            var = self.debut.get((cr.candidat, cr.epreuve))
            if var is None or cr.jour not in index:
                continue
            valeurs[var.index] = (var, self.grille.vers_global(index[cr.jour], cr.debut))
            for (cid, code, sid), y in self.y.items():
                if cid == cr.candidat and code == cr.epreuve:
                    valeurs[y.index] = (y, int(sid == cr.salle))
        for (cid, jid), x in self.x.items():
            if cid in jury_de:
                valeurs[x.index] = (x, int(jid == jury_de[cid]))
        for lec in solution.lectures:
            var = self.lecture.get(lec.candidat)
            if var is not None and lec.jour in index:
                valeurs[var.index] = (var, self.grille.vers_global(index[lec.jour], lec.debut))
        for var, valeur in valeurs.values():
            self.m.add_hint(var, valeur)
        self.completer_indice()

    def completer_indice(self, limite_s: float = 2.0) -> bool:
        """Turn the partial hint into a complete one (every auxiliary variable), solving with it fixed."""
        proto = self.m.proto
        indices = list(zip(proto.solution_hint.vars, proto.solution_hint.values, strict=True))
        copie = self.m.clone()
        copie.clear_hints()  # type: ignore[no-untyped-call]
        for index, valeur in indices:
            copie.add(copie.get_int_var_from_proto_index(index) == valeur)
        copie.clear_objective()  # type: ignore[no-untyped-call]
        if self.fin is not None:
            copie.minimize(copie.get_int_var_from_proto_index(self.fin.index))  # a tight end in the hint
        solveur = _parametres(limite_s)
        solveur.parameters.num_workers = 1
        if solveur.solve(copie) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        self.m.clear_hints()  # type: ignore[no-untyped-call]
        for index in range(len(proto.variables)):
            var = self.m.get_int_var_from_proto_index(index)
            self.m.add_hint(var, solveur.value(copie.get_int_var_from_proto_index(index)))
        return True

    def indiquer_valeurs(self, solveur: cp_model.CpSolver) -> None:
        self.m.clear_hints()  # type: ignore[no-untyped-call]
        for index, valeur in self.valeurs_solution(solveur, pauses=True):
            self.m.add_hint(self.m.get_int_var_from_proto_index(index), valeur)

    def extraire(self, solveur: cp_model.CpSolver) -> tuple[list[Creneau], list[Lecture], list[Pause]]:
        g = self.grille
        jury_de: dict[str, str] = {cid: jid for (cid, jid), x in self.x.items() if solveur.boolean_value(x)}
        salle_de: dict[tuple[str, str], str] = dict(self.salle_fixe)
        for (cid, code, sid), y in self.y.items():
            if solveur.boolean_value(y):
                salle_de[(cid, code)] = sid
        for cid, code in self.debut:
            if avec_jury(self.epreuves[code]) and cid in jury_de and jury_de[cid] in self.salle_du_jury:
                salle_de[(cid, code)] = self.salle_du_jury[jury_de[cid]]
        creneaux: list[Creneau] = []
        for (cid, code), var in self.debut.items():
            k, debut = g.reel(solveur.value(var))
            e = self.epreuves[code]
            creneaux.append(
                Creneau(
                    cid,
                    code,
                    g.jours[k].date,
                    debut,
                    debut + self.duree[(cid, code)] * self.pas,
                    jury_de.get(cid) if avec_jury(e) else None,
                    salle_de.get((cid, code)),
                )
            )
        lectures: list[Lecture] = []
        for cid, var in self.lecture.items():
            k, debut = g.reel(solveur.value(var))
            duree = self.unites(self.instance.lecture_dossier) * self.pas
            lectures.append(Lecture(jury_de[cid], cid, g.jours[k].date, debut, debut + duree))
        pauses: list[Pause] = []
        pause = self.instance.pause_dejeuner
        longueur = self.unites(pause.duree_min) * self.pas if pause is not None else 0
        travail = {(cr.jury, cr.jour) for cr in creneaux if cr.jury} | {(lec.jury, lec.jour) for lec in lectures}
        for (jid, k), var in self.pauses.items():
            debut = solveur.value(var) * self.pas
            if (jid, g.jours[k].date) in travail:
                pauses.append(Pause(jid, g.jours[k].date, debut, debut + longueur))
        creneaux.sort(key=lambda c: (c.jour, c.debut, c.candidat))
        lectures.sort(key=lambda lec: (lec.jour, lec.debut, lec.jury))
        return creneaux, lectures, pauses


class _Rappel(cp_model.CpSolverSolutionCallback):
    def __init__(
        self, progression: Progression | None, message: str, debut: float, limite: float, grille: _Grille, var: Any
    ) -> None:
        super().__init__()
        self.progression = progression
        self.message = message
        self.debut = debut
        self.limite = limite
        self.grille = grille
        self.var = var

    def on_solution_callback(self) -> None:
        if self.progression is None:
            return
        ecoule = time.monotonic() - self.debut
        valeur = int(self.value(self.var))
        if self.message.endswith(LIBELLES[FIN]):
            texte = _fin_texte(self.grille, valeur)
        else:
            texte = duree_texte(valeur * max(1, self.grille.instance.pas))
        self.progression(min(0.99, ecoule / self.limite), f"{self.message} — meilleure solution : {texte}")


def _fin_texte(grille: _Grille, fin: int) -> str:
    """A global grid end time as « fin le 02/03/2027 à 11:00 »."""
    if not grille.jours:
        return "fin inconnue"
    k = grille.jour_de(fin - 1) if fin > 0 else 0
    minute = (fin - grille.bases[k] + grille.ouvertures[k]) * max(1, grille.instance.pas)
    return f"fin le {date_texte(grille.jours[k].date)} à {hhmm(minute)}"


def _parametres(limite: float, *, graine: int = GRAINE) -> cp_model.CpSolver:
    solveur = cp_model.CpSolver()
    solveur.parameters.max_time_in_seconds = max(0.1, limite)
    solveur.parameters.num_workers = 2
    solveur.parameters.random_seed = graine
    # Presolve probing took the whole budget on the larger models (2 s of 2.6 s for 30 candidates on a loaded
    # machine) for nothing the search needs: without it the end level is proven in about 1 s.
    solveur.parameters.cp_model_probing_level = 0
    return solveur


def _relacher(instance: Instance, groupe: str) -> tuple[Instance, frozenset[str]]:
    if groupe != "jours":
        return instance, frozenset({groupe})
    derniers = sorted(instance.jours, key=lambda j: j.date)
    supplementaires = tuple(
        replace(derniers[-1], date=derniers[-1].date + timedelta(days=i)) for i in range(1, len(derniers) * 2 + 2)
    )
    return replace(instance, jours=instance.jours + supplementaires), frozenset()


def groupe_bloquant(instance: Instance, *, limite_s: float = 4.0) -> str | None:
    """The constraint group whose removal alone makes the instance feasible (its key in GROUPES).

    ``limite_s`` is the total budget, shared between the groups.
    """
    for groupe in GROUPES:
        relachee, sans = _relacher(instance, groupe)
        try:
            modele = _Modele(relachee, sans)
        except (ValueError, KeyError):
            continue
        solveur = _parametres(max(0.3, limite_s / len(GROUPES)))
        statut = solveur.solve(modele.m)
        if statut in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return groupe
    return None


def explication_relaxation(instance: Instance, *, limite_s: float = 4.0) -> str:
    groupe = groupe_bloquant(instance, limite_s=limite_s)
    if groupe is None:
        return (
            "Aucun planning ne respecte toutes les règles : c'est la combinaison de plusieurs contraintes "
            "(jours, jurys, salles, pauses, lectures, ordre des épreuves) qui rend la session impossible."
        )
    return (
        f"Aucun planning ne respecte toutes les règles. La contrainte qui rend la session impossible : "
        f"{GROUPES[groupe]} (sans elle, un planning existe)."
    )


def resoudre(instance: Instance, *, limite_s: float = 30, progression: Progression | None = None) -> Solution:
    """The best timetable found within ``limite_s`` seconds (never raises: every instance gets a Solution)."""
    debut = time.monotonic()
    try:
        return _resoudre(instance, limite_s=limite_s, progression=progression)
    except Exception as erreur:  # the contract: a Solution for every instance, never a crash
        return Solution(
            creneaux=(),
            statut=INCONNU,
            explication="Le calcul du planning a échoué sur une donnée inattendue "
            f"({type(erreur).__name__} : {erreur}).",
            duree_s=time.monotonic() - debut,
        )


def _resoudre(instance: Instance, *, limite_s: float, progression: Progression | None) -> Solution:
    debut = time.monotonic()
    limite = max(0.5, float(limite_s))
    bornes = bornes_par_niveau(instance)

    def signaler(fraction: float, message: str) -> None:
        if progression is not None:
            progression(fraction, message)

    def duree() -> float:
        return time.monotonic() - debut

    signaler(0.0, "Analyse des contraintes")
    raison = analyser(instance)
    if raison is not None:
        return Solution(creneaux=(), statut=IMPOSSIBLE, borne_inferieure=bornes, explication=raison, duree_s=duree())
    if not instance.candidats:
        return Solution(
            creneaux=(), statut=OPTIMAL, borne_inferieure=bornes, objectifs=mesurer(instance, []), duree_s=duree()
        )
    amorce = amorcer(instance)
    reference = replace(amorce, borne_inferieure=bornes) if amorce is not None else glouton(instance)
    signaler(0.05, "Planning de départ calculé")
    modele = _Modele(instance)
    if reference.statut == FAISABLE:
        modele.indiquer(reference)
    niveaux: list[tuple[str, Any, float]] = [
        (FIN, modele.fin, 0.55),
        (ATTENTE, modele.attente, 0.30),
        (EQUILIBRE, modele.equilibre, 0.15),
    ]
    if len(modele.charges) <= 1:
        niveaux.pop()  # one jury: the balance is 0 by definition
    statuts: list[Any] = []
    meilleur: tuple[list[Creneau], list[Lecture], list[Pause]] | None = None
    bornes_cp: dict[str, int] = {}
    valeurs: dict[str, int] = {}
    solveur_precedent: cp_model.CpSolver | None = None
    for rang, (niveau, variable, part) in enumerate(niveaux):
        reste = limite - duree()
        if reste <= 0.05 and meilleur is not None:
            break
        budget = reste if rang == len(niveaux) - 1 else max(0.2, reste * part / sum(p for _, _, p in niveaux[rang:]))
        message = f"Niveau {rang + 1}/{len(niveaux)} : {LIBELLES[niveau]}"
        signaler(min(0.99, duree() / limite), message)
        debut_niveau = time.monotonic()
        atteint: cp_model.CpSolver | None = None
        borne_programme = 0
        if niveau == ATTENTE and FIN in valeurs and solveur_precedent is not None:
            # CP-SAT's bound on the waiting stays at 0: the programmes of ``attente`` bound it, and CP-SAT
            # completes what they found (the rooms).
            borne_programme, atteint = _attente_par_programme(modele, variable, valeurs[FIN], solveur_precedent, budget)
        if atteint is not None:
            solveur, statut = atteint, cp_model.OPTIMAL
        else:
            modele.m.minimize(variable)
            solveur = _parametres(max(0.2, budget - (time.monotonic() - debut_niveau)))
            # Stop at a gap of one step, which one probe closes (CP-SAT then says OPTIMAL: checked below). A larger
            # gap is left to the optimisation, which finds tight solutions better than a probe does.
            solveur.parameters.absolute_gap_limit = 1
            statut = solveur.solve(modele.m, _Rappel(progression, message, debut, limite, modele.grille, variable))
        if statut == cp_model.INFEASIBLE and rang == 0:
            signaler(0.9, "Aucun planning possible : recherche de la contrainte bloquante")
            explication = explication_relaxation(instance, limite_s=max(2.4, limite - duree()))
            return Solution(
                creneaux=(), statut=IMPOSSIBLE, borne_inferieure=bornes, explication=explication, duree_s=duree()
            )
        if statut not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        valeur = int(solveur.value(variable))
        borne = valeur if atteint is not None else max(borne_programme, int(solveur.best_objective_bound))
        if niveau == FIN:
            borne = max(borne, modele.fin_analytique)
        if statut == cp_model.OPTIMAL and borne < valeur:
            statut = cp_model.FEASIBLE  # stopped by the gap limit, not proven
        if statut != cp_model.OPTIMAL and valeur - borne <= SONDAGES:
            # Close a small gap by probing each value from the bound: « variable <= v » alone, as a feasibility
            # problem, lets presolve and the per-day knapsacks prove infeasibility where the optimisation cannot.
            dernier_niveau = rang == len(niveaux) - 1
            sonde = _sonder(modele, variable, borne, valeur, lambda: limite - duree(), dernier_niveau)
            borne = sonde.borne
            if sonde.solveur is not None:
                solveur, valeur = sonde.solveur, sonde.valeur
            if borne >= valeur:
                statut = cp_model.OPTIMAL
        statuts.append(statut)
        bornes_cp[niveau] = borne
        valeurs[niveau] = valeur
        meilleur = modele.extraire(solveur)
        modele.indiquer_valeurs(solveur)
        modele.m.add(variable <= valeur)
        solveur_precedent = solveur
    if meilleur is not None and len(statuts) == len(niveaux) and limite - duree() > 0.3:
        # Every level fixed: with the time left, fewer days of presence for the candidates (not an objective
        # level, nothing reported as optimal depends on it).
        modele.m.minimize(modele.presences)
        solveur = _parametres(min(limite - duree() - 0.1, PRESENCES_MAX_S, max(0.5, limite * PART_PRESENCES)))
        if solveur.solve(modele.m) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            meilleur = modele.extraire(solveur)
    if meilleur is None:
        if reference.statut == FAISABLE:
            return replace(reference, duree_s=duree(), explication=None)
        return Solution(
            creneaux=(),
            statut=INCONNU,
            borne_inferieure=bornes,
            explication=f"Aucun planning trouvé en {duree_texte(max(1, round(limite / 60)))} de calcul ; "
            "augmentez le temps de calcul ou ajoutez des jours ou des jurys.",
            duree_s=duree(),
        )
    creneaux, lectures, pauses = meilleur
    violations = valider(instance, creneaux, lectures, pauses)
    if violations and reference.statut == FAISABLE:
        return replace(reference, duree_s=duree())
    objectifs = mesurer(instance, creneaux, lectures)
    optimal = len(statuts) == len(niveaux) and all(s == cp_model.OPTIMAL for s in statuts)
    statut_final: Statut = OPTIMAL if optimal else FAISABLE
    # Bounds: CP-SAT's best bound (grid units on the model's timeline) and the analytic bound.
    if FIN in bornes_cp:
        fin_cp = _minutes_globales(instance, modele.grille, bornes_cp[FIN])
        bornes[FIN] = max(bornes[FIN], fin_cp)
        k = Chronologie(instance).jour_de(bornes[FIN], fin=True)
        bornes[JOURS] = max(bornes[JOURS], k + 1)
    if optimal:
        bornes[FIN] = objectifs[FIN]
        bornes[JOURS] = objectifs[JOURS]
    for niveau in (ATTENTE, EQUILIBRE):
        if niveau in bornes_cp:
            bornes[niveau] = max(bornes[niveau], bornes_cp[niveau] * modele.pas)
    statuts_niveaux: dict[str, str] = {
        niveau: (OPTIMAL if s == cp_model.OPTIMAL else FAISABLE)
        for (niveau, _, _), s in zip(niveaux, statuts, strict=False)
    }
    statuts_niveaux[JOURS] = statuts_niveaux.get(FIN, FAISABLE)
    if len(modele.charges) <= 1 and len(statuts) == len(niveaux):
        statuts_niveaux[EQUILIBRE] = OPTIMAL
    if objectifs[JOURS] <= bornes[JOURS]:
        statuts_niveaux[JOURS] = OPTIMAL
    signaler(1.0, "Planning calculé" + (" (optimal)" if optimal else ""))
    return Solution(
        creneaux=tuple(creneaux),
        lectures=tuple(lectures),
        pauses=tuple(pauses),
        statut=statut_final,
        borne_inferieure=bornes,
        objectifs=objectifs,
        duree_s=duree(),
        statuts_niveaux=statuts_niveaux,
    )


COMPLETION_MIN_S = 1.0  # at least this many seconds to complete (rooms) the waiting programme's sequences
PART_PROGRAMME = 0.6  # at most this share of the waiting level's budget for the programmes of ``attente``
PART_PRESENCES = 0.2  # at most this share of the time limit for the days of presence, once every level is fixed
PRESENCES_MAX_S = 3.0  # ... and at most this many seconds
SONDAGES = 3  # largest gap (grid units) between a level's value and its bound closed by probing


@dataclass
class _Sonde:
    borne: int
    valeur: int
    solveur: cp_model.CpSolver | None = None


def _sonder(
    modele: _Modele, variable: Any, borne: int, valeur: int, reste: Callable[[], float], dernier: bool
) -> _Sonde:
    """Prove « variable >= v » or find a solution with « variable <= v », for v from the bound up to the value."""
    resultat = _Sonde(borne=borne, valeur=valeur)
    v = borne
    while v < resultat.valeur:
        budget = reste() if dernier else reste() * 0.5
        if budget < 0.2:
            break
        copie = modele.m.clone()
        copie.clear_objective()  # type: ignore[no-untyped-call]
        copie.add(copie.get_int_var_from_proto_index(variable.index) <= v)
        solveur = _parametres(budget)
        statut = solveur.solve(copie)
        if statut == cp_model.INFEASIBLE:
            resultat.borne = v + 1
            v += 1
        elif statut in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            resultat.solveur, resultat.valeur = solveur, int(solveur.value(variable))
            break
        else:
            break
    return resultat


def _attente_par_programme(
    modele: _Modele, variable: Any, fin: int, precedent: cp_model.CpSolver, budget: float
) -> tuple[int, cp_model.CpSolver | None]:
    """The waiting level by the programmes of ``attente``: (lower bound, a solver holding a timetable that reaches
    it, or None).

    The timetable of the previous level gives the ceiling: when nothing is found below its waiting, it is the
    optimum; when the programme over every day finds less, its sequences are completed (rooms) by CP-SAT.
    """
    debut = time.monotonic()
    creneaux, lectures, _ = modele.extraire(precedent)
    connue = mesurer(modele.instance, creneaux, lectures)[ATTENTE] // modele.pas
    limite = budget * PART_PROGRAMME if len(modele.instance.jurys) <= 3 else min(budget * PART_PROGRAMME, 1.0)
    resultat = borne_attente(modele, fin, connue, limite_s=limite)
    if resultat.borne > 0:
        modele.m.add(variable >= resultat.borne)
    if resultat.exacte:
        fixes, cible = modele.valeurs_attente(resultat), resultat.borne
    elif resultat.borne >= connue:
        fixes, cible = modele.valeurs_solution(precedent), connue
    else:
        return resultat.borne, None
    if not fixes:
        return resultat.borne, None
    copie = modele.m.clone()
    copie.clear_objective()  # type: ignore[no-untyped-call]
    for index, valeur in fixes:
        copie.add(copie.get_int_var_from_proto_index(index) == valeur)
    copie.add(copie.get_int_var_from_proto_index(variable.index) <= cible)
    # The rest of the level's budget: on a loaded machine the presolve of the whole model alone can take seconds.
    solveur = _parametres(max(COMPLETION_MIN_S, budget - (time.monotonic() - debut)))
    if solveur.solve(copie) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return cible, solveur
    return resultat.borne, None


def _minutes_globales(instance: Instance, grille: _Grille, t: int) -> int:
    """A grid end time converted to working-timeline minutes (``Chronologie``)."""
    if t <= 0:
        return 0
    k = grille.jour_de(t - 1)
    minute = (t - grille.bases[k] + grille.ouvertures[k]) * grille.instance.pas
    chrono = Chronologie(instance)
    return chrono.vers_global(grille.jours[k].date, minute)
