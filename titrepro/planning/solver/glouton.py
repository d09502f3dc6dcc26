"""Greedy baseline: what a person with a spreadsheet does (list scheduling).

The épreuves are taken in rang order; a collective épreuve is placed for all its candidates at
the earliest common time; a run of individual épreuves is planned candidate by candidate, each
épreuve at the earliest time that fits (the candidate's jury, chosen at their first jury
épreuve, is the one that can start them earliest). The result is checked by the validator.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field

from titrepro.planning.solver.bornes import bornes_par_niveau
from titrepro.planning.solver.donnees import (
    FAISABLE,
    INCONNU,
    Candidat,
    Creneau,
    Epreuve,
    Instance,
    Jury,
    Lecture,
    Pause,
    Salle,
    Solution,
    arrondi_pas,
    duree_majoree,
)
from titrepro.planning.solver.mesures import mesurer, ordre_epreuves
from titrepro.planning.solver.temps import Chronologie
from titrepro.planning.solver.validation import (
    avec_jury,
    disponible,
    isole,
    jurys_autorises,
    pause_possible,
    salles_autorisees,
    valider,
)


@dataclass
class _Etat:
    """Occupations on the working timeline (global minutes)."""

    candidats: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    jurys: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    salles: dict[str, list[tuple[int, int, int]]] = field(default_factory=lambda: defaultdict(list))
    charge: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _conflit(occupations: list[tuple[int, int]], a: int, b: int) -> int | None:
    """End of an occupation overlapping [a, b), if any (the latest such end)."""
    fin: int | None = None
    for x, y in occupations:
        if x < b and a < y:
            fin = y if fin is None else max(fin, y)
    return fin


class _Glouton:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.chrono = Chronologie(instance)
        self.pas = max(1, instance.pas)
        self.lecture = arrondi_pas(instance.lecture_dossier, self.pas)  # on the grid, like the solver
        self.etat = _Etat()
        self.creneaux: list[Creneau] = []
        self.lectures: list[Lecture] = []
        self.jury_de: dict[str, Jury] = {}
        self.jurys_du_membre: dict[str, list[str]] = defaultdict(list)
        for jury in instance.jurys:
            for m in jury.membres:
                self.jurys_du_membre[m].append(jury.id)

    # -- time helpers ------------------------------------------------------------------------------
    def aligner(self, t: int, duree: int) -> int | None:
        """The first grid time >= t where [t, t + duree) fits in one day; None past the last day."""
        for k, jour in enumerate(self.chrono.jours):
            base = self.chrono.bases[k]
            fin_jour = base + jour.duree
            if t >= fin_jour:
                continue
            # The grid is the clock's (multiples of ``pas`` since midnight), like the solver's.
            decalage = (-jour.ouverture) % self.pas
            debut = max(t, base + decalage)
            debut = base + decalage + arrondi_pas(debut - base - decalage, self.pas)
            if debut + duree <= fin_jour:
                return debut
        return None

    def reel(self, t: int, *, fin: bool = False) -> tuple[dt.date, int]:
        return self.chrono.depuis_global(t, fin=fin)

    def jury_libre(self, jury: Jury, a: int, b: int) -> int | None:
        """None when the jury (and its members, on any jury) is free and available on [a, b); else a time to retry."""
        pire: int | None = None
        occupations = list(self.etat.jurys[jury.id])
        for m in jury.membres:
            for autre in self.jurys_du_membre[m]:
                if autre != jury.id:
                    occupations.extend(self.etat.jurys[autre])
        fin = _conflit(occupations, a, b)
        if fin is not None:
            pire = fin
        jour, debut = self.reel(a)
        if pire is None and disponible(self.instance, jury, jour, debut, debut + b - a) is not None:
            pire = a + self.pas
        if pire is None and not self.pause_ok(jury, a, b):
            pire = a + self.pas
        return pire

    def pause_ok(self, jury: Jury, a: int, b: int) -> bool:
        pause = self.instance.pause_dejeuner
        if pause is None:
            return True
        k = self.chrono.jour_de(a)
        base, ouverture = self.chrono.bases[k], self.chrono.jours[k].ouverture
        fin_jour = base + self.chrono.jours[k].duree
        occupations = [
            (x - base + ouverture, y - base + ouverture)
            for x, y in self.etat.jurys[jury.id] + [(a, b)]
            if base <= x < fin_jour
        ]
        return pause_possible(occupations, pause.debut_au_plus_tot, pause.fin_au_plus_tard, pause.duree_min) is not None

    def salle_libre(self, salle: Salle, a: int, b: int, exclusif: bool) -> int | None:
        occupations = self.etat.salles[salle.id]
        presents = [(x, y, d) for x, y, d in occupations if x < b and a < y]
        if not presents:
            return None
        if exclusif or any(d >= salle.capacite for _, _, d in presents):
            return min(y for _, y, _ in presents) if not exclusif else max(y for _, y, _ in presents)
        # Capacity profile: the peak of simultaneous places used during [a, b).
        instants = sorted({a} | {x for x, _, _ in presents if a <= x < b})
        for t in instants:
            if sum(d for x, y, d in presents if x <= t < y) + 1 > salle.capacite:
                return min(y for x, y, _ in presents if x <= t < y)
        return None

    # -- placement ---------------------------------------------------------------------------------
    def placer_individuelle(
        self, candidat: Candidat, epreuve: Epreuve, pret: int, jury: Jury | None, salles: tuple[Salle, ...] | None
    ) -> tuple[int, Salle | None] | None:
        """Earliest start >= pret for this épreuve with this jury and one of the rooms."""
        duree = arrondi_pas(duree_majoree(epreuve, candidat), self.pas)
        exclusif = avec_jury(epreuve) or isole(candidat, epreuve)
        meilleur: tuple[int, Salle | None] | None = None
        options: tuple[Salle | None, ...] = salles if salles is not None else (None,)
        for salle in options:
            t: int | None = pret
            while t is not None:
                t = self.aligner(t, duree)
                if t is None or (meilleur is not None and t >= meilleur[0]):
                    t = None
                    break
                suivant = _conflit(self.etat.candidats[candidat.id], t, t + duree)
                if suivant is None and jury is not None:
                    suivant = self.jury_libre(jury, t, t + duree)
                if suivant is None and salle is not None:
                    suivant = self.salle_libre(salle, t, t + duree, exclusif)
                if suivant is None:
                    break
                t = max(suivant, t + 1)
            if t is not None and (meilleur is None or t < meilleur[0]):
                meilleur = (t, salle)
        return meilleur

    def placer_lecture(self, jury: Jury, pret: int) -> int | None:
        duree = self.lecture
        t: int | None = pret
        while t is not None:
            t = self.aligner(t, duree)
            if t is None:
                return None
            suivant = self.jury_libre(jury, t, t + duree)
            if suivant is None:
                return t
            t = max(suivant, t + 1)
        return None

    def enregistrer(self, candidat: Candidat, epreuve: Epreuve, t: int, jury: Jury | None, salle: Salle | None) -> None:
        duree = arrondi_pas(duree_majoree(epreuve, candidat), self.pas)
        jour, debut = self.reel(t)
        self.creneaux.append(
            Creneau(
                candidat.id,
                epreuve.code,
                jour,
                debut,
                debut + duree,
                jury.id if jury else None,
                salle.id if salle else None,
            )
        )
        self.etat.candidats[candidat.id].append((t, t + duree))
        if jury is not None:
            self.etat.jurys[jury.id].append((t, t + duree))
            self.etat.charge[jury.id] += duree
        if salle is not None:
            exclusif = avec_jury(epreuve) or isole(candidat, epreuve)
            self.etat.salles[salle.id].append((t, t + duree, salle.capacite if exclusif else 1))

    def pret(self, candidat: Candidat) -> int:
        return max((b for _, b in self.etat.candidats[candidat.id]), default=0)

    def salles_pour(self, candidat: Candidat, epreuve: Epreuve) -> tuple[Salle, ...] | None:
        if not self.instance.salles:
            return None
        salles = salles_autorisees(self.instance, epreuve)
        if isole(candidat, epreuve):
            salles = tuple(s for s in salles if s.isolee_possible)
        return salles

    def individuelle(self, candidat: Candidat, epreuve: Epreuve, jurys: tuple[Jury, ...] | None = None) -> bool:
        salles = self.salles_pour(candidat, epreuve)
        pret = self.pret(candidat)
        if not avec_jury(epreuve):
            place = self.placer_individuelle(candidat, epreuve, pret, None, salles)
            if place is None:
                return False
            self.enregistrer(candidat, epreuve, place[0], None, place[1])
            return True
        jury = self.jury_de.get(candidat.id)
        if jury is not None:
            place = self.placer_individuelle(candidat, epreuve, pret, jury, salles)
            if place is None:
                return False
            self.enregistrer(candidat, epreuve, place[0], jury, place[1])
            return True
        # First jury épreuve: choose the jury (reading the file first) that starts the candidate earliest.
        choix: tuple[int, int, int, Jury, int | None, Salle | None] | None = None
        for ordre, jury in enumerate(jurys if jurys is not None else jurys_autorises(self.instance, candidat)):
            debut_lecture: int | None = None
            depart = pret
            if self.instance.lecture_dossier > 0:
                debut_lecture = self.placer_lecture(jury, pret)
                if debut_lecture is None:
                    continue
                depart = max(pret, debut_lecture + self.lecture)
                self.etat.jurys[jury.id].append((debut_lecture, depart))
            place = self.placer_individuelle(candidat, epreuve, depart, jury, salles)
            if debut_lecture is not None:
                self.etat.jurys[jury.id].pop()
            if place is None:
                continue
            cle = (place[0], self.etat.charge[jury.id], ordre)
            if choix is None or cle < choix[:3]:
                choix = (place[0], self.etat.charge[jury.id], ordre, jury, debut_lecture, place[1])
        if choix is None:
            return False
        t, _, _, jury, debut_lecture, salle = choix
        self.jury_de[candidat.id] = jury
        if debut_lecture is not None:
            duree = self.lecture
            jour, debut = self.reel(debut_lecture)
            self.lectures.append(Lecture(jury.id, candidat.id, jour, debut, debut + duree))
            self.etat.jurys[jury.id].append((debut_lecture, debut_lecture + duree))
            self.etat.charge[jury.id] += duree
        self.enregistrer(candidat, epreuve, t, jury, salle)
        return True

    def collective(self, epreuve: Epreuve, candidats: list[Candidat]) -> bool:
        if not candidats:
            return True
        t: int | None = max(self.pret(c) for c in candidats)
        plus_longue = max(arrondi_pas(duree_majoree(epreuve, c), self.pas) for c in candidats)
        while t is not None:
            t = self.aligner(t, plus_longue)
            if t is None:
                return False
            affectation = self.affecter_salles(epreuve, candidats, t)
            if affectation is not None:
                for c in candidats:
                    self.enregistrer(c, epreuve, t, None, affectation.get(c.id))
                return True
            t += self.pas
        return False

    def affecter_salles(self, epreuve: Epreuve, candidats: list[Candidat], t: int) -> dict[str, Salle] | None:
        if any(
            _conflit(self.etat.candidats[c.id], t, t + arrondi_pas(duree_majoree(epreuve, c), self.pas)) is not None
            for c in candidats
        ):
            return None
        if not self.instance.salles:
            return {}
        salles = salles_autorisees(self.instance, epreuve)
        affectation: dict[str, Salle] = {}
        ajoutes: list[str] = []
        try:
            for c in sorted(candidats, key=lambda c: (not c.salle_isolee, -c.majoration)):
                duree = arrondi_pas(duree_majoree(epreuve, c), self.pas)
                options = [s for s in salles if s.isolee_possible] if c.salle_isolee else list(salles)
                if not c.salle_isolee:
                    options.sort(key=lambda s: (s.isolee_possible, -s.capacite))
                for salle in options:
                    if self.salle_libre(salle, t, t + duree, c.salle_isolee) is None:
                        affectation[c.id] = salle
                        self.etat.salles[salle.id].append((t, t + duree, salle.capacite if c.salle_isolee else 1))
                        ajoutes.append(salle.id)
                        break
                else:
                    return None
            return affectation
        finally:
            for salle_id in ajoutes:
                self.etat.salles[salle_id].pop()

    def executer(self) -> bool:
        ordre = ordre_epreuves(self.instance)
        groupes: list[list[Epreuve]] = []
        for epreuve in ordre:
            if epreuve.collective or not groupes or groupes[-1][0].collective:
                groupes.append([epreuve])
            else:
                groupes[-1].append(epreuve)
        for groupe in groupes:
            if groupe[0].collective:
                concernes = [c for c in self.instance.candidats if groupe[0].code in c.epreuves]
                if not self.collective(groupe[0], concernes):
                    return False
                continue
            if not self.groupe_individuel(groupe):
                return False
        return True

    def groupe_individuel(self, groupe: list[Epreuve]) -> bool:
        """Candidate by candidate, each épreuve at the earliest time (the spreadsheet way)."""
        for candidat in self.instance.candidats:
            for epreuve in groupe:
                if epreuve.code in candidat.epreuves and not self.individuelle(candidat, epreuve):
                    return False
        return True

    def pauses(self) -> list[Pause]:
        pause = self.instance.pause_dejeuner
        if pause is None:
            return []
        resultat: list[Pause] = []
        par_jour: dict[tuple[str, dt.date], list[tuple[int, int]]] = defaultdict(list)
        for c in self.creneaux:
            if c.jury is not None:
                par_jour[(c.jury, c.jour)].append((c.debut, c.fin))
        for lec in self.lectures:
            par_jour[(lec.jury, lec.jour)].append((lec.debut, lec.fin))
        for (jury_id, jour), occupations in sorted(par_jour.items()):
            trou = pause_possible(occupations, pause.debut_au_plus_tot, pause.fin_au_plus_tard, pause.duree_min)
            if trou is not None:
                resultat.append(Pause(jury_id, jour, trou[0], trou[1]))
        return resultat


class _Amorce(_Glouton):
    """Jury by jury, the jury free earliest takes the piece of work that can start earliest.

    Used as the CP-SAT starting point (not the baseline): it keeps every jury busy, which the
    candidate-by-candidate spreadsheet order does not.
    """

    OPTIONS = 4  # new candidates considered at each step
    EN_COURS = 1  # candidates started and not finished per jury (1: seen in one go, least waiting on site)

    def groupe_individuel(self, groupe: list[Epreuve]) -> bool:
        inst = self.instance
        restantes: dict[str, list[Epreuve]] = {
            c.id: [e for e in groupe if e.code in c.epreuves] for c in inst.candidats
        }
        candidats = {c.id: c for c in inst.candidats}

        def avancer(candidat: Candidat) -> bool:
            liste = restantes[candidat.id]
            while liste and not avec_jury(liste[0]):
                if not self.individuelle(candidat, liste.pop(0)):
                    return False
            return True

        for c in inst.candidats:
            if not avancer(c):
                return False
        travail = {c.id: sum(duree_majoree(e, c) for e in restantes[c.id] if avec_jury(e)) for c in inst.candidats}
        nouveaux = sorted(
            (c for c in inst.candidats if restantes[c.id] and c.id not in self.jury_de),
            key=lambda c: -travail[c.id],
        )
        autorises = {c.id: {j.id for j in jurys_autorises(inst, c)} for c in inst.candidats}
        curseur = {j.id: 0 for j in inst.jurys}
        actifs = {j.id: j for j in inst.jurys}
        while any(restantes.values()):
            if not actifs:
                return False
            jury = actifs[min(actifs, key=lambda jid: (curseur[jid], jid))]
            options: list[tuple[int, int, int, Candidat]] = []
            for ordre, (cid, liste) in enumerate(restantes.items()):
                if liste and self.jury_de.get(cid) is jury:
                    c = candidats[cid]
                    place = self.placer_individuelle(c, liste[0], self.pret(c), jury, self.salles_pour(c, liste[0]))
                    if place is not None:
                        options.append((place[0], 0, ordre, c))
            en_cours = sum(1 for cid, liste in restantes.items() if liste and self.jury_de.get(cid) is jury)
            possibles = [c for c in nouveaux if jury.id in autorises[c.id]] if en_cours < self.EN_COURS else []
            for ordre, c in enumerate(possibles[: self.OPTIONS]):
                t: int | None
                if inst.lecture_dossier > 0:
                    t = self.placer_lecture(jury, self.pret(c))
                else:
                    e = restantes[c.id][0]
                    place = self.placer_individuelle(c, e, self.pret(c), jury, self.salles_pour(c, e))
                    t = None if place is None else place[0]
                if t is not None:
                    options.append((t, 1, ordre, c))
            if not options:
                del actifs[jury.id]
                continue
            _, nature, _, c = min(options, key=lambda o: (o[0], o[1], o[2]))
            if nature == 1:
                nouveaux.remove(c)
            if not self.individuelle(c, restantes[c.id].pop(0), jurys=(jury,)):
                return False
            curseur[jury.id] = max(b for _, b in self.etat.jurys[jury.id])
            if not avancer(c):
                return False
        return True


def amorcer(instance: Instance) -> Solution | None:
    """A valid timetable that keeps the juries busy (CP-SAT's starting point), or None."""
    try:
        a = _Amorce(instance)
        if not instance.jours or not a.executer():
            return None
    except ValueError:
        return None
    pauses = a.pauses()
    if valider(instance, a.creneaux, a.lectures, pauses):
        return None
    return Solution(
        creneaux=tuple(a.creneaux),
        lectures=tuple(a.lectures),
        pauses=tuple(pauses),
        statut=FAISABLE,
        objectifs=mesurer(instance, a.creneaux, a.lectures),
    )


def glouton(instance: Instance) -> Solution:
    """The greedy timetable (statut "faisable" when valid, else "inconnu" with an explanation)."""
    debut = time.monotonic()
    bornes = bornes_par_niveau(instance)
    try:
        g = _Glouton(instance)
        reussi = bool(instance.jours) and g.executer()
    except ValueError:
        reussi = False
    if not reussi:
        return Solution(
            creneaux=(),
            statut=INCONNU,
            borne_inferieure=bornes,
            explication="La méthode gloutonne (au plus tôt, candidat par candidat) n'a pas trouvé de planning "
            "dans les jours de la session.",
            duree_s=time.monotonic() - debut,
        )
    pauses = g.pauses()
    violations = valider(instance, g.creneaux, g.lectures, pauses)
    if violations:
        return Solution(
            creneaux=tuple(g.creneaux),
            lectures=tuple(g.lectures),
            pauses=tuple(pauses),
            statut=INCONNU,
            borne_inferieure=bornes,
            objectifs=mesurer(instance, g.creneaux, g.lectures),
            explication="Le planning glouton ne respecte pas toutes les règles : " + violations[0].message,
            duree_s=time.monotonic() - debut,
        )
    return Solution(
        creneaux=tuple(g.creneaux),
        lectures=tuple(g.lectures),
        pauses=tuple(pauses),
        statut=FAISABLE,
        borne_inferieure=bornes,
        objectifs=mesurer(instance, g.creneaux, g.lectures),
        duree_s=time.monotonic() - debut,
    )
