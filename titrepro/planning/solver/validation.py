"""Validator: every constraint of the timetable checked on any planning (solver, hand-made, imported).

Each violation carries its rule code (SES-PLANNING, SES-JURY-LIENS, SES-HANDICAP) and a French
message with concrete dates and times.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from titrepro.planning.solver.donnees import (
    SES_HANDICAP,
    SES_JURY_LIENS,
    SES_PLANNING,
    Candidat,
    Creneau,
    Epreuve,
    Instance,
    Jury,
    Lecture,
    Pause,
    Salle,
    Violation,
    arrondi_pas,
    date_texte,
    duree_majoree,
    duree_texte,
    hhmm,
)


def _intitule(epreuve: Epreuve) -> str:
    texte = epreuve.intitule or epreuve.code
    return texte[:1].lower() + texte[1:]


def _plage(jour: dt.date, debut: int, fin: int) -> str:
    return f"le {date_texte(jour)} de {hhmm(debut)} à {hhmm(fin)}"


def _majoration(candidat: Candidat) -> str:
    m = candidat.majoration
    return f"{m.numerator}/{m.denominator}"


def salles_autorisees(instance: Instance, epreuve: Epreuve) -> tuple[Salle, ...]:
    """The rooms where ``epreuve`` may take place."""
    if epreuve.salle_requise is not None:
        return tuple(s for s in instance.salles if s.id == epreuve.salle_requise)
    return tuple(s for s in instance.salles if not s.usages or epreuve.code in s.usages)


def avec_jury(epreuve: Epreuve) -> bool:
    """A jury épreuve: held by the candidate's jury (collective épreuves never are)."""
    return epreuve.avec_jury and not epreuve.collective


def isole(candidat: Candidat, epreuve: Epreuve) -> bool:
    """The candidate sits this épreuve alone in an isolable room (a jury épreuve already has its room to itself)."""
    return candidat.salle_isolee and not avec_jury(epreuve)


def jurys_imposes(instance: Instance, candidat: Candidat) -> tuple[Jury, ...]:
    """The juries the candidate may be seen by per ``Candidat.jurys`` (None: every jury of the instance)."""
    if candidat.jurys is None:
        return instance.jurys
    return tuple(j for j in instance.jurys if j.id in candidat.jurys)


def jurys_autorises(instance: Instance, candidat: Candidat) -> tuple[Jury, ...]:
    """Juries allowed by ``Candidat.jurys`` with no member linked to the candidate (SES-JURY-LIENS)."""
    return tuple(j for j in jurys_imposes(instance, candidat) if not candidat.liens.intersection(j.membres))


MOTIF_JURY_IMPOSE = "alors que son inscription impose"
"""In the message of the violation « a candidate seen by a jury outside ``Candidat.jurys`` » (SES-PLANNING)."""


def hors_jurys_imposes(violation: Violation) -> bool:
    """The violation says a candidate is seen by a jury outside ``Candidat.jurys``."""
    return violation.code == SES_PLANNING and MOTIF_JURY_IMPOSE in violation.message


def disponible(instance: Instance, jury: Jury, jour: dt.date, debut: int, fin: int) -> str | None:
    """None when all the jury's members are available; else the name of one who is not."""
    membres = {m.id: m for m in instance.membres}
    for membre_id in jury.membres:
        membre = membres.get(membre_id)
        if membre is None or membre.disponibilites is None:
            continue
        if not any(d == jour and a <= debut and fin <= b for d, a, b in membre.disponibilites):
            return membre.nom
    return None


def pause_possible(
    occupations: Sequence[tuple[int, int]], debut_tot: int, fin_tard: int, duree_min: int
) -> tuple[int, int] | None:
    """A free gap of ``duree_min`` inside ``[debut_tot, fin_tard]`` given busy ``(debut, fin)`` (minutes of one day)."""
    curseur = debut_tot
    for a, b in sorted(occupations):
        if b <= curseur:
            continue
        if a >= curseur + duree_min:
            break
        curseur = max(curseur, b)
    if curseur + duree_min <= fin_tard:
        return curseur, curseur + duree_min
    return None


@dataclass(frozen=True)
class _Occupation:
    jour: dt.date
    debut: int
    fin: int
    libelle: str
    source: str = ""


