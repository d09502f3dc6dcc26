"""The PV of a session: its documents (each version kept with its SHA-256), its signatures, its transmission.

One ``ProcesVerbal`` per session: the PV général and the PV individuels of a session held
(``nature`` « session »), or the PV of cancellation of a session cancelled after its
convocations (« annulation »). Each edition writes a new ``version``: the PV général, one
PV individuel per registration and the combined file of the PV individuels, each stored
with its SHA-256 (``DocumentPv``). A ``SignaturePv`` is an authenticated act (user,
password re-entered, time, IP) on the **fingerprint of one version** (``empreinte``: the
SHA-256 of the list of its documents' hashes); when results change, every signature is
voided — kept, marked « annulée » with the date and the reason — and the PV regenerated.

Candidates never read these records: their validated results reach them through
« Mes résultats » (RES-PUBLICATION).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from titrepro.comptes.roles import Role
from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet
from titrepro.examens.models.sessions import chemins_session


def _chemins_sans_candidat(prefixe: str) -> dict[Axe, str]:
    return {a: c for a, c in chemins_session(prefixe).items() if a is not Axe.CANDIDAT}


class NaturePv(models.TextChoices):
    SESSION = "session", "PV général et PV individuels"
    ANNULATION = "annulation", "PV d'annulation"


@enregistrer
class ProcesVerbal(Horodate):
    """The PV of one session: current version, transmission to the DDETS, its decision."""

    VISIBILITE = Visibilite(chemins=_chemins_sans_candidat("session"), distinct=True)

    session = models.OneToOneField("examens.Session", on_delete=models.PROTECT, related_name="proces_verbal")
    nature = models.CharField("nature", max_length=12, choices=NaturePv.choices, default=NaturePv.SESSION)
    version = models.PositiveIntegerField("version", default=0)
    edite_le = models.DateTimeField("version éditée le", null=True, blank=True)
    edite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    transmis_le = models.DateField("transmis à la DDETS le", null=True, blank=True)
    transmis_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    valide_le = models.DateField("validé par la DDETS le", null=True, blank=True)
    valide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    renvoye_le = models.DateField("renvoyé pour correction le", null=True, blank=True)
    motif_renvoi = models.TextField("motif du dernier renvoi", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "procès-verbal"
        verbose_name_plural = "procès-verbaux"
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                name="pv_valide_apres_transmission",
                condition=Q(valide_le__isnull=True) | Q(transmis_le__isnull=False),
                violation_error_message="Un PV n'est validé qu'après sa transmission.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} — session {self.session.numero} (version {self.version})"

    def documents_courants(self) -> models.QuerySet[DocumentPv]:
        return self.documents.filter(version=self.version)

    def empreinte_version(self, version: int | None = None) -> str:
        """The fingerprint signed: SHA-256 of « name:hash » of every document of the version, in order."""
        version = self.version if version is None else version
        lignes = [
            f"{nom}:{empreinte}"
            for nom, empreinte in self.documents.filter(version=version)
            .order_by("type_document", "inscription_id", "pk")
            .values_list("nom", "empreinte")
        ]
        return hashlib.sha256("\n".join(lignes).encode()).hexdigest() if lignes else ""

    def signatures_valides(self) -> models.QuerySet[SignaturePv]:
        return self.signatures.filter(annulee_le__isnull=True, version=self.version)

    @property
    def est_annulation(self) -> bool:
        return self.nature == NaturePv.ANNULATION


def peut_instruire(session: Any, user: Any) -> tuple[bool, str]:
    """Validate or send back a PV: an agent of the DDETS of the session's site's département (WORKFLOWS.md)."""
    if not getattr(user, "is_authenticated", False) or Role.AGENT_DDETS not in user.roles:
        return False, "Seuls les agents de la DDETS du département de la session valident ou renvoient ses PV."
    if session.site.departement_id not in user.perimetre.ids(Axe.DEPARTEMENT):
        return False, "Cette session relève d'une autre DDETS : seule celle du département du site instruit ses PV."
    return True, ""


class TypeDocumentPv(models.TextChoices):
    GENERAL = "general", "PV général"
    INDIVIDUELS = "individuels", "PV individuels (tous les candidats)"
    INDIVIDUEL = "individuel", "PV individuel"
    ANNULATION = "annulation", "PV d'annulation"


def chemin_document_pv(instance: DocumentPv, nom: str) -> str:
    return f"proces_verbaux/{instance.proces_verbal.session_id}/v{instance.version}/{nom}"


def empreinte_contenu(contenu: bytes) -> str:
    return hashlib.sha256(contenu).hexdigest()


@enregistrer
class DocumentPv(Horodate):
    """One PDF of one version of a PV, with its SHA-256 (checked again at every download)."""

    VISIBILITE = Visibilite(chemins=_chemins_sans_candidat("proces_verbal__session"), distinct=True)

    proces_verbal = models.ForeignKey(ProcesVerbal, on_delete=models.PROTECT, related_name="documents")
    version = models.PositiveIntegerField("version")
    type_document = models.CharField("document", max_length=12, choices=TypeDocumentPv.choices)
    inscription = models.ForeignKey(
        "examens.Inscription", on_delete=models.PROTECT, null=True, blank=True, related_name="pv_individuels"
    )
    nom = models.CharField("nom du fichier", max_length=200)
    fichier = models.FileField("fichier", upload_to=chemin_document_pv, max_length=300)
    empreinte = models.CharField("empreinte SHA-256", max_length=64)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "document de PV"
        verbose_name_plural = "documents de PV"
        ordering = ["proces_verbal", "-version", "type_document", "inscription_id"]

    def __str__(self) -> str:
        return f"{self.get_type_document_display()} — version {self.version}"

    def contenu_intact(self) -> bool:
        """The stored file still has the SHA-256 recorded when it was generated (tampering is detected)."""
        with self.fichier.open("rb") as fichier:
            return empreinte_contenu(fichier.read()) == self.empreinte


class QualiteSignataire(models.TextChoices):
    MEMBRE_JURY = "membre_jury", "Membre du jury"
    RESPONSABLE = "responsable", "Responsable de session"


@enregistrer
class SignaturePv(Horodate):
    """An electronic signature: who (password re-entered), when, from where, on which exact version (its hash)."""

    VISIBILITE = Visibilite(chemins=_chemins_sans_candidat("proces_verbal__session"), distinct=True)

    proces_verbal = models.ForeignKey(ProcesVerbal, on_delete=models.PROTECT, related_name="signatures")
    version = models.PositiveIntegerField("version signée")
    empreinte = models.CharField("empreinte signée (SHA-256)", max_length=64)
    qualite = models.CharField("qualité", max_length=12, choices=QualiteSignataire.choices)
    signataire = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    membre = models.ForeignKey(
        "personnes.MembreJury", on_delete=models.PROTECT, null=True, blank=True, related_name="signatures_pv"
    )
    nom_signataire = models.CharField("nom du signataire", max_length=300)
    signe_le = models.DateTimeField("signé le")
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)
    motif_annulation = models.TextField("motif de l'annulation", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "signature de PV"
        verbose_name_plural = "signatures de PV"
        ordering = ["proces_verbal", "signe_le", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proces_verbal", "version", "signataire"],
                condition=Q(annulee_le__isnull=True),
                name="signature_pv_unique",
                violation_error_message="Vous avez déjà signé cette version du PV.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nom_signataire} ({self.get_qualite_display()}) — {self.signe_le:%d/%m/%Y %H:%M}"

    @property
    def valide(self) -> bool:
        return self.annulee_le is None

    def conforme_au_document(self, proces_verbal: Any | None = None) -> bool:
        """The hash signed is still the fingerprint of the version (no document replaced since)."""
        pv = proces_verbal or self.proces_verbal
        return self.empreinte == pv.empreinte_version(self.version)
