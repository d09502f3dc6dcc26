"""Candidates: état civil, addresses and their confirmations, parcours, acquired CCP/CCS, accommodations.

Sessions (``examens.Session``) are named by string references only (layers: personnes never
imports examens): ``DemandeAmenagement.session`` and ``CCPAcquis.session`` are optional, next
to the plain dates/references recorded before the session existed
(``DemandeAmenagement.premier_jour_session``, ``CCPAcquis.session_reference``); the rights
computation takes the list of session dates as an argument.
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
from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet
from titrepro.personnes import doublons


class Sexe(models.TextChoices):
    FEMININ = "F", "Féminin"
    MASCULIN = "M", "Masculin"


CHEMINS_CANDIDAT = {
    Axe.ORGANISME: "organismes",
    Axe.FORMATEUR: "formations__formateurs",
    Axe.DEPARTEMENT: "organismes__sites__departement",
    Axe.CANDIDAT: "pk",
}


def _sous_chemins(prefixe: str) -> dict[Axe, str]:
    """The candidate's paths, seen from a record that points at the candidate through ``prefixe``."""
    return {axe: prefixe if chemin == "pk" else f"{prefixe}__{chemin}" for axe, chemin in CHEMINS_CANDIDAT.items()}


class CandidatQuerySet(VisibleQuerySet["Candidat"]):
    def rechercher(self, texte: str) -> CandidatQuerySet:
        """Accent- and case-insensitive search on names; a date (JJ/MM/AAAA) searches the birth date."""
        requete = self
        for morceau in texte.split():
            jour = lire_date(morceau)
            if jour is not None:
                requete = requete.filter(date_naissance=jour)
                continue
            mot = doublons.normaliser(morceau)
            if mot:
                requete = requete.filter(recherche__contains=mot)
        return requete


def lire_date(texte: str) -> dt.date | None:
    """« 17/05/1995 », « 17-05-1995 » or « 1995-05-17 »; None when it is not a date."""
    texte = texte.strip()
    for format_date in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(texte, format_date).date()
        except ValueError:
            continue
    return None


@enregistrer
class Candidat(Horodate):
    """A candidate. État civil exactly as on the identity document (CAN-ETAT-CIVIL).

    Seen by the organismes that trained or registered them, by their own trainers, by the
    DDETS of those organismes' sites, and by themselves.
    """

    VISIBILITE = Visibilite(chemins=CHEMINS_CANDIDAT, distinct=True)

    nom_naissance = models.CharField("nom de naissance", max_length=150)
    nom_usage = models.CharField("nom d'usage", max_length=150, blank=True)
    prenoms = models.CharField(
        "prénoms", max_length=200, help_text="Tous les prénoms, dans l'ordre de la pièce d'identité."
    )
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices)
    date_naissance = models.DateField("date de naissance")
    lieu_naissance = models.CharField(
        "lieu de naissance", max_length=150, help_text="Commune, ou pays si né à l'étranger."
    )
    pays_naissance = models.CharField(
        "pays de naissance", max_length=100, blank=True, help_text="Vide pour une naissance en France."
    )
    email = models.EmailField("adresse électronique", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    organismes = models.ManyToManyField(
        "organisations.Organisme", related_name="candidats", verbose_name="organismes de formation ou d'inscription"
    )
    compte = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fiche_candidat",
        verbose_name="compte du portail candidat",
    )
    fictif = models.BooleanField("donnée de démonstration", default=False)
    # Derived from the état civil on every save (CAN-DOUBLON blocking keys and the accent-free search).
    cle_identite = models.CharField("clé phonétique (nom de naissance)", max_length=20, blank=True, editable=False)
    cle_identite_usage = models.CharField("clé phonétique (nom d'usage)", max_length=20, blank=True, editable=False)
    recherche = models.CharField("texte de recherche", max_length=500, blank=True, editable=False)

    objects = CandidatQuerySet.as_manager()

    class Meta:
        verbose_name = "candidat"
        ordering = ["nom_naissance", "prenoms"]
        indexes = [
            models.Index(fields=["date_naissance", "nom_naissance"], name="candidat_naissance_nom"),
            models.Index(fields=["cle_identite", "date_naissance"], name="candidat_cle_identite"),
            models.Index(fields=["cle_identite_usage", "date_naissance"], name="candidat_cle_usage"),
        ]

    def __str__(self) -> str:
        return f"{self.nom_affiche} {self.prenoms}"

    @property
    def nom_affiche(self) -> str:
        """The usage name first, the birth name after (« DURAND née MARTIN »)."""
        if self.nom_usage and self.nom_usage.upper() != self.nom_naissance.upper():
            particule = "née" if self.sexe == Sexe.FEMININ else "né"
            return f"{self.nom_usage.upper()} {particule} {self.nom_naissance.upper()}"
        return self.nom_naissance.upper()

    @property
    def lieu_naissance_complet(self) -> str:
        return f"{self.lieu_naissance} ({self.pays_naissance})" if self.pays_naissance else self.lieu_naissance

    def remplir_cles(self) -> None:
        """Compute the blocking keys and the search text (also called before a ``bulk_create``)."""
        self.cle_identite = doublons.cles_identite(self.nom_naissance, self.prenoms)
        self.cle_identite_usage = doublons.cles_identite(self.nom_usage, self.prenoms) if self.nom_usage else ""
        self.recherche = doublons.normaliser(f"{self.nom_naissance} {self.nom_usage} {self.prenoms}")[:500]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.remplir_cles()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "cle_identite", "cle_identite_usage", "recherche"}
        super().save(*args, **kwargs)

    def identite(self) -> doublons.Identite:
        return doublons.Identite(
            nom_naissance=self.nom_naissance,
            prenoms=self.prenoms,
            date_naissance=self.date_naissance,
            nom_usage=self.nom_usage,
            lieu_naissance=self.lieu_naissance,
            ident=self.pk,
        )

    @property
    def adresse_actuelle(self) -> Adresse | None:
        return self.adresses.filter(jusqu_au__isnull=True).first()

    def dates_sessions(self) -> tuple[dt.date, ...]:
        """First days of the sessions this person is registered to (TP and CCP), oldest first (CAN-DROITS).

        Read through the registrations (``examens.Inscription``, reverse relation: no import of the
        sessions app); drafts and cancelled sessions do not count.
        """
        return tuple(
            self.inscriptions.exclude(session__etat__in=("brouillon", "annulee"))
            .order_by("session__premier_jour")
            .values_list("session__premier_jour", flat=True)
        )


