"""The annual programming (ORG-PROGRAMMATION) as PDF (WeasyPrint) and XLSX (openpyxl).

Called by the pages with the lines the user may see; the files are built in memory.
Cells that would start a formula are neutralised (CSV/XLSX formula injection).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from titrepro.organisations.models import LigneProgrammation, ProgrammationAnnuelle, TypeSession

ENTETES = [
    "Type de session",
    "Titre",
    "Code",
    "Millésime",
    "CCP visés",
    "Site",
    "Premier jour",
    "Dernier jour",
    "Candidats prévus",
]

ENTETES_SESSIONS = [
    "N° de session",
    "Nature",
    "Titre",
    "Code",
    "Millésime",
    "Site",
    "Premier jour",
    "Dernier jour",
    "État",
]
"""The real sessions of the year (issue 6), listed after the provisional lines; rows given by the caller."""


def _sur(valeur: str) -> str:
    return "'" + valeur if valeur[:1] in ("=", "+", "-", "@", "\t", "\r") else valeur


def _ligne(ligne: LigneProgrammation) -> list[object]:
    return [
        ligne.get_type_session_display(),
        _sur(ligne.millesime.titre.intitule),
        ligne.millesime.titre.code,
        ligne.millesime.version,
        _sur(ligne.ccps),
        _sur(ligne.site.nom),
        ligne.debut,
        ligne.fin,
        ligne.candidats_prevus,
    ]


def programmation_xlsx(
    programmation: ProgrammationAnnuelle,
    lignes: Sequence[LigneProgrammation],
    sessions: Sequence[Sequence[object]] = (),
) -> bytes:
    classeur = Workbook()
    feuille = classeur.active
    assert feuille is not None  # noqa: S101 - a new workbook always has one sheet
    suffixe = "" if programmation.periode == "annuelle" else f" {programmation.periode.upper()}"
    feuille.title = f"Programmation {programmation.annee}{suffixe}"
    feuille.append([_sur(f"Programmation prévisionnelle {programmation.libelle_periode} — {programmation.organisme}")])
    feuille.append([f"SIRET {programmation.organisme.siret} — UD/DDETS : {programmation.departement}"])
    transmise = f"Transmise le {programmation.transmise_le:%d/%m/%Y}" if programmation.transmise_le else "Non transmise"
    feuille.append([transmise])
    feuille.append([])
    feuille.append(ENTETES)
    for cellule in feuille[5]:
        cellule.font = Font(bold=True)
    # Sessions titre first, then sessions CCP (ORG-PROGRAMMATION distinguishes them).
    for type_session in (TypeSession.TITRE, TypeSession.CCP):
        for ligne in lignes:
            if ligne.type_session == type_session:
                feuille.append(_ligne(ligne))
    for rang in range(6, feuille.max_row + 1):
        for colonne in ("G", "H"):
            feuille[f"{colonne}{rang}"].number_format = "DD/MM/YYYY"
    if sessions:
        feuille.append([])
        feuille.append(["Sessions créées"])
        feuille.append(ENTETES_SESSIONS)
        for cellule in feuille[feuille.max_row]:
            cellule.font = Font(bold=True)
        for session in sessions:
            feuille.append([_sur(v) if isinstance(v, str) else v for v in session])
    flux = io.BytesIO()
    classeur.save(flux)
    return flux.getvalue()


def programmation_pdf(
    programmation: ProgrammationAnnuelle,
    lignes: Sequence[LigneProgrammation],
    sessions: Sequence[Sequence[object]] = (),
) -> bytes:
    from weasyprint import HTML  # imported here: heavy, and only this export needs it

    html = render_to_string(
        "organisations/programmation.html",
        {
            "programmation": programmation,
            "titres": [ligne for ligne in lignes if ligne.type_session == TypeSession.TITRE],
            "ccp": [ligne for ligne in lignes if ligne.type_session == TypeSession.CCP],
            "sessions": sessions,
            "entetes_sessions": ENTETES_SESSIONS,
        },
    )
    return bytes(HTML(string=html).write_pdf())
