"""Background tasks of the timetable (django-tasks): the solver runs outside the request."""

from __future__ import annotations

from django_tasks import task

from titrepro.planning.services import planning_calculer


@task()
def calculer_planning(*, planning_id: int, limite_s: float = 30) -> str:
    """Solve the session's timetable; the planning row carries the progress the page polls."""
    planning = planning_calculer(planning_id=planning_id, limite_s=limite_s)
    return str(planning.statut_solveur or planning.etat_calcul)
