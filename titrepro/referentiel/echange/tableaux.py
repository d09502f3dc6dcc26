"""The référentiel as CSV tables that a spreadsheet opens: one file per kind of row.

Semicolon-separated, UTF-8 with a BOM (Excel then reads the accents right),
booleans written ``oui``/``non``, dates ``AAAA-MM-JJ`` (``JJ/MM/AAAA`` is read
too, as a spreadsheet may rewrite them), the CCP of an épreuve as ``1, 2``.
Child rows name their parent by its natural key (``titre`` = the titre's code,
``millesime`` = the millésime's version).

Reading builds the same nested data as the JSON and runs the same checks; each
error is then located by file, line and column (line 1 is the header, as in a
spreadsheet).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from titrepro.referentiel.echange.format import DocumentInvalide, DocumentReferentiel, Erreur
from titrepro.referentiel.echange.lecture import Verificateur

SEPARATEUR = ";"

TABLES: dict[str, tuple[str, ...]] = {
    "titres.csv": ("code", "intitule", "rncp", "niveau", "secteur", "transport"),
    "millesimes.csv": (
        "titre",
        "version",
        "date_effet",
        "fin_validite",
        "arrete",
        "duree_lecture_dossier",
        "donnees_demo",
    ),
    "ccp.csv": ("titre", "millesime", "numero", "code", "intitule"),
    "ccs.csv": ("titre", "millesime", "code", "intitule"),
    "epreuves.csv": (
        "titre",
        "millesime",
        "ordre",
        "type",
        "libelle",
        "duree_minutes",
        "collective",
        "avec_jury",
        "pour_session_titre",
        "ccps",
        "duree_demo",
    ),
}
"""File name → columns, in the order they are written."""

COLONNES_OBLIGATOIRES: dict[str, tuple[str, ...]] = {
    "titres.csv": ("code", "intitule", "niveau", "secteur"),
    "millesimes.csv": ("titre", "version", "date_effet", "fin_validite"),
    "ccp.csv": ("titre", "millesime", "numero", "intitule"),
    "ccs.csv": ("titre", "millesime", "code", "intitule"),
    "epreuves.csv": ("titre", "millesime", "ordre", "type", "duree_minutes"),
}

_ENTIERS = frozenset({"niveau", "duree_lecture_dossier", "numero", "ordre", "duree_minutes"})
_BOOLEENS = frozenset({"transport", "donnees_demo", "collective", "avec_jury", "pour_session_titre", "duree_demo"})
_DATES = frozenset({"date_effet", "fin_validite"})
_VRAI = frozenset({"oui", "vrai", "true", "1"})
_FAUX = frozenset({"non", "faux", "false", "0"})
_ENTIER = re.compile(r"[+-]?\d+")
_DATE_FR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_CHAMP = re.compile(r"\.?([a-z_]+)")

TAILLE_MAX_ZIP = 20 * 1024 * 1024
"""Uncompressed size read from a zip at most (a référentiel weighs a few hundred kB)."""


# Writing -------------------------------------------------------------------------------


def document_vers_tables(document: DocumentReferentiel) -> dict[str, bytes]:
    """File name → CSV content (UTF-8 with BOM, ``;``-separated), every table, headers included."""
    lignes: dict[str, list[list[str]]] = {nom: [] for nom in TABLES}
    for titre in document.titres:
        lignes["titres.csv"].append(
            [titre.code, titre.intitule, titre.rncp, str(titre.niveau), titre.secteur, _oui_non(titre.transport)]
        )
        for m in titre.millesimes:
            lignes["millesimes.csv"].append(
                [
                    titre.code,
                    m.version,
                    m.date_effet.isoformat(),
                    m.fin_validite.isoformat(),
                    m.arrete,
                    str(m.duree_lecture_dossier),
                    _oui_non(m.donnees_demo),
                ]
            )
            for ccp in m.ccps:
                lignes["ccp.csv"].append([titre.code, m.version, str(ccp.numero), ccp.code, ccp.intitule])
            for ccs in m.ccss:
                lignes["ccs.csv"].append([titre.code, m.version, ccs.code, ccs.intitule])
            for e in m.epreuves:
                lignes["epreuves.csv"].append(
                    [
                        titre.code,
                        m.version,
                        str(e.ordre),
                        e.type,
                        e.libelle,
                        str(e.duree_minutes),
                        _oui_non(e.collective),
                        _oui_non(e.avec_jury),
                        _oui_non(e.pour_session_titre),
                        ", ".join(str(n) for n in e.ccps),
                        _oui_non(e.duree_demo),
                    ]
                )
    return {nom: _csv(TABLES[nom], lignes[nom]) for nom in TABLES}


def document_vers_zip(document: DocumentReferentiel) -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as archive:
        for nom, contenu in document_vers_tables(document).items():
            archive.writestr(nom, contenu)
    return tampon.getvalue()


def _oui_non(valeur: bool) -> str:
    return "oui" if valeur else "non"


_DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def _neutraliser(cellule: str) -> str:
    """A cell a spreadsheet would run as a formula is written behind an apostrophe (OWASP CSV injection)."""
    return f"'{cellule}" if cellule.startswith(_DEBUTS_DE_FORMULE) else cellule


def _restaurer(cellule: str) -> str:
    """The reverse of ``_neutraliser``, so an exported file imports back unchanged."""
    if cellule.startswith("'") and cellule[1:].startswith(_DEBUTS_DE_FORMULE):
        return cellule[1:]
    return cellule


def _csv(entete: tuple[str, ...], lignes: list[list[str]]) -> bytes:
    tampon = io.StringIO(newline="")
    ecrivain = csv.writer(tampon, delimiter=SEPARATEUR, lineterminator="\r\n")
    ecrivain.writerow(entete)
    ecrivain.writerows([_neutraliser(cellule) for cellule in ligne] for ligne in lignes)
    return tampon.getvalue().encode("utf-8-sig")


# Reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ligne:
    fichier: str
    numero: int
    cellules: dict[str, Any]


class _Origines:
    """Where each JSON path of the rebuilt document came from: file and line."""

    def __init__(self) -> None:
        self.lignes: dict[str, tuple[str, int]] = {}

    def noter(self, chemin: str, ligne: _Ligne) -> None:
        self.lignes[chemin] = (ligne.fichier, ligne.numero)

    def nommer(self, chemin: str) -> str:
        """``titres[0].millesimes[1].version`` → ``millesimes.csv, ligne 3, colonne version``."""
        prefixe = max(
            (p for p in self.lignes if chemin == p or chemin.startswith((f"{p}.", f"{p}["))),
            key=len,
            default=None,
        )
        if prefixe is None:
            return chemin
        fichier, numero = self.lignes[prefixe]
        lieu = f"{fichier}, ligne {numero}"
        reste = _CHAMP.match(chemin[len(prefixe) :])
        if reste is None:
            return lieu
        champ = reste.group(1)
        return f"{lieu}, colonne {champ}" if champ in TABLES[fichier] else f"{lieu} ({champ})"


def tables_vers_document(tables: Mapping[str, bytes | str]) -> DocumentReferentiel:
    """Reads the CSV tables (file name → content); ``DocumentInvalide`` lists every error."""
    erreurs: list[Erreur] = []
    lues: dict[str, list[_Ligne]] = {}
    for nom in tables:
        if nom not in TABLES:
            erreurs.append(Erreur(nom, f"fichier inattendu (fichiers lus : {', '.join(TABLES)})."))
    if "titres.csv" not in tables:
        erreurs.append(Erreur("titres.csv", "fichier manquant."))
    for nom in TABLES:
        if nom in tables:
            lues[nom] = list(_lire_table(nom, tables[nom], erreurs))

    donnees, origines = _imbriquer(lues, erreurs)
    verificateur = Verificateur(nommer=origines.nommer)
    document = verificateur.document(donnees)
    erreurs.extend(Erreur(origines.nommer(e.emplacement), e.message) for e in verificateur.erreurs)
    if erreurs or document is None:
        raise DocumentInvalide(_par_fichier_et_ligne(erreurs) or [Erreur("", "tables illisibles.")])
    return document


def zip_vers_document(contenu: bytes) -> DocumentReferentiel:
    """Reads the CSV tables from a zip (any folder inside it; other files are ignored)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(contenu))
    except zipfile.BadZipFile:
        raise DocumentInvalide([Erreur("", "l'archive zip est illisible.")]) from None
    with archive:
        membres = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")]
        if sum(m.file_size for m in membres) > TAILLE_MAX_ZIP:
            raise DocumentInvalide([Erreur("", "l'archive est trop volumineuse une fois décompressée.")])
        tables = {m.filename.rsplit("/", 1)[-1]: archive.read(m) for m in membres}
    return tables_vers_document(tables)


