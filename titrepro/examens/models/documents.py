"""Documents built in the background for a session: all the convocations as one PDF.

The task (``titrepro.examens.taches.construire_convocations``) renders each candidate's
convocation and moves ``traites`` as it goes, so the page polling the job shows a
progress bar; the finished file is stored privately and downloaded through the job,
found by ``visibles_par`` like every other file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet
from titrepro.examens.models.sessions import Session, chemins_session


class EtatDocument(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours de fabrication"
    TERMINE = "termine", "Prêt"
    ECHOUE = "echoue", "Échec de la fabrication"


def chemin_document(instance: DocumentConvocations, nom: str) -> str:
    return f"convocations/{instance.session_id}/lots/{nom}"


@enregistrer
class DocumentConvocations(Horodate):
    """One build of « toutes les convocations » of a session (PDF), with its progress."""

    # The session team and the State services only: candidates and jury members never see the batch.
    VISIBILITE = Visibilite(
        chemins={a: c for a, c in chemins_session("session").items() if a not in {Axe.CANDIDAT, Axe.JURY}}
    )

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="documents_convocations")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    etat = models.CharField("état", max_length=12, choices=EtatDocument.choices, default=EtatDocument.EN_ATTENTE)
    total = models.PositiveIntegerField("convocations à produire", default=0)
    traites = models.PositiveIntegerField("convocations produites", default=0)
    fichier = models.FileField("fichier", upload_to=chemin_document, blank=True, max_length=300)
    erreur = models.TextField("erreur", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "lot de convocations"
        verbose_name_plural = "lots de convocations"
        ordering = ["-cree_le", "-pk"]

    def __str__(self) -> str:
        return f"Convocations de la session {self.session.numero} ({self.get_etat_display().lower()})"

    @property
    def progression(self) -> int:
        """Percentage of convocations rendered (100 once the file is ready)."""
        if self.etat == EtatDocument.TERMINE:
            return 100
        return 0 if not self.total else min(100, round(100 * self.traites / self.total))

    @property
    def en_cours(self) -> bool:
        return self.etat in (EtatDocument.EN_ATTENTE, EtatDocument.EN_COURS)

    @property
    def nom_fichier(self) -> str:
        return f"convocations-{self.session.numero}.pdf"
