from django.apps import AppConfig


class DteConfig(AppConfig):
    name = "titrepro.dte"
    label = "dte"
    verbose_name = "Commandes de DTE"

    def ready(self) -> None:
        from titrepro.dte import services
        from titrepro.examens import signaux

        signaux.session_annulee.connect(services.session_annulee, dispatch_uid="dte_session_annulee")
        signaux.session_reportee.connect(services.session_reportee, dispatch_uid="dte_session_reportee")
        # The session's échéancier (examens.alertes) reads ``session.commande_dte``: the current order, if any.
        # Installed from here because examens never imports dte.
        from titrepro.examens.models import Session

        if not hasattr(Session, "commande_dte"):
            Session.commande_dte = property(services.commande_courante)  # type: ignore[attr-defined]
