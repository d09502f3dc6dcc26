"""Analytic lower bounds of the objective levels.

* **Jury work**: the most loaded jury does at least ⌈W / J⌉ minutes (W = every candidate's jury
  épreuves, extra time included, plus the file reading; J juries), from the earliest moment a
  candidate can be seen by a jury, in the opening hours of the days, minus the lunch break when
  it cannot fall outside the work. Likewise for each set of juries some candidates are restricted to
  (``Candidat.jurys``, links): the work of the candidates restricted to a subset of it, over its juries.
* **Candidate critical path**: each candidate's épreuves in their forced order, each inside one
  day, from the session's first opening.
* **Rooms**: per épreuve, the room-minutes it needs over the places of the rooms that can host it.

Durations are those of the solver's grid (rounded up to ``pas``).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from titrepro.planning.solver.donnees import (
    ATTENTE,
    EQUILIBRE,
    FIN,
    JOURS,
    BorneInferieure,
    Candidat,
    Epreuve,
    Instance,
    arrondi_pas,
    duree_majoree,
    duree_texte,
)
from titrepro.planning.solver.mesures import ordre_epreuves
from titrepro.planning.solver.temps import Chronologie
from titrepro.planning.solver.validation import avec_jury, jurys_autorises, salles_autorisees


def perte_pause(instance: Instance, debut: int, fin: int) -> int:
    """Minutes of [debut, fin) (real minutes of a day) a lunch break must take at least."""
    pause = instance.pause_dejeuner
    if pause is None or fin <= debut:
        return 0
    a, b, d = pause.debut_au_plus_tot, pause.fin_au_plus_tard, pause.duree_min
    if b - a < d:
        return 0
    tot = max(0, min(a + d, fin) - max(a, debut))
    tard = max(0, min(b, fin) - max(b - d, debut))
    return min(tot, tard)


def fin_fluide(instance: Instance, chrono: Chronologie, travail: int, depart: int, *, pause: bool = True) -> int | None:
    """Earliest working-timeline end for ``travail`` minutes of one resource from global time ``depart``."""
    if travail <= 0:
        return depart
    reste = travail
    for k, jour in enumerate(chrono.jours):
        base = chrono.bases[k]
        if depart >= base + jour.duree:
            continue
        debut = jour.ouverture + max(0, depart - base)

        def capacite(fin: int, debut: int = debut) -> int:
            perte = perte_pause(instance, debut, fin) if pause else 0
            return fin - debut - perte

        if capacite(jour.fermeture) >= reste:
            bas, haut = debut, jour.fermeture
            while bas < haut:
                milieu = (bas + haut) // 2
                if capacite(milieu) >= reste:
                    haut = milieu
                else:
                    bas = milieu + 1
            return base + bas - jour.ouverture
        reste -= max(0, capacite(jour.fermeture))
    return None


def _chaine_forcee(instance: Instance, epreuves: Sequence[Epreuve]) -> bool:
    precedences = set(instance.precedences)
    return all(a.rang < b.rang or (a.code, b.code) in precedences for a, b in itertools.pairwise(epreuves))


def _placer(chrono: Chronologie, t: int, duree: int) -> int | None:
    """First start >= t where [start, start + duree) fits in one day."""
    for k, jour in enumerate(chrono.jours):
        base = chrono.bases[k]
        debut = max(t, base)
        if debut + duree <= base + jour.duree:
            return debut
    return None


@dataclass(frozen=True)
class _Chaine:
    fin: int | None  # None: does not fit in the session
    debut_jury: int  # earliest global time the jury can start working for the candidate
    travail_jury: int


def chaine_candidat(instance: Instance, chrono: Chronologie, candidat: Candidat) -> _Chaine:
    pas = max(1, instance.pas)
    ordre = [e for e in ordre_epreuves(instance) if e.code in candidat.epreuves]
    jury = [e for e in ordre if avec_jury(e)]
    lecture = instance.lecture_dossier if jury else 0
    travail = sum(arrondi_pas(duree_majoree(e, candidat), pas) for e in jury) + lecture
    forcee = _chaine_forcee(instance, ordre)
    t: int | None = 0
    debut_jury: int | None = None
    premier = jury[0] if jury else None
    for e in ordre:
        duree = arrondi_pas(duree_majoree(e, candidat), pas)
        if e is premier and lecture:
            if forcee and t is not None:
                t = _placer(chrono, t, lecture)
                t = None if t is None else t + lecture
            debut_jury = None if t is None else t - lecture
        if forcee and t is not None:
            t = _placer(chrono, t, duree)
            if e is premier and debut_jury is None and t is not None:
                debut_jury = t
            t = None if t is None else t + duree
        elif t is not None:
            t += duree
    if not forcee and t is not None:
        t = t if t <= chrono.horizon else None
        debut_jury = 0
    return _Chaine(fin=t, debut_jury=debut_jury or 0, travail_jury=travail)


def groupes_restreints(instance: Instance, chaines: dict[str, _Chaine]) -> list[tuple[frozenset[str], list[Candidat]]]:
    """Per set of juries some candidates are restricted to (``Candidat.jurys``, links), the candidates with jury
    work restricted to a subset of it: their work is done by those juries alone."""
    restreints: dict[frozenset[str], list[Candidat]] = defaultdict(list)
    for c in instance.candidats:
        if chaines[c.id].travail_jury:
            ids = frozenset(j.id for j in jurys_autorises(instance, c))
            if ids and len(ids) < len(instance.jurys):
                restreints[ids].append(c)
    return [
        (ids, [c for autre, liste in restreints.items() if autre <= ids for c in liste])
        for ids in sorted(restreints, key=sorted)
    ]


def borne_inferieure(instance: Instance) -> BorneInferieure:
    """Analytic lower bounds on the number of days and the end (working-timeline minutes)."""
    chrono = Chronologie(instance)
    if not chrono.jours or not instance.candidats:
        return BorneInferieure(jours=0, fin=0)
    try:
        chaines = {c.id: chaine_candidat(instance, chrono, c) for c in instance.candidats}
    except ValueError:
        return BorneInferieure(jours=len(chrono.jours) + 1, fin=chrono.horizon + 1, detail=("ordre impossible",))
    detail: list[str] = []
    impossible = chrono.horizon + 1
    fin = 0
    for c in instance.candidats:
        ch = chaines[c.id]
        valeur = impossible if ch.fin is None else ch.fin
        if valeur > fin:
            fin = valeur
            detail_chaine = f"enchaînement des épreuves de {c.nom} : {duree_texte(valeur)} de journées d'ouverture"
    if fin:
        detail.append(detail_chaine)
    # Jury work.
    avec = [ch for ch in chaines.values() if ch.travail_jury]
    if avec and instance.jurys:
        total = sum(ch.travail_jury for ch in avec)
        par_jury = -(-total // len(instance.jurys))
        depart = min(ch.debut_jury for ch in avec)
        fin_jury = fin_fluide(instance, chrono, par_jury, depart)
        valeur = impossible if fin_jury is None else fin_jury
        if valeur > fin:
            fin = valeur
            detail.append(
                f"travail des jurys : {duree_texte(total)} pour {len(instance.jurys)} jury(s), "
                f"soit au moins {duree_texte(par_jury)} chacun"
            )
    # Jury work of the candidates restricted to a subset of the juries (``Candidat.jurys``, links): that work
    # is done by those juries alone.
    for ids, groupe in groupes_restreints(instance, chaines):
        total = sum(chaines[c.id].travail_jury for c in groupe)
        par_jury = -(-total // len(ids))
        fin_jury = fin_fluide(instance, chrono, par_jury, min(chaines[c.id].debut_jury for c in groupe))
        valeur = impossible if fin_jury is None else fin_jury
        if valeur > fin:
            fin = valeur
            detail.append(
                f"travail des jurys imposés ({', '.join(sorted(ids))}) : {duree_texte(total)} pour "
                f"{len(ids)} jury(s), soit au moins {duree_texte(par_jury)} chacun"
            )
    # Rooms.
    if instance.salles:
        for e in instance.epreuves:
            if e.collective:
                continue
            salles = salles_autorisees(instance, e)
            places = len(salles) if avec_jury(e) else sum(s.capacite for s in salles)
            concernes = [c for c in instance.candidats if e.code in c.epreuves]
            if not concernes or not places:
                continue
            besoin = sum(arrondi_pas(duree_majoree(e, c), max(1, instance.pas)) for c in concernes)
            fin_salle = fin_fluide(instance, chrono, -(-besoin // places), 0, pause=False)
            valeur = impossible if fin_salle is None else fin_salle
            if valeur > fin:
                fin = valeur
                detail.append(f"salles pour {e.intitule} : {duree_texte(besoin)} pour {places} place(s)")
    jours = chrono.jour_de(fin, fin=True) + 1 if fin <= chrono.horizon else len(chrono.jours) + 1
    return BorneInferieure(jours=jours, fin=fin, detail=tuple(detail))


def bornes_par_niveau(instance: Instance) -> dict[str, int]:
    """Analytic lower bound of each objective level."""
    borne = borne_inferieure(instance)
    equilibre = 0
    pas = max(1, instance.pas)
    travaux = {
        sum(arrondi_pas(duree_majoree(e, c), pas) for e in instance.epreuves if e.code in c.epreuves and avec_jury(e))
        for c in instance.candidats
    }
    travaux.discard(0)
    n = sum(1 for c in instance.candidats if any(avec_jury(e) for e in instance.epreuves if e.code in c.epreuves))
    if len(travaux) == 1 and instance.jurys and n % len(instance.jurys):
        equilibre = travaux.pop() + instance.lecture_dossier
    return {JOURS: borne.jours, FIN: borne.fin, ATTENTE: 0, EQUILIBRE: equilibre}
