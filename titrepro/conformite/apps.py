from django.apps import AppConfig


class ConformiteConfig(AppConfig):
    name = "titrepro.conformite"
    verbose_name = "Conformité"
