from django.apps import AppConfig


class AgrementsConfig(AppConfig):
    name = "titrepro.agrements"
    label = "agrements"
    verbose_name = "Agréments"
