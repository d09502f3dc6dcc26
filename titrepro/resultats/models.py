"""Results of a session: per registration and CCP, per épreuve, and the jury's decision.

The jury deliberates alone (RES-SAISIE): results are entered by the jury members in their portal or
transcribed by the session team from the jury's grid; every row records who entered it and when
(and, for a jury member, which member). The decision moves the ``Inscription`` through its
transitions (titre_obtenu, reussite_partielle, non_obtenu, ccp_acquis, ccp_non_acquis); the
``Decision`` row keeps the entretien final (SES-ENTRETIEN-FINAL), the jury's observations and
the CCP acquired in this session (also written to ``personnes.CCPAcquis``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from titrepro.core.audit import enregistrer
from titrepro.core.models import Horodate
from titrepro.core.visibilite import Visibilite, VisibleQuerySet
from titrepro.examens.models.inscriptions import EtatInscription, chemins_inscription


class ResultatDecision(models.TextChoices):
    """The outcomes a jury decides (the matching ``Inscription`` states)."""

    TITRE_OBTENU = EtatInscription.TITRE_OBTENU.value, "Titre obtenu"
    REUSSITE_PARTIELLE = EtatInscription.REUSSITE_PARTIELLE.value, "Réussite partielle"
    NON_OBTENU = EtatInscription.NON_OBTENU.value, "Non obtenu"
    CCP_ACQUIS = EtatInscription.CCP_ACQUIS.value, "CCP acquis"
    CCP_NON_ACQUIS = EtatInscription.CCP_NON_ACQUIS.value, "CCP non acquis"


ETATS_DECISION = frozenset(ResultatDecision.values)
ETATS_SANS_DECISION_REQUISE = frozenset(
    {EtatInscription.ABSENT_JUSTIFIE, EtatInscription.ABSENT_NON_JUSTIFIE, EtatInscription.EXCLU_FRAUDE}
)
ETATS_AVEC_DECISION = ETATS_DECISION | ETATS_SANS_DECISION_REQUISE
"""A registration « has a decision » (RES-SAISIE) when it is in one of these states."""


class Saisie(Horodate):
    """Who entered a row: a user (session team or jury member), the jury member if any, when."""

    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saisi_par_membre = models.ForeignKey(
        "personnes.MembreJury",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisi par le membre du jury",
    )
    saisi_le = models.DateTimeField("saisi le")
    transcrit = models.BooleanField(
        "transcrit de la grille du jury",
        default=False,
        help_text="Saisi par l'équipe de la session d'après la grille signée du jury (RES-SAISIE).",
    )

    class Meta:
        abstract = True

    @property
    def saisi_par_libelle(self) -> str:
        if self.saisi_par_membre_id:
            return f"{self.saisi_par_membre} (membre du jury)"
        if self.saisi_par is not None:
            nom = getattr(self.saisi_par, "get_full_name", lambda: "")()
            return f"{nom or self.saisi_par} (équipe de la session, d'après la grille du jury)"
        return ""


@enregistrer
class ResultatCCP(Saisie):
    """For one registration, one CCP sat: acquis or non acquis, with the jury's observations."""

    VISIBILITE = Visibilite(chemins=chemins_inscription("inscription"), distinct=True)

    inscription = models.ForeignKey("examens.Inscription", on_delete=models.CASCADE, related_name="resultats_ccp")
    ccp = models.ForeignKey("referentiel.CCP", on_delete=models.PROTECT, related_name="+", verbose_name="CCP")
    acquis = models.BooleanField("acquis")
    observations = models.TextField("observations du jury", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "résultat par CCP"
        verbose_name_plural = "résultats par CCP"
        ordering = ["inscription", "ccp__numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["inscription", "ccp"],
                name="resultat_ccp_unique",
                violation_error_message="Ce CCP a déjà un résultat pour ce candidat.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ccp} : {'acquis' if self.acquis else 'non acquis'}"


class EtatEpreuve(models.TextChoices):
    PASSEE = "passee", "Passée"
    NON_PASSEE = "non_passee", "Non passée"


@enregistrer
class ResultatEpreuve(Saisie):
    """For one registration, one épreuve of the RE: passed or not, with the jury's observations."""

    VISIBILITE = Visibilite(chemins=chemins_inscription("inscription"), distinct=True)

    inscription = models.ForeignKey("examens.Inscription", on_delete=models.CASCADE, related_name="resultats_epreuves")
    epreuve = models.ForeignKey("referentiel.Epreuve", on_delete=models.PROTECT, related_name="+")
    etat = models.CharField("épreuve", max_length=12, choices=EtatEpreuve.choices, default=EtatEpreuve.PASSEE)
    observations = models.TextField("observations du jury", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "résultat par épreuve"
        verbose_name_plural = "résultats par épreuve"
        ordering = ["inscription", "epreuve__ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["inscription", "epreuve"],
                name="resultat_epreuve_unique",
                violation_error_message="Cette épreuve a déjà un résultat pour ce candidat.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.epreuve} : {self.get_etat_display()}"


@enregistrer
class Decision(Saisie):
    """The jury's decision for one registration (the registration's state carries the outcome)."""

    VISIBILITE = Visibilite(chemins=chemins_inscription("inscription"), distinct=True)

    inscription = models.OneToOneField("examens.Inscription", on_delete=models.CASCADE, related_name="decision")
    resultat = models.CharField("décision", max_length=20, choices=ResultatDecision.choices)
    entretien_final_le = models.DateField(
        "entretien final tenu le",
        null=True,
        blank=True,
        help_text="SES-ENTRETIEN-FINAL : obligatoire pour délivrer le titre.",
    )
    observations = models.TextField("observations du jury", blank=True)
    ccps_acquis = models.ManyToManyField(
        "referentiel.CCP", blank=True, related_name="+", verbose_name="CCP acquis dans cette session"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "décision du jury"
        verbose_name_plural = "décisions du jury"
        ordering = ["inscription"]

    def __str__(self) -> str:
        return f"Décision — {self.inscription}"


@enregistrer
class PropositionCCP(Horodate):
    """SES-CCP follow-up: a CCP session the organisme proposed to a candidate in partial success."""

    VISIBILITE = Visibilite(chemins=chemins_inscription("inscription"), distinct=True)

    inscription = models.ForeignKey(
        "examens.Inscription",
        on_delete=models.CASCADE,
        related_name="propositions_ccp",
        help_text="L'inscription où le candidat a obtenu la réussite partielle.",
    )
    session_proposee = models.ForeignKey(
        "examens.Session", on_delete=models.CASCADE, related_name="propositions_ccp", verbose_name="session proposée"
    )
    proposee_le = models.DateTimeField("proposée le")
    proposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField("message au candidat", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "proposition de session CCP"
        verbose_name_plural = "propositions de session CCP"
        ordering = ["-proposee_le"]

    def __str__(self) -> str:
        return f"{self.session_proposee.numero} proposée à {self.inscription.candidat}"