@enregistrer
class Adresse(Horodate):
    """One postal address of a candidate, from ``depuis`` until ``jusqu_au`` (empty: the current one)."""

    VISIBILITE = Visibilite(chemins=_sous_chemins("candidat"), distinct=True)

    candidat = models.ForeignKey(Candidat, on_delete=models.CASCADE, related_name="adresses")
    voie = models.CharField("numéro et voie", max_length=250)
    complement = models.CharField("complément", max_length=250, blank=True)
    code_postal = models.CharField("code postal", max_length=10)
    commune = models.CharField("commune", max_length=150)
    pays = models.CharField("pays", max_length=100, default="France")
    depuis = models.DateField("depuis le")
    jusqu_au = models.DateField("jusqu'au", null=True, blank=True)
    declaree_par_candidat = models.BooleanField(
        "déclarée par le candidat",
        default=False,
        help_text="Corrigée par le candidat dans son espace : l'organisme la vérifie (CAN-ADRESSE).",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "adresse"
        ordering = ["candidat", "-depuis", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidat"],
                condition=Q(jusqu_au__isnull=True),
                name="adresse_une_seule_actuelle",
                violation_error_message="Le candidat a déjà une adresse actuelle.",
            ),
            models.CheckConstraint(
                name="adresse_periode_ordonnee",
                condition=Q(jusqu_au__isnull=True) | Q(jusqu_au__gte=F("depuis")),
                violation_error_message="La fin de l'adresse précède son début.",
            ),
        ]

    def __str__(self) -> str:
        complement = f", {self.complement}" if self.complement else ""
        pays = "" if self.pays in ("", "France") else f", {self.pays}"
        return f"{self.voie}{complement}, {self.code_postal} {self.commune}{pays}"

    @property
    def a_verifier(self) -> bool:
        """Declared by the candidate in their portal and not confirmed by an organisme since (CAN-ADRESSE)."""
        return self.declaree_par_candidat and not self.confirmations.exists()


class StatutFormation(models.TextChoices):
    STAGIAIRE = "stagiaire", "Stagiaire de la formation professionnelle"
    APPRENTI = "apprenti", "Apprenti d'un CFA"
    VAE = "vae", "Candidat VAE"


