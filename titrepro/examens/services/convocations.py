"""Convocations: record each candidate's (mode, dates, proof), check SES-CONVOCATION, issue them (SES-VERROU).

``convocation_enregistrer`` records how one candidate was summoned: a registered letter
(tracking number or scanned receipt) or a hand delivery (signed receipt uploaded).
``convocations_emettre`` issues the session's convocations once every candidate's one
passes SES-CONVOCATION: it locks the session row, moves the session to « convocations
envoyées » and each registration to « convoqué » — from then on candidates and dates are
locked (SES-VERROU, ``Session.verrouillee``) — and tells the candidates by e-mail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles.catalogue import regle
from titrepro.conformite.regles.verdict import Verdict
from titrepro.core.audit import motif as motif_audit
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.fichiers import DOCUMENTS, verifier_fichier
from titrepro.core.permissions import exiger_permission
from titrepro.examens.models import (
    Convocation,
    DocumentConvocations,
    EtatInscription,
    EtatSession,
    Inscription,
    JourSession,
    ModeConvocation,
    Session,
)
from titrepro.notifications.courriels import courriel_programmer

ETATS_SESSION_CONVOCATION = frozenset({EtatSession.CREEE, EtatSession.CONVOQUEE})
"""Convocations are recorded while the session is in preparation, and completed (receipt) once issued."""


@dataclass(frozen=True)
class Manquement:
    """One candidate at fault when the convocations are issued (SES-CONVOCATION)."""

    inscription: Inscription
    message: str


class ConvocationsRefusees(RegleRefusee):
    """SES-CONVOCATION refused the issue: ``manquements`` names each candidate at fault."""

    def __init__(self, manquements: list[Manquement]) -> None:
        entree = regle("SES-CONVOCATION")
        detail = " ; ".join(f"{m.inscription.candidat} : {m.message}" for m in manquements)
        super().__init__(
            entree.code,
            f"Les convocations ne peuvent pas être émises. {detail}.",
            entree.source,
        )
        self.manquements = manquements


FOURNISSEURS_HORAIRES: list[Callable[[Inscription], list[Any] | None]] = []
"""Registered by apps above examens (``planning`` from its ``ready``): the first one that answers gives the
candidate's own hours (objects with ``date``, ``heure_debut``, ``heure_fin``, like ``JourSession``, and optionally
``epreuves``: that day's épreuves as French lines, e.g. « 08:30–10:30 : Mise en situation (salle Atelier) », printed
under the day's hours on the convocation and in its e-mail)."""


def horaires_du_candidat(inscription: Inscription) -> list[Any]:
    """The days and hours printed on ``inscription``'s convocation.

    The candidate's own timetable (the published planning, through ``FOURNISSEURS_HORAIRES``)
    when there is one; otherwise every day of the session with its opening hours.
    """
    for fournisseur in FOURNISSEURS_HORAIRES:
        horaires = fournisseur(inscription)
        if horaires:
            return horaires
    jours: list[JourSession] = list(inscription.session.jours.all())
    return jours


def verdict_convocation(inscription: Inscription, *, jour: dt.date) -> Verdict | None:
    """SES-CONVOCATION for one candidate, or ``None`` when no mode and date are recorded yet."""
    convocation = getattr(inscription, "convocation", None)
    if convocation is None or convocation.envoyee_le is None or not convocation.mode:
        return None
    session = inscription.session
    return evaluer(
        "SES-CONVOCATION",
        jour_de_reference=convocation.envoyee_le or jour,
        region=session.site.departement.region_id,
        premier_jour=session.premier_jour,
        envoyee_le=convocation.envoyee_le,
        mode=convocation.mode,
        preuve=convocation.a_une_preuve,
    )


