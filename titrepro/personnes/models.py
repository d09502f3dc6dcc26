"""Candidates and jury members: the minimal records of the foundation.

The personnes issue extends them (parcours, addresses, duplicates, habilitations, links).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet


class Sexe(models.TextChoices):
    FEMININ = "F", "Féminin"
    MASCULIN = "M", "Masculin"


@enregistrer
class Candidat(Horodate):
    """A candidate. État civil exactly as on the identity document (CAN-ETAT-CIVIL)."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "organismes",
            Axe.FORMATION: "organismes",
            Axe.DEPARTEMENT: "organismes__sites__departement",
            Axe.CANDIDAT: "pk",
        },
        distinct=True,
    )

    nom_naissance = models.CharField("nom de naissance", max_length=150)
    nom_usage = models.CharField("nom d'usage", max_length=150, blank=True)
    prenoms = models.CharField(
        "prénoms", max_length=200, help_text="Tous les prénoms, dans l'ordre de la pièce d'identité."
    )
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices)
    date_naissance = models.DateField("date de naissance")
    lieu_naissance = models.CharField(
        "lieu de naissance", max_length=150, help_text="Commune, ou pays si né à l'étranger."
    )
    email = models.EmailField("adresse électronique", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    organismes = models.ManyToManyField(
        "organisations.Organisme", related_name="candidats", verbose_name="organismes de formation ou d'inscription"
    )
    compte = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fiche_candidat",
        verbose_name="compte du portail candidat",
    )
    fictif = models.BooleanField("donnée de démonstration", default=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "candidat"
        ordering = ["nom_naissance", "prenoms"]
        indexes = [models.Index(fields=["date_naissance", "nom_naissance"], name="candidat_naissance_nom")]

    def __str__(self) -> str:
        return f"{self.nom_affiche} {self.prenoms}"

    @property
    def nom_affiche(self) -> str:
        """The usage name first, the birth name after (« DURAND née MARTIN »)."""
        if self.nom_usage and self.nom_usage.upper() != self.nom_naissance.upper():
            particule = "née" if self.sexe == Sexe.FEMININ else "né"
            return f"{self.nom_usage.upper()} {particule} {self.nom_naissance.upper()}"
        return self.nom_naissance.upper()


@enregistrer
class MembreJury(Horodate):
    """A professional who may sit on juries once habilitated by the DDETS of their département."""

    VISIBILITE = Visibilite(
        chemins={Axe.DEPARTEMENT: "departement", Axe.REGION: "departement__region", Axe.JURY: "pk"},
    )

    nom = models.CharField("nom", max_length=150)
    prenoms = models.CharField("prénoms", max_length=200)
    email = models.EmailField("adresse électronique")
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    metier = models.CharField("métier exercé", max_length=200)
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="membres_jury", verbose_name="département"
    )
    compte = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fiche_jury",
        verbose_name="compte du portail jury",
    )
    fictif = models.BooleanField("donnée de démonstration", default=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "membre de jury"
        verbose_name_plural = "membres de jury"
        ordering = ["nom", "prenoms"]

    def __str__(self) -> str:
        return f"{self.nom.upper()} {self.prenoms}"