@enregistrer
class Formation(Horodate):
    """One step of the parcours: a training (or a VAE) towards a TP millésime, with an organisme."""

    VISIBILITE = Visibilite(
        chemins={
            Axe.ORGANISME: "organisme",
            Axe.FORMATEUR: "formateurs",
            Axe.DEPARTEMENT: "organisme__sites__departement",
            Axe.CANDIDAT: "candidat",
        },
        distinct=True,
    )

    candidat = models.ForeignKey(Candidat, on_delete=models.CASCADE, related_name="formations")
    organisme = models.ForeignKey("organisations.Organisme", on_delete=models.PROTECT, related_name="formations")
    millesime = models.ForeignKey(
        "referentiel.Millesime", on_delete=models.PROTECT, related_name="formations", verbose_name="millésime du titre"
    )
    statut = models.CharField("statut", max_length=12, choices=StatutFormation.choices)
    debut = models.DateField("début de la formation", null=True, blank=True)
    fin = models.DateField("fin de la formation", null=True, blank=True)
    recevabilite_vae_le = models.DateField(
        "recevabilité VAE notifiée le",
        null=True,
        blank=True,
        help_text="Valable 1 an à compter de la notification (CAN-VAE-RECEVABILITE).",
    )
    information_handicap_le = models.DateField(
        "information sur les aménagements donnée le",
        null=True,
        blank=True,
        help_text="Les candidats sont informés en début de formation que des aménagements existent (SES-HANDICAP).",
    )
    formateurs = models.ManyToManyField(
        "comptes.Affectation",
        blank=True,
        related_name="formations",
        limit_choices_to={"role": Role.FORMATEUR, "active": True},
        verbose_name="formateurs",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "formation"
        ordering = ["candidat", "-debut", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="formation_dates_si_formation",
                condition=Q(statut=StatutFormation.VAE) | Q(debut__isnull=False, fin__isnull=False),
                violation_error_message="Une formation a une date de début et une date de fin.",
            ),
            models.CheckConstraint(
                name="formation_fin_apres_debut",
                condition=Q(debut__isnull=True) | Q(fin__isnull=True) | Q(fin__gte=F("debut")),
                violation_error_message="La fin de la formation précède son début.",
            ),
        ]

    def __str__(self) -> str:
        if self.statut == StatutFormation.VAE:
            return f"VAE — {self.millesime}"
        debut = self.debut.strftime("%d/%m/%Y") if self.debut else "?"
        fin = self.fin.strftime("%d/%m/%Y") if self.fin else "?"
        return f"{self.millesime} — du {debut} au {fin}"

    def clean(self) -> None:
        super().clean()
        if self.statut == StatutFormation.APPRENTI and self.organisme_id and not self.organisme.est_cfa:
            raise ValidationError(
                {"statut": "L'organisme n'est pas déclaré CFA (AGR-CFA) : ses stagiaires ne sont pas des apprentis."}
            )
        if self.statut != StatutFormation.VAE and self.recevabilite_vae_le:
            raise ValidationError({"recevabilite_vae_le": "La recevabilité ne concerne que les candidats VAE."})


class MomentAdresse(models.TextChoices):
    DEBUT_FORMATION = "debut_formation", "Début de la formation"
    PENDANT_FORMATION = "pendant_formation", "Pendant la formation"
    FIN_FORMATION = "fin_formation", "Fin de la formation"
    DEBUT_SESSION = "debut_session", "Début de la session"


@enregistrer
class ConfirmationAdresse(Horodate):
    """The candidate's address was checked and confirmed at one checkpoint of CAN-ADRESSE."""

    VISIBILITE = Visibilite(chemins=_sous_chemins("candidat"), distinct=True)

    candidat = models.ForeignKey(Candidat, on_delete=models.CASCADE, related_name="confirmations_adresse")
    adresse = models.ForeignKey(Adresse, on_delete=models.PROTECT, related_name="confirmations")
    formation = models.ForeignKey(
        Formation, on_delete=models.CASCADE, null=True, blank=True, related_name="confirmations_adresse"
    )
    moment = models.CharField("étape", max_length=20, choices=MomentAdresse.choices)
    confirmee_le = models.DateField("confirmée le")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "confirmation d'adresse"
        verbose_name_plural = "confirmations d'adresse"
        ordering = ["candidat", "-confirmee_le"]

    def __str__(self) -> str:
        return f"{self.get_moment_display()} — {self.confirmee_le:%d/%m/%Y}"


