"""PV général and PV individuels: documents, electronic signatures (jury, then responsable),
transmission to the DDETS, validation or return, publication."""

from django.apps import AppConfig


class ProcesVerbauxConfig(AppConfig):
    name = "titrepro.proces_verbaux"
    label = "proces_verbaux"
    verbose_name = "Procès-verbaux"

    def ready(self) -> None:
        from titrepro.examens.signaux import absence_justifiee_apres_pv
        from titrepro.proces_verbaux.services import resultats_modifies_recu
        from titrepro.resultats.signaux import resultats_modifies

        # A result changed, or an absence justified, after the PV was edited voids its signatures (RES-SAISIE).
        resultats_modifies.connect(resultats_modifies_recu, dispatch_uid="proces_verbaux_invalider")
        absence_justifiee_apres_pv.connect(resultats_modifies_recu, dispatch_uid="proces_verbaux_invalider_absence")
