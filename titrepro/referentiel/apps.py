from django.apps import AppConfig


class ReferentielConfig(AppConfig):
    name = "titrepro.referentiel"
    verbose_name = "Référentiel"
