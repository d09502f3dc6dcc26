"""Convocations as PDF (WeasyPrint), with the State's official look: Marianne font, « RÉPUBLIQUE FRANÇAISE ».

``convocation_pdf`` renders one candidate's convocation; ``convocations_pdf`` renders every
candidate of a session into one file, calling ``progression`` after each candidate so the
background task can move the progress bar. The Marianne font is the one django-dsfr ships
in its static files (no copy in the project).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from titrepro.examens.models import Inscription, ModeConvocation, NatureSession
from titrepro.examens.services.convocations import horaires_du_candidat
from titrepro.personnes.models import DemandeAmenagement, EtatAmenagement

GABARIT = "examens/convocation.html"
MATERIEL_RE = "Le matériel indiqué par le référentiel d'évaluation (RE) du titre professionnel."


def police_marianne() -> dict[str, str]:
    """File URLs of the Marianne font shipped by django-dsfr (empty when the static files are missing)."""
    polices = {}
    for graisse, fichier in (("regular", "Marianne-Regular.woff2"), ("bold", "Marianne-Bold.woff2")):
        chemin = finders.find(f"dsfr/dist/fonts/{fichier}")
        if isinstance(chemin, str):
            polices[graisse] = Path(chemin).as_uri()
    return polices


def dp_requis(inscription: Inscription) -> bool:
    """The dossier professionnel is read by the jury in a session titre, and whenever the RE gives it time."""
    session = inscription.session
    return session.nature == NatureSession.TITRE or session.millesime.duree_lecture_dossier > 0


def documents_a_apporter(inscription: Inscription) -> list[str]:
    documents = [
        "Une pièce d'identité en cours de validité (carte nationale d'identité, passeport ou titre de séjour).",
        "La présente convocation.",
    ]
    if dp_requis(inscription):
        documents.append("Votre dossier professionnel (DP), complété et signé.")
    documents.append(MATERIEL_RE)
    return documents


def amenagements_accordes(inscription: Inscription) -> list[str]:
    """The accommodations the DDETS granted this candidate for this millésime (SES-HANDICAP)."""
    demandes = DemandeAmenagement.objects.filter(
        candidat=inscription.candidat_id, millesime=inscription.session.millesime_id, etat=EtatAmenagement.ACCORDEE
    ).order_by("pk")
    return [demande.resume for demande in demandes]


def contexte_convocation(inscription: Inscription, *, jour: dt.date) -> dict[str, Any]:
    session = inscription.session
    convocation = getattr(inscription, "convocation", None)
    ccps = list(inscription.ccps.all()) or (list(session.ccps.all()) if session.nature == NatureSession.CCP else [])
    return {
        "inscription": inscription,
        "candidat": inscription.candidat,
        "adresse": inscription.candidat.adresse_actuelle,
        "session": session,
        "organisme": session.organisme,
        "site": session.site,
        "titre": session.millesime.titre,
        "millesime": session.millesime,
        "ccps": ccps,
        "jours": horaires_du_candidat(inscription),
        "documents": documents_a_apporter(inscription),
        "observations": session.observations,
        "amenagements": amenagements_accordes(inscription),
        "convocation": convocation,
        "mode": ModeConvocation(convocation.mode).label if convocation and convocation.mode else "",
        "jour": jour,
        "polices": police_marianne(),
    }


def convocation_html(inscription: Inscription, *, jour: dt.date) -> str:
    return render_to_string(GABARIT, contexte_convocation(inscription, jour=jour))


def rendu_convocation(inscription: Inscription, *, jour: dt.date) -> Any:
    from weasyprint import HTML  # imported here: heavy, and only the PDF needs it
    from weasyprint.text.fonts import FontConfiguration

    polices = FontConfiguration()
    return HTML(string=convocation_html(inscription, jour=jour)).render(font_config=polices)


def convocation_pdf(inscription: Inscription, *, jour: dt.date) -> bytes:
    """One candidate's convocation."""
    return bytes(rendu_convocation(inscription, jour=jour).write_pdf())


def convocations_rendu(
    inscriptions: Sequence[Inscription], *, jour: dt.date, progression: Callable[[int], None] | None = None
) -> Any:
    """Every candidate's convocation in one WeasyPrint document, one candidate after the other."""
    rendus = []
    for rang, inscription in enumerate(inscriptions, start=1):
        rendus.append(rendu_convocation(inscription, jour=jour))
        if progression is not None:
            progression(rang)
    if not rendus:
        raise ValueError("Aucun candidat : il n'y a pas de convocation à produire.")
    return rendus[0].copy([page for rendu in rendus for page in rendu.pages])


def convocations_pdf(
    inscriptions: Sequence[Inscription], *, jour: dt.date, progression: Callable[[int], None] | None = None
) -> bytes:
    """All the convocations of ``inscriptions`` as one PDF."""
    return bytes(convocations_rendu(inscriptions, jour=jour, progression=progression).write_pdf())
