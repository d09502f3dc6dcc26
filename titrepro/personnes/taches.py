"""Background tasks of the imports (django-tasks): the analysis moves the progress bar as it goes."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from titrepro.personnes.imports import import_analyser, import_executer
from titrepro.personnes.models import ImportPersonnes


@task()
def analyser_import(*, import_id: int) -> str:
    imp = ImportPersonnes.objects.get(pk=import_id)

    def avancer(traitees: int) -> None:
        # A plain UPDATE outside any transaction: the page polling the progress sees it at once.
        ImportPersonnes.objects.filter(pk=import_id).update(traitees=traitees)

    return import_analyser(imp, progression=avancer).etat


@task()
def executer_import(*, import_id: int, auteur_id: int) -> str:
    imp = ImportPersonnes.objects.select_related("auteur", "organisme", "departement").get(pk=import_id)
    from django.contrib.auth import get_user_model

    auteur = get_user_model().objects.get(pk=auteur_id)
    return import_executer(imp=imp, auteur=auteur, jour=timezone.localdate()).etat