def _lire_table(nom: str, contenu: bytes | str, erreurs: list[Erreur]) -> Iterator[_Ligne]:
    if isinstance(contenu, bytes):
        try:
            contenu = contenu.decode("utf-8-sig")
        except UnicodeDecodeError:
            erreurs.append(Erreur(nom, "le fichier n'est pas encodé en UTF-8 (enregistrez-le en « CSV UTF-8 »)."))
            return
    contenu = contenu.removeprefix("\ufeff")
    lecteur = csv.reader(io.StringIO(contenu, newline=""), delimiter=SEPARATEUR)
    try:
        entete = [colonne.strip() for colonne in next(lecteur)]
    except StopIteration:
        erreurs.append(Erreur(nom, "fichier vide : la ligne d'en-tête est attendue."))
        return
    colonnes = TABLES[nom]
    entete_valide = True
    for colonne in entete:
        if colonne not in colonnes:
            entete_valide = False
            message = f"colonne inconnue « {colonne} » (colonnes permises : {', '.join(colonnes)})."
            if SEPARATEUR not in contenu.split("\n", 1)[0]:
                message += " Le séparateur attendu est le point-virgule."
            erreurs.append(Erreur(f"{nom}, ligne 1", message))
    for colonne in COLONNES_OBLIGATOIRES[nom]:
        if colonne not in entete:
            entete_valide = False
            erreurs.append(Erreur(f"{nom}, ligne 1", f"colonne obligatoire manquante « {colonne} »."))
    if not entete_valide:
        return  # Every line would repeat the header's error.
    debut = lecteur.line_num + 1
    for cellules in lecteur:
        if any(cellule.strip() for cellule in cellules):
            if len(cellules) > len(entete):
                erreurs.append(
                    Erreur(
                        f"{nom}, ligne {debut}",
                        f"{len(cellules)} cellules pour {len(entete)} colonnes (un point-virgule de trop ?).",
                    )
                )
            else:
                valeurs = {
                    colonne: _valeur(colonne, _restaurer(cellule.strip()))
                    for colonne, cellule in zip(entete, cellules, strict=False)
                    if cellule.strip()
                }
                yield _Ligne(nom, debut, valeurs)
        debut = lecteur.line_num + 1


