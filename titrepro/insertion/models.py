"""The insertion questionnaire of one presented candidate for one session, and their answer (ORG-INSERTION)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Visibilite, VisibleQuerySet
from titrepro.examens.models.inscriptions import chemins_inscription


class Situation(models.TextChoices):
    EMPLOI_METIER = "emploi_metier", "En emploi dans le métier du titre"
    AUTRE_EMPLOI = "autre_emploi", "En emploi dans un autre métier"
    FORMATION = "formation", "En formation"
    RECHERCHE = "recherche", "En recherche d'emploi"
    AUTRE = "autre", "Autre situation"


SITUATIONS_EN_EMPLOI = frozenset({Situation.EMPLOI_METIER, Situation.AUTRE_EMPLOI})


class TypeContrat(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    INTERIM = "interim", "Intérim"
    ALTERNANCE = "alternance", "Contrat en alternance"
    INDEPENDANT = "independant", "Indépendant, création d'entreprise"
    AUTRE = "autre", "Autre contrat"


@enregistrer
class QuestionnaireInsertion(Horodate):
    """Sent once per presented candidate and session; the answer can be changed until ``clos_le``."""

    VISIBILITE = Visibilite(chemins=chemins_inscription("inscription"), distinct=True)

    inscription = models.OneToOneField(
        "examens.Inscription", on_delete=models.PROTECT, related_name="questionnaire_insertion"
    )
    envoye_le = models.DateField("envoyé le")
    envoye_a = models.EmailField("envoyé à")
    clos_le = models.DateField("réponses acceptées jusqu'au")
    repondu_le = models.DateField("répondu le", null=True, blank=True)
    situation = models.CharField("situation", max_length=20, choices=Situation.choices, blank=True)
    type_contrat = models.CharField("type de contrat", max_length=20, choices=TypeContrat.choices, blank=True)
    depuis_le = models.DateField("dans cette situation depuis le", null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "questionnaire d'insertion"
        verbose_name_plural = "questionnaires d'insertion"
        ordering = ["-envoye_le", "pk"]
        constraints = [
            models.CheckConstraint(
                name="questionnaire_reponse_complete",
                condition=Q(repondu_le__isnull=True) | ~Q(situation=""),
                violation_error_message="Une réponse indique la situation.",
            ),
        ]

    def __str__(self) -> str:
        return f"Questionnaire d'insertion du {self.envoye_le:%d/%m/%Y}"

    @property
    def en_emploi(self) -> bool:
        return self.situation in SITUATIONS_EN_EMPLOI
