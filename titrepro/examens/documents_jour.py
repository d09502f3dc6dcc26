"""The attendance sheet of one session day as PDF (WeasyPrint), to print and sign: candidates, jury, responsable.

Same look as the convocations (``titrepro.examens.documents``): Marianne font, bloc-marque
« République française ». The signed scan is uploaded back (``FeuilleEmargement``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string

from titrepro.examens.documents import police_marianne
from titrepro.examens.models import EtatInscription, Session
from titrepro.examens.services.deroulement import participations_presentables, responsables_possibles

GABARIT = "examens/feuille_emargement.html"
ETATS_SANS_EMARGEMENT = frozenset({EtatInscription.ABSENT_JUSTIFIE, EtatInscription.EXCLU_FRAUDE})


def contexte_feuille(session: Session, *, jour: dt.date) -> dict[str, Any]:
    horaires = session.jours.filter(date=jour).first()
    inscriptions = (
        session.inscriptions.select_related("candidat", "jury")
        .exclude(etat__in=ETATS_SANS_EMARGEMENT)
        .order_by("candidat__nom_naissance", "candidat__prenoms", "pk")
    )
    return {
        "session": session,
        "organisme": session.organisme,
        "site": session.site,
        "titre": session.millesime.titre,
        "jour": jour,
        "horaires": horaires,
        "inscriptions": list(inscriptions),
        "participations": participations_presentables(session),
        "responsables": responsables_possibles(session),
        "polices": police_marianne(),
    }


def feuille_emargement_html(session: Session, *, jour: dt.date) -> str:
    return render_to_string(GABARIT, contexte_feuille(session, jour=jour))


def feuille_emargement_pdf(session: Session, *, jour: dt.date) -> bytes:
    """The sheet of ``jour`` (a session day), one PDF."""
    from weasyprint import HTML  # heavy: imported only for the PDF
    from weasyprint.text.fonts import FontConfiguration

    if jour not in session.dates:
        raise ValueError(f"Le {jour:%d/%m/%Y} n'est pas un jour de la session.")
    return bytes(HTML(string=feuille_emargement_html(session, jour=jour)).write_pdf(font_config=FontConfiguration()))