def date_limite_convocation(session: Session, *, jour: dt.date) -> dt.date:
    """The last day to summon the candidates: the rule's own échéance (« au plus tard le … »)."""
    verdict = evaluer(
        "SES-CONVOCATION",
        jour_de_reference=jour,
        region=session.site.departement.region_id,
        premier_jour=session.premier_jour,
        envoyee_le=session.premier_jour,
        mode=ModeConvocation.LRAR,
        preuve=True,
    )
    assert verdict.echeance is not None  # noqa: S101 - SES-CONVOCATION always states its deadline
    return verdict.echeance


def _manquement(inscription: Inscription, *, jour: dt.date) -> str | None:
    """Why ``inscription`` cannot be summoned as recorded (SES-CONVOCATION), or ``None``."""
    convocation = getattr(inscription, "convocation", None)
    if convocation is None or not convocation.mode:
        return "aucune convocation enregistrée (mode, date et preuve)"
    if convocation.envoyee_le is None:
        return "la date d'envoi ou de remise n'est pas enregistrée"
    verdict = verdict_convocation(inscription, jour=jour)
    if verdict is not None and verdict.bloque:
        return verdict.message
    return None


# ------------------------------------------------------------------------------------------------ record


@transaction.atomic
def convocation_enregistrer(
    *,
    inscription: Inscription,
    auteur: Any,
    mode: str,
    envoyee_le: dt.date | None = None,
    numero_suivi: str = "",
    preuve: Any = None,
    accuse_reception_le: dt.date | None = None,
) -> Convocation:
    """Record (or complete) how ``inscription``'s candidate was summoned; the proof file is checked."""
    session = inscription.session
    exiger_permission(session.peut_gerer(auteur))
    if session.etat not in ETATS_SESSION_CONVOCATION:
        raise ValidationError(
            f"Les convocations ne s'enregistrent plus : la session est « {session.get_etat_display().lower()} »."
        )
    if inscription.etat not in (EtatInscription.INSCRIT, EtatInscription.CONVOQUE):
        raise ValidationError("Ce candidat n'est plus à convoquer pour cette session.")
    erreurs: dict[str, list[str]] = {}
    if mode not in ModeConvocation.values:
        erreurs["mode"] = ["Choisissez la lettre recommandée avec AR ou la remise en main propre contre signature."]
    if envoyee_le is None:
        erreurs["envoyee_le"] = ["Indiquez la date de dépôt de la lettre ou de la remise en main propre."]
    elif envoyee_le > session.premier_jour:
        erreurs["envoyee_le"] = ["La convocation ne peut pas être envoyée après le premier jour de la session."]
    if accuse_reception_le is not None and envoyee_le is not None and accuse_reception_le < envoyee_le:
        erreurs["accuse_reception_le"] = ["L'accusé de réception ne peut précéder l'envoi."]
    numero_suivi = (numero_suivi or "").strip()
    if preuve:
        try:
            verifier_fichier(preuve, DOCUMENTS)
        except ValidationError as exc:
            erreurs["preuve"] = exc.messages
    convocation = Convocation.objects.filter(inscription=inscription).first() or Convocation(inscription=inscription)
    a_deja_une_preuve = bool(convocation.preuve)
    if mode == ModeConvocation.LRAR and not (numero_suivi or preuve or a_deja_une_preuve):
        erreurs.setdefault("numero_suivi", []).append(
            "Une lettre recommandée se prouve par son numéro de suivi ou par l'accusé de réception numérisé."
        )
    if mode == ModeConvocation.MAIN_PROPRE and not (preuve or a_deja_une_preuve):
        erreurs.setdefault("preuve", []).append("Déposez le récépissé de remise signé par le candidat.")
    if mode == ModeConvocation.MAIN_PROPRE and numero_suivi:
        erreurs.setdefault("numero_suivi", []).append("Une remise en main propre n'a pas de numéro de suivi.")
    if erreurs:
        raise ValidationError(erreurs)

    convocation.mode = mode
    convocation.envoyee_le = envoyee_le
    convocation.numero_suivi = numero_suivi
    convocation.accuse_reception_le = accuse_reception_le
    if preuve:
        convocation.preuve.save(preuve.name, preuve, save=False)
        convocation.preuve_nom = preuve.name
    if session.verrouillee:
        # Already issued: a correction (receipt, date) must keep the convocation compliant.
        exiger(_verdict_obligatoire(convocation))
    with motif_audit(f"Convocation enregistrée ({ModeConvocation(mode).label.lower()})"):
        convocation.save()
    return convocation


