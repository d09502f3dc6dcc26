from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "titrepro.organisations"
    verbose_name = "Organisations"
