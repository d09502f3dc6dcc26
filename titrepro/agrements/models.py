"""Agréments (organisme × site × TP millésime × period) and the agrément request instructed by the DREETS.

States and transitions follow WORKFLOWS.md « Demande d'agrément » (AGR-ETATS); each
transition is a django-fsm transition, so the audit trail records it with its motive.
Who may act is decided by the ``peut_<verbe>(user) -> (bool, raison)`` methods below;
the services in ``services.py`` call them before writing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django_fsm import FSMField, transition

from titrepro.comptes.roles import Role
from titrepro.conformite.regles.agrements import JUSTIFICATIFS_ACCES
from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet
from titrepro.organisations.models import est_responsable_de


def est_instructeur(user: Any, region_id: int | None) -> bool:
    """An agent DREETS of the région of the site (WORKFLOWS.md: the DREETS instructs its région)."""
    if region_id is None or not getattr(user, "is_authenticated", False):
        return False
    return any(a.role == Role.AGENT_DREETS and a.region_id == region_id for a in user.affectations_actives)


PAR_SITE = Visibilite(
    chemins={
        Axe.ORGANISME: "organisme",
        Axe.DEPARTEMENT: "site__departement",
        Axe.REGION: "site__departement__region",
    }
)


class EtatAgrement(models.TextChoices):
    ACTIF = "actif", "Actif"
    SUSPENDU = "suspendu", "Suspendu"
    RETIRE = "retire", "Retiré"
    EXPIRE = "expire", "Expiré"


class AgrementQuerySet(VisibleQuerySet["Agrement"]):
    def en_vigueur_le(self, jour: dt.date) -> AgrementQuerySet:
        return self.filter(etat=EtatAgrement.ACTIF, debut__lte=jour, fin__gte=jour)

    def couvrant(self, *, premier_jour: dt.date, dernier_jour: dt.date) -> AgrementQuerySet:
        """Active agréments valid on every day from ``premier_jour`` to ``dernier_jour``."""
        return self.filter(etat=EtatAgrement.ACTIF, debut__lte=premier_jour, fin__gte=dernier_jour)


@enregistrer
class Agrement(Horodate):
    """Authorisation for one organisme to run sessions of one TP millésime on one site, for a period."""

    VISIBILITE = PAR_SITE

    organisme = models.ForeignKey("organisations.Organisme", on_delete=models.PROTECT, related_name="agrements")
    site = models.ForeignKey("organisations.Site", on_delete=models.PROTECT, related_name="agrements")
    millesime = models.ForeignKey(
        "referentiel.Millesime", on_delete=models.PROTECT, related_name="agrements", verbose_name="millésime"
    )
    debut = models.DateField("début")
    fin = models.DateField("fin", help_text="Jamais au-delà de la fin de validité du millésime (AGR-DECISION).")
    candidats_externes = models.BooleanField(
        "accueille des candidats d'autres organismes",
        default=False,
        help_text="Les candidats VAE ne peuvent jamais être refusés (CAN-VAE).",
    )
    etat = FSMField("état", max_length=12, choices=EtatAgrement.choices, default=EtatAgrement.ACTIF)
    motif_etat = models.TextField("motif du dernier changement d'état", blank=True)
    demande = models.ForeignKey(
        "DemandeAgrement", on_delete=models.SET_NULL, null=True, blank=True, related_name="agrements"
    )

    objects = AgrementQuerySet.as_manager()

    class Meta:
        verbose_name = "agrément"
        ordering = ["organisme__raison_sociale", "site__nom", "millesime__titre__intitule", "-debut"]
        constraints = [
            models.CheckConstraint(
                name="agrement_fin_apres_debut",
                condition=Q(fin__gte=F("debut")),
                violation_error_message="La fin de l'agrément ne peut précéder son début.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.millesime} — {self.site.nom} ({self.debut:%d/%m/%Y} → {self.fin:%d/%m/%Y})"

    def clean(self) -> None:
        super().clean()
        if self.site_id and self.organisme_id and self.site.organisme_id != self.organisme_id:
            raise ValidationError({"site": "Ce site n'appartient pas à l'organisme."})
        if self.millesime_id and self.fin and self.fin > self.millesime.fin_validite:
            raise ValidationError(
                {"fin": f"L'agrément ne peut dépasser la fin du millésime ({self.millesime.fin_validite:%d/%m/%Y})."}
            )
        autre = self.chevauchement()
        if autre is not None:
            raise ValidationError({"debut": message_chevauchement(autre)}, code="agrement_chevauchement")

    def chevauchement(self, *, si_actif: bool = False) -> Agrement | None:
        """Another active agrément of the same site × millésime whose period overlaps this one (if this one is active,
        or would be: ``si_actif``, before reinstating it).

        The same check as the PostgreSQL exclusion constraint ``agrement_sans_chevauchement``.
        """
        if (self.etat != EtatAgrement.ACTIF and not si_actif) or not (
            self.site_id and self.millesime_id and self.debut and self.fin
        ):
            return None
        return (
            Agrement.objects.filter(
                site_id=self.site_id,
                millesime_id=self.millesime_id,
                etat=EtatAgrement.ACTIF,
                debut__lte=self.fin,
                fin__gte=self.debut,
            )
            .exclude(pk=self.pk)
            .order_by("debut")
            .first()
        )

    def etat_le(self, jour: dt.date) -> EtatAgrement:
        """The state on ``jour``: an active agrément past its end is expired."""
        if self.etat == EtatAgrement.ACTIF and jour > self.fin:
            return EtatAgrement.EXPIRE
        return EtatAgrement(self.etat)

    def peut_changer_etat(self, user: Any) -> tuple[bool, str]:
        if not est_instructeur(user, self.site.departement.region_id):
            return False, "Seule la DREETS de la région du site suspend ou retire un agrément."
        return True, ""

    @transition(field=etat, source=EtatAgrement.ACTIF, target=EtatAgrement.SUSPENDU)
    def suspendre(self, motif: str = "") -> None:
        self.motif_etat = motif

    @transition(field=etat, source=EtatAgrement.SUSPENDU, target=EtatAgrement.ACTIF)
    def retablir(self, motif: str = "") -> None:
        self.motif_etat = motif

    @transition(field=etat, source=[EtatAgrement.ACTIF, EtatAgrement.SUSPENDU], target=EtatAgrement.RETIRE)
    def retirer(self, motif: str = "") -> None:
        self.motif_etat = motif

    @transition(field=etat, source=[EtatAgrement.ACTIF, EtatAgrement.SUSPENDU], target=EtatAgrement.EXPIRE)
    def clore(self, motif: str = "", fin: dt.date | None = None) -> None:
        """Ended before its term (AGR-PLATEAU: the plateau changed)."""
        self.motif_etat = motif
        if fin is not None and fin < self.fin:
            self.fin = max(fin, self.debut)


CONTRAINTE_CHEVAUCHEMENT = "agrement_sans_chevauchement"


def message_chevauchement(autre: Agrement | None = None) -> str:
    periode = f" (du {autre.debut:%d/%m/%Y} au {autre.fin:%d/%m/%Y})" if autre is not None else ""
    return (
        f"Un agrément actif sur ce titre (millésime) et ce site couvre déjà tout ou partie de cette période{periode} : "
        "deux agréments actifs ne peuvent se chevaucher."
    )


class EtatDemande(models.TextChoices):
    EN_CONSTRUCTION = "en_construction", "En construction"
    EN_INSTRUCTION = "en_instruction", "En instruction"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"
    CLASSEE_SANS_SUITE = "classee_sans_suite", "Classée sans suite"


class MotifRefus(models.TextChoices):
    """AGR-REFUS (001 « Nouvelles règles mises en œuvre à compter de juillet 2025 »), or free text."""

    ORGANISATION = "organisation", "Organisation de la session ne respectant pas les épreuves et leurs durées"
    ACCES_LOCAUX = "acces_locaux", "Pas de justificatif valable d'accès aux locaux"
    PLATEAU = "plateau", "Plateau technique incompatible avec le référentiel du titre"
    AUTRE = "autre", "Autre motif (texte libre)"


@enregistrer
class DemandeAgrement(Horodate):
    """A request for one or several TP millésimes on one site (AGR-ETATS, AGR-PIECES)."""

    VISIBILITE = PAR_SITE

    organisme = models.ForeignKey("organisations.Organisme", on_delete=models.PROTECT, related_name="demandes_agrement")
    site = models.ForeignKey("organisations.Site", on_delete=models.PROTECT, related_name="demandes_agrement")
    millesimes = models.ManyToManyField(
        "referentiel.Millesime", related_name="demandes_agrement", verbose_name="titres demandés (millésimes)"
    )
    premiere_session = models.DateField(
        "première session prévue", help_text="Le bail doit être valide à cette date (AGR-PIECES)."
    )
    candidats_externes = models.BooleanField("accueille des candidats d'autres organismes", default=False)
    renouvellement = models.BooleanField(
        "renouvellement", default=False, help_text="Exige le tableau de suivi des effectifs et de l'insertion."
    )
    observations = models.TextField("observations de l'organisme", blank=True)
    etat = FSMField("état", max_length=20, choices=EtatDemande.choices, default=EtatDemande.EN_CONSTRUCTION)
    deposee_le = models.DateField("déposée le", null=True, blank=True)
    complete_le = models.DateField("dernier dépôt complet le", null=True, blank=True)
    pieces_demandees_le = models.DateField("compléments demandés le", null=True, blank=True)
    pieces_demandees = models.TextField("compléments demandés", blank=True)
    complements_recus_le = models.DateField("compléments apportés le", null=True, blank=True)
    instruction_le = models.DateField("mise en instruction le", null=True, blank=True)
    decision_le = models.DateField("décision le", null=True, blank=True)
    motif_refus = models.CharField("motif de refus", max_length=16, choices=MotifRefus.choices, blank=True)
    motif_decision = models.TextField("motif de la décision", blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'agrément"
        verbose_name_plural = "demandes d'agrément"
        ordering = ["-deposee_le", "-pk"]

    def __str__(self) -> str:
        return f"Demande n°{self.pk} — {self.site.nom}"

    @property
    def region_id(self) -> int:
        return self.site.departement.region_id

    @property
    def attend_complements(self) -> bool:
        return self.pieces_demandees_le is not None and self.complements_recus_le is None

    def clean(self) -> None:
        super().clean()
        if self.site_id and self.organisme_id and self.site.organisme_id != self.organisme_id:
            raise ValidationError({"site": "Ce site n'appartient pas à l'organisme."})

    # ------------------------------------------------------------------ who may do what (reason shown as is)

    def peut_modifier(self, user: Any) -> tuple[bool, str]:
        if not est_responsable_de(user, self.organisme_id):
            return False, "Seul le responsable de l'organisme modifie sa demande d'agrément."
        if self.etat == EtatDemande.EN_INSTRUCTION:
            return False, "La demande est en instruction : elle n'est plus modifiable (AGR-ETATS)."
        if self.etat != EtatDemande.EN_CONSTRUCTION:
            return False, f"La demande est {self.get_etat_display().lower()} : elle n'est plus modifiable."
        return True, ""

    def peut_deposer(self, user: Any) -> tuple[bool, str]:
        return self.peut_modifier(user)

    def _instruction(self, user: Any, *etats: str) -> tuple[bool, str]:
        if not est_instructeur(user, self.region_id):
            return False, "Seule la DREETS de la région du site instruit cette demande."
        if self.etat not in etats:
            return False, f"Action impossible : la demande est {self.get_etat_display().lower()}."
        return True, ""

    def peut_demander_pieces(self, user: Any) -> tuple[bool, str]:
        permis, raison = self._instruction(user, EtatDemande.EN_CONSTRUCTION)
        if permis and self.deposee_le is None:
            return False, "La demande n'a pas encore été déposée par l'organisme."
        return permis, raison

    def peut_passer_en_instruction(self, user: Any) -> tuple[bool, str]:
        permis, raison = self._instruction(user, EtatDemande.EN_CONSTRUCTION)
        if not permis:
            return permis, raison
        if self.deposee_le is None:
            return False, "La demande n'a pas encore été déposée par l'organisme."
        if self.attend_complements:
            return False, "Des compléments ont été demandés et ne sont pas encore apportés."
        return True, ""

    def peut_accepter(self, user: Any) -> tuple[bool, str]:
        return self._instruction(user, EtatDemande.EN_INSTRUCTION)

    def peut_refuser(self, user: Any) -> tuple[bool, str]:
        return self._instruction(user, EtatDemande.EN_INSTRUCTION)

    def peut_classer_sans_suite(self, user: Any) -> tuple[bool, str]:
        return self._instruction(user, EtatDemande.EN_CONSTRUCTION)

    # ------------------------------------------------------------------ transitions (WORKFLOWS.md)

    @transition(field=etat, source=EtatDemande.EN_CONSTRUCTION, target=EtatDemande.EN_CONSTRUCTION)
    def deposer(self, jour: dt.date, motif: str = "") -> None:
        self.deposee_le = self.deposee_le or jour
        self.complete_le = jour
        if self.attend_complements:
            self.complements_recus_le = jour

    @transition(field=etat, source=EtatDemande.EN_CONSTRUCTION, target=EtatDemande.EN_CONSTRUCTION)
    def demander_pieces(self, jour: dt.date, motif: str = "") -> None:
        self.pieces_demandees_le = jour
        self.pieces_demandees = motif
        self.complements_recus_le = None

    @transition(field=etat, source=EtatDemande.EN_CONSTRUCTION, target=EtatDemande.EN_INSTRUCTION)
    def passer_en_instruction(self, jour: dt.date, motif: str = "") -> None:
        self.instruction_le = jour

    @transition(field=etat, source=EtatDemande.EN_INSTRUCTION, target=EtatDemande.ACCEPTEE)
    def accepter(self, jour: dt.date, motif: str = "") -> None:
        self.decision_le = jour
        self.motif_decision = motif

    @transition(field=etat, source=EtatDemande.EN_INSTRUCTION, target=EtatDemande.REFUSEE)
    def refuser(self, jour: dt.date, motif: str = "", motif_refus: str = "") -> None:
        self.decision_le = jour
        self.motif_refus = motif_refus
        self.motif_decision = motif

    @transition(field=etat, source=EtatDemande.EN_CONSTRUCTION, target=EtatDemande.CLASSEE_SANS_SUITE)
    def classer_sans_suite(self, jour: dt.date, motif: str = "") -> None:
        self.decision_le = jour
        self.motif_decision = motif


class TypePiece(models.TextChoices):
    """AGR-PIECES (001 « Comment obtenir un agrément pour un titre professionnel ? »)."""

    KBIS = "kbis", "Extrait KBIS ou attestation d'enregistrement INSEE"
    ACCES_LOCAUX = "acces_locaux", "Justificatif d'accès aux locaux (bail)"
    PHOTO = "photo", "Photo légendée (salle, plateau, matériel)"
    ORGANISATION = "organisation", "Organisation détaillée d'une session"
    PLANNING = "planning", "Planning prévisionnel des sessions"
    ATTESTATION_PISTE = "attestation_piste", "Attestation de conformité des pistes hors circulation (transport)"
    SUIVI_EFFECTIFS = "suivi_effectifs", "Tableau de suivi des effectifs et de l'insertion (renouvellement)"
    AUTRE = "autre", "Autre pièce"


CHOIX_JUSTIFICATIFS = [(cle, libelle[0].upper() + libelle[1:]) for cle, libelle in JUSTIFICATIFS_ACCES.items()]
"""AGR-PIECES: the kinds of proof of access to the premises (invoices and receipts are not valid ones)."""


def chemin_piece(instance: PieceJointe, nom: str) -> str:
    return f"agrements/demandes/{instance.demande_id}/{nom}"


@enregistrer
class PieceJointe(Horodate):
    """A piece of a request: file checked from its content, kept under MEDIA_ROOT, downloads audited."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "demande__organisme",
            Axe.DEPARTEMENT: "demande__site__departement",
            Axe.REGION: "demande__site__departement__region",
        }
    )

    demande = models.ForeignKey(DemandeAgrement, on_delete=models.CASCADE, related_name="pieces")
    type = models.CharField("pièce", max_length=20, choices=TypePiece.choices)
    fichier = models.FileField("fichier", upload_to=chemin_piece, max_length=300)
    nom_original = models.CharField("nom du fichier", max_length=200)
    type_mime = models.CharField("type du contenu", max_length=40)
    taille = models.PositiveIntegerField("taille (octets)")
    date_document = models.DateField("date du document", null=True, blank=True, help_text="KBIS : date de l'extrait.")
    justificatif = models.CharField("nature du justificatif", max_length=24, choices=CHOIX_JUSTIFICATIFS, blank=True)
    acces_debut = models.DateField("accès aux locaux du", null=True, blank=True)
    acces_fin = models.DateField("accès aux locaux jusqu'au", null=True, blank=True, help_text="Vide : sans terme.")
    legende = models.CharField("légende", max_length=300, blank=True)
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["demande", "type", "pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.nom_original}"

    def clean(self) -> None:
        super().clean()
        erreurs = {}
        if self.type == TypePiece.KBIS and not self.date_document:
            erreurs["date_document"] = "Indiquez la date de l'extrait KBIS ou de l'attestation INSEE."
        if self.type == TypePiece.ACCES_LOCAUX:
            if not self.justificatif:
                erreurs["justificatif"] = "Indiquez la nature du justificatif (bail, facture, quittance…)."
            if not self.acces_debut:
                erreurs["acces_debut"] = "Indiquez la date de début de validité du justificatif."
            if self.acces_debut and self.acces_fin and self.acces_fin < self.acces_debut:
                erreurs["acces_fin"] = "La fin de validité ne peut précéder le début."
        if self.type == TypePiece.PHOTO and not self.legende.strip():
            erreurs["legende"] = "Chaque photo porte une légende (AGR-PIECES)."
        if erreurs:
            raise ValidationError(erreurs)
