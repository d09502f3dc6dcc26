from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "titrepro.api"
    verbose_name = "API"
