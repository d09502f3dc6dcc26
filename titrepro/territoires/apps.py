from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "titrepro.territoires"
    verbose_name = "Territoires"
