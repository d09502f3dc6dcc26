from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "titrepro.core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from django_fsm.signals import post_transition

        from titrepro.core.audit import noter_transition

        post_transition.connect(noter_transition, dispatch_uid="titrepro-audit-transition")
