"""The session d'examen, its days and its postponements.

States and transitions follow WORKFLOWS.md « Session d'examen »; each one is a
django-fsm transition, so the audit trail records who, when, from, to and why. The
transitions here only move the state and stamp dates: the rules (SES-*, AGR-PERIMETRE,
derogations) are checked by the services of ``titrepro.examens.services`` before they
call them, and who may act is decided by the ``peut_<verbe>(user) -> (bool, raison)``
methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django_fsm import RETURN_VALUE, FSMField, transition

from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet

ROLES_GESTION_SESSIONS = frozenset({Role.RESPONSABLE_SESSION, Role.SUPPLEANT})
"""WORKFLOWS.md « Who may do what »: sessions, convocations, jury selection and DTE orders are written by
the responsable de session and the suppléant of the organisme; the organisme's responsable reads."""


def est_gestionnaire_sessions(user: Any, organisme_id: int | None) -> bool:
    """A responsable de session or suppléant of ``organisme_id``."""
    if organisme_id is None or not getattr(user, "is_authenticated", False):
        return False
    return any(a.role in ROLES_GESTION_SESSIONS and a.organisme_id == organisme_id for a in user.affectations_actives)


def gestionnaires_sessions_parmi(users: Iterable[Any], organisme_id: int | None) -> set[int]:
    """The pks of the ``users`` who are a responsable de session or suppléant of ``organisme_id``.

    Same rule as ``est_gestionnaire_sessions``; one light query for all of them, unless their
    memberships are already loaded.
    """
    personnes = [u for u in users if u is not None and u.pk is not None]
    if organisme_id is None or not personnes:
        return set()
    if all("affectations_actives" in u.__dict__ for u in personnes):
        return {u.pk for u in personnes if est_gestionnaire_sessions(u, organisme_id)}
    return set(
        Affectation.objects.filter(
            utilisateur_id__in=[u.pk for u in personnes],
            active=True,
            role__in=ROLES_GESTION_SESSIONS,
            organisme_id=organisme_id,
        ).values_list("utilisateur_id", flat=True)
    )


def chemins_session(prefixe: str = "") -> dict[Axe, str]:
    """The session's visibility paths, seen from a record that reaches the session through ``prefixe``."""
    p = f"{prefixe}__" if prefixe else ""
    return {
        Axe.ORGANISME: f"{p}organisme",
        Axe.DEPARTEMENT: f"{p}site__departement",
        Axe.REGION: f"{p}site__departement__region",
        Axe.CANDIDAT: f"{p}inscriptions__candidat",
        Axe.JURY: f"{p}jurys__participations__membre",
    }


class NatureSession(models.TextChoices):
    TITRE = "titre", "Session titre"
    CCP = "ccp", "Session CCP"
    CCS = "ccs", "Session CCS"


