from django.apps import AppConfig


class ProcesVerbauxConfig(AppConfig):
    name = "titrepro.proces_verbaux"
    label = "proces_verbaux"
    verbose_name = "Procès-verbaux"
