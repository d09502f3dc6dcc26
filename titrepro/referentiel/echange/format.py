"""The exchange format of the référentiel, as typed, immutable dataclasses.

A document is a JSON object::

    {"format": "titrepro-referentiel", "version": 1, "titres": [...]}

Each titre holds its millésimes; each millésime its CCP, CCS and épreuves. An
épreuve names the CCP it is taken for (session CCP) by their ``numero``. The
same content travels as CSV tables (see ``tableaux``). Each field is described
in the package docstring (``titrepro/referentiel/echange/__init__.py``).

No Django here: the format is read and checked without the database, and the
service ``titrepro.referentiel.services`` writes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FORMAT = "titrepro-referentiel"
VERSION = 1

SECTEURS = ("BTP", "industrie", "tertiaire")
"""Same values as ``referentiel.models.Secteur`` (a test keeps them equal)."""

TYPES_EPREUVE = (
    "mise_en_situation_professionnelle",
    "presentation_projet",
    "entretien_technique",
    "questionnaire_professionnel",
    "questionnaire_production",
    "entretien_final",
    "autre",
)
"""Same values as ``referentiel.models.TypeEpreuve`` (a test keeps them equal)."""

ENTRETIEN_FINAL = "entretien_final"

NIVEAU_MIN, NIVEAU_MAX = 3, 7
"""Nomenclature des niveaux de 2019: the titres professionnels go from 3 to 7."""

DUREE_MAX_MINUTES = 24 * 60
"""An épreuve lasts less than a day; a longer one is a typing error (hours for minutes)."""

LECTURE_MAX_MINUTES = 8 * 60

NUMERO_MAX = 32767
"""Largest numéro/ordre the database stores (PositiveSmallIntegerField)."""

LONGUEURS = {
    "titre.code": 20,
    "titre.intitule": 250,
    "titre.rncp": 20,
    "millesime.version": 20,
    "millesime.arrete": 250,
    "ccp.code": 30,
    "ccp.intitule": 300,
    "ccs.code": 30,
    "ccs.intitule": 300,
    "epreuve.libelle": 300,
}
"""Maximum lengths, equal to the model fields' ``max_length`` (a test keeps them equal)."""


@dataclass(frozen=True)
class CCPEchange:
    numero: int
    intitule: str
    code: str = ""


@dataclass(frozen=True)
class CCSEchange:
    code: str
    intitule: str


@dataclass(frozen=True)
class EpreuveEchange:
    ordre: int
    type: str
    duree_minutes: int
    libelle: str = ""
    collective: bool = False
    avec_jury: bool = True
    pour_session_titre: bool = True
    ccps: tuple[int, ...] = ()
    """Numéros of the CCP this épreuve is taken for in a session CCP."""
    duree_demo: bool = False
    """The duration was invented for the demonstration (no public source)."""


@dataclass(frozen=True)
class MillesimeEchange:
    version: str
    date_effet: dt.date
    fin_validite: dt.date
    arrete: str = ""
    duree_lecture_dossier: int = 0
    donnees_demo: bool = False
    ccps: tuple[CCPEchange, ...] = ()
    ccss: tuple[CCSEchange, ...] = ()
    epreuves: tuple[EpreuveEchange, ...] = ()


@dataclass(frozen=True)
class TitreEchange:
    code: str
    intitule: str
    niveau: int
    secteur: str
    rncp: str = ""
    transport: bool = False
    millesimes: tuple[MillesimeEchange, ...] = ()


@dataclass(frozen=True)
class DocumentReferentiel:
    titres: tuple[TitreEchange, ...] = ()


@dataclass(frozen=True)
class Erreur:
    """One problem in a document: where (a JSON path or a CSV file and line) and what, in French."""

    emplacement: str
    message: str

    def __str__(self) -> str:
        return f"{self.emplacement} : {self.message}" if self.emplacement else self.message


class DocumentInvalide(ValueError):
    """The document has errors; ``erreurs`` lists every one of them, in document order."""

    def __init__(self, erreurs: list[Erreur]) -> None:
        self.erreurs = erreurs
        pluriel = "s" if len(erreurs) > 1 else ""
        super().__init__(f"{len(erreurs)} erreur{pluriel} dans le référentiel.")