class EtatSession(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    CREEE = "creee", "En préparation"
    CONVOQUEE = "convoquee", "Convocations envoyées"
    EN_COURS = "en_cours", "En cours"
    RESULTATS_SAISIS = "resultats_saisis", "Résultats saisis"
    PV_EDITE = "pv_edite", "PV édité"
    PV_SIGNE = "pv_signe", "PV signé"
    TRANSMISE = "transmise", "Transmise à la DDETS"
    VALIDEE = "validee", "Validée"
    ANNULEE = "annulee", "Annulée"


ETATS_AVANT_CONVOCATION = frozenset({EtatSession.BROUILLON, EtatSession.CREEE})
"""Candidates may still be attached (SES-RATTACHEMENT) and dates changed (SES-VERROU)."""
ETATS_ANNULABLES = frozenset({EtatSession.BROUILLON, EtatSession.CREEE, EtatSession.CONVOQUEE})
ETATS_REPORTABLES = frozenset({EtatSession.CREEE, EtatSession.CONVOQUEE})


class DecisionDte(models.TextChoices):
    """What becomes of the exam material when a session is cancelled (SES-ANNULATION, DTE-ANNULATION)."""

    SANS_OBJET = "sans_objet", "Aucun pli commandé"
    RETOUR = "retour", "Plis retournés non ouverts à la GEV (pas de nouvelle date)"
    DESTRUCTION = "destruction", "Plis détruits non ouverts"
    CONSERVATION = "conservation", "Plis conservés pour une nouvelle date, avec l'autorisation de la DDETS"


class SessionQuerySet(VisibleQuerySet["Session"]):
    def actives(self) -> SessionQuerySet:
        return self.exclude(etat__in=[EtatSession.BROUILLON, EtatSession.ANNULEE])

    def entre(self, debut: dt.date, fin: dt.date) -> SessionQuerySet:
        """Sessions with at least one day between ``debut`` and ``fin``."""
        return self.filter(premier_jour__lte=fin, dernier_jour__gte=debut)


@enregistrer
class Session(Horodate):
    """One exam session of one TP millésime on one approved site (session titre, CCP or CCS)."""

    VISIBILITE = Visibilite(chemins=chemins_session(), distinct=True)

    numero = models.CharField("numéro", max_length=20, unique=True, editable=False)
    organisme = models.ForeignKey("organisations.Organisme", on_delete=models.PROTECT, related_name="sessions")
    site = models.ForeignKey("organisations.Site", on_delete=models.PROTECT, related_name="sessions")
    agrement = models.ForeignKey(
        "agrements.Agrement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name="agrément",
        help_text="L'agrément qui couvre le site, le titre et chaque jour de la session (AGR-PERIMETRE).",
    )
    millesime = models.ForeignKey(
        "referentiel.Millesime", on_delete=models.PROTECT, related_name="sessions", verbose_name="titre (millésime)"
    )
    nature = models.CharField("nature", max_length=8, choices=NatureSession.choices, default=NatureSession.TITRE)
    ccps = models.ManyToManyField(
        "referentiel.CCP", blank=True, related_name="sessions", verbose_name="CCP concernés (session CCP)"
    )
    ccs = models.ForeignKey(
        "referentiel.CCS",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name="CCS (session CCS)",
    )
    premier_jour = models.DateField("premier jour")
    dernier_jour = models.DateField("dernier jour")
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions_responsable",
        verbose_name="responsable de session",
        help_text="Présent sur le site pendant toute la session (SES-RESPONSABLE).",
    )
    suppleants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="sessions_suppleant", verbose_name="suppléant(s)"
    )
    etat = FSMField("état", max_length=20, choices=EtatSession.choices, default=EtatSession.BROUILLON)
    creee_le = models.DateField(
        "créée le", null=True, blank=True, help_text="Date de la création (SES-CREATION-DELAI)."
    )
    programmee_le = models.DateField(
        "programmée le",
        null=True,
        blank=True,
        help_text="Première inscription au programme de l'organisme (SES-FIN-MILLESIME).",
    )
    convoquee_le = models.DateField("convocations émises le", null=True, blank=True)
    annulee_le = models.DateField("annulée le", null=True, blank=True)
    motif_annulation = models.TextField("motif de l'annulation", blank=True)
    decision_dte = models.CharField(
        "devenir des plis (annulation)", max_length=16, choices=DecisionDte.choices, blank=True
    )
    autorisation_ddets = models.TextField(
        "autorisation de la DDETS",
        blank=True,
        help_text="Référence de l'autorisation de conserver les plis pour une nouvelle date (SES-ANNULATION).",
    )
    pv_annulation_du = models.BooleanField(
        "PV d'annulation dû", default=False, help_text="La session annulée avait été convoquée (SES-ANNULATION)."
    )
    observations = models.TextField("observations", blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "session d'examen"
        verbose_name_plural = "sessions d'examen"
        ordering = ["-premier_jour", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="session_dernier_jour_apres_premier",
                condition=Q(dernier_jour__gte=F("premier_jour")),
                violation_error_message="Le dernier jour ne peut précéder le premier.",
            )
        ]
        indexes = [models.Index(fields=["etat", "premier_jour"], name="session_etat_premier_jour")]

    def __str__(self) -> str:
        return f"Session {self.numero} — {self.millesime.titre.intitule} du {self.premier_jour:%d/%m/%Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.numero:
            self.numero = self._numero_suivant()
        super().save(*args, **kwargs)

    def _numero_suivant(self) -> str:
        """« S2027-00042 »: the year of the first day and a sequence number unique across the product."""
        annee = self.premier_jour.year if self.premier_jour else dt.date.today().year
        prefixe = f"S{annee}-"
        dernier = (
            Session.objects.filter(numero__startswith=prefixe).order_by("-numero").values_list("numero", flat=True)
        ).first()
        rang = int(dernier.removeprefix(prefixe)) + 1 if dernier else 1
        return f"{prefixe}{rang:05d}"

    @property
    def dates(self) -> list[dt.date]:
        return [jour.date for jour in self.jours.all()]

    @property
    def verrouillee(self) -> bool:
        """SES-VERROU: once the convocations are issued, candidates and dates are locked."""
        return self.etat not in ETATS_AVANT_CONVOCATION

    def peut_gerer(self, user: Any) -> tuple[bool, str]:
        """Write access: the responsable de session or a suppléant of the organisme."""
        if not est_gestionnaire_sessions(user, self.organisme_id):
            return False, "Seuls le responsable de session et les suppléants de l'organisme gèrent ses sessions."
        return True, ""

    # ------------------------------------------------------------------ transitions (WORKFLOWS.md)

    @transition(field=etat, source=EtatSession.BROUILLON, target=EtatSession.CREEE)
    def creer(self, *, jour: dt.date, motif: str = "") -> None:
        self.creee_le = jour
        if self.programmee_le is None:
            self.programmee_le = jour

    @transition(field=etat, source=EtatSession.CREEE, target=EtatSession.CONVOQUEE)
    def emettre_convocations(self, *, jour: dt.date, motif: str = "") -> None:
        self.convoquee_le = jour

    @transition(field=etat, source=EtatSession.CONVOQUEE, target=EtatSession.EN_COURS)
    def ouvrir(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatSession.EN_COURS, target=EtatSession.RESULTATS_SAISIS)
    def saisir_resultats(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatSession.RESULTATS_SAISIS, target=EtatSession.PV_EDITE)
    def editer_pv(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatSession.PV_EDITE, target=EtatSession.PV_SIGNE)
    def signer_pv(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=[EtatSession.PV_EDITE, EtatSession.PV_SIGNE], target=EtatSession.RESULTATS_SAISIS)
    def invalider_pv(self, *, motif: str) -> None:
        """A result or a decision changed after the PV was edited: its signatures are void (RES-SAISIE)."""

    @transition(field=etat, source=EtatSession.PV_SIGNE, target=EtatSession.TRANSMISE)
    def transmettre(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatSession.TRANSMISE, target=EtatSession.VALIDEE)
    def valider(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatSession.TRANSMISE, target=EtatSession.RESULTATS_SAISIS)
    def renvoyer_pour_correction(self, *, motif: str) -> None:
        pass

    @transition(field=etat, source=list(ETATS_ANNULABLES), target=EtatSession.ANNULEE)
    def annuler(self, *, jour: dt.date, motif: str, decision_dte: str) -> None:
        self.pv_annulation_du = self.etat == EtatSession.CONVOQUEE
        self.annulee_le = jour
        self.motif_annulation = motif
        self.decision_dte = decision_dte

    @transition(
        field=etat,
        source=list(ETATS_REPORTABLES),
        target=RETURN_VALUE(EtatSession.CREEE, EtatSession.CONVOQUEE),
    )
    def reporter(self, *, motif: str) -> str:
        """New dates (the service has re-checked every rule); the state stays what it was."""
        return str(self.etat)


