"""CAN-DOUBLON — is this the same person? Normalisation, blocking keys and scoring. Pure: no Django.

Shared by the candidate form, the API and the imports (through
``titrepro.personnes.services.doublons_rechercher``), and by the benchmark in ``bench/``.

Two steps, so that a lookup stays fast at a million records:

1. **Blocking** — only a few records are read from the database: those born on the same
   day or with day and month swapped (index on ``date_naissance``), and those with the
   same phonetic identity key (``cle_identite``: phonetic birth or usage name + phonetic
   first given name, indexed) to catch a mistyped birth date.
2. **Scoring** — each of those is compared with the person being created: accents, case,
   hyphens, spaces and apostrophes are ignored; particles (« de », « le », « van »…) are
   optional; compound first names and compound surnames match their parts; birth and usage
   names are crossed; surname and first names may be swapped; one or two typos are
   tolerated depending on the length. A different birth date that is not a day/month swap
   or a single mistyped digit means a different person: true homonyms are not flagged.

Source: 001 « La création de la fiche candidat » (« S'assurer que le candidat ne possède
pas déjà une fiche ») and « en faisant attention aux homonymies ou presque homonymie ».
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

CODE_REGLE = "CAN-DOUBLON"

SEUIL_PROBABLE = 0.85
"""From this score the match is shown as « doublon probable »; below, not at all."""

PARTICULES = frozenset({"DE", "DU", "DES", "D", "LA", "LE", "LES", "L", "VAN", "VON", "DER", "DEN", "DI", "DA"})
PARTICULES |= frozenset({"DOS", "DAS", "DEL", "DELLA", "Y"})

_REMPLACEMENTS = {"Œ": "OE", "Æ": "AE", "ß": "SS", "œ": "OE", "æ": "AE"}
_SAINTS = {"ST": "SAINT", "STE": "SAINTE"}
_NON_LETTRES = re.compile(r"[^A-Z]+")


def sans_accents(texte: str) -> str:
    for avant, apres in _REMPLACEMENTS.items():
        texte = texte.replace(avant, apres)
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c))


@functools.lru_cache(maxsize=100_000)
def mots(texte: str) -> tuple[str, ...]:
    """Upper-case words without accents, hyphens, apostrophes or punctuation; « St » spelled « SAINT ».

    Cached (like the comparisons below): a lookup compares one person with a hundred records,
    and the same names come back from one lookup to the next.
    """
    brut = _NON_LETTRES.sub(" ", sans_accents(texte).upper()).split()
    return tuple(_SAINTS.get(mot, mot) for mot in brut)


def normaliser(texte: str) -> str:
    """The searchable form: « Dupont-Martin » → « DUPONT MARTIN », « Élodie » → « ELODIE »."""
    return " ".join(mots(texte))


@functools.lru_cache(maxsize=100_000)
def compact(texte: str) -> str:
    """Words glued together, without particles (kept if the name is only particles)."""
    tous = mots(texte)
    utiles = [m for m in tous if m not in PARTICULES]
    return "".join(utiles or tous)


@functools.lru_cache(maxsize=100_000)
def _formes(texte: str) -> frozenset[str]:
    """The spellings a name may take: glued, with or without its leading particles, or with none."""
    tous = mots(texte)
    formes = {"".join(tous), compact(texte)}
    for rang in range(1, len(tous)):
        if tous[rang - 1] not in PARTICULES:
            break
        formes.add("".join(tous[rang:]))
    return frozenset(f for f in formes if f)


# --------------------------------------------------------------------- phonetic key (blocking only)

_SUBSTITUTIONS_INITIALES = (
    ("GUI", "KI"),
    ("GUE", "KE"),
    ("GA", "KA"),
    ("GO", "KO"),
    ("GU", "K"),
    ("CA", "KA"),
    ("CO", "KO"),
    ("CU", "KU"),
    ("QU", "K"),
    ("Q", "K"),
    ("CC", "K"),
    ("CK", "K"),
    ("PH", "F"),
    ("SCH", "CH"),
    ("EAU", "O"),
    ("AU", "O"),
    ("AI", "E"),
    ("EI", "E"),
    ("OU", "U"),
    ("Y", "I"),
    ("W", "V"),
    ("Z", "S"),
    ("TH", "T"),
    ("BV", "V"),
    ("CE", "SE"),
    ("CI", "SI"),
    ("GE", "JE"),
    ("GI", "JI"),
    ("C", "K"),
    ("D", "T"),
    ("B", "P"),
    ("MM", "M"),
    ("NN", "N"),
)
_VOYELLES = set("AEIOU")


@functools.lru_cache(maxsize=100_000)
def phonetique(texte: str) -> str:
    """A coarse French phonetic code (in the spirit of Soundex 2), 6 letters at most, for blocking."""
    mot = compact(texte)
    if not mot:
        return ""
    for avant, apres in _SUBSTITUTIONS_INITIALES:
        mot = mot.replace(avant, apres)
    premiere, reste = mot[0], mot[1:]
    reste = reste.replace("H", "")
    reste = "".join("A" if c in _VOYELLES else c for c in reste)
    reste = re.sub(r"[ADTSX]+$", "", reste)
    reste = reste.replace("A", "")
    code = premiere
    for lettre in reste:
        if lettre != code[-1]:
            code += lettre
    return code[:6]


def premier_prenom(prenoms: str) -> str:
    liste = mots(prenoms)
    return liste[0] if liste else ""


def cles_identite(nom: str, prenoms: str) -> str:
    """Blocking key of a (name, first given name) pair: « MRTN:JN »."""
    if not nom.strip() or not prenoms.strip():
        return ""
    return f"{phonetique(nom)}:{phonetique(premier_prenom(prenoms))}"


# --------------------------------------------------------------------- dates


def date_inversee(jour: dt.date) -> dt.date | None:
    """The date with day and month swapped, when that is another valid date."""
    if jour.day > 12 or jour.day == jour.month:
        return None
    return dt.date(jour.year, jour.day, jour.month)


def dates_a_chercher(jour: dt.date) -> tuple[dt.date, ...]:
    inversee = date_inversee(jour)
    return (jour,) if inversee is None else (jour, inversee)


def annees_voisines(jour: dt.date) -> tuple[dt.date, ...]:
    """The same day and month in the years one mistyped or swapped digit away (« 1996 » → 1986, 1969, 1997…)."""
    annee = f"{jour.year:04d}"
    voisines: set[int] = set()
    for rang in range(4):
        for chiffre in "0123456789":
            voisines.add(int(annee[:rang] + chiffre + annee[rang + 1 :]))
        if rang < 3:
            voisines.add(int(annee[:rang] + annee[rang + 1] + annee[rang] + annee[rang + 2 :]))
    dates = []
    for autre in sorted(voisines - {jour.year}):
        if 1900 <= autre <= 2100:
            try:
                dates.append(jour.replace(year=autre))
            except ValueError:  # 29 February
                continue
    return tuple(dates)


def _une_faute(a: int, b: int, largeur: int) -> bool:
    """Same number but for one mistyped or two swapped digits (« 1995 » / « 1996 », « 1959 »)."""
    return OSA.distance(f"{a:0{largeur}d}", f"{b:0{largeur}d}") == 1


def _f(jour: dt.date) -> str:
    return jour.strftime("%d/%m/%Y")


def comparer_dates(a: dt.date, b: dt.date) -> tuple[float, str]:
    if a == b:
        return 1.0, "même date de naissance"
    if date_inversee(a) == b:
        return 0.9, f"date de naissance avec jour et mois inversés : {_f(a)} / {_f(b)}"
    differences = sum((a.day != b.day, a.month != b.month, a.year != b.year))
    if differences == 1 and (
        _une_faute(a.day, b.day, 2) or _une_faute(a.month, b.month, 2) or _une_faute(a.year, b.year, 4)
    ):
        return 0.7, f"date de naissance à un chiffre près : {_f(a)} / {_f(b)}"
    return 0.0, ""


# --------------------------------------------------------------------- names


def fautes_tolerees(longueur: int) -> int:
    """Typos tolerated in a name of this length: none up to 3 letters, 1 up to 5, 2 beyond."""
    if longueur <= 3:
        return 0
    if longueur <= 5:
        return 1
    return 2


@dataclass(frozen=True)
class Proximite:
    score: float
    nature: str  # "identique", "graphie", "partie", "faute", ""


AUCUNE = Proximite(0.0, "")


@functools.lru_cache(maxsize=100_000)
def comparer_noms(a: str, b: str) -> Proximite:
    """How close two surnames (or first-name lists) are, ignoring writing differences."""
    if not a.strip() or not b.strip():
        return AUCUNE
    if a.strip() == b.strip():
        return Proximite(1.0, "identique")
    formes_a, formes_b = _formes(a), _formes(b)
    if formes_a & formes_b:
        return Proximite(1.0, "graphie")
    mots_a = {m for m in mots(a) if m not in PARTICULES}
    mots_b = {m for m in mots(b) if m not in PARTICULES}
    if mots_a and mots_b and (mots_a <= mots_b or mots_b <= mots_a):
        return Proximite(0.9, "partie")
    ca, cb = compact(a), compact(b)
    distance = OSA.distance(ca, cb)
    # Tolerance from the longer spelling: « RBRT » is « ROBERT » with two letters dropped.
    if 0 < distance <= fautes_tolerees(max(len(ca), len(cb))):
        return Proximite(1.0 - 0.06 * distance, "faute")
    return AUCUNE


@functools.lru_cache(maxsize=100_000)
def comparer_prenoms(a: str, b: str) -> Proximite:
    """First names: the whole list, its first name alone, compound names (« Jean-Baptiste »)."""
    complet = comparer_noms(a, b)
    if complet.score >= 0.9:
        return complet
    mots_a, mots_b = mots(a), mots(b)
    if not mots_a or not mots_b:
        return AUCUNE
    # « Jean Baptiste Louis » / « Jean-Baptiste » : one list starts with the other.
    court, long = sorted((mots_a, mots_b), key=len)
    if long[: len(court)] == court:
        return Proximite(0.95, "partie")
    premier = comparer_noms(mots_a[0], mots_b[0])
    if premier.score >= 0.88:
        return Proximite(min(premier.score, 0.9), "faute" if premier.nature == "faute" else "partie")
    return complet


# --------------------------------------------------------------------- the comparison


@dataclass(frozen=True)
class Identite:
    """What is compared: the état civil of a candidate (existing or about to be created)."""

    nom_naissance: str
    prenoms: str
    date_naissance: dt.date
    nom_usage: str = ""
    lieu_naissance: str = ""
    ident: int | None = None
    """The record's id, for an existing one."""


