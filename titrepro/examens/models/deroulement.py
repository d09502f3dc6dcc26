"""The exam day (« Jour de la session »): presences, opening, plateau visit, sealed plis, check-in, absences, incidents.

Every record here belongs to one session (directly or through a registration) and is
read by the session's organisme team, the DDETS of the site's département and the
DREETS of its région (the same paths as the session, without the candidates and jury
members: they do not read the day's records of others). The rules are checked by
``titrepro.examens.services.deroulement``: SES-RESPONSABLE and SES-JURY-MIN at the
opening, JUR-VISITE, SES-JOUR, CAN-ADRESSE, RES-FRAUDE-SANCTION.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet
from titrepro.examens.models.inscriptions import Inscription
from titrepro.examens.models.jurys import ParticipationJury
from titrepro.examens.models.sessions import Session, chemins_session


def chemins_jour(prefixe: str) -> dict[Axe, str]:
    """The session's organisme and territory, seen through ``prefixe`` (no candidate nor jury axis)."""
    return {a: c for a, c in chemins_session(prefixe).items() if a not in {Axe.CANDIDAT, Axe.JURY}}


class QualiteResponsable(models.TextChoices):
    RESPONSABLE = "responsable", "Responsable de session"
    SUPPLEANT = "suppleant", "Suppléant(e)"


class PieceIdentite(models.TextChoices):
    CNI = "cni", "Carte nationale d'identité"
    PASSEPORT = "passeport", "Passeport"
    TITRE_SEJOUR = "titre_sejour", "Titre de séjour"
    PERMIS = "permis", "Permis de conduire"
    AUTRE = "autre", "Autre pièce officielle avec photographie"


@enregistrer
class PresenceResponsable(Horodate):
    """The responsable de session or a suppléant present on the site on one day (SES-RESPONSABLE)."""

    VISIBILITE = Visibilite(chemins=chemins_jour("session"), distinct=True)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="presences_responsables")
    date = models.DateField("jour")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="personne présente"
    )
    qualite = models.CharField("qualité", max_length=12, choices=QualiteResponsable.choices)
    heure_arrivee = models.TimeField("heure d'arrivée")
    enregistre_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "présence du responsable de session"
        verbose_name_plural = "présences des responsables de session"
        ordering = ["session", "date", "heure_arrivee"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "date", "utilisateur"],
                name="presence_responsable_unique",
                violation_error_message="Cette personne est déjà enregistrée présente ce jour-là.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_qualite_display()} présent(e) le {self.date:%d/%m/%Y}"


@enregistrer
class PresenceJure(Horodate):
    """A jury member present on one day, their identity checked (SES-JURY-MIN, SES-JOUR)."""

    VISIBILITE = Visibilite(chemins=chemins_jour("participation__jury__session"), distinct=True)

    participation = models.ForeignKey(ParticipationJury, on_delete=models.CASCADE, related_name="presences")
    date = models.DateField("jour")
    identite_verifiee = models.BooleanField("identité vérifiée", default=False)
    heure_arrivee = models.TimeField("heure d'arrivée")
    enregistre_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "présence d'un membre du jury"
        verbose_name_plural = "présences des membres du jury"
        ordering = ["participation", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "date"],
                name="presence_jure_unique",
                violation_error_message="Ce membre est déjà enregistré présent ce jour-là.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participation.membre} présent(e) le {self.date:%d/%m/%Y}"


