"""Documents of the timetable: the PDF posted on site, the « organisation détaillée » (XLSX and PDF),
and the spreadsheet template for importing a hand-made timetable.

The « organisation détaillée d'une session d'examen » (001 §3.1, AGR-REFUS, SES-PLANNING) says
which candidate sits which épreuve before which jury in which slot; it is posted on site and
joined to the agrément request. PDFs are rendered by WeasyPrint with the look of the
convocations (Marianne font, « RÉPUBLIQUE FRANÇAISE »); spreadsheets by openpyxl, with the
cells that would start a formula neutralised.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from titrepro.examens.documents import police_marianne
from titrepro.examens.models import Session
from titrepro.planning import conversion as conv
from titrepro.planning.lectures import groupes, lignes
from titrepro.planning.models import Planning, Salle

ENTETES_ORGANISATION = ["Jour", "Début", "Fin", "Candidat", "Épreuve", "Jury", "Salle"]

COLONNES_IMPORT = [
    "N° d'inscription",
    "Candidat",
    "N° d'épreuve",
    "Épreuve",
    "Jour (JJ/MM/AAAA)",
    "Début (HH:MM)",
    "Fin (HH:MM)",
    "N° de jury",
    "Salle",
]
"""The columns of the import template (``planning.imports`` reads them in this order)."""

MODE_D_EMPLOI = [
    "Planning d'une session d'examen — modèle d'import",
    "",
    "Une ligne par épreuve de chaque candidat (feuille « Planning ») ; ne changez pas l'ordre des colonnes.",
    "N° d'inscription et N° d'épreuve : pré-remplis, ils désignent le candidat et l'épreuve (ne les modifiez pas).",
    "Jour : un des jours de la session, au format JJ/MM/AAAA.",
    "Début et Fin : heures au format HH:MM (par exemple 08:30) ; la durée doit être celle de l'épreuve "
    "(majorée pour un candidat qui a obtenu un temps majoré).",
    "N° de jury : le numéro du jury de la session, pour les épreuves passées devant le jury ; vide sinon.",
    "Salle : le nom d'une salle du site (feuille « Salles »), ou vide.",
    "Lectures des dossiers et pauses du jury : feuille « Jury » (Jury, Nature « lecture » ou « pause », "
    "N° d'inscription pour une lecture, Jour, Début, Fin).",
    "L'import est tout ou rien : la moindre ligne en erreur et rien n'est enregistré ; chaque erreur est "
    "indiquée avec son numéro de ligne.",
    "Le planning importé est ensuite vérifié comme un planning calculé : chaque manquement aux règles "
    "(SES-PLANNING, SES-JURY-LIENS, SES-HANDICAP) est listé avec son code.",
]

COLONNES_JURY = ["N° de jury", "Nature (lecture ou pause)", "N° d'inscription", "Jour (JJ/MM/AAAA)", "Début", "Fin"]


def _sur(valeur: object) -> object:
    if isinstance(valeur, str) and valeur[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + valeur
    return valeur


def _entete(feuille: Worksheet, valeurs: list[str]) -> None:
    feuille.append(valeurs)
    for cellule in feuille[feuille.max_row]:
        cellule.font = Font(bold=True)


def _en_octets(classeur: Workbook) -> bytes:
    tampon = BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def _titre_session(session: Session) -> str:
    return f"Session {session.numero} — {session.millesime.titre.intitule} — {session.site}"


# ----------------------------------------------------------------------------- organisation détaillée


def organisation_xlsx(planning: Planning) -> bytes:
    """« Organisation détaillée » as XLSX: one row per candidate's épreuve, then the jury's readings and breaks."""
    session = planning.session
    classeur = Workbook()
    feuille = classeur.active
    assert feuille is not None  # noqa: S101 - a new workbook always has one sheet
    feuille.title = "Organisation détaillée"
    feuille.append([_sur(f"Organisation détaillée — {_titre_session(session)}")])
    feuille.append([_sur(f"{session.organisme} — planning version {planning.version} ({planning.get_etat_display()})")])
    feuille.append([])
    _entete(feuille, ENTETES_ORGANISATION)
    for ligne in lignes(planning, avec_jury=False):
        feuille.append(
            [
                ligne.jour,
                ligne.debut_texte,
                ligne.fin_texte,
                _sur(ligne.candidat),
                _sur(ligne.quoi),
                ligne.jury,
                _sur(ligne.salle),
            ]
        )
    jury = classeur.create_sheet("Jury")
    _entete(jury, ["Jour", "Début", "Fin", "Jury", "Nature", "Candidat"])
    for ligne in lignes(planning):
        if ligne.creneau is None:
            jury.append([ligne.jour, ligne.debut_texte, ligne.fin_texte, ligne.jury, ligne.quoi, _sur(ligne.candidat)])
    for f in (feuille, jury):
        for cellule in f["A"]:
            if isinstance(cellule.value, dt.date):
                cellule.number_format = "DD/MM/YYYY"
        for colonne, largeur in zip("ABCDEFG", (12, 8, 8, 30, 40, 10, 20), strict=True):
            f.column_dimensions[colonne].width = largeur
    return _en_octets(classeur)


def _contexte_pdf(planning: Planning, *, vue: str, titre: str, jour: dt.date) -> dict[str, Any]:
    session = planning.session
    return {
        "planning": planning,
        "session": session,
        "organisme": session.organisme,
        "site": session.site,
        "titre_document": titre,
        "groupes": groupes(planning, vue),
        "vue": vue,
        "jour": jour,
        "polices": police_marianne(),
    }


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: heavy, and only the PDF needs it
    from weasyprint.text.fonts import FontConfiguration

    return bytes(HTML(string=html).write_pdf(font_config=FontConfiguration()))


def affiche_pdf(planning: Planning, *, jour: dt.date) -> bytes:
    """The timetable to post on site (SES-PLANNING « Il est affiché sur le site »), day by day."""
    contexte = _contexte_pdf(planning, vue="temps", titre="Planning de la session d'examen", jour=jour)
    return _pdf(render_to_string("planning/planning.html", contexte))


def organisation_pdf(planning: Planning, *, jour: dt.date) -> bytes:
    """The « organisation détaillée » as PDF: for each jury, who sits what, when, where."""
    contexte = _contexte_pdf(planning, vue="jury", titre="Organisation détaillée de la session d'examen", jour=jour)
    return _pdf(render_to_string("planning/planning.html", contexte))


# ---------------------------------------------------------------------------------- import template


def modele_import_xlsx(session: Session) -> bytes:
    """The import template of ``session``: one pre-filled row per candidate's épreuve, and how to fill it."""
    conversion = conv.session_vers_instance(session)
    corr = conversion.correspondances
    classeur = Workbook()
    mode = classeur.active
    assert mode is not None  # noqa: S101 - a new workbook always has one sheet
    mode.title = "Mode d'emploi"
    for texte in MODE_D_EMPLOI:
        mode.append([texte])
    mode["A1"].font = Font(bold=True)
    mode.column_dimensions["A"].width = 120

    feuille = classeur.create_sheet("Planning")
    _entete(feuille, COLONNES_IMPORT)
    for candidat in conversion.instance.candidats:
        inscription = corr.inscriptions[candidat.id]
        for code in candidat.epreuves:
            epreuve = corr.epreuves[code]
            feuille.append(
                [
                    inscription.pk,
                    _sur(str(inscription.candidat)),
                    epreuve.ordre,
                    _sur(str(epreuve)),
                    None,
                    None,
                    None,
                    None,
                    None,
                ]
            )
    for colonne, largeur in zip("ABCDEFGHI", (14, 30, 12, 40, 16, 12, 12, 10, 20), strict=True):
        feuille.column_dimensions[colonne].width = largeur

    jury = classeur.create_sheet("Jury")
    _entete(jury, COLONNES_JURY)

    reference = classeur.create_sheet("Salles")
    _entete(reference, ["Salle", "Capacité", "Épreuves accueillies", "Peut servir de salle isolée"])
    for salle in Salle.objects.filter(site=session.site_id).order_by("nom"):
        reference.append(
            [_sur(salle.nom), salle.capacite, salle.usages_affiches, "oui" if salle.isolee_possible else "non"]
        )
    jours = classeur.create_sheet("Jours et jurys")
    _entete(jours, ["Jour", "Ouverture", "Fermeture"])
    for j in conversion.instance.jours:
        jours.append(
            [
                j.date.strftime("%d/%m/%Y"),
                f"{j.ouverture // 60:02d}:{j.ouverture % 60:02d}",
                f"{j.fermeture // 60:02d}:{j.fermeture % 60:02d}",
            ]
        )
    jours.append([])
    _entete(jours, ["N° de jury", "Membres"])
    for jury_solveur in conversion.instance.jurys:
        membres = ", ".join(str(corr.membres[m]) for m in jury_solveur.membres)
        jours.append([corr.jurys[jury_solveur.id].numero, _sur(membres)])
    return _en_octets(classeur)
