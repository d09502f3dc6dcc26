from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "titrepro.planning"
    label = "planning"
    verbose_name = "Planning des sessions"
