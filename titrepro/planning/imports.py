"""Import of a hand-made timetable from XLSX (the template of ``planning.documents.modele_import_xlsx``).

All or nothing: every row is read and checked (candidate registered to the session, épreuve of
their RE, a day of the session, HH:MM times in order, a jury of the session, a room of the
site); any error and nothing is saved — ``ImportRefuse`` lists each one with its sheet and
row number, in French. A file without error is stored as a new draft version, then validated
against the rules like a computed timetable.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from titrepro.examens.models import Session
from titrepro.planning import conversion as conv
from titrepro.planning.models import Planning
from titrepro.planning.services import planning_importer_solution
from titrepro.planning.solver import donnees as s

TAILLE_MAX = 2 * 1024 * 1024
LIGNES_MAX = 5000
HEURE = re.compile(r"^\s*(\d{1,2})\s*[:hH]\s*(\d{2})\s*$")


@dataclass(frozen=True)
class ErreurLigne:
    feuille: str
    ligne: int
    message: str

    def __str__(self) -> str:
        return f"Feuille « {self.feuille} », ligne {self.ligne} : {self.message}"


class ImportRefuse(ValidationError):
    """The file was refused; ``erreurs`` names each row at fault. Nothing was saved."""

    def __init__(self, erreurs: list[ErreurLigne]) -> None:
        super().__init__([str(e) for e in erreurs])
        self.erreurs = erreurs


def _heure(valeur: Any) -> int | None:
    if isinstance(valeur, dt.datetime):
        valeur = valeur.time()
    if isinstance(valeur, dt.time):
        return valeur.hour * 60 + valeur.minute
    if isinstance(valeur, str) and (m := HEURE.match(valeur)):
        heures, minutes = int(m.group(1)), int(m.group(2))
        if heures < 24 and minutes < 60:
            return heures * 60 + minutes
    return None


def _date(valeur: Any) -> dt.date | None:
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    if isinstance(valeur, str):
        try:
            return dt.datetime.strptime(valeur.strip(), "%d/%m/%Y").date()
        except ValueError:
            return None
    return None


def _entier(valeur: Any) -> int | None:
    if isinstance(valeur, bool):
        return None
    if isinstance(valeur, int):
        return valeur
    if isinstance(valeur, float) and valeur.is_integer():
        return int(valeur)
    if isinstance(valeur, str) and valeur.strip().isdigit():
        return int(valeur.strip())
    return None


def _vide(ligne: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in ligne)


def lire_classeur(contenu: bytes, session: Session) -> tuple[s.Solution, conv.Correspondances]:
    """Read and check every row; raise ``ImportRefuse`` with all the errors found."""
    if len(contenu) > TAILLE_MAX:
        raise ImportRefuse([ErreurLigne("—", 0, "Le fichier dépasse 2 Mo.")])
    try:
        classeur = load_workbook(BytesIO(contenu), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise ImportRefuse(
            [ErreurLigne("—", 0, "Ce fichier n'est pas un classeur XLSX lisible : partez du modèle à télécharger.")]
        ) from None
    if "Planning" not in classeur.sheetnames:
        raise ImportRefuse([ErreurLigne("Planning", 0, "La feuille « Planning » du modèle est absente.")])

    conversion = conv.session_vers_instance(session)
    corr = conversion.correspondances
    par_pk_inscription = {i.pk: code for code, i in corr.inscriptions.items()}
    epreuves_candidat = {c.id: set(c.epreuves) for c in conversion.instance.candidats}
    par_ordre = {e.ordre: code for code, e in corr.epreuves.items()}
    par_numero_jury = {j.numero: code for code, j in corr.jurys.items()}
    par_nom_salle = {salle.nom.strip().lower(): code for code, salle in corr.salles.items()}
    jours = {j.date for j in conversion.instance.jours}
    jours_texte = ", ".join(f"{d:%d/%m/%Y}" for d in sorted(jours))

    erreurs: list[ErreurLigne] = []
    creneaux: list[s.Creneau] = []
    vus: set[tuple[str, str]] = set()

    def horaire(feuille: str, numero: int, jour: Any, debut: Any, fin: Any) -> tuple[dt.date, int, int] | None:
        date = _date(jour)
        h_debut, h_fin = _heure(debut), _heure(fin)
        ok = True
        if date is None:
            erreurs.append(ErreurLigne(feuille, numero, f"jour « {jour or ''} » illisible (attendu JJ/MM/AAAA)."))
            ok = False
        elif date not in jours:
            erreurs.append(
                ErreurLigne(feuille, numero, f"le {date:%d/%m/%Y} n'est pas un jour de la session ({jours_texte}).")
            )
            ok = False
        if h_debut is None or h_fin is None:
            erreurs.append(ErreurLigne(feuille, numero, "heures de début et de fin attendues au format HH:MM."))
            ok = False
        elif h_fin <= h_debut:
            erreurs.append(ErreurLigne(feuille, numero, "l'heure de fin doit suivre l'heure de début."))
            ok = False
        if not ok or date is None or h_debut is None or h_fin is None:
            return None
        return date, h_debut, h_fin

    lignes = list(classeur["Planning"].iter_rows(min_row=2, values_only=True))
    if len(lignes) > LIGNES_MAX:
        raise ImportRefuse([ErreurLigne("Planning", 0, f"Plus de {LIGNES_MAX} lignes : ce n'est pas un planning.")])
    for numero, ligne in enumerate(lignes, start=2):
        ligne = tuple(ligne) + (None,) * (9 - len(ligne))
        if _vide(ligne):
            continue
        pk_inscription, _nom, ordre, _libelle, jour, debut, fin, numero_jury, nom_salle = ligne[:9]
        candidat = par_pk_inscription.get(_entier(pk_inscription) or -1)
        if candidat is None:
            erreurs.append(
                ErreurLigne("Planning", numero, f"n° d'inscription « {pk_inscription or ''} » inconnu dans la session.")
            )
            continue
        epreuve = par_ordre.get(_entier(ordre) or -1)
        if epreuve is None or epreuve not in epreuves_candidat[candidat]:
            erreurs.append(
                ErreurLigne("Planning", numero, f"l'épreuve n° {ordre or '?'} n'est pas une épreuve de ce candidat.")
            )
            continue
        if (candidat, epreuve) in vus:
            erreurs.append(ErreurLigne("Planning", numero, "cette épreuve de ce candidat figure déjà plus haut."))
            continue
        vus.add((candidat, epreuve))
        jury = None
        if numero_jury not in (None, ""):
            jury = par_numero_jury.get(_entier(numero_jury) or -1)
            if jury is None:
                erreurs.append(
                    ErreurLigne("Planning", numero, f"le jury n° {numero_jury} n'existe pas (ou n'a aucun membre).")
                )
                continue
        salle = None
        if nom_salle not in (None, ""):
            salle = par_nom_salle.get(str(nom_salle).strip().lower())
            if salle is None:
                erreurs.append(ErreurLigne("Planning", numero, f"la salle « {nom_salle} » n'existe pas sur le site."))
                continue
        quand = horaire("Planning", numero, jour, debut, fin)
        if quand is None:
            continue
        creneaux.append(s.Creneau(candidat, epreuve, quand[0], quand[1], quand[2], jury, salle))

    for candidat, codes in epreuves_candidat.items():
        for code in sorted(codes - {e for c, e in vus if c == candidat}):
            inscription = corr.inscriptions[candidat]
            erreurs.append(
                ErreurLigne("Planning", 0, f"il manque l'épreuve « {corr.epreuves[code]} » de {inscription.candidat}.")
            )

    lectures: list[s.Lecture] = []
    pauses: list[s.Pause] = []
    if "Jury" in classeur.sheetnames:
        for numero, ligne in enumerate(classeur["Jury"].iter_rows(min_row=2, values_only=True), start=2):
            ligne = tuple(ligne) + (None,) * (6 - len(ligne))
            if _vide(ligne):
                continue
            numero_jury, nature, pk_inscription, jour, debut, fin = ligne[:6]
            jury = par_numero_jury.get(_entier(numero_jury) or -1)
            if jury is None:
                erreurs.append(ErreurLigne("Jury", numero, f"le jury n° {numero_jury or '?'} n'existe pas."))
                continue
            nature_texte = str(nature or "").strip().lower()
            if nature_texte not in ("lecture", "pause"):
                erreurs.append(ErreurLigne("Jury", numero, "nature attendue : « lecture » ou « pause »."))
                continue
            candidat = None
            if nature_texte == "lecture":
                candidat = par_pk_inscription.get(_entier(pk_inscription) or -1)
                if candidat is None:
                    erreurs.append(ErreurLigne("Jury", numero, "une lecture de dossier nomme un n° d'inscription."))
                    continue
            quand = horaire("Jury", numero, jour, debut, fin)
            if quand is None:
                continue
            if candidat is not None:
                lectures.append(s.Lecture(jury, candidat, *quand))
            else:
                pauses.append(s.Pause(jury, *quand))

    if erreurs:
        raise ImportRefuse(erreurs)
    return s.Solution(creneaux=tuple(creneaux), lectures=tuple(lectures), pauses=tuple(pauses)), corr


def planning_importer(*, session: Session, auteur: Any, contenu: bytes) -> Planning:
    """Import a hand-made timetable (all or nothing), stored as a new draft version, then validated."""
    permis, raison = session.peut_gerer(auteur)
    if not permis:
        raise PermissionDenied(raison)
    solution, corr = lire_classeur(contenu, session)
    return planning_importer_solution(session=session, auteur=auteur, solution=solution, corr=corr)