@dataclass(frozen=True)
class Correspondance:
    """A probable duplicate, with its score (0–1) and the French reasons."""

    ident: int | None
    score: float
    raisons: tuple[str, ...]

    @property
    def raison(self) -> str:
        return ", ".join(self.raisons)


def _libelle_nom(nature: str, quoi: str, a: str, b: str) -> str:
    if nature == "identique":
        return f"même {quoi}"
    if nature == "graphie":
        return f"{quoi} proche : {a} / {b}"
    if nature == "partie":
        return f"{quoi} composé en partie commun : {a} / {b}"
    return f"{quoi} proche (faute de frappe ?) : {a} / {b}"


def _meilleur_nom(a: Identite, b: Identite) -> tuple[Proximite, str]:
    paires = [(a.nom_naissance, b.nom_naissance, False)]
    if b.nom_usage:
        paires.append((a.nom_naissance, b.nom_usage, True))
    if a.nom_usage:
        paires.append((a.nom_usage, b.nom_naissance, True))
        if b.nom_usage:
            paires.append((a.nom_usage, b.nom_usage, False))
    meilleur, libelle = AUCUNE, ""
    for x, y, croise in paires:
        proximite = comparer_noms(x, y)
        if proximite.score > meilleur.score:
            meilleur = proximite
            if croise:
                libelle = f"nom de naissance et nom d'usage croisés : {x} / {y}"
            else:
                libelle = _libelle_nom(proximite.nature, "nom", x, y)
    return meilleur, libelle


