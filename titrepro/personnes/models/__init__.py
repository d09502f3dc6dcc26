"""Candidates and jury members, and what hangs off them (parcours, addresses, habilitations, links, imports)."""

from titrepro.personnes.models.candidats import (
    Adresse,
    Candidat,
    CCPAcquis,
    CCSAcquis,
    ConfirmationAdresse,
    ConfirmationAutrePersonne,
    DemandeAmenagement,
    EtatAmenagement,
    Formation,
    MomentAdresse,
    Sexe,
    StatutFormation,
    lire_date,
)
from titrepro.personnes.models.imports import EtatImport, ImportPersonnes, NatureImport
from titrepro.personnes.models.jury import (
    Disponibilite,
    EtatHabilitation,
    Habilitation,
    LienJury,
    MembreJury,
    NatureLien,
)

__all__ = [
    "Adresse",
    "CCPAcquis",
    "CCSAcquis",
    "Candidat",
    "ConfirmationAdresse",
    "ConfirmationAutrePersonne",
    "DemandeAmenagement",
    "Disponibilite",
    "EtatAmenagement",
    "EtatHabilitation",
    "EtatImport",
    "Formation",
    "Habilitation",
    "ImportPersonnes",
    "LienJury",
    "MembreJury",
    "MomentAdresse",
    "NatureImport",
    "NatureLien",
    "Sexe",
    "StatutFormation",
    "lire_date",
]
