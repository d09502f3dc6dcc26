"""The national référentiel: titres, millésimes, CCP, CCS and the épreuves of each RE.

National reference data: every signed-in user reads it; only an administrator
changes it, through the import (see ``titrepro.referentiel.echange``).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Visibilite, VisibleQuerySet

PUBLIC = Visibilite(publique=True)


class Secteur(models.TextChoices):
    """Routes the DTE orders to the GEV mailbox of the sector."""

    BTP = "BTP", "Bâtiment et travaux publics"
    INDUSTRIE = "industrie", "Industrie"
    TERTIAIRE = "tertiaire", "Tertiaire"


class TypeEpreuve(models.TextChoices):
    MISE_EN_SITUATION = "mise_en_situation_professionnelle", "Mise en situation professionnelle"
    PRESENTATION_PROJET = "presentation_projet", "Présentation d'un projet réalisé en amont de la session"
    ENTRETIEN_TECHNIQUE = "entretien_technique", "Entretien technique"
    QUESTIONNAIRE_PROFESSIONNEL = "questionnaire_professionnel", "Questionnaire professionnel"
    QUESTIONNAIRE_PRODUCTION = "questionnaire_production", "Questionnaire à partir d'une production"
    ENTRETIEN_FINAL = "entretien_final", "Entretien final"
    AUTRE = "autre", "Autre épreuve prévue par le RE"


class EtatMillesime(models.TextChoices):
    """Where a millésime stands on a given day (the prolongation after its end is not counted here)."""

    A_VENIR = "a_venir", "À venir"
    EN_VIGUEUR = "en_vigueur", "En vigueur"
    ECHU = "echu", "Échu"


@enregistrer
class Titre(Horodate):
    VISIBILITE = PUBLIC

    code = models.CharField("code du titre", max_length=20, unique=True, help_text="Code TP, par exemple TP-01361.")
    intitule = models.CharField("intitulé", max_length=250)
    rncp = models.CharField("numéro RNCP", max_length=20, blank=True)
    niveau = models.PositiveSmallIntegerField("niveau", help_text="Nomenclature de 2019, de 3 à 7.")
    secteur = models.CharField("secteur", max_length=12, choices=Secteur.choices)
    transport = models.BooleanField(
        "titre du transport", default=False, help_text="PV transmis sous 5 jours ; attestation de piste exigée."
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "titre professionnel"
        verbose_name_plural = "titres professionnels"
        ordering = ["intitule"]
        constraints = [
            models.CheckConstraint(name="titre_niveau_3_a_7", condition=Q(niveau__gte=3, niveau__lte=7)),
        ]

    def __str__(self) -> str:
        return f"{self.intitule} ({self.code})"


@enregistrer
class Millesime(Horodate):
    """A dated version of a titre's REAC/RE. Agréments, habilitations and sessions point at one."""

    VISIBILITE = PUBLIC

    titre = models.ForeignKey(Titre, on_delete=models.PROTECT, related_name="millesimes")
    version = models.CharField("version", max_length=20)
    date_effet = models.DateField("date d'effet")
    fin_validite = models.DateField("fin de validité")
    arrete = models.CharField("arrêté de référence", max_length=250, blank=True)
    duree_lecture_dossier = models.PositiveSmallIntegerField(
        "lecture du dossier par le jury (minutes par candidat)",
        default=0,
        help_text="Temps pour lire le DP, le livret d'ECF et les résultats des épreuves passées sans le jury.",
    )
    donnees_demo = models.BooleanField(
        "durées de démonstration",
        default=False,
        help_text="Cochée quand des durées ont été inventées pour la démonstration faute de source publique.",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "millésime"
        ordering = ["titre__intitule", "date_effet"]
        constraints = [
            models.UniqueConstraint(fields=["titre", "version"], name="millesime_version_unique"),
            models.CheckConstraint(
                name="millesime_fin_apres_effet",
                condition=Q(fin_validite__gt=F("date_effet")),
                violation_error_message="La fin de validité doit suivre la date d'effet.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titre.intitule} — millésime {self.version}"

    def est_valide_le(self, jour: dt.date) -> bool:
        return self.date_effet <= jour <= self.fin_validite

    def etat_le(self, jour: dt.date) -> EtatMillesime:
        if jour < self.date_effet:
            return EtatMillesime.A_VENIR
        if jour > self.fin_validite:
            return EtatMillesime.ECHU
        return EtatMillesime.EN_VIGUEUR


@enregistrer
class CCP(Horodate):
    """Certificat de compétences professionnelles: one block (activité type) of the titre."""

    VISIBILITE = PUBLIC

    millesime = models.ForeignKey(Millesime, on_delete=models.CASCADE, related_name="ccps")
    numero = models.PositiveSmallIntegerField("numéro d'ordre")
    code = models.CharField("code", max_length=30, blank=True)
    intitule = models.CharField("intitulé", max_length=300)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "CCP"
        verbose_name_plural = "CCP"
        ordering = ["millesime", "numero"]
        constraints = [models.UniqueConstraint(fields=["millesime", "numero"], name="ccp_numero_unique")]

    def __str__(self) -> str:
        return f"CCP {self.numero} — {self.intitule}"


@enregistrer
class CCS(Horodate):
    """Certificat complémentaire de spécialisation attached to the titre."""

    VISIBILITE = PUBLIC

    millesime = models.ForeignKey(Millesime, on_delete=models.CASCADE, related_name="ccss")
    code = models.CharField("code", max_length=30)
    intitule = models.CharField("intitulé", max_length=300)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "CCS"
        verbose_name_plural = "CCS"
        ordering = ["millesime", "code"]
        constraints = [models.UniqueConstraint(fields=["millesime", "code"], name="ccs_code_unique")]

    def __str__(self) -> str:
        return f"CCS {self.code} — {self.intitule}"


@enregistrer
class Epreuve(Horodate):
    """One épreuve of the RE, with what the timetable needs to place it."""

    VISIBILITE = PUBLIC

    millesime = models.ForeignKey(Millesime, on_delete=models.CASCADE, related_name="epreuves")
    ordre = models.PositiveSmallIntegerField("ordre de passage")
    type = models.CharField("type", max_length=40, choices=TypeEpreuve.choices)
    libelle = models.CharField("libellé", max_length=300, blank=True)
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)")
    collective = models.BooleanField(
        "collective", default=False, help_text="Passée par tous les candidats en même temps."
    )
    avec_jury = models.BooleanField("en présence du jury", default=True)
    pour_session_titre = models.BooleanField("passée en session titre", default=True)
    ccps = models.ManyToManyField(CCP, blank=True, related_name="epreuves", verbose_name="passée en session CCP pour")
    duree_demo = models.BooleanField("durée de démonstration", default=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "épreuve"
        ordering = ["millesime", "ordre"]
        constraints = [
            models.UniqueConstraint(fields=["millesime", "ordre"], name="epreuve_ordre_unique"),
            models.CheckConstraint(name="epreuve_duree_positive", condition=Q(duree_minutes__gt=0)),
        ]

    def __str__(self) -> str:
        return self.libelle or self.get_type_display()
