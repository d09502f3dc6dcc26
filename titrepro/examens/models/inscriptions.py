"""A candidate in a session (« Candidat dans une session », WORKFLOWS.md) and their convocation.

Registration follows CAN-PUBLICS (trained for the TP, partial success, VAE) and CAN-VAE;
it is refused once the convocations are issued (SES-RATTACHEMENT, SES-VERROU). The
convocation records its mode — registered letter with tracking number, or by hand
against a signed receipt — its dates and its proof (SES-CONVOCATION).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django_fsm import FSMField, transition

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Axe, Visibilite, VisibleQuerySet
from titrepro.examens.models.jurys import Jury
from titrepro.examens.models.sessions import Session, chemins_session


def chemins_inscription(prefixe: str = "") -> dict[Axe, str]:
    """Seen from a registration: the session's organisme and territory, the candidate, the jury's members."""
    p = f"{prefixe}__" if prefixe else ""
    return {
        **{a: c for a, c in chemins_session(f"{p}session").items() if a not in {Axe.CANDIDAT, Axe.JURY}},
        Axe.CANDIDAT: f"{p}candidat",
        Axe.JURY: f"{p}session__jurys__participations__membre",
    }


class PublicCandidat(models.TextChoices):
    """CAN-PUBLICS: who may be registered (002 engagement 8)."""

    FORMATION = "formation", "Formé(e) au titre"
    REUSSITE_PARTIELLE = "reussite_partielle", "En réussite partielle (CCP à passer)"
    VAE = "vae", "Candidat VAE"


class EtatInscription(models.TextChoices):
    INSCRIT = "inscrit", "Inscrit"
    CONVOQUE = "convoque", "Convoqué"
    PRESENT = "present", "Présent"
    ABSENT_JUSTIFIE = "absent_justifie", "Absent (justifié)"
    ABSENT_NON_JUSTIFIE = "absent_non_justifie", "Absent (non justifié)"
    EXCLU_FRAUDE = "exclu_fraude", "Exclu (fraude)"
    TITRE_OBTENU = "titre_obtenu", "Titre obtenu"
    REUSSITE_PARTIELLE = "reussite_partielle", "Réussite partielle"
    NON_OBTENU = "non_obtenu", "Non obtenu"
    CCP_ACQUIS = "ccp_acquis", "CCP acquis"
    CCP_NON_ACQUIS = "ccp_non_acquis", "CCP non acquis"


@enregistrer
class Inscription(Horodate):
    """One candidate registered to one session, with the CCP they sit and their jury."""

    VISIBILITE = Visibilite(chemins=chemins_inscription(), distinct=True)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="inscriptions")
    candidat = models.ForeignKey("personnes.Candidat", on_delete=models.PROTECT, related_name="inscriptions")
    public = models.CharField("public", max_length=20, choices=PublicCandidat.choices)
    formation = models.ForeignKey(
        "personnes.Formation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inscriptions",
        verbose_name="parcours",
        help_text="La formation (ou le parcours VAE) qui ouvre le droit à la session.",
    )
    ccps = models.ManyToManyField(
        "referentiel.CCP",
        blank=True,
        related_name="inscriptions",
        verbose_name="CCP présentés",
        help_text="Session CCP ou réussite partielle : les CCP que le candidat passe.",
    )
    jury = models.ForeignKey(
        Jury, on_delete=models.SET_NULL, null=True, blank=True, related_name="inscriptions", verbose_name="jury"
    )
    etat = FSMField("état", max_length=20, choices=EtatInscription.choices, default=EtatInscription.INSCRIT)
    inscrit_le = models.DateField("inscrit le")
    inscrit_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        ordering = ["session", "candidat__nom_naissance", "candidat__prenoms"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "candidat"],
                name="inscription_unique",
                violation_error_message="Ce candidat est déjà inscrit à cette session.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidat} — {self.session.numero}"

    @transition(field=etat, source=EtatInscription.INSCRIT, target=EtatInscription.CONVOQUE)
    def convoquer(self, *, motif: str = "") -> None:
        pass

    # The exam day (issue 7, titrepro.examens.services.deroulement): check-in, absences, fraud.

    @transition(field=etat, source=EtatInscription.CONVOQUE, target=EtatInscription.PRESENT)
    def marquer_present(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatInscription.CONVOQUE, target=EtatInscription.ABSENT_JUSTIFIE)
    def marquer_absent_justifie(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatInscription.CONVOQUE, target=EtatInscription.ABSENT_NON_JUSTIFIE)
    def marquer_absent_non_justifie(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatInscription.ABSENT_NON_JUSTIFIE, target=EtatInscription.ABSENT_JUSTIFIE)
    def justifier_absence(self, *, motif: str = "") -> None:
        pass

    @transition(
        field=etat, source=[EtatInscription.CONVOQUE, EtatInscription.PRESENT], target=EtatInscription.EXCLU_FRAUDE
    )
    def exclure_pour_fraude(self, *, motif: str) -> None:
        pass

    # The jury's decision (issue 7, titrepro.resultats.services): only for a candidate present; undone
    # (``rouvrir_decision``) while the results are editable, before the session is transmitted.

    @transition(field=etat, source=EtatInscription.PRESENT, target=EtatInscription.TITRE_OBTENU)
    def obtenir_titre(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatInscription.PRESENT, target=EtatInscription.REUSSITE_PARTIELLE)
    def reussir_partiellement(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatInscription.PRESENT, target=EtatInscription.NON_OBTENU)
    def ne_pas_obtenir(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatInscription.PRESENT, target=EtatInscription.CCP_ACQUIS)
    def acquerir_ccp(self, *, motif: str = "") -> None:
        pass

    @transition(field=etat, source=EtatInscription.PRESENT, target=EtatInscription.CCP_NON_ACQUIS)
    def ne_pas_acquerir_ccp(self, *, motif: str = "") -> None:
        pass

    @transition(
        field=etat,
        source=[
            EtatInscription.TITRE_OBTENU,
            EtatInscription.REUSSITE_PARTIELLE,
            EtatInscription.NON_OBTENU,
            EtatInscription.CCP_ACQUIS,
            EtatInscription.CCP_NON_ACQUIS,
        ],
        target=EtatInscription.PRESENT,
    )
    def rouvrir_decision(self, *, motif: str) -> None:
        pass


class ModeConvocation(models.TextChoices):
    LRAR = "lrar", "Lettre recommandée avec accusé de réception"
    MAIN_PROPRE = "main_propre", "Remise en main propre contre signature"


def chemin_preuve(instance: Convocation, nom: str) -> str:
    return f"convocations/{instance.inscription.session_id}/{instance.inscription_id}/{nom}"


@enregistrer
class Convocation(Horodate):
    """The convocation of one registered candidate: mode, dates, tracking number or signed receipt."""

    VISIBILITE = Visibilite(chemins=chemins_inscription("inscription"), distinct=True)

    inscription = models.OneToOneField(Inscription, on_delete=models.CASCADE, related_name="convocation")
    mode = models.CharField("mode", max_length=12, choices=ModeConvocation.choices)
    envoyee_le = models.DateField(
        "envoyée ou remise le", null=True, blank=True, help_text="Date du dépôt de la lettre ou de la remise."
    )
    numero_suivi = models.CharField("numéro de suivi (recommandé)", max_length=40, blank=True)
    accuse_reception_le = models.DateField("accusé de réception le", null=True, blank=True)
    preuve = models.FileField(
        "preuve (accusé de réception ou récépissé signé)", upload_to=chemin_preuve, blank=True, max_length=300
    )
    preuve_nom = models.CharField("nom du fichier de preuve", max_length=255, blank=True)
    emise_le = models.DateTimeField("document émis le", null=True, blank=True)
    emise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "convocation"
        ordering = ["inscription"]

    def __str__(self) -> str:
        return f"Convocation — {self.inscription}"

    @property
    def a_une_preuve(self) -> bool:
        """SES-CONVOCATION: a tracking number or receipt for a registered letter, a signed receipt by hand."""
        if self.mode == ModeConvocation.LRAR:
            return bool(self.numero_suivi or self.preuve)
        return bool(self.preuve)
