from django.apps import AppConfig


class InsertionConfig(AppConfig):
    name = "titrepro.insertion"
    label = "insertion"
    verbose_name = "Suivi de l'insertion"
