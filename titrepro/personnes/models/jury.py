"""Jury members: eligibility, availability, habilitations (DDETS workflow) and declared links."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django_fsm import FSMField, transition

from titrepro.comptes.roles import Role
from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import TOUT, Axe, Visibilite, VisibleQuerySet

CHEMINS_JURY = {Axe.DEPARTEMENT: "departement", Axe.REGION: "departement__region", Axe.JURY: "pk"}


class EtatHabilitation(models.TextChoices):
    DEMANDEE = "demandee", "Demandée"
    ACTIVE = "active", "Active"
    EXPIREE = "expiree", "Expirée"
    RETIREE = "retiree", "Retirée"


class MembreJuryQuerySet(VisibleQuerySet["MembreJury"]):
    def habilites_pour(self, millesime: Any, debut: dt.date, fin: dt.date) -> MembreJuryQuerySet:
        """Members holding active habilitations on ``millesime`` that cover every day from ``debut`` to ``fin``.

        Two consecutive habilitations (a renewal starting the day after the previous one
        ends) cover the period together (SES-JURY-HABILITATION, used by the sessions issue).
        """
        millesime_id = getattr(millesime, "pk", millesime)
        periodes: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        lignes = (
            Habilitation.objects.filter(
                millesime_id=millesime_id, etat=EtatHabilitation.ACTIVE, debut__lte=fin, fin__gte=debut
            )
            .order_by("membre_id", "debut")
            .values_list("membre_id", "debut", "fin")
        )
        for membre_id, h_debut, h_fin in lignes:
            periodes[membre_id].append((h_debut, h_fin))
        couverts = [membre_id for membre_id, liste in periodes.items() if _couvre(liste, debut, fin)]
        return self.filter(pk__in=couverts)


def _couvre(periodes: list[tuple[dt.date, dt.date]], debut: dt.date, fin: dt.date) -> bool:
    """Do these periods (sorted by start) leave no day uncovered from ``debut`` to ``fin``?"""
    prochain = debut
    for p_debut, p_fin in periodes:
        if p_debut > prochain:
            return False
        prochain = max(prochain, p_fin + dt.timedelta(days=1))
        if prochain > fin:
            return True
    return prochain > fin


@enregistrer
class MembreJury(Horodate):
    """A professional who may sit on juries once habilitated by the DDETS of their département."""

    VISIBILITE = Visibilite(chemins=CHEMINS_JURY)

    nom = models.CharField("nom", max_length=150)
    prenoms = models.CharField("prénoms", max_length=200)
    email = models.EmailField("adresse électronique")
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    metier = models.CharField("métier exercé", max_length=200)
    employeur = models.CharField("employeur", max_length=200, blank=True)
    experience_annees = models.PositiveSmallIntegerField(
        "années d'expérience dans le métier", default=0, help_text="Au moins 3 ans (JUR-ELIGIBILITE)."
    )
    quitte_metier_le = models.DateField(
        "a quitté le métier le", null=True, blank=True, help_text="Vide : exerce toujours le métier."
    )
    professionnalisation_le = models.DateField(
        "session de professionnalisation (AFPA) le",
        null=True,
        blank=True,
        help_text="Suivie avant toute habilitation ; à refaire sur une révision du titre si elle a 2 ans ou plus.",
    )
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

    objects = MembreJuryQuerySet.as_manager()

    class Meta:
        verbose_name = "membre de jury"
        verbose_name_plural = "membres de jury"
        ordering = ["nom", "prenoms"]

    def __str__(self) -> str:
        return f"{self.nom.upper()} {self.prenoms}"

    @property
    def experience_mois(self) -> int:
        return 12 * self.experience_annees

    def candidats_lies(self, candidat_ids: Iterable[int]) -> set[int]:
        """Among ``candidat_ids``, those this member declared a link with, directly or through an organisme.

        For the sessions issue (SES-JURY-LIENS): the member neither evaluates nor deliberates on them.
        """
        ids = set(candidat_ids)
        directs = set(self.liens.filter(candidat_id__in=ids).values_list("candidat_id", flat=True))
        organismes = self.liens.filter(organisme__isnull=False).values_list("organisme_id", flat=True)
        from titrepro.personnes.models.candidats import Candidat

        par_organisme = set(Candidat.objects.filter(pk__in=ids, organismes__in=organismes).values_list("pk", flat=True))
        return directs | par_organisme


@enregistrer
class Disponibilite(Horodate):
    """A period in which the member says they are available for juries (their calendar)."""

    VISIBILITE = Visibilite(
        chemins={axe: "membre" if chemin == "pk" else f"membre__{chemin}" for axe, chemin in CHEMINS_JURY.items()}
    )

    membre = models.ForeignKey(MembreJury, on_delete=models.CASCADE, related_name="disponibilites")
    debut = models.DateField("du")
    fin = models.DateField("au")
    remarque = models.CharField("remarque", max_length=250, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "disponibilité"
        ordering = ["membre", "debut"]
        constraints = [
            models.CheckConstraint(
                name="disponibilite_periode_ordonnee",
                condition=Q(fin__gte=F("debut")),
                violation_error_message="La fin de la disponibilité précède son début.",
            )
        ]

    def __str__(self) -> str:
        return f"du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"


class HabilitationQuerySet(VisibleQuerySet["Habilitation"]):
    def couvrant(self, millesime: Any, debut: dt.date, fin: dt.date) -> HabilitationQuerySet:
        """Active habilitations on ``millesime`` covering, each alone, every day from ``debut`` to ``fin``."""
        return self.filter(millesime=millesime, etat=EtatHabilitation.ACTIVE, debut__lte=debut, fin__gte=fin)

    def echues(self, jour: dt.date) -> HabilitationQuerySet:
        return self.filter(etat=EtatHabilitation.ACTIVE, fin__lt=jour)


@enregistrer
class Habilitation(Horodate):
    """JUR-HABILITATION: the right to sit as a jury member for one TP millésime and one period.

    Workflow (WORKFLOWS.md, « Habilitation de jury »): demandée → accorder → active →
    (end date) → expirée ; active → retirer(motif) → retirée. Granted by a DDETS agent
    of the member's département. Read by the organismes' session managers, who choose
    their juries among habilitated members.
    """

    VISIBILITE = Visibilite(
        chemins={
            Axe.DEPARTEMENT: "membre__departement",
            Axe.REGION: "membre__departement__region",
            Axe.JURY: "membre",
            Axe.ORGANISME: TOUT,
        }
    )

    membre = models.ForeignKey(MembreJury, on_delete=models.CASCADE, related_name="habilitations")
    millesime = models.ForeignKey(
        "referentiel.Millesime", on_delete=models.PROTECT, related_name="habilitations", verbose_name="millésime"
    )
    debut = models.DateField("début")
    fin = models.DateField("fin")
    etat = FSMField("état", default=EtatHabilitation.DEMANDEE, choices=EtatHabilitation.choices, protected=False)
    demandee_le = models.DateField("demandée le")
    accordee_le = models.DateField("accordée le", null=True, blank=True)
    accordee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retiree_le = models.DateField("retirée le", null=True, blank=True)
    motif_retrait = models.TextField("motif du retrait", blank=True)
    renouvelle = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renouvellements",
        verbose_name="renouvellement de",
    )

    objects = HabilitationQuerySet.as_manager()

    class Meta:
        verbose_name = "habilitation"
        ordering = ["membre", "millesime", "-debut"]
        constraints = [
            models.CheckConstraint(
                name="habilitation_periode_ordonnee",
                condition=Q(fin__gte=F("debut")),
                violation_error_message="La fin de l'habilitation précède son début.",
            ),
        ]
        indexes = [models.Index(fields=["millesime", "etat", "debut", "fin"], name="habilitation_couverture")]

    def __str__(self) -> str:
        return f"{self.membre} — {self.millesime} — du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"

    def clean(self) -> None:
        super().clean()
        if self.debut and self.fin and self.fin < self.debut:
            raise ValidationError({"fin": "La fin de l'habilitation précède son début."})
        if self.membre_id and self.millesime_id and self.debut and self.fin:
            fin_validite = self.millesime.fin_validite
            chevauchent = Habilitation.objects.filter(
                membre_id=self.membre_id,
                millesime_id=self.millesime_id,
                etat__in=[EtatHabilitation.DEMANDEE, EtatHabilitation.ACTIVE],
                debut__lte=self.fin,
                fin__gte=self.debut,
            ).exclude(pk=self.pk)
            if chevauchent.exists():
                raise ValidationError("Une habilitation demandée ou active couvre déjà une partie de cette période.")
            if self.debut > fin_validite:
                raise ValidationError({"debut": f"Le millésime n'est plus valable après le {fin_validite:%d/%m/%Y}."})

    def peut_decider(self, utilisateur: Any) -> tuple[bool, str]:
        """Only a DDETS agent of the member's département (or an administrator) grants or withdraws."""
        if utilisateur.est_administrateur:
            return True, ""
        if utilisateur.a_role(Role.AGENT_DDETS) and self.membre.departement_id in utilisateur.perimetre.ids(
            Axe.DEPARTEMENT
        ):
            return True, ""
        return False, f"Seule la DDETS du département {self.membre.departement.code} habilite ce membre de jury."

    def peut_accorder(self, utilisateur: Any) -> tuple[bool, str]:
        if self.etat != EtatHabilitation.DEMANDEE:
            return False, f"L'habilitation est {self.get_etat_display().lower()} : elle n'est plus à accorder."
        return self.peut_decider(utilisateur)

    def peut_retirer(self, utilisateur: Any) -> tuple[bool, str]:
        if self.etat not in (EtatHabilitation.DEMANDEE, EtatHabilitation.ACTIVE):
            return False, f"L'habilitation est {self.get_etat_display().lower()} : il n'y a rien à retirer."
        return self.peut_decider(utilisateur)

    @transition(field=etat, source=EtatHabilitation.DEMANDEE, target=EtatHabilitation.ACTIVE)
    def accorder(self, *, par: Any, jour: dt.date, motif: str = "") -> None:
        self.accordee_le, self.accordee_par = jour, par

    @transition(
        field=etat, source=[EtatHabilitation.DEMANDEE, EtatHabilitation.ACTIVE], target=EtatHabilitation.RETIREE
    )
    def retirer(self, *, jour: dt.date, motif: str) -> None:
        self.retiree_le, self.motif_retrait = jour, motif

    @transition(field=etat, source=EtatHabilitation.ACTIVE, target=EtatHabilitation.EXPIREE)
    def expirer(self, *, motif: str = "") -> None:
        """The end date has passed (run daily by ``expirer_habilitations``)."""


