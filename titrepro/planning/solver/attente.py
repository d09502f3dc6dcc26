"""The candidates' waiting once the end is fixed: dynamic programmes per jury (objective level « attente »).

Why: CP-SAT never proves the waiting level of a real session. With the end fixed at its optimum, the
juries' time is tight, so every jury works on the first afternoon and sees candidates who came in the
morning for the collective épreuve; their waiting is tied to the days of the pieces by enforcement
literals, which CP-SAT's linear relaxation ignores, and its bound stays at 0 (16 candidates: 440 min
found, bound 0, after a minute). Here the level is solved for the shape of a titre professionnel
session — one collective épreuve without jury taken by every candidate first, then a chain of jury
épreuves, members available all day and sitting on one jury — on a **relaxation without rooms**:

* a jury's days are sequences of pieces: file readings (one before each of its candidates' first
  épreuve), each candidate's jury épreuves in order (the first, on day one, not before the end of their
  own collective épreuve, majorations included), the lunch break inside its window (pieces never
  overlap it), idle time; nothing after the end;
* a candidate waits on day one from the end of their collective épreuve to their first jury épreuve,
  and on any day between two épreuves while they stay; a candidate who leaves after an épreuve comes
  back another day (the measure of ``donnees.ATTENTE``);
* the juries share the candidates: every candidate goes to one allowed jury (Hall's condition per
  class of durations), and each jury's idle time is at most what the juries' total time up to the end
  leaves over the total work.

Two programmes:

* **day one** (``_premier_jour``): only the first day; what a jury must do that day is its load minus
  what it can still do after it (``_Modele.capacites_jury``). Fast (a few hundredths of a second); a
  lower bound of the level, and the least waiting of each jury alone;
* **every day** (``_tous_les_jours``): the exact sequences of one jury over the whole session (the
  juries are identical in it), below a ceiling on the waiting — the per-jury ceiling subtracts the
  others' day-one minimum, and « what is started must fit in the time left » prunes the rest. Its
  optimum is the optimum of the relaxation, hence a lower bound of the level; its sequences, given to
  candidates, are a whole timetable but for the rooms, which CP-SAT then completes: when it does, the
  level is proven.

Readings are anonymous in the programmes (a candidate's reading may fall before the end of their own
collective épreuve when it is longer, majorations): a relaxation too; CP-SAT places the readings when
it completes. Any other shape of session gets the bound 0 (always valid). Both programmes stop at a
deadline (the bound found so far stands).
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from titrepro.planning.solver.validation import avec_jury

MAX_ETATS = 1_500_000  # states of one programme beyond which it gives up (the bound found so far stands)
INFINI = 10**9

# Progress of a candidate of a class with P jury épreuves, counted per status (index x = after épreuve x + 1):
# staying on site [0, P-1), gone for today [P-1, 2(P-1)), away since an earlier day [2(P-1), 3(P-1)), finished.
Progres = tuple[tuple[int, ...], ...]
Etat = tuple[bool, int, tuple[int, ...], Progres]  # (break taken today, idle, files read ahead per class, progress)
Action = tuple[Any, ...]


class _Trop(Exception):
    """The programme grew beyond MAX_ETATS."""


@dataclass(frozen=True)
class _Type:
    """Candidates with the same durations and the same allowed juries (grid units)."""

    collective: int
    pieces: tuple[int, ...]  # their jury épreuves, in order
    jurys: tuple[str, ...]
    candidats: tuple[str, ...]
    lecture: int

    @property
    def travail(self) -> int:
        return sum(self.pieces) + self.lecture


@dataclass(frozen=True)
class _Classe:
    """Candidates with the same durations (the allowed juries are checked when the juries are combined)."""

    collective: int
    pieces: tuple[int, ...]
    nombre: int


@dataclass(frozen=True)
class _Journee:
    base: int  # global grid start
    n: int  # length in grid units (on the last day, up to the end)
    pause: tuple[int, int, int] | None  # (earliest start, latest start, length), local


@dataclass
class _Donnees:
    types: list[_Type]
    classes: list[_Classe]
    classe_du_type: list[int]
    journees: list[_Journee]
    lecture: int
    jurys: list[str]
    travail: int  # every candidate's jury work, readings included
    total: int  # a jury's time up to the end (``capacites_jury``)
    apres: int  # ... after day one
    echeance: float  # time.monotonic() beyond which the programmes give up


@dataclass(frozen=True)
class Passage:
    """A candidate's part of a jury's sequences: jury, starts of the jury épreuves done (global grid)."""

    jury: str
    debuts: tuple[int, ...]


@dataclass
class BorneAttente:
    """A lower bound of the waiting (grid units) and what reaches it in the relaxation.

    ``exacte``: ``passages`` gives every candidate's jury, reading and jury épreuves, with this waiting
    (rooms aside); otherwise ``passages`` only holds the candidates seen on day one (the day-one
    programme's plan, a hint). ``debut_collective``: the collective épreuve's global start.
    """

    borne: int = 0
    exacte: bool = False
    debut_collective: int | None = None
    passages: dict[str, Passage] = field(default_factory=dict)


def borne_attente(modele: Any, fin: int, plafond: int, *, limite_s: float = 2.0) -> BorneAttente:
    """The waiting bound of timetables ending by ``fin`` (grid units), searched below ``plafond`` (a waiting
    reached by a known timetable: nothing found below it makes it the bound), in about ``limite_s`` seconds."""
    echeance = time.monotonic() + limite_s
    donnees = _preparer(modele, fin, echeance)
    if donnees is None:
        return BorneAttente()
    premiers: dict[int, _PremierJour] = {}
    try:
        for s in range(donnees.journees[0].n - max(c.collective for c in donnees.classes) + 1):
            premier = _premier_jour(donnees, s)
            if premier is not None:
                premiers[s] = premier
    except _Trop:
        return BorneAttente()
    if not premiers:
        return BorneAttente()
    s0 = min(premiers, key=lambda s: premiers[s].cout)
    resultat = BorneAttente(
        borne=min(premiers[s0].cout, plafond),
        debut_collective=donnees.journees[0].base + s0,
        passages=_affecter(donnees, premiers[s0].passages),
    )
    if len(donnees.jurys) > 3 or resultat.borne >= plafond:
        return resultat
    try:
        for essai in _plafonds(resultat.borne, plafond):
            trouve = _tous_les_jours(donnees, premiers, essai)
            if trouve is not None:
                return trouve
            resultat.borne = essai  # nothing below it
    except _Trop:
        pass
    return resultat


def _plafonds(borne: int, plafond: int) -> Iterator[int]:
    """Increasing ceilings from just above the day-one bound to the known waiting (each failure raises the bound)."""
    ecart = plafond - borne
    vus: set[int] = set()
    for essai in (borne + 1, borne + 1 + ecart // 16, borne + 1 + ecart // 4, plafond):
        essai = min(essai, plafond)
        if essai not in vus:
            vus.add(essai)
            yield essai


# -- data ---------------------------------------------------------------------------------------------


def _preparer(modele: Any, fin: int, echeance: float) -> _Donnees | None:
    inst, g = modele.instance, modele.grille
    if modele.sans or inst.precedences or not g.jours or len(modele.collectif) != 1 or not modele.x:
        return None
    if any(m.disponibilites is not None for m in inst.membres):
        return None
    sieges = [mid for j in inst.jurys for mid in j.membres]
    if len(sieges) != len(set(sieges)):
        return None
    (code_collectif,) = modele.collectif
    collective = modele.epreuves[code_collectif]
    lecture = modele.unites(inst.lecture_dossier)
    groupes: dict[tuple[int, tuple[int, ...], tuple[str, ...]], list[str]] = defaultdict(list)
    for c in inst.candidats:
        sans_jury = [code for code in c.epreuves if not avec_jury(modele.epreuves[code])]
        if sans_jury != [code_collectif]:
            return None
        chaine = sorted((modele.epreuves[code] for code in c.epreuves if avec_jury(modele.epreuves[code])), key=_rang)
        rangs = [e.rang for e in chaine]
        if not chaine or len(set(rangs)) != len(rangs) or rangs[0] <= collective.rang:
            return None
        pieces = tuple(modele.duree[(c.id, e.code)] for e in chaine)
        jurys = tuple(sorted(j.id for j in modele.jurys_de(c)))
        if not jurys:
            return None
        groupes[(modele.duree[(c.id, code_collectif)], pieces, jurys)].append(c.id)
    types = [_Type(q, p, j, tuple(ids), lecture) for (q, p, j), ids in sorted(groupes.items())]
    cles = sorted({(t.collective, t.pieces) for t in types})
    classes = [
        _Classe(q, p, sum(len(t.candidats) for t in types if (t.collective, t.pieces) == (q, p))) for q, p in cles
    ]
    table = modele.capacites_jury()
    fin = min(fin, len(table) - 1)
    journees = _journees(modele, fin)
    if not journees:
        return None
    donnees = _Donnees(
        types=types,
        classes=classes,
        classe_du_type=[cles.index((t.collective, t.pieces)) for t in types],
        journees=journees,
        lecture=lecture,
        jurys=[j.id for j in inst.jurys],
        travail=sum(t.travail * len(t.candidats) for t in types),
        total=table[fin],
        apres=max(0, table[fin] - table[min(fin, journees[0].base + g.longueurs[0])]),
        echeance=echeance,
    )
    if donnees.travail <= len(donnees.jurys) * donnees.apres:
        return None  # the collective épreuve could be on a later day: the programmes put it on day one
    return donnees


def _rang(epreuve: Any) -> int:
    return int(epreuve.rang)


def _journees(modele: Any, fin: int) -> list[_Journee]:
    g, inst = modele.grille, modele.instance
    journees = []
    for k in range(len(g.jours)):
        base, n = g.bases[k], g.longueurs[k]
        if base >= fin:
            break
        pause = None
        if inst.pause_dejeuner is not None:
            a = -(-inst.pause_dejeuner.debut_au_plus_tot // modele.pas) - g.ouvertures[k]
            b = inst.pause_dejeuner.fin_au_plus_tard // modele.pas - g.ouvertures[k]
            d = modele.unites(inst.pause_dejeuner.duree_min)
            if b - a >= d and a >= 0 and b <= n and d > 0:
                pause = (a, b - d, d)  # inside the opening hours: every jury takes it (``contraindre_pauses``)
        journees.append(_Journee(base, min(n, fin - base), pause))
    return journees


def _perte(jour: _Journee, prise: bool) -> int:
    """The least part of the rest of the day the break takes when not taken yet (it may fall after the end)."""
    if prise or jour.pause is None:
        return 0
    return max(0, min(jour.pause[2], jour.n - jour.pause[1]))


def _temps(jour: _Journee) -> int:
    """A jury's working time in a day (up to the end on the last one)."""
    return jour.n - _perte(jour, False)


# -- day one ------------------------------------------------------------------------------------------


@dataclass
class _PremierJour:
    cout: int  # least total waiting of day one
    minima: dict[str, int]  # least waiting of each jury alone
    passages: dict[str, list[tuple[int, tuple[int, ...]]]]  # jury -> (class, starts)


def _premier_jour(d: _Donnees, s: int) -> _PremierJour | None:
    """Day one with the collective starting at ``s``: a jury does at least its load minus what it can do after."""
    options: dict[str, dict[tuple[tuple[int, ...], int], dict[int, tuple[int, int, Etat]]]] = {}
    parents: dict[str, dict[tuple[int, Etat], tuple[int, Etat, Action]]] = {}
    minima: dict[str, int] = {}
    autres = len(d.jurys) - 1
    for jury in d.jurys:
        permis = [
            sum(len(t.candidats) for t, k in zip(d.types, d.classe_du_type, strict=True) if k == i and jury in t.jurys)
            for i in range(len(d.classes))
        ]
        options[jury], parents[jury] = _sequences_premier_jour(d, s, permis, d.travail - autres * d.total - d.apres)
        couts = [c for par_travail in options[jury].values() for c, _, _ in par_travail.values()]
        if not couts:
            return None
        minima[jury] = min(couts)
    cout, choix = _combiner_premier_jour(d, options)
    if cout >= INFINI:
        return None
    passages = {j: _passages(_remonter(parents[j], *choix[j]), [d.journees[0]]) for j in d.jurys}
    return _PremierJour(cout, minima, passages)


def _sequences_premier_jour(
    d: _Donnees, s: int, permis: list[int], minimum: int
) -> tuple[
    dict[tuple[tuple[int, ...], int], dict[int, tuple[int, int, Etat]]],
    dict[tuple[int, Etat], tuple[int, Etat, Action]],
]:
    """(seen per class, files read) -> {day-one work: (waiting, end time, end state)}, and the parents."""
    jour, lecture, classes = d.journees[0], d.lecture, d.classes
    q = [s + c.collective for c in classes]
    q0 = min(q)
    leger = min((sum(c.pieces) + lecture for c, p in zip(classes, permis, strict=True) if p), default=0)
    marge = jour.n - q0 - _perte(jour, False) - max(0, minimum)
    resultats: dict[tuple[tuple[int, ...], int], dict[int, tuple[int, int, Etat]]] = defaultdict(dict)
    parents: dict[tuple[int, Etat], tuple[int, Etat, Action]] = {}
    if marge < 0 or not leger:
        return resultats, parents
    lectures_max = min(sum(permis), d.total // leger) if lecture else 0
    tailles = [len(c.pieces) - 1 for c in classes]
    depart: Etat = (False, 0, (0,) * len(classes), tuple((0,) * (3 * t + 1) for t in tailles))
    etats: dict[int, dict[Etat, int]] = defaultdict(dict)
    etats[q0][depart] = 0
    for t, etat, cout in _instants(etats, q0, jour.n, d, [0]):
        pause_prise, inactif, avance, progres = etat
        commences = tuple(sum(p) for p in progres)
        lus = sum(avance) + sum(commences)
        travail = t - q0 - inactif - (jour.pause[2] if jour.pause and pause_prise else 0)
        if travail >= minimum:  # the jury stops here for the day
            charge = sum(
                (k + a) * (sum(c.pieces) + lecture) for k, a, c in zip(commences, avance, classes, strict=True)
            )
            if charge <= d.total and travail >= charge - d.apres:
                cle = (commences, lus)
                if cout < resultats[cle].get(travail, (INFINI, 0, depart))[0]:
                    resultats[cle][travail] = (cout, t, etat)
        suivants = _suivants(etat, t, jour, classes, q, lecture, 0, lus < lectures_max, permis)
        for t2, etat2, cout2, action in suivants:
            if t2 > jour.n or etat2[1] > marge or _sans_pause(jour, etat2, t2):
                continue
            cout2 += cout
            if cout2 < etats[t2].get(etat2, INFINI):
                etats[t2][etat2] = cout2
                parents[(t2, etat2)] = (t, etat, action)
    return resultats, parents


def _combiner_premier_jour(
    d: _Donnees, options: dict[str, dict[tuple[tuple[int, ...], int], dict[int, tuple[int, int, Etat]]]]
) -> tuple[int, dict[str, tuple[int, Etat]]]:
    """One day-one sequence per jury: each class seen at most its number, each file read once, enough work."""
    plafond = max(0, d.travail - len(d.jurys) * d.apres)
    candidats = sum(c.nombre for c in d.classes)
    Cle = tuple[tuple[int, ...], int, int]
    etats: dict[Cle, tuple[int, dict[str, tuple[int, Etat]]]] = {((0,) * len(d.classes), 0, 0): (0, {})}
    for j in d.jurys:
        suivants: dict[Cle, tuple[int, dict[str, tuple[int, Etat]]]] = {}
        for (vus, lus, travail), (cout, choix) in etats.items():
            if time.monotonic() > d.echeance:
                raise _Trop
            for (commences, lus_j), par_travail in options[j].items():
                total = tuple(a + b for a, b in zip(vus, commences, strict=True))
                if lus + lus_j > candidats or any(x > c.nombre for x, c in zip(total, d.classes, strict=True)):
                    continue
                for w, (c, t_fin, etat_fin) in par_travail.items():
                    cle = (total, lus + lus_j, min(plafond, travail + w))
                    if cout + c < suivants.get(cle, (INFINI, {}))[0]:
                        suivants[cle] = (cout + c, {**choix, j: (t_fin, etat_fin)})
        etats = suivants
    finals = [v for (_, _, travail), v in etats.items() if travail >= plafond]
    return min(finals, key=lambda v: v[0], default=(INFINI, {}))


# -- every day ----------------------------------------------------------------------------------------


def _tous_les_jours(d: _Donnees, premiers: dict[int, _PremierJour], plafond: int) -> BorneAttente | None:
    """The least waiting below ``plafond`` over every day, and the timetable (rooms aside) reaching it; None: none."""
    meilleure: BorneAttente | None = None
    temps_apres = sum(_temps(j) for j in d.journees[1:])
    for s in sorted(premiers, key=lambda s: premiers[s].cout):
        premier = premiers[s]
        if premier.cout >= plafond:
            continue
        temps = _temps(d.journees[0]) - s - min(c.collective for c in d.classes) + temps_apres
        marge = len(d.jurys) * temps - d.travail
        if marge < 0:
            continue
        plafond_jury = plafond - sum(sorted(premier.minima.values())[: len(d.jurys) - 1])
        resultats, parents = _sequences_jours(d, s, marge, plafond_jury)
        cout, choix = _combiner_jours(d, resultats, plafond)
        if cout < plafond:
            plafond = cout
            sequences = {j: _passages(_remonter(parents, *fin), d.journees) for j, fin in choix.items()}
            meilleure = BorneAttente(
                borne=cout, exacte=True, debut_collective=d.journees[0].base + s, passages=_affecter(d, sequences)
            )
    return meilleure


def _sequences_jours(
    d: _Donnees, s: int, marge: int, plafond: int
) -> tuple[
    dict[tuple[int, ...], tuple[int, tuple[int, int, Etat]]], dict[tuple[int, int, Etat], tuple[int, int, Etat, Action]]
]:
    """One jury over every day: candidates per class -> (least waiting below ``plafond``, end (day, time, state)).

    Every candidate taken is read and finished by the end; idle time at most ``marge``; what is started must
    fit in the time left.
    """
    classes, lecture, journees = d.classes, d.lecture, d.journees
    q = [s + c.collective for c in classes]
    q0 = min(q)
    tailles = [len(c.pieces) - 1 for c in classes]
    restes = [[sum(c.pieces[x + 1 :]) for x in range(t)] * 3 + [0] for c, t in zip(classes, tailles, strict=True)]
    ensuite = [sum(_temps(j) for j in journees[k + 1 :]) for k in range(len(journees))]
    candidats_max = sum(c.nombre for c in classes)
    mesures: dict[Progres, tuple[int, int, bool]] = {}
    resultats: dict[tuple[int, ...], tuple[int, tuple[int, int, Etat]]] = {}
    parents: dict[tuple[int, int, Etat], tuple[int, int, Etat, Action]] = {}
    depart: Etat = (False, 0, (0,) * len(classes), tuple((0,) * (3 * t + 1) for t in tailles))
    du_jour: dict[Etat, int] = {depart: 0}
    compte = [0]
    for k, jour in enumerate(journees):
        dernier = k == len(journees) - 1
        debut = q0 if k == 0 else 0
        etats: dict[int, dict[Etat, int]] = defaultdict(dict)
        etats[debut] = du_jour
        du_jour = {}
        for t, etat, cout in _instants(etats, debut, jour.n, d, compte):
            pause_prise, inactif, avance, progres = etat
            mesure = mesures.get(progres)
            if mesure is None:
                mesure = mesures[progres] = _mesurer(progres, tailles, restes)
            reste, _, finis = mesure
            lus = sum(avance)
            engage = reste + sum(a * sum(c.pieces) for a, c in zip(avance, classes, strict=True))
            if engage > jour.n - t - _perte(jour, pause_prise) + ensuite[k]:
                continue  # what is started cannot be finished by the end
            if finis and lus == 0:
                compo = tuple(p[-1] for p in progres)
                if cout < resultats.get(compo, (INFINI,))[0]:
                    resultats[compo] = (cout, (k, t, etat))
            if not dernier:  # end of the day here: the rest is idle, who stayed goes home
                inactif2 = inactif + jour.n - t - _perte(jour, pause_prise)
                if inactif2 <= marge:
                    nuit: Etat = (
                        False,
                        inactif2,
                        avance,
                        tuple(_rentrer(p, x) for p, x in zip(progres, tailles, strict=True)),
                    )
                    if cout < du_jour.get(nuit, INFINI):
                        du_jour[nuit] = cout
                        parents[(k + 1, 0, nuit)] = (k, t, etat, ("nuit",))
            lire = bool(lecture) and lus + sum(sum(p) for p in progres) < candidats_max
            for t2, etat2, cout2, action in _suivants(
                etat, t, jour, classes, q if k == 0 else None, lecture, k, lire, None
            ):
                cout2 += cout
                if t2 > jour.n or etat2[1] > marge or cout2 >= plafond or _sans_pause(jour, etat2, t2):
                    continue
                if cout2 < etats[t2].get(etat2, INFINI):
                    etats[t2][etat2] = cout2
                    parents[(k, t2, etat2)] = (k, t, etat, action)
    return resultats, parents


def _instants(
    etats: dict[int, dict[Etat, int]], debut: int, n: int, d: _Donnees, compte: list[int]
) -> Iterator[tuple[int, Etat, int]]:
    """Each state of a day in time order (later instants are filled while this runs), within the budget
    (``compte``: the states seen so far, shared across days)."""
    for t in range(debut, n + 1):
        courant = etats.pop(t, {})
        compte[0] += len(courant)
        if compte[0] > MAX_ETATS or time.monotonic() > d.echeance:
            raise _Trop
        for etat, cout in courant.items():
            yield t, etat, cout


def _suivants(
    etat: Etat,
    t: int,
    jour: _Journee,
    classes: list[_Classe],
    q: list[int] | None,
    lecture: int,
    k: int,
    lire: bool,
    permis: list[int] | None,
) -> Iterator[tuple[int, Etat, int, Action]]:
    """The pieces a jury can do next at ``t``: (end, state, added waiting, action).

    ``q``: on day one, each class's end of collective épreuve (its files are read after it, its first épreuve
    is not before it, and on day one the waiting counts from it); ``lire``: one more file may be read;
    ``permis``: the most candidates of each class (else the class's number).
    """
    pause_prise, inactif, avance, progres = etat
    presents = sum(sum(p[: len(c.pieces) - 1]) for p, c in zip(progres, classes, strict=True))
    if lire:
        for i, classe in enumerate(classes):
            plafond = permis[i] if permis is not None else classe.nombre
            if avance[i] + sum(progres[i]) < plafond and (q is None or t >= q[i]):
                avance2 = (*avance[:i], avance[i] + 1, *avance[i + 1 :])
                yield t + lecture, (pause_prise, inactif, avance2, progres), lecture * presents, ("lecture", i)
    if jour.pause and not pause_prise:
        if jour.pause[0] <= t <= jour.pause[1]:
            fin = min(t + jour.pause[2], jour.n)  # on the last day the break may run past the end
            yield fin, (True, inactif, avance, progres), (fin - t) * presents, ("pause",)
        if t > jour.pause[1]:
            return
    cibles = {x for x in q if x > t} if q else set()
    if jour.pause and not pause_prise and t < jour.pause[0]:
        cibles.add(jour.pause[0])
    cibles.add(t + 1)  # idle one step: anywhere (moving idle later is not always free: a candidate may stay)
    for cible in sorted(cibles):
        yield cible, (pause_prise, inactif + cible - t, avance, progres), (cible - t) * presents, ("attente",)
    for i, classe in enumerate(classes):
        p, taille = progres[i], len(classe.pieces) - 1
        plafond = permis[i] if permis is not None else classe.nombre
        if (
            sum(p) + avance[i] - (1 if lecture else 0) < plafond
            and (not lecture or avance[i] > 0)
            and (q is None or t >= q[i])
        ):
            d = classe.pieces[0]
            attendu = t - q[i] if q is not None and k == 0 else 0
            avance2 = (*avance[:i], avance[i] - 1, *avance[i + 1 :]) if lecture else avance
            for suite, p2 in _apres_piece(p, taille, 0):
                etat2 = (pause_prise, inactif, avance2, (*progres[:i], p2, *progres[i + 1 :]))
                if _avant_pause(jour, pause_prise, t + d):
                    yield t + d, etat2, attendu + d * presents, ("debut", i, suite)
        for x in range(taille):
            d = classe.pieces[x + 1]
            if not _avant_pause(jour, pause_prise, t + d):
                continue
            for source, attendent in ((x, presents - 1), (2 * taille + x, presents)):
                if not p[source]:
                    continue
                moins = (*p[:source], p[source] - 1, *p[source + 1 :])
                for suite, p2 in _apres_piece(moins, taille, x + 1):
                    etat2 = (pause_prise, inactif, avance, (*progres[:i], p2, *progres[i + 1 :]))
                    yield t + d, etat2, d * attendent, ("suite", i, x, source < taille, suite)


def _sans_pause(jour: _Journee, etat: Etat, t: int) -> bool:
    """Past the break's latest start without having taken it: impossible."""
    return jour.pause is not None and not etat[0] and t > jour.pause[1]


def _avant_pause(jour: _Journee, prise: bool, fin: int) -> bool:
    return jour.pause is None or prise or fin <= jour.pause[1]


def _apres_piece(p: tuple[int, ...], taille: int, fait: int) -> list[tuple[str, tuple[int, ...]]]:
    """After épreuve index ``fait`` (0-based) a candidate stays, leaves for today, or is finished."""
    if fait == taille:
        return [("fini", (*p[:-1], p[-1] + 1))]
    reste = (*p[:fait], p[fait] + 1, *p[fait + 1 :])
    part = (*p[: taille + fait], p[taille + fait] + 1, *p[taille + fait + 1 :])
    return [("reste", reste), ("part", part)]


def _rentrer(p: tuple[int, ...], taille: int) -> tuple[int, ...]:
    """At night every candidate in progress is away."""
    absents = tuple(p[x] + p[taille + x] + p[2 * taille + x] for x in range(taille))
    return (0,) * (2 * taille) + absents + (p[-1],)


def _mesurer(progres: Progres, tailles: list[int], restes: list[list[int]]) -> tuple[int, int, bool]:
    """(work left of the candidates started, staying on site, none in progress)."""
    reste = sum(nombre * restes[i][x] for i, p in enumerate(progres) for x, nombre in enumerate(p) if nombre)
    presents = sum(sum(p[:t]) for p, t in zip(progres, tailles, strict=True))
    finis = all(sum(p[: 3 * t]) == 0 for p, t in zip(progres, tailles, strict=True))
    return reste, presents, finis


def _combiner_jours(
    d: _Donnees, resultats: dict[tuple[int, ...], tuple[int, tuple[int, int, Etat]]], plafond: int
) -> tuple[int, dict[str, tuple[int, int, Etat]]]:
    """The least total waiting below ``plafond`` of one sequence per jury, every candidate to an allowed jury."""
    cibles = tuple(c.nombre for c in d.classes)
    options = sorted(resultats.items(), key=lambda kv: kv[1][0])
    meilleure: tuple[int, dict[str, tuple[int, int, Etat]]] = (plafond, {})

    def chercher(
        j: int, reste: tuple[int, ...], cout: int, repartition: list[tuple[int, ...]], fins: list[Any]
    ) -> None:
        nonlocal meilleure
        if cout >= meilleure[0]:
            return
        if time.monotonic() > d.echeance:
            raise _Trop
        if j == len(d.jurys) - 1:
            dernier = resultats.get(reste)
            if dernier is not None and cout + dernier[0] < meilleure[0] and _hall(d, [*repartition, reste]):
                meilleure = (cout + dernier[0], dict(zip(d.jurys, [*fins, dernier[1]], strict=True)))
            return
        for compo, (c, fin) in options:
            if cout + c >= meilleure[0]:
                break
            if all(a <= b for a, b in zip(compo, reste, strict=True)):
                reste2 = tuple(b - a for a, b in zip(compo, reste, strict=True))
                chercher(j + 1, reste2, cout + c, [*repartition, compo], [*fins, fin])

    chercher(0, cibles, 0, [], [])
    return meilleure if meilleure[1] else (INFINI, {})


def _hall(d: _Donnees, repartition: list[tuple[int, ...]]) -> bool:
    """Every set of juries gets no more candidates of a class than can go to one of them (Hall's condition)."""
    for i in range(len(d.classes)):
        types = [t for t, k in zip(d.types, d.classe_du_type, strict=True) if k == i]
        for r in range(1, len(d.jurys) + 1):
            for sous in itertools.combinations(range(len(d.jurys)), r):
                noms = {d.jurys[j] for j in sous}
                offre = sum(len(t.candidats) for t in types if noms.intersection(t.jurys))
                if sum(repartition[j][i] for j in sous) > offre:
                    return False
    return True


# -- from sequences to candidates ---------------------------------------------------------------------


def _remonter(parents: dict[Any, Any], *fin: Any) -> list[tuple[int, int, Action]]:
    """The actions (day, local start, action) leading to an end state, in time order.

    ``fin`` is (time, state) for the day-one programme, (day, time, state) for the other.
    """
    actions: list[tuple[int, int, Action]] = []
    cle: Any = fin
    while cle in parents:
        precedent = parents[cle]
        if len(precedent) == 3:  # day one: (time, state, action)
            t, etat, action = precedent
            actions.append((0, t, action))
            cle = (t, etat)
        else:
            k, t, etat, action = precedent
            actions.append((k, t, action))
            cle = (k, t, etat)
    return actions[::-1]


def _passages(actions: list[tuple[int, int, Action]], journees: list[_Journee]) -> list[tuple[int, tuple[int, ...]]]:
    """A jury's candidates from its actions: (class, starts of their jury épreuves), global grid."""
    candidats: list[tuple[int, list[int]]] = []
    en_cours: dict[tuple[int, int, str], deque[int]] = defaultdict(deque)  # (class, épreuves done, status) -> index
    for k, t, action in actions:
        debut = journees[k].base + t
        if action[0] == "nuit":
            for (i, x, statut), file in list(en_cours.items()):
                if statut in ("reste", "part") and file:
                    en_cours[(i, x, "absent")].extend(file)
                    file.clear()
        elif action[0] == "debut":
            i, suite = action[1], action[2]
            candidats.append((i, [debut]))
            if suite != "fini":
                en_cours[(i, 1, suite)].append(len(candidats) - 1)
        elif action[0] == "suite":
            i, x, resta, suite = action[1], action[2], action[3], action[4]
            n = en_cours[(i, x + 1, "reste" if resta else "absent")].popleft()
            candidats[n][1].append(debut)
            if suite != "fini":
                en_cours[(i, x + 2, suite)].append(n)
    return [(i, tuple(debuts)) for i, debuts in candidats]


def _affecter(d: _Donnees, sequences: dict[str, list[tuple[int, tuple[int, ...]]]]) -> dict[str, Passage]:
    """Candidates for the juries' sequences: each class's candidates matched to allowed juries (augmenting paths)."""
    passages: dict[str, Passage] = {}
    for i in range(len(d.classes)):
        places = [(j, n) for j in d.jurys for n, seq in enumerate(sequences.get(j, [])) if seq[0] == i]
        candidats = [
            (cid, t.jurys) for t, k in zip(d.types, d.classe_du_type, strict=True) if k == i for cid in t.candidats
        ]
        for p, c in _apparier([j for j, _ in places], [jurys for _, jurys in candidats]).items():
            jury, n = places[p]
            passages[candidats[c][0]] = Passage(jury, sequences[jury][n][1])
    return passages


def _apparier(places: list[str], permis: list[tuple[str, ...]]) -> dict[int, int]:
    """Places (their jury) -> candidates (their allowed juries), as many places filled as possible."""
    occupant: dict[int, int] = {}

    def placer(c: int, vus: set[int]) -> bool:
        for p, jury in enumerate(places):
            if jury in permis[c] and p not in vus:
                vus.add(p)
                if p not in occupant or placer(occupant[p], vus):
                    occupant[p] = c
                    return True
        return False

    for c in range(len(permis)):
        placer(c, set())
    return occupant
