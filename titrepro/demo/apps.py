from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "titrepro.demo"
    verbose_name = "Démonstration"