def comparer(a: Identite, b: Identite) -> Correspondance | None:
    """``None`` when ``b`` is not a probable duplicate of ``a``; else the score and the reasons."""
    score_date, raison_date = comparer_dates(a.date_naissance, b.date_naissance)
    if score_date == 0.0:
        return None
    nom, raison_nom = _meilleur_nom(a, b)
    prenom = comparer_prenoms(a.prenoms, b.prenoms)
    raison_prenom = _libelle_nom(prenom.nature, "prénom", a.prenoms, b.prenoms) if prenom.score else ""
    inverse = False
    if nom.score < 0.85 or prenom.score < 0.85:
        # Surname and first names swapped on one of the records.
        nom_inv = max(comparer_noms(a.nom_naissance, b.prenoms), comparer_noms(a.nom_usage, b.prenoms), key=_score)
        prenom_inv = comparer_prenoms(a.prenoms, b.nom_naissance)
        if min(nom_inv.score, prenom_inv.score) > min(nom.score, prenom.score):
            nom, prenom, inverse = nom_inv, prenom_inv, True
    if nom.score < 0.85 or prenom.score < 0.85:
        return None
    meme_lieu = bool(a.lieu_naissance and b.lieu_naissance) and compact(a.lieu_naissance) == compact(b.lieu_naissance)
    if score_date < 0.9 and not (meme_lieu and nom.score >= 0.94 and prenom.score >= 0.94):
        # A mistyped birth date is only believed with the same birthplace and (nearly) the same names.
        return None
    score = round(0.4 * score_date + 0.35 * nom.score + 0.25 * prenom.score, 3)
    if score < SEUIL_PROBABLE:
        return None
    raisons = [raison_date]
    if inverse:
        raisons.append(
            f"nom et prénom inversés : {a.nom_naissance} {a.prenoms} / {b.nom_naissance} {b.prenoms}".strip()
        )
    else:
        raisons += [r for r in (raison_nom, raison_prenom) if r]
    if meme_lieu:
        raisons.append("même lieu de naissance")
    return Correspondance(b.ident, score, tuple(raisons))