@enregistrer
class TentativeOuverture(Horodate):
    """One attempt to open the session: opened, or refused with the rule that failed (DDETS told once)."""

    VISIBILITE = Visibilite(chemins=chemins_jour("session"), distinct=True)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="tentatives_ouverture")
    le = models.DateTimeField("le")
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    ouverte = models.BooleanField("ouverte", default=False)
    regle = models.CharField("règle du refus", max_length=40, blank=True)
    message = models.TextField("motif du refus", blank=True)
    ddets_prevenue = models.BooleanField("DDETS prévenue", default=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "tentative d'ouverture"
        verbose_name_plural = "tentatives d'ouverture"
        ordering = ["session", "-le", "-pk"]

    def __str__(self) -> str:
        return f"{'Ouverture' if self.ouverte else 'Ouverture refusée'} le {self.le:%d/%m/%Y %H:%M}"


@enregistrer
class VisitePlateau(Horodate):
    """The jury's visit of the plateau with the responsable de session (JUR-VISITE, one hour planned)."""

    VISIBILITE = Visibilite(chemins=chemins_jour("session"), distinct=True)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="visites_plateau")
    date = models.DateField("date")
    heure_debut = models.TimeField("heure de début")
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)")
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="responsable de session (ou suppléant) présent",
    )
    membres = models.ManyToManyField(ParticipationJury, related_name="visites", verbose_name="membres du jury présents")
    observations = models.TextField("observations", blank=True)
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "visite du plateau"
        verbose_name_plural = "visites du plateau"
        ordering = ["session", "date", "heure_debut"]
        constraints = [
            models.CheckConstraint(
                name="visite_plateau_duree_positive",
                condition=Q(duree_minutes__gt=0),
                violation_error_message="La durée de la visite est d'au moins une minute.",
            )
        ]

    def __str__(self) -> str:
        return f"Visite du plateau le {self.date:%d/%m/%Y} à {self.heure_debut:%H:%M}"


@enregistrer
class TirageAuSort(Horodate):
    """A candidate drawn by lot among those present, witness of the sealed-plis check (SES-JOUR).

    A draw is never replaced silently: a re-draw is a new record with its reason.
    """

    VISIBILITE = Visibilite(chemins=chemins_jour("session"), distinct=True)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="tirages")
    tire_le = models.DateTimeField("tiré le")
    candidats = models.JSONField("candidats présents parmi lesquels le tirage a eu lieu", default=list)
    inscription = models.ForeignKey(
        Inscription, on_delete=models.PROTECT, related_name="tirages", verbose_name="candidat tiré au sort"
    )
    motif = models.TextField("motif du nouveau tirage", blank=True)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "tirage au sort"
        verbose_name_plural = "tirages au sort"
        ordering = ["session", "tire_le", "pk"]

    def __str__(self) -> str:
        return f"Tirage du {self.tire_le:%d/%m/%Y %H:%M} : {self.inscription.candidat}"


@enregistrer
class ControlePlis(Horodate):
    """The sealed plis checked on day 1 by the responsable with the candidate drawn by lot (SES-JOUR)."""

    VISIBILITE = Visibilite(chemins=chemins_jour("session"), distinct=True)

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="controle_plis")
    controle_le = models.DateTimeField("contrôlés le")
    plis_intacts = models.BooleanField("plis cachetés et intacts")
    observations = models.TextField("observations", blank=True)
    tirage = models.ForeignKey(
        TirageAuSort, on_delete=models.PROTECT, related_name="+", verbose_name="tirage du témoin"
    )
    controle_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="contrôlés par"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "contrôle des plis"
        verbose_name_plural = "contrôles des plis"
        constraints = [
            models.CheckConstraint(
                name="controle_plis_observations_si_non_intacts",
                condition=Q(plis_intacts=True) | ~Q(observations=""),
                violation_error_message="Des plis non intacts exigent des observations.",
            )
        ]

    def __str__(self) -> str:
        etat = "intacts" if self.plis_intacts else "NON intacts"
        return f"Plis {etat} le {self.controle_le:%d/%m/%Y %H:%M}"

    @property
    def temoin(self) -> Inscription:
        return self.tirage.inscription


