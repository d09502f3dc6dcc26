"""Objective values of a timetable (same measures for the solver, the greedy baseline and the bench)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from titrepro.planning.solver.donnees import (
    ATTENTE,
    EQUILIBRE,
    FIN,
    JOURS,
    Creneau,
    Epreuve,
    Instance,
    Lecture,
)
from titrepro.planning.solver.temps import Chronologie


def ordre_epreuves(instance: Instance) -> list[Epreuve]:
    """The épreuves in an order compatible with their rang and the explicit precedences.

    Raises ValueError naming the épreuves when rang and precedences contradict each other.
    """
    codes = [e.code for e in sorted(instance.epreuves, key=lambda e: (e.rang, e.code))]
    par_code = {e.code: e for e in instance.epreuves}
    avant: dict[str, set[str]] = defaultdict(set)
    for a in codes:
        for b in codes:
            if par_code[a].rang < par_code[b].rang:
                avant[b].add(a)
    for a, b in instance.precedences:
        if a in par_code and b in par_code:
            avant[b].add(a)
    resultat: list[Epreuve] = []
    faits: set[str] = set()
    restants = list(codes)
    while restants:
        for code in restants:
            if avant[code] <= faits:
                resultat.append(par_code[code])
                faits.add(code)
                restants.remove(code)
                break
        else:
            noms = ", ".join(par_code[c].intitule for c in restants)
            raise ValueError(noms)
    return resultat


def mesurer(instance: Instance, creneaux: Sequence[Creneau], lectures: Iterable[Lecture] = ()) -> dict[str, int]:
    """The four objective levels (see ``donnees.NIVEAUX``) of a timetable."""
    chrono = Chronologie(instance)
    if not creneaux:
        return {JOURS: 0, FIN: 0, ATTENTE: 0, EQUILIBRE: 0}
    fin = max(chrono.vers_global(c.jour, c.fin) for c in creneaux)
    derniere = max(chrono.index[c.jour] for c in creneaux)
    # On-site waiting: per candidate and day, the span of their épreuves that day minus their work that day
    # (a candidate goes home between two days: a night is not waiting).
    par_jour: dict[tuple[str, object], list[tuple[int, int]]] = defaultdict(list)
    for c in creneaux:
        par_jour[(c.candidat, c.jour)].append((c.debut, c.fin))
    attente = 0
    for intervalles in par_jour.values():
        travail = sum(b - a for a, b in intervalles)
        attente += max(b for _, b in intervalles) - min(a for a, _ in intervalles) - travail
    charge: dict[str, int] = {j.id: 0 for j in instance.jurys}
    epreuves = {e.code: e for e in instance.epreuves}
    for c in creneaux:
        e = epreuves.get(c.epreuve)
        if c.jury is not None and e is not None and e.avec_jury and not e.collective:
            charge[c.jury] = charge.get(c.jury, 0) + c.fin - c.debut
    for lecture in lectures:
        charge[lecture.jury] = charge.get(lecture.jury, 0) + lecture.fin - lecture.debut
    equilibre = max(charge.values()) - min(charge.values()) if charge else 0
    return {JOURS: derniere + 1, FIN: fin, ATTENTE: max(attente, 0), EQUILIBRE: equilibre}