@enregistrer
class CCPAcquis(Horodate):
    """A CCP the candidate already holds (partial success, capitalisation)."""

    VISIBILITE = Visibilite(chemins=_sous_chemins("candidat"), distinct=True)

    candidat = models.ForeignKey(Candidat, on_delete=models.CASCADE, related_name="ccp_acquis")
    ccp = models.ForeignKey("referentiel.CCP", on_delete=models.PROTECT, related_name="+", verbose_name="CCP")
    obtenu_le = models.DateField("obtenu le")
    session_reference = models.CharField(
        "session",
        max_length=100,
        blank=True,
        help_text="Référence de la session où il a été obtenu, quand elle n'est pas enregistrée ici.",
    )
    session = models.ForeignKey(
        "examens.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ccp_acquis",
        verbose_name="session d'obtention",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "CCP acquis"
        verbose_name_plural = "CCP acquis"
        ordering = ["candidat", "obtenu_le"]
        constraints = [models.UniqueConstraint(fields=["candidat", "ccp"], name="ccp_acquis_unique")]

    def __str__(self) -> str:
        return f"{self.ccp} — {self.obtenu_le:%d/%m/%Y}"


@enregistrer
class CCSAcquis(Horodate):
    """A CCS the candidate holds (CAN-CCS: after or with its TP)."""

    VISIBILITE = Visibilite(chemins=_sous_chemins("candidat"), distinct=True)

    candidat = models.ForeignKey(Candidat, on_delete=models.CASCADE, related_name="ccs_acquis")
    ccs = models.ForeignKey("referentiel.CCS", on_delete=models.PROTECT, related_name="+", verbose_name="CCS")
    obtenu_le = models.DateField("obtenu le")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "CCS acquis"
        verbose_name_plural = "CCS acquis"
        ordering = ["candidat", "obtenu_le"]
        constraints = [models.UniqueConstraint(fields=["candidat", "ccs"], name="ccs_acquis_unique")]

    def __str__(self) -> str:
        return f"{self.ccs} — {self.obtenu_le:%d/%m/%Y}"


class EtatAmenagement(models.TextChoices):
    DEMANDEE = "demandee", "Demandée"
    ACCORDEE = "accordee", "Accordée"
    REFUSEE = "refusee", "Refusée"


class AmenagementQuerySet(VisibleQuerySet["DemandeAmenagement"]):
    def accordees(self) -> AmenagementQuerySet:
        """Granted accommodations: what the jury and the timetable are told (SES-HANDICAP)."""
        return self.filter(etat=EtatAmenagement.ACCORDEE)

    def pour_session(self, session: Any) -> AmenagementQuerySet:
        """Requests concerning ``session`` (an ``examens.Session``): linked to it, or for its millésime with none."""
        return self.filter(Q(session_id=session.pk) | Q(session__isnull=True, millesime_id=session.millesime_id))


@enregistrer
class DemandeAmenagement(Horodate):
    """An accommodation request (SES-HANDICAP) for one candidate and one session, decided by the DDETS.

    The session is the optional ``session`` (one of the candidate's registrations); when it is set,
    the millésime and ``premier_jour_session`` follow it (``clean``). Requests recorded without a
    session name it by its TP millésime and, when known, its first day.
    """

    VISIBILITE = Visibilite(
        chemins={**_sous_chemins("candidat"), Axe.DEPARTEMENT: "departement"},
        distinct=True,
    )

    candidat = models.ForeignKey(Candidat, on_delete=models.CASCADE, related_name="amenagements")
    millesime = models.ForeignKey(
        "referentiel.Millesime", on_delete=models.PROTECT, related_name="+", verbose_name="millésime du titre"
    )
    premier_jour_session = models.DateField("premier jour de la session", null=True, blank=True)
    session = models.ForeignKey(
        "examens.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amenagements",
        verbose_name="session",
        help_text="Une des sessions où le candidat est inscrit (facultatif).",
    )
    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.PROTECT,
        related_name="amenagements",
        verbose_name="DDETS destinataire",
        help_text="Le département du site de la session : sa DDETS reçoit le formulaire médical et décide.",
    )
    temps_majore = models.BooleanField("temps majoré", default=False)
    majoration_pourcent = models.PositiveSmallIntegerField(
        "majoration du temps (%)", null=True, blank=True, help_text="Par exemple 33 pour un tiers-temps."
    )
    assistance = models.CharField("assistance humaine", max_length=250, blank=True)
    materiel = models.CharField("matériel adapté", max_length=250, blank=True)
    epreuve_adaptee = models.CharField("épreuve adaptée", max_length=250, blank=True)
    salle_isolee = models.BooleanField(
        "salle à part",
        default=False,
        help_text="Le candidat passe seul, dans une salle à part, les épreuves sans jury (écrits, mises en situation).",
    )
    formulaire_recu_le = models.DateField("formulaire médical reçu par la DDETS le", null=True, blank=True)
    etat = FSMField("décision", default=EtatAmenagement.DEMANDEE, choices=EtatAmenagement.choices, protected=False)
    decision_le = models.DateField("décidée le", null=True, blank=True)
    decision_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    motif_decision = models.TextField("motif de la décision", blank=True)

    objects = AmenagementQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'aménagement"
        verbose_name_plural = "demandes d'aménagement"
        ordering = ["candidat", "-premier_jour_session", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="amenagement_majoration_si_temps",
                condition=Q(temps_majore=False, majoration_pourcent__isnull=True)
                | Q(temps_majore=True, majoration_pourcent__gte=1, majoration_pourcent__lte=200),
                violation_error_message="Un temps majoré indique sa majoration (1 à 200 %), et seulement lui.",
            ),
        ]

    def __str__(self) -> str:
        return f"Aménagement — {self.candidat} — {self.resume}"

    @property
    def resume(self) -> str:
        """What the jury and the timetable need to know, in one line."""
        parties = []
        if self.temps_majore:
            parties.append(f"temps majoré de {self.majoration_pourcent} %")
        if self.assistance:
            parties.append(f"assistance : {self.assistance}")
        if self.materiel:
            parties.append(f"matériel : {self.materiel}")
        if self.epreuve_adaptee:
            parties.append(f"épreuve adaptée : {self.epreuve_adaptee}")
        if self.salle_isolee:
            parties.append("salle à part")
        texte = " ; ".join(parties) or "aucun aménagement précisé"
        return texte[0].upper() + texte[1:]

    def clean(self) -> None:
        super().clean()
        if not (self.temps_majore or self.assistance or self.materiel or self.epreuve_adaptee or self.salle_isolee):
            raise ValidationError("Indiquez au moins un aménagement demandé.")
        if self.temps_majore and not self.majoration_pourcent:
            raise ValidationError({"majoration_pourcent": "Indiquez la majoration du temps (par exemple 33 %)."})
        if not self.temps_majore:
            self.majoration_pourcent = None
        self.suivre_session()

    def suivre_session(self) -> None:
        """A request linked to a session takes its first day; the session is one of the candidate's, same titre."""
        if self.session_id is None:
            return
        # Checked before reading the session: an unknown or foreign session reveals nothing more.
        if self.candidat_id is None or not self.candidat.inscriptions.filter(session_id=self.session_id).exists():
            raise ValidationError({"session": "Le candidat n'est pas inscrit à cette session."})
        session: Any = self.session
        if self.millesime_id is None:
            self.millesime_id = session.millesime_id
        elif self.millesime_id != session.millesime_id:
            raise ValidationError({"session": "La session ne porte pas sur le millésime du titre choisi."})
        self.premier_jour_session = session.premier_jour

    def peut_decider(self, utilisateur: Any) -> tuple[bool, str]:
        if self.etat != EtatAmenagement.DEMANDEE:
            return False, f"La demande est déjà {self.get_etat_display().lower()}."
        if utilisateur.est_administrateur:
            return True, ""
        if not utilisateur.a_role(Role.AGENT_DDETS) or self.departement_id not in utilisateur.perimetre.ids(
            Axe.DEPARTEMENT
        ):
            return False, f"Seule la DDETS du département {self.departement.code} décide de cette demande."
        if self.formulaire_recu_le is None:
            return False, "Le formulaire médical n'a pas été reçu : la DDETS décide au vu de ce formulaire."
        return True, ""

    @transition(field=etat, source=EtatAmenagement.DEMANDEE, target=EtatAmenagement.ACCORDEE)
    def accorder(self, *, par: Any, jour: dt.date, motif: str = "") -> None:
        self.decision_le, self.decision_par, self.motif_decision = jour, par, motif

    @transition(field=etat, source=EtatAmenagement.DEMANDEE, target=EtatAmenagement.REFUSEE)
    def refuser(self, *, par: Any, jour: dt.date, motif: str = "") -> None:
        self.decision_le, self.decision_par, self.motif_decision = jour, par, motif


@enregistrer
class ConfirmationAutrePersonne(Horodate):
    """CAN-DOUBLON: the user confirmed that a probable duplicate is another person, and created the record."""

    VISIBILITE = Visibilite(chemins=_sous_chemins("candidat"), distinct=True)

    candidat = models.ForeignKey(Candidat, on_delete=models.CASCADE, related_name="confirmations_doublon")
    ressemblant = models.ForeignKey(
        Candidat, on_delete=models.CASCADE, related_name="+", verbose_name="fiche ressemblante"
    )
    score = models.DecimalField("score", max_digits=4, decimal_places=3)
    raison = models.CharField("ressemblance", max_length=500)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    origine = models.CharField("origine", max_length=20, default="formulaire")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "confirmation « il s'agit d'une autre personne »"
        verbose_name_plural = "confirmations « il s'agit d'une autre personne »"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.candidat} n'est pas {self.ressemblant}"
