"""Parameters overridden by administrators, and the derogations granted by the DDETS.

The rules themselves are pure (``titrepro.conformite.regles``); these two models are
what may change without code: a parameter per région and effective date
(``ParametreRegle``), and the record that lifts one derogeable blocking rule for one
subject (``Derogation``, SES-DEROGATION).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from titrepro.conformite.regles.catalogue import CODES, CODES_DEROGEABLES, REGLES, Niveau, regle
from titrepro.conformite.regles.verdict import DerogationAppliquee
from titrepro.core.audit import CHAMPS_EXCLUS, enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet

CHOIX_REGLES = [(r.code, f"{r.code} — {r.titre}") for r in REGLES]
CHOIX_DEROGEABLES = [(code, f"{code} — {regle(code).titre}") for code in CODES_DEROGEABLES]


@enregistrer
class ParametreRegle(Horodate):
    """An override of one rule parameter, national (no région) or for one région, from ``effet`` to ``fin``.

    The catalogue default applies when no override is in force; a région's override beats
    the national one; among several in force, the latest ``effet`` wins.
    """

    VISIBILITE = Visibilite(publique=True)  # the rules and their parameters are public (page « Règles appliquées »)

    code = models.CharField("règle", max_length=40, choices=CHOIX_REGLES)
    nom = models.CharField("paramètre", max_length=60)
    valeur = models.JSONField("valeur", help_text="Nombre entier, dans l'unité du paramètre.")
    unite = models.CharField("unité", max_length=40, blank=True, help_text="Vide : l'unité du catalogue.")
    region = models.ForeignKey(
        "territoires.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parametres_regles",
        verbose_name="région",
        help_text="Vide : valeur nationale.",
    )
    effet = models.DateField("en vigueur à partir du")
    fin = models.DateField("en vigueur jusqu'au", null=True, blank=True, help_text="Inclus ; vide : sans fin.")
    motif = models.TextField("motif", help_text="Texte ou décision qui justifie la valeur.")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "paramètre de règle"
        verbose_name_plural = "paramètres de règles"
        ordering = ["code", "nom", "region", "-effet"]
        constraints = [
            models.CheckConstraint(
                name="parametre_regle_fin_apres_effet",
                condition=Q(fin__isnull=True) | Q(fin__gte=models.F("effet")),
                violation_error_message="La fin de vigueur précède la date d'effet.",
            ),
            models.CheckConstraint(
                name="parametre_regle_motif_requis",
                condition=~Q(motif=""),
                violation_error_message="Le motif est obligatoire.",
            ),
            models.UniqueConstraint(
                fields=["code", "nom", "region", "effet"],
                name="parametre_regle_unique_par_region",
                violation_error_message="Ce paramètre a déjà une valeur à cette date pour cette région.",
            ),
            models.UniqueConstraint(
                fields=["code", "nom", "effet"],
                condition=Q(region__isnull=True),
                name="parametre_regle_unique_national",
                violation_error_message="Ce paramètre a déjà une valeur nationale à cette date.",
            ),
        ]

    def __str__(self) -> str:
        portee = self.region or "national"
        return f"{self.code} · {self.nom} = {self.valeur} ({portee}, dès le {self.effet:%d/%m/%Y})"

    def clean(self) -> None:
        super().clean()
        if self.code not in CODES:
            raise ValidationError({"code": "Règle inconnue du catalogue."})
        parametres = regle(self.code).parametres
        if self.nom not in parametres:
            noms = ", ".join(parametres) or "aucun"
            raise ValidationError({"nom": f"La règle {self.code} n'a pas ce paramètre (paramètres : {noms})."})
        if isinstance(self.valeur, bool) or not isinstance(self.valeur, int) or self.valeur < 0:
            raise ValidationError({"valeur": "La valeur est un nombre entier positif ou nul."})
        if not self.unite:
            self.unite = parametres[self.nom].unite


class DerogationQuerySet(VisibleQuerySet["Derogation"]):
    def pour(self, sujet: models.Model, regle: str) -> DerogationQuerySet:
        """The derogations lifting ``regle`` for ``sujet``."""
        return self.filter(content_type=ContentType.objects.get_for_model(sujet), object_id=sujet.pk, regle=regle)


@enregistrer
class Derogation(Horodate):
    """A DDETS derogation lifting one derogeable blocking rule for one subject (SES-DEROGATION).

    Created only by ``titrepro.conformite.services.derogation_accorder``. Visible to the
    DDETS of its département and the DREETS of its région; the organisme concerned will
    see it through the session it lifts once sessions exist (then add ``Axe.ORGANISME``).
    """

    VISIBILITE = Visibilite(chemins={Axe.DEPARTEMENT: "departement", Axe.REGION: "departement__region"})

    regle = models.CharField("règle levée", max_length=40, choices=CHOIX_DEROGEABLES)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="type du sujet")
    object_id = models.PositiveBigIntegerField("identifiant du sujet")
    sujet = GenericForeignKey("content_type", "object_id")
    motif = models.TextField("motif", help_text="Justification indépendante de la volonté du centre.")
    accordee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="derogations", verbose_name="accordée par"
    )
    accordee_le = models.DateField("accordée le")
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="derogations", verbose_name="département"
    )

    objects = DerogationQuerySet.as_manager()

    class Meta:
        verbose_name = "dérogation"
        ordering = ["-accordee_le", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="derogation_sujet")]
        constraints = [
            models.CheckConstraint(
                name="derogation_regle_derogeable",
                condition=Q(regle__in=list(CODES_DEROGEABLES)),
                violation_error_message="Cette règle n'admet pas de dérogation.",
            ),
            models.CheckConstraint(
                name="derogation_motif_requis",
                condition=~Q(motif=""),
                violation_error_message="Le motif de la dérogation est obligatoire.",
            ),
        ]

    def __str__(self) -> str:
        return f"Dérogation n°{self.numero} ({self.regle})"

    @property
    def numero(self) -> str:
        """Automatic number: year of grant and record id, e.g. 2026-000042."""
        return f"{self.accordee_le:%Y}-{self.pk or 0:06d}"

    def appliquee(self) -> DerogationAppliquee:
        """What the pure rules need to lift their verdict and name the derogation."""
        auteur: Any = self.accordee_par
        nom = getattr(auteur, "nom_complet", "") or str(auteur)
        return DerogationAppliquee(
            numero=self.numero,
            regle=self.regle,
            accordee_le=self.accordee_le,
            auteur=f"{nom} (DDETS {self.departement.code})",
            motif=self.motif,
        )


class EtatAlerte(models.TextChoices):
    OUVERTE = "ouverte", "Ouverte"
    RESOLUE = "resolue", "Résolue"


CHOIX_NIVEAUX = [(n.value, n.libelle) for n in Niveau]


class AlerteQuerySet(VisibleQuerySet["Alerte"]):
    def ouvertes(self) -> AlerteQuerySet:
        return self.filter(etat=EtatAlerte.OUVERTE)


class Alerte(Horodate):
    """An alert raised by the sweep about one subject (an organisme, a session...), open until no source raises it.

    Written only by ``titrepro.conformite.balayage.alertes_balayer`` (set-based: ``bulk_create``
    and ``update``, with audit entries written in bulk). The scoping columns (organisme,
    département, région) are copied from what the source said, so that reading alerts never
    needs to join the subject's tables.
    """

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "organisme",
            Axe.FORMATION: "organisme",
            Axe.DEPARTEMENT: "departement",
            Axe.REGION: "region",
        }
    )

    code = models.CharField("règle", max_length=40, choices=CHOIX_REGLES)
    niveau = models.CharField("niveau", max_length=10, choices=CHOIX_NIVEAUX)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="type du sujet")
    object_id = models.PositiveBigIntegerField("identifiant du sujet")
    sujet = GenericForeignKey("content_type", "object_id")
    message = models.TextField("message")
    echeance = models.DateField("échéance", null=True, blank=True)
    etat = models.CharField("état", max_length=10, choices=EtatAlerte.choices, default=EtatAlerte.OUVERTE)
    ouverte_le = models.DateField("ouverte le")
    resolue_le = models.DateField("résolue le", null=True, blank=True)
    derniere_vue_le = models.DateField("vue par le dernier balayage le")
    notifiee_le = models.DateTimeField(
        "notifiée le", null=True, blank=True, help_text="Courriel programmé à l'ouverture ; jamais renvoyé."
    )
    organisme = models.ForeignKey(
        "organisations.Organisme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alertes",
        verbose_name="organisme",
    )
    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alertes",
        verbose_name="département",
    )
    region = models.ForeignKey(
        "territoires.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="alertes"
    )

    objects = AlerteQuerySet.as_manager()

    class Meta:
        verbose_name = "alerte"
        ordering = ["etat", "echeance", "code", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="alerte_sujet"),
            models.Index(fields=["etat", "code"], name="alerte_etat_code"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "content_type", "object_id"],
                condition=Q(etat="ouverte"),
                name="alerte_ouverte_unique_par_sujet",
                violation_error_message="Une alerte de ce code est déjà ouverte pour ce sujet.",
            ),
            models.CheckConstraint(
                name="alerte_resolue_datee",
                condition=Q(etat="ouverte", resolue_le__isnull=True) | Q(etat="resolue", resolue_le__isnull=False),
                violation_error_message="Une alerte résolue a une date de résolution, une alerte ouverte n'en a pas.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.message[:120]}"

    @property
    def ouverte(self) -> bool:
        return self.etat == EtatAlerte.OUVERTE


# The sweep's daily "seen" stamp is not a change worth an audit entry.
enregistrer(Alerte, exclude_fields=[*CHAMPS_EXCLUS, "derniere_vue_le"])
