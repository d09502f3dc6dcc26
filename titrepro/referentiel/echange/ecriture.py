"""Write a document back to the JSON format: ``lire_document(document_vers_donnees(d)) == d``."""

from __future__ import annotations

import json
from typing import Any

from titrepro.referentiel.echange.format import (
    FORMAT,
    VERSION,
    DocumentReferentiel,
    EpreuveEchange,
    MillesimeEchange,
    TitreEchange,
)


def document_vers_donnees(document: DocumentReferentiel) -> dict[str, Any]:
    """The JSON-ready dict of the document; every field is written, in the documented order."""
    return {"format": FORMAT, "version": VERSION, "titres": [_titre(titre) for titre in document.titres]}


def document_vers_json(document: DocumentReferentiel) -> str:
    """Indented UTF-8 JSON (accents kept as is), ending with a newline: readable and diff-friendly."""
    return json.dumps(document_vers_donnees(document), ensure_ascii=False, indent=2) + "\n"


def _titre(titre: TitreEchange) -> dict[str, Any]:
    return {
        "code": titre.code,
        "intitule": titre.intitule,
        "rncp": titre.rncp,
        "niveau": titre.niveau,
        "secteur": titre.secteur,
        "transport": titre.transport,
        "millesimes": [_millesime(millesime) for millesime in titre.millesimes],
    }


def _millesime(millesime: MillesimeEchange) -> dict[str, Any]:
    return {
        "version": millesime.version,
        "date_effet": millesime.date_effet.isoformat(),
        "fin_validite": millesime.fin_validite.isoformat(),
        "arrete": millesime.arrete,
        "duree_lecture_dossier": millesime.duree_lecture_dossier,
        "donnees_demo": millesime.donnees_demo,
        "ccps": [{"numero": ccp.numero, "code": ccp.code, "intitule": ccp.intitule} for ccp in millesime.ccps],
        "ccss": [{"code": ccs.code, "intitule": ccs.intitule} for ccs in millesime.ccss],
        "epreuves": [_epreuve(epreuve) for epreuve in millesime.epreuves],
    }


def _epreuve(epreuve: EpreuveEchange) -> dict[str, Any]:
    return {
        "ordre": epreuve.ordre,
        "type": epreuve.type,
        "libelle": epreuve.libelle,
        "duree_minutes": epreuve.duree_minutes,
        "collective": epreuve.collective,
        "avec_jury": epreuve.avec_jury,
        "pour_session_titre": epreuve.pour_session_titre,
        "ccps": list(epreuve.ccps),
        "duree_demo": epreuve.duree_demo,
    }
