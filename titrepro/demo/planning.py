"""Demo timetable (issue 8): rooms on every demo site, and the convened demo session's timetable, published.

Built through the real services (``planning_generer`` then the solver, then ``planning_publier``), so the
convocations of the demo session show each candidate's own hours. Idempotent: rooms are found by name, and a
session that already has a timetable is left alone.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from titrepro.core.erreurs import RegleRefusee
from titrepro.examens.models import Session
from titrepro.organisations.models import Site
from titrepro.planning import services
from titrepro.planning.models import Planning, Salle
from titrepro.referentiel.models import TypeEpreuve

SALLES = (
    {"nom": "Salle d'examen", "capacite": 12, "postes": 0, "types_epreuves": [], "isolee_possible": False},
    {
        "nom": "Plateau technique",
        "capacite": 8,
        "postes": 8,
        "types_epreuves": [TypeEpreuve.MISE_EN_SITUATION, TypeEpreuve.PRESENTATION_PROJET],
        "isolee_possible": False,
    },
    {"nom": "Salle du jury", "capacite": 1, "postes": 1, "types_epreuves": [], "isolee_possible": True},
)


def charger_planning_demo(*, cle_session: str) -> list[str]:
    """Rooms of the demo sites; the timetable of the session whose observations start with ``cle_session``."""
    for site in Site.objects.filter(organisme__fictif=True):
        for salle in SALLES:
            Salle.objects.get_or_create(
                site=site, nom=salle["nom"], defaults={k: v for k, v in salle.items() if k != "nom"}
            )
    session = Session.objects.filter(observations__startswith=cle_session).first()
    if session is None or session.responsable is None or Planning.objects.filter(session=session).exists():
        return []
    auteur: Any = session.responsable
    try:
        planning = services.planning_generer(session=session, auteur=auteur, en_tache=False)
        planning = services.planning_calculer(planning_id=planning.pk, limite_s=10, suivre=False)
        if planning.violations or not planning.a_des_creneaux:
            return [f"Démo, planning de la session {session.numero} : {planning.explication or 'non conforme'}"]
        services.planning_publier(planning=planning, auteur=auteur)
    except (RegleRefusee, ValidationError, PermissionDenied) as erreur:
        return [f"Démo, planning de la session {session.numero} : {getattr(erreur, 'message', erreur)}"]
    return []