def _score(proximite: Proximite) -> float:
    return proximite.score


def classer(personne: Identite, existantes: Iterable[Identite], limite: int = 10) -> list[Correspondance]:
    """The probable duplicates of ``personne`` among ``existantes``, best first."""
    trouvees = [c for c in (comparer(personne, e) for e in existantes if e.ident != personne.ident) if c]
    trouvees.sort(key=lambda c: (-c.score, c.ident or 0))
    return trouvees[:limite]


def cles_de_recherche(personne: Identite) -> tuple[tuple[dt.date, ...], tuple[str, ...]]:
    """What to read from the database: the birth dates, and the identity keys (both names, swapped too)."""
    cles = {
        cles_identite(personne.nom_naissance, personne.prenoms),
        cles_identite(personne.nom_usage, personne.prenoms),
    }
    return dates_a_chercher(personne.date_naissance), tuple(sorted(c for c in cles if c))


def doublons_dans_la_liste(personnes: Sequence[Identite]) -> dict[int, list[tuple[int, Correspondance]]]:
    """Duplicates inside one list (an import file): position → earlier positions it matches."""
    par_date: dict[dt.date, list[int]] = {}
    for rang, personne in enumerate(personnes):
        for jour in dates_a_chercher(personne.date_naissance):
            par_date.setdefault(jour, []).append(rang)
    resultat: dict[int, list[tuple[int, Correspondance]]] = {}
    for rang, personne in enumerate(personnes):
        voisins = sorted(
            {r for j in dates_a_chercher(personne.date_naissance) for r in par_date.get(j, []) if r < rang}
        )
        for autre in voisins:
            correspondance = comparer(personne, personnes[autre])
            if correspondance is not None:
                resultat.setdefault(rang, []).append((autre, correspondance))
    return resultat