def _valeur(colonne: str, cellule: str) -> Any:
    """The JSON value of a cell; a cell that does not convert is kept as text, and the check says why."""
    if colonne in _ENTIERS and _ENTIER.fullmatch(cellule):
        return int(cellule)
    if colonne in _BOOLEENS:
        minuscule = cellule.lower()
        if minuscule in _VRAI:
            return True
        if minuscule in _FAUX:
            return False
    if colonne in _DATES and (date := _DATE_FR.fullmatch(cellule)):
        jour, mois, annee = date.groups()
        return f"{annee}-{int(mois):02d}-{int(jour):02d}"
    if colonne == "ccps":
        return [int(n) if _ENTIER.fullmatch(n) else n for n in re.split(r"[\s,]+", cellule) if n]
    return cellule


def _imbriquer(lues: dict[str, list[_Ligne]], erreurs: list[Erreur]) -> tuple[dict[str, Any], _Origines]:
    """Rebuilds the nested JSON data from the rows, noting the origin of each object."""
    origines = _Origines()
    titres: list[dict[str, Any]] = []
    par_code: dict[str, tuple[str, dict[str, Any]]] = {}
    for ligne in lues.get("titres.csv", []):
        chemin = f"titres[{len(titres)}]"
        titre = {**ligne.cellules, "millesimes": []}
        titres.append(titre)
        origines.noter(chemin, ligne)
        code = ligne.cellules.get("code")
        if isinstance(code, str) and code not in par_code:
            par_code[code] = (chemin, titre)

    par_version: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    for ligne in lues.get("millesimes.csv", []):
        parent = _parent(ligne, "titre", par_code, erreurs, "titres.csv")
        if parent is None:
            continue
        chemin_titre, titre = parent
        cellules = {k: v for k, v in ligne.cellules.items() if k != "titre"}
        chemin = f"{chemin_titre}.millesimes[{len(titre['millesimes'])}]"
        millesime: dict[str, Any] = {**cellules, "ccps": [], "ccss": [], "epreuves": []}
        titre["millesimes"].append(millesime)
        origines.noter(chemin, ligne)
        cle = (str(ligne.cellules["titre"]), str(cellules.get("version", "")))
        par_version.setdefault(cle, (chemin, millesime))

    for fichier, liste in (("ccp.csv", "ccps"), ("ccs.csv", "ccss"), ("epreuves.csv", "epreuves")):
        for ligne in lues.get(fichier, []):
            parent_millesime = _millesime_parent(ligne, par_version, erreurs)
            if parent_millesime is None:
                continue
            chemin_millesime, millesime = parent_millesime
            cellules = {k: v for k, v in ligne.cellules.items() if k not in ("titre", "millesime")}
            origines.noter(f"{chemin_millesime}.{liste}[{len(millesime[liste])}]", ligne)
            millesime[liste].append(cellules)

    return {"format": "titrepro-referentiel", "version": 1, "titres": titres}, origines


