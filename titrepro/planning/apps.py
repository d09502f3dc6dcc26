"""The session timetable: built by the CP-SAT solver (planning.solver), validated, published."""

from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "titrepro.planning"
    label = "planning"
    verbose_name = "Planning des sessions"

    def ready(self) -> None:
        # The published timetable gives each candidate's own hours on their convocation.
        # Plugged from here because examens never imports planning (planning sits above it).
        from titrepro.examens.services import convocations
        from titrepro.planning.services import horaires_planifies

        if horaires_planifies not in convocations.FOURNISSEURS_HORAIRES:
            convocations.FOURNISSEURS_HORAIRES.append(horaires_planifies)
