from django.apps import AppConfig


class ExamensConfig(AppConfig):
    name = "titrepro.examens"
    label = "examens"
    verbose_name = "Sessions d'examen"
