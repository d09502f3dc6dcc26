from django_fsm import FSMField, transition

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate


@enregistrer
class Dossier(Horodate):
    etat = FSMField(default="brouillon", protected=False)

    @transition(field=etat, source="brouillon", target="depose")
    def deposer(self, motif: str = "") -> None:
        """Submit the file."""
