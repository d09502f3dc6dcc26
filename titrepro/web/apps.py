from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "titrepro.web"
    verbose_name = "Interface web"
