"""The juries of a session and their members' participation (invited, accepted, declined).

SES-JURY-MIN (at least 2 members per jury), SES-JURY-HABILITATION (an active habilitation
on the session's millésime covering every day) and SES-JURY-LIENS (no member on a
candidate they are linked to) are checked by ``titrepro.examens.services.jurys``.
"""

from __future__ import annotations

from django.db import models

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet
from titrepro.examens.models.sessions import Session, chemins_session


@enregistrer
class Jury(Horodate):
    """One jury of a session (a session may have several); candidates are assigned to one jury."""

    VISIBILITE = Visibilite(chemins=chemins_session("session"), distinct=True)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="jurys")
    numero = models.PositiveSmallIntegerField("numéro")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "jury"
        ordering = ["session", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "numero"],
                name="jury_numero_unique",
                violation_error_message="Ce numéro de jury existe déjà dans la session.",
            )
        ]

    def __str__(self) -> str:
        return f"Jury {self.numero}"


class EtatParticipation(models.TextChoices):
    INVITEE = "invitee", "Invitation envoyée"
    ACCEPTEE = "acceptee", "Acceptée"
    DECLINEE = "declinee", "Déclinée"
    RETIREE = "retiree", "Retirée par l'organisme"


ETATS_PARTICIPATION_ACTIFS = frozenset({EtatParticipation.INVITEE, EtatParticipation.ACCEPTEE})
"""Participations that hold a seat in the jury (a decline or a withdrawal reopens it)."""


@enregistrer
class ParticipationJury(Horodate):
    """A jury member invited to one jury of a session, and their answer."""

    VISIBILITE = Visibilite(
        chemins={**chemins_session("jury__session"), Axe.JURY: "membre"},
        distinct=True,
    )

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="participations")
    membre = models.ForeignKey("personnes.MembreJury", on_delete=models.PROTECT, related_name="participations")
    etat = models.CharField(
        "réponse", max_length=10, choices=EtatParticipation.choices, default=EtatParticipation.INVITEE
    )
    invitee_le = models.DateTimeField("invitation envoyée le", null=True, blank=True)
    repondu_le = models.DateTimeField("réponse le", null=True, blank=True)
    motif_reponse = models.TextField("motif (refus ou retrait)", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "participation au jury"
        verbose_name_plural = "participations aux jurys"
        ordering = ["jury", "membre__nom", "membre__prenoms"]
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "membre"],
                name="participation_jury_unique",
                violation_error_message="Ce membre est déjà invité dans ce jury.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.membre} — {self.jury} ({self.get_etat_display()})"

    @property
    def active(self) -> bool:
        return self.etat in ETATS_PARTICIPATION_ACTIFS
