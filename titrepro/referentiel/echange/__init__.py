"""Exchange format of the référentiel: JSON and CSV tables, read, checked and written without Django.

The JSON document (``"format": "titrepro-referentiel"``, ``"version": 1``)::

    {
      "format": "titrepro-referentiel",
      "version": 1,
      "titres": [
        {
          "code": "TP-01361",            # required, unique, 20 characters at most
          "intitule": "BIM modeleur du bâtiment",   # required
          "rncp": "RNCP39520",           # "" when unknown; else RNCP + digits, unique
          "niveau": 5,                   # required, 3 to 7 (nomenclature de 2019)
          "secteur": "BTP",              # required: BTP, industrie or tertiaire
          "transport": false,            # titre du transport (default false)
          "millesimes": [                # required (may be empty)
            {
              "version": "02",           # required, unique within the titre
              "date_effet": "2025-03-16",    # required, AAAA-MM-JJ
              "fin_validite": "2030-04-14",  # required, after date_effet
              "arrete": "Arrêté du …",   # default ""
              "duree_lecture_dossier": 20,   # minutes per candidate, 0 to 480 (default 0)
              "donnees_demo": true,      # some durations are invented (default false)
              "ccps": [{"numero": 1, "code": "", "intitule": "…"}],     # numero unique, ≥ 1
              "ccss": [{"code": "CCS-1", "intitule": "…"}],              # code unique
              "epreuves": [
                {
                  "ordre": 1,            # required, unique, ≥ 1
                  "type": "mise_en_situation_professionnelle",   # see TYPES_EPREUVE
                  "libelle": "…",        # default ""
                  "duree_minutes": 165,  # required, 1 to 1440
                  "collective": false,   # default false
                  "avec_jury": true,     # default true
                  "pour_session_titre": true,   # default true
                  "ccps": [1, 2],        # numéros of this millésime's CCP (session CCP)
                  "duree_demo": true     # invented duration (default false); needs donnees_demo
                }
              ]
            }
          ]
        }
      ]
    }

Rules checked besides the types: unknown fields are refused; at most one
entretien final per millésime, held with the jury, last of the session titre;
an épreuve is taken in a session titre or for at least one CCP.

The CSV tables carry the same content (see ``tableaux``). Entry points:
``lire_fichier`` (a ``.json`` or a ``.zip`` of tables), ``lire_json``,
``tables_vers_document``, ``document_vers_json``, ``document_vers_tables``.
"""

from __future__ import annotations

from titrepro.referentiel.echange.ecriture import document_vers_donnees, document_vers_json
from titrepro.referentiel.echange.format import (
    FORMAT,
    SECTEURS,
    TYPES_EPREUVE,
    VERSION,
    CCPEchange,
    CCSEchange,
    DocumentInvalide,
    DocumentReferentiel,
    EpreuveEchange,
    Erreur,
    MillesimeEchange,
    TitreEchange,
)
from titrepro.referentiel.echange.lecture import lire_document, lire_json, verifier
from titrepro.referentiel.echange.tableaux import (
    TABLES,
    document_vers_tables,
    document_vers_zip,
    tables_vers_document,
    zip_vers_document,
)


def lire_fichier(nom: str, contenu: bytes) -> DocumentReferentiel:
    """Reads an uploaded or given file by its extension: ``.json``, or ``.zip`` of the CSV tables."""
    extension = nom.lower().rsplit(".", 1)[-1] if "." in nom else ""
    if extension == "json":
        return lire_json(contenu)
    if extension == "zip":
        return zip_vers_document(contenu)
    raise DocumentInvalide([Erreur(nom, "fichier .json ou archive .zip des tables CSV attendu.")])


__all__ = [
    "FORMAT",
    "SECTEURS",
    "TABLES",
    "TYPES_EPREUVE",
    "VERSION",
    "CCPEchange",
    "CCSEchange",
    "DocumentInvalide",
    "DocumentReferentiel",
    "EpreuveEchange",
    "Erreur",
    "MillesimeEchange",
    "TitreEchange",
    "document_vers_donnees",
    "document_vers_json",
    "document_vers_tables",
    "document_vers_zip",
    "lire_document",
    "lire_fichier",
    "lire_json",
    "tables_vers_document",
    "verifier",
    "zip_vers_document",
]
