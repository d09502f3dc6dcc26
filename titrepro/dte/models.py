"""The DTE order of a session (« Commande de DTE », WORKFLOWS.md) and its follow-up by the GEV.

One order per session (a cancelled order frees the session for a new one). The states
and transitions follow WORKFLOWS.md; each one is a django-fsm transition, so the audit
trail records who, when, from, to and why. The transitions only move the state and
stamp dates: the rules (DTE-*, SES-ENTRETIEN-FINAL) are checked by
``titrepro.dte.services`` before they are called, and who may act is decided by the
``peut_<verbe>(user) -> (bool, raison)`` methods.

Visibility: the session's organisme, the DDETS of the site's département, the GEV
(national: every order). Not the DREETS: WORKFLOWS.md « Who may do what » gives it no
access to the DTE orders (``comptes.acces.LECTEURS_COMMANDES_DTE``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from titrepro.comptes.roles import Role
from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import TOUT, Axe, Visibilite, VisibleQuerySet


class EtatCommande(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Soumise à la GEV"
    PREPAREE = "preparee", "Préparée"
    EXPEDIEE = "expediee", "Expédiée"
    RECUE = "recue", "Reçue par le centre"
    LIENS_ACTIFS = "liens_actifs", "Liens transmis"
    DETRUITE = "detruite", "Détruite"
    RETOURNEE = "retournee", "Retournée à la GEV"
    ANNULEE = "annulee", "Annulée"


class SecteurCommande(models.TextChoices):
    """The GEV unit that handles the order (``conformite.regles.dte.BOITES_GEV``)."""

    BTP = "btp", "Bâtiment et travaux publics"
    INDUSTRIE = "industrie", "Industrie"
    TERTIAIRE = "tertiaire", "Tertiaire"
    CCP = "ccp", "CCP"


ETATS_EN_COURS = frozenset(
    {EtatCommande.SOUMISE, EtatCommande.PREPAREE, EtatCommande.EXPEDIEE, EtatCommande.RECUE, EtatCommande.LIENS_ACTIFS}
)
ETATS_PLIS_RECUS = frozenset({EtatCommande.RECUE, EtatCommande.LIENS_ACTIFS})
"""The centre holds the material (TP plis received, CCP links transmitted)."""
ETATS_ANNULABLES = frozenset({EtatCommande.BROUILLON, *ETATS_EN_COURS})
ETATS_FINAUX = frozenset({EtatCommande.DETRUITE, EtatCommande.RETOURNEE, EtatCommande.ANNULEE})

VOIES_TP = (
    {"destinataire": "Organisateur", "voies": "lien dématérialisé (DTO/ZO) et courrier"},
    {"destinataire": "Jury", "voies": "courrier"},
    {"destinataire": "Candidats", "voies": "courrier"},
)
"""DTE-SUIVI (004): who receives a TP order, and how."""


def est_agent_gev(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and Role.AGENT_GEV in user.roles)


def est_ddets_ou_dreets_de(user: Any, departement_id: int, region_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(
        (a.role == Role.AGENT_DDETS and a.departement_id == departement_id)
        or (a.role == Role.AGENT_DREETS and a.region_id == region_id)
        for a in user.affectations_actives
    )


class CommandeQuerySet(VisibleQuerySet["CommandeDte"]):
    def non_annulees(self) -> CommandeQuerySet:
        return self.filter(annulee_le__isnull=True)


@enregistrer
class CommandeDte(Horodate):
    """The order of the exam material (DTE) of one session, from the organisme to the GEV."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "session__organisme",
            Axe.DEPARTEMENT: "session__site__departement",
            Axe.GEV: TOUT,
        }
    )

    session = models.ForeignKey(
        "examens.Session", on_delete=models.CASCADE, related_name="commandes_dte", verbose_name="session"
    )
    secteur = models.CharField("secteur (boîte GEV)", max_length=12, choices=SecteurCommande.choices)
    etat = FSMField("état", max_length=20, choices=EtatCommande.choices, default=EtatCommande.BROUILLON)
    # -- quantities (DTE-QUANTITE)
    nombre_candidats = models.PositiveIntegerField(
        "candidats prévus", default=0, help_text="Au moins les candidats inscrits à la session."
    )
    nombre_sujets = models.PositiveIntegerField("sujets commandés", default=0, help_text="Candidats + 1 ou 2.")
    # -- delivery (DTE-COMPLETUDE)
    courriel_livraison = models.CharField("courriel de livraison", max_length=254, blank=True)
    contact_livraison = models.CharField("destinataire (nom)", max_length=150, blank=True)
    telephone_livraison = models.CharField("téléphone du destinataire", max_length=20, blank=True)
    adresse_livraison = models.CharField("adresse postale de livraison", max_length=250, blank=True)
    code_postal_livraison = models.CharField("code postal de livraison", max_length=5, blank=True)
    commune_livraison = models.CharField("commune de livraison", max_length=120, blank=True)
    # -- SES-ENTRETIEN-FINAL
    grille_entretien_final = models.BooleanField(
        "grille d'entretien final demandée",
        default=False,
        help_text="Commande CCP : des candidats y passent leurs derniers CCP manquants (capitalisation du titre).",
    )
    commentaire = models.TextField("commentaire à la GEV", blank=True)
    # -- steps (DTE-SUIVI)
    soumise_le = models.DateField("soumise le", null=True, blank=True)
    prise_en_compte_le = models.DateField("prise en compte le (AR 1)", null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="agent GEV en charge",
    )
    preparee_le = models.DateField("préparée le (AR 2)", null=True, blank=True)
    lien_dto = models.CharField("référence du lien DTO", max_length=300, blank=True)
    lien_zo = models.CharField("référence du lien ZO", max_length=300, blank=True)
    expediee_le = models.DateField("expédiée le", null=True, blank=True)
    reference_envoi = models.CharField("référence de l'envoi postal", max_length=80, blank=True)
    destinataires_envoi = models.JSONField("destinataires de l'envoi", default=list, blank=True)
    liens_transmis_le = models.DateField("liens transmis le", null=True, blank=True)
    organisateur_disponible_le = models.DateField("DTE organisateur accessible le", null=True, blank=True)
    organisateur_actif_a = models.DateTimeField("lien organisateur activé à", null=True, blank=True)
    jury_disponible_le = models.DateField("DTE jury et candidats accessibles le", null=True, blank=True)
    jury_actif_a = models.DateTimeField("liens jury et candidats activés à", null=True, blank=True)
    recue_le = models.DateField("reçue le", null=True, blank=True)
    recue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # -- cancellation (DTE-ANNULATION) and end of life (DTE-DESTRUCTION)
    annulee_le = models.DateField("annulée le", null=True, blank=True)
    motif_annulation = models.TextField("motif de l'annulation", blank=True)
    plis_a_detruire = models.BooleanField(
        "plis à détruire ou retourner par le centre",
        default=False,
        help_text="Annulation après réception : la GEV annule, le centre détruit (ou retourne) les plis.",
    )
    cloturee_le = models.DateField("détruite ou retournée le", null=True, blank=True)
    cloturee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    observations_cloture = models.TextField("procès-verbal (destruction ou retour)", blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CommandeQuerySet.as_manager()

    class Meta:
        verbose_name = "commande de DTE"
        verbose_name_plural = "commandes de DTE"
        ordering = ["session__premier_jour", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(annulee_le__isnull=True),
                name="commande_dte_une_par_session",
                violation_error_message="Cette session a déjà une commande de DTE.",
            )
        ]
        indexes = [models.Index(fields=["etat", "secteur"], name="commande_dte_etat_secteur")]

    def __str__(self) -> str:
        return f"Commande de DTE n°{self.pk} — session {self.session.numero}"

    @property
    def ccp(self) -> bool:
        return self.secteur == SecteurCommande.CCP

    @property
    def plis_recus(self) -> bool:
        return self.etat in ETATS_PLIS_RECUS

    # ------------------------------------------------------------------ who may do what

    def peut_modifier(self, user: Any) -> tuple[bool, str]:
        permis, raison = self.session.peut_gerer(user)
        if not permis:
            return permis, raison
        if self.etat != EtatCommande.BROUILLON:
            return False, f"La commande est {self.get_etat_display().lower()} : elle ne se modifie plus."
        return True, ""

    def peut_soumettre(self, user: Any) -> tuple[bool, str]:
        return self.peut_modifier(user)

    def _organisme(self, user: Any, *etats: str) -> tuple[bool, str]:
        permis, raison = self.session.peut_gerer(user)
        if not permis:
            return permis, raison
        if self.etat not in etats:
            return False, f"Action impossible : la commande est {self.get_etat_display().lower()}."
        return True, ""

    def peut_receptionner(self, user: Any) -> tuple[bool, str]:
        return self._organisme(user, EtatCommande.EXPEDIEE)

    def peut_detruire(self, user: Any) -> tuple[bool, str]:
        permis, raison = self._organisme(user, *ETATS_PLIS_RECUS, EtatCommande.ANNULEE)
        if permis and self.etat == EtatCommande.ANNULEE and not self.plis_a_detruire:
            return False, "Cette commande annulée n'a pas de plis à détruire ou retourner."
        return permis, raison

    def peut_retourner(self, user: Any) -> tuple[bool, str]:
        return self.peut_detruire(user)

    def _gev(self, user: Any, *etats: str) -> tuple[bool, str]:
        if not est_agent_gev(user):
            return False, "Seule l'unité GEV traite les commandes de DTE."
        if self.etat not in etats:
            return False, f"Action impossible : la commande est {self.get_etat_display().lower()}."
        return True, ""

    def peut_prendre_en_compte(self, user: Any) -> tuple[bool, str]:
        return self._gev(user, EtatCommande.SOUMISE)

    def peut_preparer(self, user: Any) -> tuple[bool, str]:
        return self._gev(user, EtatCommande.SOUMISE)

    def peut_expedier(self, user: Any) -> tuple[bool, str]:
        permis, raison = self._gev(user, EtatCommande.PREPAREE)
        if permis and self.ccp:
            return False, "Une commande CCP n'est pas expédiée : ses liens sont transmis par l'automate."
        return permis, raison

    def peut_ouvrir_liens(self, user: Any) -> tuple[bool, str]:
        permis, raison = self._gev(user, EtatCommande.PREPAREE)
        if permis and not self.ccp:
            return False, "Seule une commande CCP reçoit des liens ; une commande titre est expédiée."
        return permis, raison

    def peut_annuler(self, user: Any) -> tuple[bool, str]:
        """DTE-ANNULATION: the GEV cancels, informed by the DDETS/DREETS (who may record it too)."""
        site = self.session.site
        if not (est_agent_gev(user) or est_ddets_ou_dreets_de(user, site.departement_id, site.departement.region_id)):
            return False, (
                "L'annulation d'une commande passe par la DDETS ou la DREETS, qui informe l'unité GEV (DTE-ANNULATION)."
            )
        if self.etat not in ETATS_ANNULABLES:
            return False, f"Action impossible : la commande est {self.get_etat_display().lower()}."
        return True, ""

    # ------------------------------------------------------------------ transitions (WORKFLOWS.md)

    @transition(field=etat, source=EtatCommande.BROUILLON, target=EtatCommande.SOUMISE)
    def soumettre(self, *, jour: dt.date, motif: str = "") -> None:
        self.soumise_le = jour
        self.prise_en_compte_le = jour

    @transition(field=etat, source=EtatCommande.SOUMISE, target=EtatCommande.PREPAREE)
    def preparer(self, *, jour: dt.date, lien_dto: str, lien_zo: str, motif: str = "") -> None:
        self.preparee_le = jour
        self.lien_dto = lien_dto
        self.lien_zo = lien_zo

    @transition(field=etat, source=EtatCommande.PREPAREE, target=EtatCommande.EXPEDIEE)
    def expedier(self, *, jour: dt.date, reference: str = "", motif: str = "") -> None:
        self.expediee_le = jour
        self.reference_envoi = reference
        self.destinataires_envoi = [dict(v) for v in VOIES_TP]

    @transition(field=etat, source=EtatCommande.PREPAREE, target=EtatCommande.LIENS_ACTIFS)
    def ouvrir_liens(
        self,
        *,
        jour: dt.date,
        organisateur_le: dt.date,
        organisateur_a: dt.datetime,
        jury_le: dt.date,
        jury_a: dt.datetime,
        motif: str = "",
    ) -> None:
        self.liens_transmis_le = jour
        self.organisateur_disponible_le = organisateur_le
        self.organisateur_actif_a = organisateur_a
        self.jury_disponible_le = jury_le
        self.jury_actif_a = jury_a

    @transition(field=etat, source=EtatCommande.EXPEDIEE, target=EtatCommande.RECUE)
    def receptionner(self, *, jour: dt.date, par: Any, motif: str = "") -> None:
        self.recue_le = jour
        self.recue_par = par

    @transition(field=etat, source=[*ETATS_PLIS_RECUS, EtatCommande.ANNULEE], target=EtatCommande.DETRUITE)
    def detruire(self, *, jour: dt.date, par: Any, observations: str, motif: str = "") -> None:
        self.cloturee_le = jour
        self.cloturee_par = par
        self.observations_cloture = observations

    @transition(field=etat, source=[*ETATS_PLIS_RECUS, EtatCommande.ANNULEE], target=EtatCommande.RETOURNEE)
    def retourner(self, *, jour: dt.date, par: Any, observations: str, motif: str = "") -> None:
        self.cloturee_le = jour
        self.cloturee_par = par
        self.observations_cloture = observations

    @transition(field=etat, source=list(ETATS_ANNULABLES), target=EtatCommande.ANNULEE)
    def annuler(self, *, jour: dt.date, motif: str) -> None:
        self.plis_a_detruire = self.etat in ETATS_PLIS_RECUS or self.etat == EtatCommande.EXPEDIEE
        self.annulee_le = jour
        self.motif_annulation = motif