class NatureLien(models.TextChoices):
    PERSONNEL = "personnel", "Personnel (proche, famille, ami)"
    PROFESSIONNEL = "professionnel", "Professionnel (employeur, collègue, client)"
    PEDAGOGIQUE = "pedagogique", "Pédagogique (formateur, tuteur)"


@enregistrer
class LienJury(Horodate):
    """SES-JURY-LIENS: a link declared by a jury member with a candidate or an organisme.

    A link with a candidate may be declared before the candidate is known here: the
    declared identity is kept and matched to a record when one is found.
    """

    VISIBILITE = Visibilite(
        chemins={axe: "membre" if chemin == "pk" else f"membre__{chemin}" for axe, chemin in CHEMINS_JURY.items()}
    )

    membre = models.ForeignKey(MembreJury, on_delete=models.CASCADE, related_name="liens")
    nature = models.CharField("nature du lien", max_length=15, choices=NatureLien.choices)
    candidat = models.ForeignKey(
        "personnes.Candidat", on_delete=models.CASCADE, null=True, blank=True, related_name="liens_jury"
    )
    organisme = models.ForeignKey(
        "organisations.Organisme", on_delete=models.CASCADE, null=True, blank=True, related_name="liens_jury"
    )
    nom_declare = models.CharField("nom déclaré", max_length=150, blank=True)
    prenoms_declares = models.CharField("prénoms déclarés", max_length=200, blank=True)
    date_naissance_declaree = models.DateField("date de naissance déclarée", null=True, blank=True)
    description = models.CharField("précisions", max_length=300, blank=True)
    declare_le = models.DateField("déclaré le")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "lien déclaré"
        verbose_name_plural = "liens déclarés"
        ordering = ["membre", "-declare_le"]
        constraints = [
            models.CheckConstraint(
                name="lien_avec_candidat_ou_organisme",
                condition=(
                    Q(organisme__isnull=False, candidat__isnull=True, nom_declare="")
                    | Q(organisme__isnull=True) & (Q(candidat__isnull=False) | ~Q(nom_declare=""))
                ),
                violation_error_message="Un lien porte sur un candidat ou sur un organisme, pas les deux.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membre} — {self.get_nature_display()} — {self.avec}"

    @property
    def avec(self) -> str:
        if self.organisme_id:
            return str(self.organisme)
        if self.candidat_id:
            return str(self.candidat)
        date = f", né(e) le {self.date_naissance_declaree:%d/%m/%Y}" if self.date_naissance_declaree else ""
        return f"{self.nom_declare.upper()} {self.prenoms_declares}{date}"