def _parent(
    ligne: _Ligne, colonne: str, index: dict[str, tuple[str, dict[str, Any]]], erreurs: list[Erreur], table: str
) -> tuple[str, dict[str, Any]] | None:
    valeur = ligne.cellules.get(colonne)
    lieu = f"{ligne.fichier}, ligne {ligne.numero}, colonne {colonne}"
    if valeur is None:
        erreurs.append(Erreur(lieu, "champ obligatoire manquant."))
        return None
    if str(valeur) not in index:
        erreurs.append(Erreur(lieu, f"le titre « {valeur} » est absent de {table}."))
        return None
    return index[str(valeur)]


def _millesime_parent(
    ligne: _Ligne, index: dict[tuple[str, str], tuple[str, dict[str, Any]]], erreurs: list[Erreur]
) -> tuple[str, dict[str, Any]] | None:
    titre, version = ligne.cellules.get("titre"), ligne.cellules.get("millesime")
    for colonne, valeur in (("titre", titre), ("millesime", version)):
        if valeur is None:
            erreurs.append(
                Erreur(f"{ligne.fichier}, ligne {ligne.numero}, colonne {colonne}", "champ obligatoire manquant.")
            )
    if titre is None or version is None:
        return None
    if (str(titre), str(version)) not in index:
        erreurs.append(
            Erreur(
                f"{ligne.fichier}, ligne {ligne.numero}, colonne millesime",
                f"le millésime « {version} » du titre « {titre} » est absent de millesimes.csv.",
            )
        )
        return None
    return index[(str(titre), str(version))]


def _par_fichier_et_ligne(erreurs: list[Erreur]) -> list[Erreur]:
    """Errors in file order then line order, so they read along the tables."""
    ordre_fichiers = {nom: i for i, nom in enumerate(TABLES)}

    def cle(erreur: Erreur) -> tuple[int, int]:
        fichier, _, reste = erreur.emplacement.partition(", ligne ")
        numero = re.match(r"\d+", reste)
        return ordre_fichiers.get(fichier, -1), int(numero.group()) if numero else 0

    return sorted(erreurs, key=cle)
