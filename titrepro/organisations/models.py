"""Organismes (training centres) and their sites. The agrément issue extends these records."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as stdnum_siret

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet


def valider_siret(valeur: str) -> None:
    try:
        stdnum_siret.validate(valeur)
    except StdnumError:
        raise ValidationError(
            "Le SIRET « %(valeur)s » n'est pas valide : 14 chiffres dont le dernier est une clé de contrôle.",
            params={"valeur": valeur},
            code="siret_invalide",
        ) from None


@enregistrer
class Organisme(Horodate):
    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "pk",
            Axe.FORMATION: "pk",
            Axe.DEPARTEMENT: "sites__departement",
            Axe.REGION: "sites__departement__region",
        },
        distinct=True,
    )

    raison_sociale = models.CharField("raison sociale", max_length=200)
    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[valider_siret])
    est_cfa = models.BooleanField(
        "centre de formation d'apprentis (CFA)",
        default=False,
        help_text="Déclaré par l'organisme (AGR-CFA) : ses apprentis bénéficient de la prolongation de 2 ans.",
    )
    fictif = models.BooleanField("donnée de démonstration", default=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "organisme"
        ordering = ["raison_sociale"]

    def __str__(self) -> str:
        return self.raison_sociale

    @property
    def siren(self) -> str:
        return self.siret[:9]

    def save(self, *args: object, **kwargs: object) -> None:
        self.siret = stdnum_siret.compact(self.siret)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


@enregistrer
class Site(Horodate):
    """A site and its plateau technique. Its département decides the competent DDETS and holidays."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "organisme",
            Axe.FORMATION: "organisme",
            Axe.DEPARTEMENT: "departement",
            Axe.REGION: "departement__region",
        }
    )

    organisme = models.ForeignKey(Organisme, on_delete=models.PROTECT, related_name="sites")
    nom = models.CharField("nom du site", max_length=200)
    adresse = models.CharField("adresse", max_length=250)
    code_postal = models.CharField("code postal", max_length=5)
    commune = models.CharField("commune", max_length=120)
    departement = models.ForeignKey("territoires.Departement", on_delete=models.PROTECT, related_name="sites")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "site"
        ordering = ["organisme__raison_sociale", "nom"]
        constraints = [models.UniqueConstraint(fields=["organisme", "nom"], name="site_nom_unique_par_organisme")]

    def __str__(self) -> str:
        return f"{self.nom} — {self.commune}"