@enregistrer
class Emargement(Horodate):
    """A candidate's check-in on one day: identity document, postal address, arrival, lateness (SES-JOUR).

    A late candidate is admitted or not by the responsable de session; the end time of the
    épreuve is unchanged either way.
    """

    VISIBILITE = Visibilite(chemins=chemins_jour("inscription__session"), distinct=True)

    inscription = models.ForeignKey(Inscription, on_delete=models.CASCADE, related_name="emargements")
    date = models.DateField("jour")
    heure_arrivee = models.TimeField("heure d'arrivée")
    piece_identite = models.CharField("pièce d'identité présentée", max_length=12, choices=PieceIdentite.choices)
    piece_numero_fin = models.CharField(
        "fin du numéro de la pièce", max_length=6, blank=True, help_text="Les derniers caractères seulement."
    )
    identite_verifiee = models.BooleanField("identité vérifiée", default=False)
    adresse_confirmee = models.BooleanField("adresse postale confirmée", default=False)
    adresse_corrigee = models.BooleanField("adresse postale corrigée", default=False)
    retard = models.BooleanField("arrivé(e) en retard", default=False)
    retard_admis = models.BooleanField("retardataire admis(e)", null=True, blank=True)
    motif_retard = models.TextField("décision sur le retard (motif)", blank=True)
    enregistre_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "émargement"
        ordering = ["inscription", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["inscription", "date"],
                name="emargement_unique",
                violation_error_message="Ce candidat a déjà émargé ce jour-là.",
            ),
            models.CheckConstraint(
                name="emargement_retard_decide",
                condition=Q(retard=False, retard_admis__isnull=True) | Q(retard=True, retard_admis__isnull=False),
                violation_error_message="Un retard est admis ou refusé ; sans retard, rien à décider.",
            ),
        ]

    def __str__(self) -> str:
        return f"Émargement du {self.date:%d/%m/%Y} — {self.inscription.candidat}"

    @property
    def admis(self) -> bool:
        return not self.retard or bool(self.retard_admis)

    @property
    def mention_retard(self) -> str:
        """What the record says of a late arrival (SES-JOUR: the end time never moves)."""
        if not self.retard:
            return ""
        decision = "admis(e)" if self.retard_admis else "non admis(e)"
        motif = f" ({self.motif_retard})" if self.motif_retard else ""
        return f"Retard à {self.heure_arrivee:%H:%M}, {decision}{motif} : heure de fin de l'épreuve inchangée."


def chemin_feuille(instance: FeuilleEmargement, nom: str) -> str:
    return f"emargements/{instance.session_id}/{instance.date:%Y-%m-%d}-{nom}"


@enregistrer
class FeuilleEmargement(Horodate):
    """The signed attendance sheet of one day, scanned and uploaded back (PDF or image, type read from content)."""

    VISIBILITE = Visibilite(chemins=chemins_jour("session"), distinct=True)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feuilles_emargement")
    date = models.DateField("jour")
    fichier = models.FileField("feuille signée (scan)", upload_to=chemin_feuille, max_length=300)
    fichier_nom = models.CharField("nom du fichier", max_length=255)
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "feuille d'émargement signée"
        verbose_name_plural = "feuilles d'émargement signées"
        ordering = ["session", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "date"],
                name="feuille_emargement_unique",
                violation_error_message="La feuille signée de ce jour est déjà déposée.",
            )
        ]

    def __str__(self) -> str:
        return f"Feuille d'émargement du {self.date:%d/%m/%Y}"


def chemin_justificatif(instance: Absence, nom: str) -> str:
    return f"absences/{instance.inscription.session_id}/{instance.inscription_id}/{nom}"


@enregistrer
class Absence(Horodate):
    """A candidate absent from the session, justified (with its proof) or not (SES-JOUR)."""

    VISIBILITE = Visibilite(chemins=chemins_jour("inscription__session"), distinct=True)

    inscription = models.OneToOneField(Inscription, on_delete=models.CASCADE, related_name="absence")
    constatee_le = models.DateField("constatée le")
    motif = models.TextField("motif", blank=True)
    justifiee = models.BooleanField("justifiée", default=False)
    justificatif = models.FileField("justificatif", upload_to=chemin_justificatif, blank=True, max_length=300)
    justificatif_nom = models.CharField("nom du justificatif", max_length=255, blank=True)
    justifiee_le = models.DateField("justifiée le", null=True, blank=True)
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "absence"
        ordering = ["inscription"]
        constraints = [
            models.CheckConstraint(
                name="absence_justifiee_avec_justificatif",
                condition=Q(justifiee=False) | (~Q(justificatif="") & Q(justifiee_le__isnull=False)),
                violation_error_message="Une absence justifiée a son justificatif.",
            )
        ]

    def __str__(self) -> str:
        return f"Absence {'justifiée' if self.justifiee else 'non justifiée'} — {self.inscription.candidat}"