def _verdict_obligatoire(convocation: Convocation) -> Verdict:
    session = convocation.inscription.session
    assert convocation.envoyee_le is not None  # noqa: S101 - checked by the caller
    return evaluer(
        "SES-CONVOCATION",
        jour_de_reference=convocation.envoyee_le,
        region=session.site.departement.region_id,
        premier_jour=session.premier_jour,
        envoyee_le=convocation.envoyee_le,
        mode=convocation.mode,
        preuve=convocation.a_une_preuve,
    )


# ------------------------------------------------------------------------------------------------- issue


@transaction.atomic
def convocations_emettre(*, session: Session, auteur: Any, jour: dt.date) -> Session:
    """Issue the session's convocations (SES-CONVOCATION for each candidate), then lock it (SES-VERROU)."""
    exiger_permission(session.peut_gerer(auteur))
    verrouillee = Session.objects.select_for_update(of=("self",)).select_related("site__departement").get(pk=session.pk)
    if verrouillee.etat != EtatSession.CREEE:
        raise ValidationError(
            "Les convocations s'émettent pour une session en préparation ; celle-ci est "
            f"« {verrouillee.get_etat_display().lower()} »."
        )
    inscriptions = list(
        verrouillee.inscriptions.select_related("candidat", "convocation").order_by(
            "candidat__nom_naissance", "candidat__prenoms", "pk"
        )
    )
    if not inscriptions:
        raise ValidationError("La session n'a aucun candidat inscrit : il n'y a personne à convoquer.")
    for inscription in inscriptions:
        inscription.session = verrouillee
    manquements = [
        Manquement(inscription, message)
        for inscription in inscriptions
        if (message := _manquement(inscription, jour=jour)) is not None
    ]
    if manquements:
        raise ConvocationsRefusees(manquements)

    maintenant = timezone.now()
    with motif_audit(f"Émission des convocations ({len(inscriptions)} candidat(s)) — SES-CONVOCATION, SES-VERROU"):
        verrouillee.emettre_convocations(jour=jour, motif="Convocations émises : candidats et dates verrouillés")
        verrouillee.save()
        for inscription in inscriptions:
            if inscription.etat == EtatInscription.INSCRIT:
                inscription.convoquer(motif=f"Convocation émise le {jour:%d/%m/%Y}")
                inscription.save()
            convocation = inscription.convocation
            convocation.emise_le = maintenant
            convocation.emise_par = auteur
            convocation.save(update_fields=["emise_le", "emise_par", "modifie_le"])
    for inscription in inscriptions:
        courriel_programmer(
            destinataires=[inscription.candidat.email],
            objet=f"Votre convocation à la session {verrouillee.numero}",
            gabarit="examens/courriels/convocation_envoyee.txt",
            contexte={
                "session": verrouillee,
                "inscription": inscription,
                "convocation": inscription.convocation,
                "jours": horaires_du_candidat(inscription),
            },
        )
    session.refresh_from_db()
    return verrouillee


# ------------------------------------------------------------------------------------- all in one PDF


@transaction.atomic
def convocations_lot_demander(*, session: Session, auteur: Any) -> DocumentConvocations:
    """Queue the build of all the session's convocations as one PDF; the job row carries the progress."""
    exiger_permission(session.peut_gerer(auteur))
    total = session.inscriptions.count()
    if not total:
        raise ValidationError("La session n'a aucun candidat inscrit : il n'y a pas de convocation à produire.")
    document = DocumentConvocations.objects.create(session=session, auteur=auteur, total=total)
    from titrepro.examens.taches import construire_convocations  # the task renders through this module

    transaction.on_commit(lambda: construire_convocations.enqueue(document_id=document.pk))
    return document