def _chevauchements(occupations: list[_Occupation]) -> list[tuple[_Occupation, _Occupation]]:
    paires: list[tuple[_Occupation, _Occupation]] = []
    par_jour: dict[dt.date, list[_Occupation]] = defaultdict(list)
    for occ in occupations:
        par_jour[occ.jour].append(occ)
    for jour in sorted(par_jour):
        liste = sorted(par_jour[jour], key=lambda o: (o.debut, o.fin))
        courante = liste[0]
        for occ in liste[1:]:
            if occ.debut < courante.fin:
                paires.append((courante, occ))
            if occ.fin > courante.fin:
                courante = occ
    return paires


def valider(
    instance: Instance,
    creneaux: Iterable[Creneau],
    lectures: Iterable[Lecture] = (),
    pauses: Iterable[Pause] = (),
) -> list[Violation]:
    """Every violation of the planning's constraints (empty list: the planning is valid)."""
    return _Validation(instance, tuple(creneaux), tuple(lectures), tuple(pauses)).executer()


class _Validation:
    def __init__(
        self,
        instance: Instance,
        creneaux: tuple[Creneau, ...],
        lectures: tuple[Lecture, ...],
        pauses: tuple[Pause, ...],
    ) -> None:
        self.instance = instance
        self.creneaux = creneaux
        self.lectures = lectures
        self.pauses = pauses
        self.violations: list[Violation] = []
        self.candidats = {c.id: c for c in instance.candidats}
        self.epreuves = {e.code: e for e in instance.epreuves}
        self.jurys = {j.id: j for j in instance.jurys}
        self.salles = {s.id: s for s in instance.salles}
        self.membres = {m.id: m for m in instance.membres}
        self.jours = {j.date: j for j in instance.jours}
        self.ordre_jours = {d: k for k, d in enumerate(sorted(self.jours))}

    def ajouter(
        self,
        message: str,
        *,
        code: str = SES_PLANNING,
        candidat: str | None = None,
        epreuve: str | None = None,
        jury: str | None = None,
        jour: dt.date | None = None,
    ) -> None:
        self.violations.append(Violation(code, message, candidat, epreuve, jury, jour))

    def cle(self, jour: dt.date, minute: int) -> tuple[int, int]:
        return (self.ordre_jours.get(jour, -1), minute)

    def nom_jury(self, jury_id: str) -> str:
        jury = self.jurys.get(jury_id)
        return (jury.nom or f"jury {jury.id}") if jury else f"jury {jury_id}"

    def executer(self) -> list[Violation]:
        connus = self.controler_references()
        self.controler_completude(connus)
        for creneau in connus:
            self.controler_creneau(creneau)
        self.controler_collectives(connus)
        jury_de = self.controler_jurys(connus)
        self.controler_ordre(connus)
        self.controler_lectures(connus, jury_de)
        self.controler_chevauchements(connus)
        self.controler_salles(connus)
        self.controler_disponibilites(connus)
        self.controler_pauses(connus)
        return self.violations

    # -- references ------------------------------------------------------------------------------
    def controler_references(self) -> list[Creneau]:
        connus: list[Creneau] = []
        for c in self.creneaux:
            candidat = self.candidats.get(c.candidat)
            if candidat is None:
                self.ajouter(f"Candidat inconnu « {c.candidat} » dans le planning.", candidat=c.candidat)
            elif c.epreuve not in self.epreuves:
                self.ajouter(
                    f"{candidat.nom} : épreuve inconnue « {c.epreuve} ».", candidat=c.candidat, epreuve=c.epreuve
                )
            elif c.epreuve not in candidat.epreuves:
                self.ajouter(
                    f"{candidat.nom} : {_intitule(self.epreuves[c.epreuve])} ne fait pas partie de ses épreuves.",
                    candidat=c.candidat,
                    epreuve=c.epreuve,
                )
            elif c.jour not in self.jours:
                self.ajouter(
                    f"{candidat.nom} : {_intitule(self.epreuves[c.epreuve])} le {date_texte(c.jour)}, "
                    "jour qui ne fait pas partie de la session.",
                    candidat=c.candidat,
                    epreuve=c.epreuve,
                    jour=c.jour,
                )
            elif c.jury is not None and c.jury not in self.jurys:
                self.ajouter(f"{candidat.nom} : jury inconnu « {c.jury} ».", candidat=c.candidat, epreuve=c.epreuve)
            elif c.salle is not None and c.salle not in self.salles:
                self.ajouter(f"{candidat.nom} : salle inconnue « {c.salle} ».", candidat=c.candidat, epreuve=c.epreuve)
            else:
                connus.append(c)
        return connus

    def controler_completude(self, connus: list[Creneau]) -> None:
        vus: dict[tuple[str, str], int] = defaultdict(int)
        for c in connus:
            vus[(c.candidat, c.epreuve)] += 1
        for candidat in self.instance.candidats:
            for code in candidat.epreuves:
                epreuve = self.epreuves.get(code)
                intitule = _intitule(epreuve) if epreuve else code
                n = vus.get((candidat.id, code), 0)
                if n == 0:
                    self.ajouter(
                        f"{candidat.nom} : {intitule} n'est pas planifiée.", candidat=candidat.id, epreuve=code
                    )
                elif n > 1:
                    self.ajouter(
                        f"{candidat.nom} : {intitule} est planifiée {n} fois.", candidat=candidat.id, epreuve=code
                    )

    # -- one créneau -----------------------------------------------------------------------------
    def controler_creneau(self, c: Creneau) -> None:
        candidat = self.candidats[c.candidat]
        epreuve = self.epreuves[c.epreuve]
        jour = self.jours[c.jour]
        plage = _plage(c.jour, c.debut, c.fin)
        longueur = c.fin - c.debut
        requise = duree_majoree(epreuve, candidat)
        tolere = arrondi_pas(requise, self.instance.pas)
        if longueur < requise:
            if candidat.majoration != 1:
                self.ajouter(
                    f"{candidat.nom} : {_intitule(epreuve)} {plage} ({duree_texte(max(longueur, 0))}) "
                    f"au lieu de {duree_texte(requise)} avec majoration {_majoration(candidat)}.",
                    code=SES_HANDICAP,
                    candidat=c.candidat,
                    epreuve=c.epreuve,
                    jour=c.jour,
                )
            else:
                self.ajouter(
                    f"{candidat.nom} : {_intitule(epreuve)} {plage} ({duree_texte(max(longueur, 0))}) "
                    f"au lieu de {duree_texte(requise)}.",
                    candidat=c.candidat,
                    epreuve=c.epreuve,
                    jour=c.jour,
                )
        elif longueur > tolere:
            self.ajouter(
                f"{candidat.nom} : {_intitule(epreuve)} {plage} ({duree_texte(longueur)}) dépasse "
                f"la durée de l'épreuve ({duree_texte(requise)}).",
                candidat=c.candidat,
                epreuve=c.epreuve,
                jour=c.jour,
            )
        if c.debut < jour.ouverture or c.fin > jour.fermeture:
            self.ajouter(
                f"{candidat.nom} : {_intitule(epreuve)} {plage}, en dehors des horaires d'ouverture "
                f"({hhmm(jour.ouverture)}–{hhmm(jour.fermeture)}).",
                candidat=c.candidat,
                epreuve=c.epreuve,
                jour=c.jour,
            )

    # -- collective épreuves ---------------------------------------------------------------------
    def controler_collectives(self, connus: list[Creneau]) -> None:
        par_epreuve: dict[str, list[Creneau]] = defaultdict(list)
        for c in connus:
            if self.epreuves[c.epreuve].collective:
                par_epreuve[c.epreuve].append(c)
        for code, liste in par_epreuve.items():
            departs: dict[tuple[dt.date, int], int] = defaultdict(int)
            for c in liste:
                departs[(c.jour, c.debut)] += 1
            if len(departs) <= 1:
                continue
            reference = max(departs, key=lambda k: (departs[k], -self.cle(*k)[0], -k[1]))
            epreuve = self.epreuves[code]
            for c in liste:
                if (c.jour, c.debut) != reference:
                    self.ajouter(
                        f"{self.candidats[c.candidat].nom} : {_intitule(epreuve)} (épreuve collective) commence "
                        f"le {date_texte(c.jour)} à {hhmm(c.debut)} alors que les autres candidats la passent "
                        f"le {date_texte(reference[0])} à {hhmm(reference[1])} ; "
                        "tous doivent la passer au même moment.",
                        candidat=c.candidat,
                        epreuve=code,
                        jour=c.jour,
                    )

    # -- juries and links ------------------------------------------------------------------------
    def controler_jurys(self, connus: list[Creneau]) -> dict[str, str]:
        jury_de: dict[str, str] = {}
        par_candidat: dict[str, list[Creneau]] = defaultdict(list)
        for c in connus:
            if avec_jury(self.epreuves[c.epreuve]):
                par_candidat[c.candidat].append(c)
        for candidat_id, liste in par_candidat.items():
            candidat = self.candidats[candidat_id]
            liste.sort(key=lambda c: self.cle(c.jour, c.debut))
            for c in liste:
                if c.jury is None:
                    self.ajouter(
                        f"{candidat.nom} : {_intitule(self.epreuves[c.epreuve])} {_plage(c.jour, c.debut, c.fin)} "
                        "sans jury.",
                        candidat=candidat_id,
                        epreuve=c.epreuve,
                        jour=c.jour,
                    )
            jurys = [c.jury for c in liste if c.jury is not None]
            if not jurys:
                continue
            jury_de[candidat_id] = jurys[0]
            if len(set(jurys)) > 1:
                noms = ", ".join(sorted({self.nom_jury(j) for j in jurys}))
                self.ajouter(
                    f"{candidat.nom} est évalué par plusieurs jurys ({noms}) ; un candidat est évalué par un "
                    "seul jury pour toutes ses épreuves avec jury.",
                    candidat=candidat_id,
                )
            for jury_id in sorted(set(jurys)):
                if candidat.jurys is not None and jury_id not in candidat.jurys:
                    imposes = " ou ".join(sorted(self.nom_jury(j) for j in candidat.jurys)) or "aucun jury"
                    self.ajouter(
                        f"{candidat.nom} est évalué par {self.nom_jury(jury_id)} {MOTIF_JURY_IMPOSE} {imposes}.",
                        candidat=candidat_id,
                        jury=jury_id,
                    )
                lies = [m for m in self.jurys[jury_id].membres if m in candidat.liens]
                for membre_id in lies:
                    membre = self.membres.get(membre_id)
                    self.ajouter(
                        f"{candidat.nom} est évalué par {self.nom_jury(jury_id)} dont fait partie "
                        f"{membre.nom if membre else membre_id}, qui a un lien avec le candidat.",
                        code=SES_JURY_LIENS,
                        candidat=candidat_id,
                        jury=jury_id,
                    )
        return jury_de

    # -- order -----------------------------------------------------------------------------------
    def controler_ordre(self, connus: list[Creneau]) -> None:
        par_candidat: dict[str, dict[str, Creneau]] = defaultdict(dict)
        for c in connus:
            par_candidat[c.candidat].setdefault(c.epreuve, c)
        for candidat_id, creneaux in par_candidat.items():
            candidat = self.candidats[candidat_id]
            paires: set[tuple[str, str]] = set()
            for a in creneaux:
                for b in creneaux:
                    if self.epreuves[a].rang < self.epreuves[b].rang:
                        paires.add((a, b))
            for a, b in self.instance.precedences:
                if a in creneaux and b in creneaux:
                    paires.add((a, b))
            for a, b in sorted(paires):
                ca, cb = creneaux[a], creneaux[b]
                if self.cle(ca.jour, ca.fin) > self.cle(cb.jour, cb.debut):
                    self.ajouter(
                        f"{candidat.nom} : {_intitule(self.epreuves[b])} ({_plage(cb.jour, cb.debut, cb.fin)}) "
                        f"doit avoir lieu après {_intitule(self.epreuves[a])} ({_plage(ca.jour, ca.debut, ca.fin)}).",
                        candidat=candidat_id,
                        epreuve=b,
                        jour=cb.jour,
                    )

    # -- file reading ----------------------------------------------------------------------------
    def controler_lectures(self, connus: list[Creneau], jury_de: dict[str, str]) -> None:
        duree = self.instance.lecture_dossier
        par_candidat: dict[str, list[Lecture]] = defaultdict(list)
        for lecture in self.lectures:
            if (
                lecture.candidat not in self.candidats
                or lecture.jury not in self.jurys
                or lecture.jour not in self.jours
            ):
                self.ajouter(
                    f"Lecture de dossier inconnue ou hors session ({lecture.candidat}, {lecture.jury}, "
                    f"{date_texte(lecture.jour)}).",
                    candidat=lecture.candidat,
                )
                continue
            par_candidat[lecture.candidat].append(lecture)
            jour = self.jours[lecture.jour]
            if lecture.debut < jour.ouverture or lecture.fin > jour.fermeture or lecture.fin < lecture.debut:
                self.ajouter(
                    f"{self.candidats[lecture.candidat].nom} : lecture du dossier "
                    f"{_plage(lecture.jour, lecture.debut, lecture.fin)}, en dehors des horaires d'ouverture "
                    f"({hhmm(jour.ouverture)}–{hhmm(jour.fermeture)}).",
                    candidat=lecture.candidat,
                    jury=lecture.jury,
                    jour=lecture.jour,
                )
        if duree <= 0:
            return
        par_candidat_creneaux: dict[str, list[Creneau]] = defaultdict(list)
        for c in connus:
            par_candidat_creneaux[c.candidat].append(c)
        for candidat_id, jury_id in sorted(jury_de.items()):
            candidat = self.candidats[candidat_id]
            creneaux = par_candidat_creneaux[candidat_id]
            avec = [c for c in creneaux if avec_jury(self.epreuves[c.epreuve])]
            premier = min(avec, key=lambda c: self.cle(c.jour, c.debut))
            rang_min = min(self.epreuves[c.epreuve].rang for c in avec)
            avant = [
                c
                for c in creneaux
                if not avec_jury(self.epreuves[c.epreuve]) and self.epreuves[c.epreuve].rang < rang_min
            ]
            lectures = [lec for lec in par_candidat.get(candidat_id, []) if lec.jury == jury_id]
            if sum(max(0, lec.fin - lec.debut) for lec in lectures) < duree:
                lu = sum(max(0, lec.fin - lec.debut) for lec in lectures)
                self.ajouter(
                    f"{candidat.nom} : le jury ({self.nom_jury(jury_id)}) n'a que {duree_texte(lu)} pour lire le "
                    f"dossier avant {_intitule(self.epreuves[premier.epreuve])} "
                    f"({_plage(premier.jour, premier.debut, premier.fin)}) au lieu de {duree_texte(duree)}.",
                    candidat=candidat_id,
                    jury=jury_id,
                    jour=premier.jour,
                )
                continue
            for lec in lectures:
                if self.cle(lec.jour, lec.fin) > self.cle(premier.jour, premier.debut):
                    self.ajouter(
                        f"{candidat.nom} : la lecture du dossier ({_plage(lec.jour, lec.debut, lec.fin)}) se termine "
                        f"après le début de {_intitule(self.epreuves[premier.epreuve])} "
                        f"({_plage(premier.jour, premier.debut, premier.fin)}).",
                        candidat=candidat_id,
                        jury=jury_id,
                        jour=lec.jour,
                    )
                for c in avant:
                    if self.cle(lec.jour, lec.debut) < self.cle(c.jour, c.fin):
                        self.ajouter(
                            f"{candidat.nom} : la lecture du dossier ({_plage(lec.jour, lec.debut, lec.fin)}) "
                            f"commence avant la fin de {_intitule(self.epreuves[c.epreuve])} "
                            f"({_plage(c.jour, c.debut, c.fin)}) dont le résultat fait partie du dossier.",
                            candidat=candidat_id,
                            jury=jury_id,
                            jour=lec.jour,
                        )

    # -- overlaps ---------------------------------------------------------------------------------
    def occupations_jurys(self, connus: list[Creneau]) -> dict[str, list[_Occupation]]:
        par_jury: dict[str, list[_Occupation]] = defaultdict(list)
        for c in connus:
            if c.jury is not None and avec_jury(self.epreuves[c.epreuve]):
                par_jury[c.jury].append(
                    _Occupation(
                        c.jour,
                        c.debut,
                        c.fin,
                        f"{_intitule(self.epreuves[c.epreuve])} de {self.candidats[c.candidat].nom}",
                    )
                )
        for lec in self.lectures:
            if lec.jury in self.jurys and lec.candidat in self.candidats and lec.jour in self.jours:
                par_jury[lec.jury].append(
                    _Occupation(
                        lec.jour, lec.debut, lec.fin, f"lecture du dossier de {self.candidats[lec.candidat].nom}"
                    )
                )
        return par_jury

    def signaler(self, qui: str, paires: list[tuple[_Occupation, _Occupation]], **cles: str | None) -> None:
        for a, b in paires:
            self.ajouter(
                f"{qui} : {a.libelle} ({_plage(a.jour, a.debut, a.fin)}) et {b.libelle} "
                f"({hhmm(b.debut)}–{hhmm(b.fin)}) se chevauchent.",
                jour=a.jour,
                **cles,  # type: ignore[arg-type]
            )

    def controler_chevauchements(self, connus: list[Creneau]) -> None:
        par_candidat: dict[str, list[_Occupation]] = defaultdict(list)
        for c in connus:
            par_candidat[c.candidat].append(_Occupation(c.jour, c.debut, c.fin, _intitule(self.epreuves[c.epreuve])))
        for candidat_id, occupations in par_candidat.items():
            self.signaler(self.candidats[candidat_id].nom, _chevauchements(occupations), candidat=candidat_id)
        par_jury = self.occupations_jurys(connus)
        for jury_id, occupations in par_jury.items():
            self.signaler(self.nom_jury(jury_id).capitalize(), _chevauchements(occupations), jury=jury_id)
        # A member sitting on several juries.
        jurys_du_membre: dict[str, list[str]] = defaultdict(list)
        for jury in self.instance.jurys:
            for membre_id in jury.membres:
                jurys_du_membre[membre_id].append(jury.id)
        for membre_id, jurys in jurys_du_membre.items():
            if len(jurys) < 2:
                continue
            occupations = [
                _Occupation(o.jour, o.debut, o.fin, f"{o.libelle} ({self.nom_jury(j)})", j)
                for j in jurys
                for o in par_jury.get(j, [])
            ]
            paires = [(a, b) for a, b in _chevauchements(occupations) if a.source != b.source]
            membre = self.membres.get(membre_id)
            self.signaler(f"{membre.nom if membre else membre_id}, membre de plusieurs jurys", paires)

    # -- rooms -----------------------------------------------------------------------------------
    def controler_salles(self, connus: list[Creneau]) -> None:
        if not self.instance.salles:
            return
        par_salle: dict[str, list[Creneau]] = defaultdict(list)
        for c in connus:
            candidat = self.candidats[c.candidat]
            epreuve = self.epreuves[c.epreuve]
            plage = _plage(c.jour, c.debut, c.fin)
            if c.salle is None:
                self.ajouter(
                    f"{candidat.nom} : {_intitule(epreuve)} {plage} sans salle.",
                    candidat=c.candidat,
                    epreuve=c.epreuve,
                    jour=c.jour,
                )
                continue
            salle = self.salles[c.salle]
            par_salle[c.salle].append(c)
            if salle not in salles_autorisees(self.instance, epreuve):
                self.ajouter(
                    f"{candidat.nom} : {_intitule(epreuve)} {plage} en salle « {salle.nom} », qui ne peut pas "
                    "accueillir cette épreuve.",
                    candidat=c.candidat,
                    epreuve=c.epreuve,
                    jour=c.jour,
                )
            if isole(candidat, epreuve) and not salle.isolee_possible:
                self.ajouter(
                    f"{candidat.nom} : {_intitule(epreuve)} {plage} en salle « {salle.nom} » alors qu'une salle "
                    "isolée lui est accordée.",
                    code=SES_HANDICAP,
                    candidat=c.candidat,
                    epreuve=c.epreuve,
                    jour=c.jour,
                )
        for salle_id, liste in par_salle.items():
            salle = self.salles[salle_id]
            deja: set[tuple[str, str]] = set()
            for c in liste:
                epreuve = self.epreuves[c.epreuve]
                candidat = self.candidats[c.candidat]
                exclusif = avec_jury(epreuve) or isole(candidat, epreuve)
                presents = [o for o in liste if o is not c and o.jour == c.jour and o.debut < c.fin and c.debut < o.fin]
                if exclusif and presents:
                    autre = presents[0]
                    cle = (c.candidat, c.epreuve)
                    if cle in deja:
                        continue
                    deja.add(cle)
                    raison = (
                        "une salle isolée lui est accordée"
                        if isole(candidat, epreuve)
                        else "une épreuve avec jury occupe toute la salle"
                    )
                    self.ajouter(
                        f"Salle « {salle.nom} » : {_intitule(epreuve)} de {candidat.nom} "
                        f"({_plage(c.jour, c.debut, c.fin)}) en même temps que "
                        f"{_intitule(self.epreuves[autre.epreuve])} de {self.candidats[autre.candidat].nom} "
                        f"({hhmm(autre.debut)}–{hhmm(autre.fin)}) ; {raison}.",
                        code=SES_HANDICAP if isole(candidat, epreuve) else SES_PLANNING,
                        candidat=c.candidat,
                        epreuve=c.epreuve,
                        jour=c.jour,
                    )
            # Capacity: the number of candidates at the start of each créneau.
            signale: set[tuple[dt.date, int]] = set()
            for c in liste:
                presents = [o for o in liste if o.jour == c.jour and o.debut <= c.debut < o.fin]
                if len(presents) > salle.capacite and (c.jour, c.debut) not in signale:
                    signale.add((c.jour, c.debut))
                    self.ajouter(
                        f"Salle « {salle.nom} » : {len(presents)} candidats le {date_texte(c.jour)} à "
                        f"{hhmm(c.debut)} pour {salle.capacite} places.",
                        jour=c.jour,
                    )

    # -- availability ------------------------------------------------------------------------------
    def controler_disponibilites(self, connus: list[Creneau]) -> None:
        for jury_id, occupations in self.occupations_jurys(connus).items():
            jury = self.jurys[jury_id]
            for o in occupations:
                absent = disponible(self.instance, jury, o.jour, o.debut, o.fin)
                if absent is not None:
                    self.ajouter(
                        f"{self.nom_jury(jury_id).capitalize()} : {o.libelle} ({_plage(o.jour, o.debut, o.fin)}) "
                        f"alors que {absent} n'est pas disponible.",
                        jury=jury_id,
                        jour=o.jour,
                    )

    # -- lunch break -------------------------------------------------------------------------------
    def controler_pauses(self, connus: list[Creneau]) -> None:
        pause = self.instance.pause_dejeuner
        if pause is None:
            return
        explicites: dict[tuple[str, dt.date], list[Pause]] = defaultdict(list)
        for p in self.pauses:
            explicites[(p.jury, p.jour)].append(p)
        par_jury_jour: dict[tuple[str, dt.date], list[_Occupation]] = defaultdict(list)
        for jury_id, occupations in self.occupations_jurys(connus).items():
            for o in occupations:
                par_jury_jour[(jury_id, o.jour)].append(o)
        fenetre = f"entre {hhmm(pause.debut_au_plus_tot)} et {hhmm(pause.fin_au_plus_tard)}"
        for (jury_id, jour), occupations in sorted(par_jury_jour.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            busy = [(o.debut, o.fin) for o in occupations]
            nom = self.nom_jury(jury_id).capitalize()
            donnees = explicites.get((jury_id, jour))
            if donnees:
                ok = False
                for p in donnees:
                    dans = pause.debut_au_plus_tot <= p.debut and p.fin <= pause.fin_au_plus_tard
                    libre = not any(a < p.fin and p.debut < b for a, b in busy)
                    if dans and libre and p.fin - p.debut >= pause.duree_min:
                        ok = True
                if not ok:
                    p = donnees[0]
                    self.ajouter(
                        f"{nom} : la pause déjeuner du {date_texte(jour)} ({hhmm(p.debut)}–{hhmm(p.fin)}) doit durer "
                        f"au moins {duree_texte(pause.duree_min)} {fenetre}, sans épreuve ni lecture de dossier.",
                        jury=jury_id,
                        jour=jour,
                    )
                continue
            if pause_possible(busy, pause.debut_au_plus_tot, pause.fin_au_plus_tard, pause.duree_min) is None:
                self.ajouter(
                    f"{nom} : pas de pause déjeuner d'au moins {duree_texte(pause.duree_min)} {fenetre} "
                    f"le {date_texte(jour)}.",
                    jury=jury_id,
                    jour=jour,
                )