class NatureIncident(models.TextChoices):
    FRAUDE = "fraude", "Fraude ou tentative de fraude"
    TECHNIQUE = "technique", "Incident technique ou matériel"
    SANTE = "sante", "Malaise ou accident"
    COMPORTEMENT = "comportement", "Comportement perturbant le déroulement"
    AUTRE = "autre", "Autre incident"


def chemin_rapport(instance: Incident, nom: str) -> str:
    return f"incidents/{instance.session_id}/{nom}"


@enregistrer
class Incident(Horodate):
    """An incident of the session; a fraud excludes the candidate and its signed report is attached to the PV.

    The PV reads ``Incident.objects.filter(session=..., fraude=True)`` (RES-FRAUDE-SANCTION).
    """

    VISIBILITE = Visibilite(chemins=chemins_jour("session"), distinct=True)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="incidents")
    inscription = models.ForeignKey(
        Inscription,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name="candidat concerné",
    )
    nature = models.CharField("nature", max_length=14, choices=NatureIncident.choices)
    fraude = models.BooleanField("fraude", default=False, editable=False)
    description = models.TextField("description")
    survenu_le = models.DateTimeField("survenu le")
    rapport = models.FileField("rapport signé", upload_to=chemin_rapport, blank=True, max_length=300)
    rapport_nom = models.CharField("nom du rapport", max_length=255, blank=True)
    signale_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="signalé par"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "incident"
        ordering = ["session", "survenu_le", "pk"]
        constraints = [
            models.CheckConstraint(
                name="incident_fraude_candidat_et_rapport",
                condition=Q(fraude=False) | (Q(inscription__isnull=False) & ~Q(rapport="")),
                violation_error_message="Une fraude nomme le candidat et joint le rapport signé.",
            ),
            models.CheckConstraint(
                name="incident_fraude_coherente",
                condition=Q(fraude=True, nature="fraude") | (Q(fraude=False) & ~Q(nature="fraude")),
                violation_error_message="Seul un incident de nature « fraude » est une fraude.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} le {self.survenu_le:%d/%m/%Y %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.fraude = self.nature == NatureIncident.FRAUDE
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class NatureSanction(models.TextChoices):
    EXCLUSION = "exclusion", "Exclusion de la session, sans autre sanction"
    INTERDICTION = "interdiction", "Interdiction de se présenter à une session (1 an au plus)"


@enregistrer
class SanctionFraude(Horodate):
    """The DDETS's decision on a fraud (RES-FRAUDE-SANCTION): its kind, notification and end of the ban."""

    VISIBILITE = Visibilite(chemins=chemins_jour("incident__session"), distinct=True)

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="sanction")
    nature = models.CharField("sanction", max_length=14, choices=NatureSanction.choices)
    notifiee_le = models.DateField("notifiée le")
    interdiction_jusqu_au = models.DateField("interdiction jusqu'au", null=True, blank=True)
    motif = models.TextField("motifs de la décision")
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="décidée par"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "sanction de fraude"
        verbose_name_plural = "sanctions de fraude"
        ordering = ["-notifiee_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="sanction_interdiction_datee",
                condition=Q(nature="interdiction", interdiction_jusqu_au__isnull=False)
                | (~Q(nature="interdiction") & Q(interdiction_jusqu_au__isnull=True)),
                violation_error_message="Une interdiction a une date de fin, et seule une interdiction.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} notifiée le {self.notifiee_le:%d/%m/%Y}"
