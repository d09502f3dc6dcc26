from django.apps import AppConfig


class DteConfig(AppConfig):
    name = "titrepro.dte"
    label = "dte"
    verbose_name = "Commandes de DTE"
