from django.apps import AppConfig


class ResultatsConfig(AppConfig):
    name = "titrepro.resultats"
    label = "resultats"
    verbose_name = "Résultats et PV"
