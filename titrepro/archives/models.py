"""Archives: the candidate's consent to keep their dossier professionnel (ARC-DP), its copy, and the purge log.

Which documents exist and how long each is kept is declared in ``registre.py``; the
guard that refuses any earlier deletion is in ``garde.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet
from titrepro.examens.models.sessions import chemins_session


class FormeConsentement(models.TextChoices):
    ECRIT = "ecrit", "Accord écrit et signé du candidat"
    COURRIEL = "courriel", "Accord par courriel du candidat"
    PORTAIL = "portail", "Accord donné dans l'espace candidat"


@enregistrer
class ConsentementDossierProfessionnel(Horodate):
    """The candidate's explicit consent to the copy of their dossier professionnel being kept (ARC-DP)."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "candidat__organismes",
            Axe.DEPARTEMENT: "candidat__organismes__sites__departement",
            Axe.CANDIDAT: "candidat",
        },
        distinct=True,
    )

    candidat = models.ForeignKey(
        "personnes.Candidat", on_delete=models.PROTECT, related_name="consentements_dp", verbose_name="candidat"
    )
    donne_le = models.DateField("accord donné le")
    forme = models.CharField("forme de l'accord", max_length=12, choices=FormeConsentement.choices)
    precision = models.CharField(
        "précision",
        max_length=300,
        blank=True,
        help_text="Par exemple : « formulaire signé le jour de l'inscription ».",
    )
    retire_le = models.DateField("accord retiré le", null=True, blank=True)
    enregistre_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "accord du candidat (dossier professionnel)"
        verbose_name_plural = "accords des candidats (dossier professionnel)"
        ordering = ["candidat", "-donne_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidat"],
                condition=Q(retire_le__isnull=True),
                name="consentement_dp_un_seul_en_vigueur",
                violation_error_message="Le candidat a déjà un accord en vigueur.",
            ),
            models.CheckConstraint(
                name="consentement_dp_retrait_apres_accord",
                condition=Q(retire_le__isnull=True) | Q(retire_le__gte=models.F("donne_le")),
                violation_error_message="Le retrait précède l'accord.",
            ),
        ]

    def __str__(self) -> str:
        return f"Accord du {self.donne_le:%d/%m/%Y} ({self.get_forme_display().lower()})"


def chemin_copie_dp(instance: CopieDossierProfessionnel, nom: str) -> str:
    return f"dossiers-professionnels/{instance.inscription.session_id}/{instance.inscription_id}/{nom}"


@enregistrer
class CopieDossierProfessionnel(Horodate):
    """A copy of a candidate's dossier professionnel, kept for a session only with their consent (ARC-DP)."""

    VISIBILITE = Visibilite(
        chemins={
            **{axe: chemin for axe, chemin in chemins_session("inscription__session").items() if axe != Axe.CANDIDAT},
            Axe.CANDIDAT: "inscription__candidat",
            Axe.JURY: "inscription__jury__participations__membre",
        },
        distinct=True,
    )

    inscription = models.ForeignKey(
        "examens.Inscription", on_delete=models.PROTECT, related_name="copies_dp", verbose_name="inscription"
    )
    consentement = models.ForeignKey(
        ConsentementDossierProfessionnel, on_delete=models.PROTECT, related_name="copies", verbose_name="accord"
    )
    fichier = models.FileField("copie (PDF)", upload_to=chemin_copie_dp, blank=True, max_length=300)
    fichier_nom = models.CharField("nom du fichier", max_length=255)
    deposee_le = models.DateField("déposée le")
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "copie du dossier professionnel"
        verbose_name_plural = "copies des dossiers professionnels"
        ordering = ["inscription", "-deposee_le"]

    def __str__(self) -> str:
        return f"Dossier professionnel — {self.fichier_nom}"


@enregistrer
class PurgeArchives(Horodate):
    """One run of the purge (command, task): what it was asked, by whom, what it did."""

    VISIBILITE = Visibilite()  # the administrator only (national perimeter)

    jusqu_au = models.DateField("documents dont la conservation finit au plus tard le")
    simulation = models.BooleanField("simulation", default=False)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    terminee_a = models.DateTimeField("terminée à", null=True, blank=True)
    nombre = models.PositiveIntegerField("documents traités", default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "purge des archives"
        verbose_name_plural = "purges des archives"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"Purge du {self.cree_le:%d/%m/%Y %H:%M} (jusqu'au {self.jusqu_au:%d/%m/%Y})"


class ActionPurge(models.TextChoices):
    FICHIER_SUPPRIME = "fichier_supprime", "Fichier supprimé (la trace reste)"
    SUPPRIME = "supprime", "Document supprimé"


@enregistrer
class LignePurge(Horodate):
    """One document deleted by a purge: what, why (its retention end), when, by which run."""

    VISIBILITE = Visibilite(chemins=chemins_session("session"), distinct=True)

    purge = models.ForeignKey(PurgeArchives, on_delete=models.PROTECT, related_name="lignes")
    type_document = models.CharField("type de document", max_length=60)
    libelle = models.CharField("document", max_length=300)
    modele = models.CharField("modèle", max_length=60)
    objet_id = models.PositiveBigIntegerField("identifiant")
    session = models.ForeignKey(
        "examens.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="session"
    )
    fichier = models.CharField("fichier supprimé", max_length=300, blank=True)
    date_reference = models.DateField("date de référence")
    conserver_jusqu_au = models.DateField("à conserver jusqu'au")
    action = models.CharField("action", max_length=20, choices=ActionPurge.choices)
    motif = models.CharField("motif", max_length=500)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "document purgé"
        verbose_name_plural = "documents purgés"
        ordering = ["-cree_le", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["type_document", "objet_id"], name="ligne_purge_une_par_document"),
        ]

    def __str__(self) -> str:
        return f"{self.libelle} — {self.get_action_display()}"
