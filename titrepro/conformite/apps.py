from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ConformiteConfig(AppConfig):
    name = "titrepro.conformite"
    verbose_name = "Conformité"

    def ready(self) -> None:
        from titrepro.conformite.models import ParametreRegle
        from titrepro.conformite.services import oublier_parametres

        post_save.connect(oublier_parametres, sender=ParametreRegle, dispatch_uid="oublier_parametres_save")
        post_delete.connect(oublier_parametres, sender=ParametreRegle, dispatch_uid="oublier_parametres_delete")
