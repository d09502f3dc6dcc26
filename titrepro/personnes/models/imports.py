"""An import of candidates (by an organisme) or of jury members and habilitations (by a DDETS).

The file is read once into ``lignes``; the analysis (per-row errors, duplicate check on
every row) and the commit run as tasks that update ``traitees`` for the progress bar.
Nothing is written to the domain tables unless every row is valid: the commit is one
transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet


class NatureImport(models.TextChoices):
    CANDIDATS = "candidats", "Candidats"
    JURES = "jures", "Membres de jury"
    HABILITATIONS = "habilitations", "Habilitations"


class EtatImport(models.TextChoices):
    ANALYSE = "analyse", "Analyse en cours"
    ERREURS = "erreurs", "Erreurs à corriger"
    PRET = "pret", "Prêt à importer"
    ECRITURE = "ecriture", "Import en cours"
    TERMINE = "termine", "Importé"
    ECHOUE = "echoue", "Échoué : rien n'a été importé"


@enregistrer
class ImportPersonnes(Horodate):
    VISIBILITE = Visibilite(chemins={Axe.ORGANISME: "organisme", Axe.DEPARTEMENT: "departement"})

    nature = models.CharField("nature", max_length=15, choices=NatureImport.choices)
    organisme = models.ForeignKey(
        "organisations.Organisme", on_delete=models.CASCADE, null=True, blank=True, related_name="imports_personnes"
    )
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, null=True, blank=True, related_name="imports_personnes"
    )
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    nom_fichier = models.CharField("fichier", max_length=250)
    lignes = models.JSONField("lignes lues", default=list)
    etat = models.CharField("état", max_length=10, choices=EtatImport.choices, default=EtatImport.ANALYSE)
    total = models.PositiveIntegerField("lignes", default=0)
    traitees = models.PositiveIntegerField("lignes traitées", default=0)
    erreurs = models.JSONField("erreurs", default=list, help_text="[{ligne, champ, message}]")
    apercu = models.JSONField("aperçu", default=list, help_text="[{ligne, resume, doublons}]")
    crees = models.PositiveIntegerField("fiches créées", default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "import de personnes"
        verbose_name_plural = "imports de personnes"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="import_rattache_a_sa_structure",
                condition=Q(nature=NatureImport.CANDIDATS, organisme__isnull=False, departement__isnull=True)
                | Q(
                    nature__in=[NatureImport.JURES, NatureImport.HABILITATIONS],
                    organisme__isnull=True,
                    departement__isnull=False,
                ),
                violation_error_message="Les candidats s'importent pour un organisme, les jurys pour un département.",
            )
        ]

    def __str__(self) -> str:
        return f"Import de {self.get_nature_display().lower()} — {self.nom_fichier}"

    @property
    def progression(self) -> int:
        """Percentage of rows processed."""
        return 100 if not self.total else min(100, round(100 * self.traitees / self.total))

    @property
    def en_cours(self) -> bool:
        return self.etat in (EtatImport.ANALYSE, EtatImport.ECRITURE)
