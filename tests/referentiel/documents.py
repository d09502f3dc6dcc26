"""Référentiel documents for the tests: a small valid one, to copy and break on purpose."""

from __future__ import annotations

import copy
from typing import Any

_VALIDE: dict[str, Any] = {
    "format": "titrepro-referentiel",
    "version": 1,
    "titres": [
        {
            "code": "TP-80001",
            "intitule": "Titre d'essai du bâtiment",
            "rncp": "RNCP80001",
            "niveau": 5,
            "secteur": "BTP",
            "transport": False,
            "millesimes": [
                {
                    "version": "01",
                    "date_effet": "2020-01-01",
                    "fin_validite": "2025-03-15",
                    "arrete": "Arrêté d'essai",
                    "duree_lecture_dossier": 20,
                    "donnees_demo": True,
                    "ccps": [
                        {"numero": 1, "code": "", "intitule": "Activité type 1"},
                        {"numero": 2, "code": "", "intitule": "Activité type 2"},
                    ],
                    "ccss": [{"code": "CCS-1", "intitule": "Spécialisation d'essai"}],
                    "epreuves": [
                        {
                            "ordre": 1,
                            "type": "questionnaire_professionnel",
                            "libelle": "Questionnaire",
                            "duree_minutes": 45,
                            "collective": True,
                            "avec_jury": False,
                            "pour_session_titre": True,
                            "ccps": [1, 2],
                            "duree_demo": True,
                        },
                        {
                            "ordre": 2,
                            "type": "mise_en_situation_professionnelle",
                            "libelle": "Mise en situation",
                            "duree_minutes": 165,
                            "collective": False,
                            "avec_jury": True,
                            "pour_session_titre": True,
                            "ccps": [1],
                            "duree_demo": False,
                        },
                        {
                            "ordre": 3,
                            "type": "entretien_final",
                            "libelle": "Entretien final",
                            "duree_minutes": 20,
                            "collective": False,
                            "avec_jury": True,
                            "pour_session_titre": True,
                            "ccps": [],
                            "duree_demo": False,
                        },
                    ],
                },
            ],
        },
        {
            "code": "TP-80002",
            "intitule": "Conducteur d'essai",
            "rncp": "",
            "niveau": 3,
            "secteur": "tertiaire",
            "transport": True,
            "millesimes": [
                {
                    "version": "02",
                    "date_effet": "2024-12-31",
                    "fin_validite": "2029-12-31",
                    "arrete": "",
                    "duree_lecture_dossier": 0,
                    "donnees_demo": False,
                    "ccps": [],
                    "ccss": [],
                    "epreuves": [
                        {
                            "ordre": 1,
                            "type": "mise_en_situation_professionnelle",
                            "libelle": "",
                            "duree_minutes": 120,
                            "collective": False,
                            "avec_jury": True,
                            "pour_session_titre": True,
                            "ccps": [],
                            "duree_demo": False,
                        }
                    ],
                }
            ],
        },
    ],
}


def document_valide() -> dict[str, Any]:
    """A fresh copy: tests may change it."""
    return copy.deepcopy(_VALIDE)


def epreuve(donnees: dict[str, Any], titre: int = 0, millesime: int = 0, rang: int = 0) -> dict[str, Any]:
    return donnees["titres"][titre]["millesimes"][millesime]["epreuves"][rang]
