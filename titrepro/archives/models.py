"""Archives: the candidate's consent to keep their dossier professionnel (ARC-DP), its copy, the evaluation
documents of a registration filed by the session team (ARC-CONSERVATION, SES-DOSSIER), and the purge log.

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


class NaturePiece(models.TextChoices):
    """The only documents of a candidate the session team files (SES-DOSSIER: nothing the RE does not name).

    The seeds list them (001 §2 and §3.3, 002 engagement 13): the individual evaluation sheets, the grids filled
    by the jury, the ECF booklet, the livret de certification or the VAE admissibility « selon les cas ».
    """

    FICHE_EVALUATION = "fiche_evaluation", "Fiche d'évaluation individuelle"
    GRILLE_JURY = "grille_jury", "Grille d'évaluation remplie par le jury"
    LIVRET_ECF = "livret_ecf", "Livret ECF (évaluations passées en cours de formation)"
    LIVRET_CERTIFICATION = "livret_certification", "Livret de certification"
    RECEVABILITE_VAE = "recevabilite_vae", "Décision de recevabilité VAE"


def chemin_piece(instance: PieceConservee, nom: str) -> str:
    return f"pieces-conservees/{instance.inscription.session_id}/{instance.inscription_id}/{nom}"


@enregistrer
class PieceConservee(Horodate):
    """A document of one registration that the session team files and keeps ≥ 5 years (ARC-CONSERVATION).

    Its nature is one of ``NaturePiece``, a closed list: that list is how SES-DOSSIER (« nothing is added to the
    candidate's file that the RE does not name ») is enforced — an internship report or a CV has no nature and
    cannot be filed. The file is content-checked (``core.fichiers``); the row is registered in ``registre.py``
    (reference date: the session's last day), so the guard refuses its deletion before the retention end and
    the purge deletes the file afterwards, keeping the row as the trace.
    """

    VISIBILITE = Visibilite(
        chemins={
            axe: chemin
            for axe, chemin in chemins_session("inscription__session").items()
            if axe not in (Axe.CANDIDAT, Axe.JURY)
        },
        distinct=True,
    )

    inscription = models.ForeignKey(
        "examens.Inscription",
        on_delete=models.CASCADE,  # the guard (garde.py) refuses the cascade while the retention runs
        related_name="pieces_conservees",
        verbose_name="inscription",
    )
    nature = models.CharField("pièce", max_length=30, choices=NaturePiece.choices)
    fichier = models.FileField("fichier", upload_to=chemin_piece, blank=True, max_length=300)
    fichier_nom = models.CharField("nom du fichier", max_length=255)
    deposee_le = models.DateField("déposée le")
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déposée par",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "pièce conservée d'un candidat"
        verbose_name_plural = "pièces conservées des candidats"
        ordering = ["inscription", "nature", "-deposee_le", "pk"]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} — {self.inscription.candidat}"


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
