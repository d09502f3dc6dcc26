from django.apps import AppConfig


class PersonnesConfig(AppConfig):
    name = "titrepro.personnes"
    verbose_name = "Personnes"
