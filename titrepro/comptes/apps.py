from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "titrepro.comptes"
    verbose_name = "Comptes"