@enregistrer
class JourSession(Horodate):
    """One day of a session, with its opening hours on site."""

    VISIBILITE = Visibilite(chemins=chemins_session("session"), distinct=True)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="jours")
    date = models.DateField("date")
    heure_debut = models.TimeField("heure de début", default=dt.time(8, 30))
    heure_fin = models.TimeField("heure de fin", default=dt.time(17, 0))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "jour de session"
        verbose_name_plural = "jours de session"
        ordering = ["session", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "date"],
                name="jour_session_unique",
                violation_error_message="Ce jour figure déjà dans la session.",
            ),
            models.CheckConstraint(
                name="jour_session_fin_apres_debut",
                condition=Q(heure_fin__gt=F("heure_debut")),
                violation_error_message="L'heure de fin doit suivre l'heure de début.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} ({self.heure_debut:%H:%M}–{self.heure_fin:%H:%M})"


@enregistrer
class ReportSession(Horodate):
    """A postponement: the former and new days, the DDETS authorisation (SES-ANNULATION) and the motive."""

    VISIBILITE = Visibilite(chemins=chemins_session("session"), distinct=True)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reports")
    anciennes_dates = models.JSONField("anciennes dates", default=list)
    nouvelles_dates = models.JSONField("nouvelles dates", default=list)
    motif = models.TextField("motif")
    autorisation_ddets = models.TextField("autorisation de la DDETS (référence, date, agent)")
    plis_conserves = models.BooleanField("plis conservés pour la nouvelle date", default=False)
    decide_le = models.DateField("reportée le")
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "report de session"
        verbose_name_plural = "reports de session"
        ordering = ["session", "-decide_le", "-pk"]

    def __str__(self) -> str:
        return f"Report du {self.decide_le:%d/%m/%Y}"
