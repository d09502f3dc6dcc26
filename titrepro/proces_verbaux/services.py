"""Writes of the PV: edition (RES-SAISIE), signatures, voiding, transmission (RES-PV-DELAI), DDETS decision.

Each service is atomic, locks the session row, checks who may act (``peut_gerer``,
``peut_signer``, ``peut_instruire``) and the rules through ``conformite.moteur``, then moves
the session through its transitions (audited with their motive). The PDFs are rendered
inside the service, not after commit: the document *is* what the jury signs, so its hash
must exist when the service returns. E-mails leave after commit
(``notifications.courriels``).

``pv_invalider`` is connected to ``resultats.signaux.resultats_modifies`` (``apps.py``):
a result changed after the PV was edited voids every signature, regenerates the PV as a new
version, returns the session to « résultats saisis » and tells the signers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles.calendrier import format_date
from titrepro.conformite.regles.verdict import Verdict
from titrepro.core.audit import motif as motif_audit
from titrepro.core.permissions import exiger_permission
from titrepro.examens.models import EtatParticipation, EtatSession, Session, est_gestionnaire_sessions
from titrepro.notifications.courriels import courriel_programmer
from titrepro.organisations import destinataires
from titrepro.personnes.models import MembreJury
from titrepro.proces_verbaux import documents
from titrepro.proces_verbaux.models import (
    DocumentPv,
    NaturePv,
    ProcesVerbal,
    QualiteSignataire,
    SignaturePv,
    TypeDocumentPv,
    empreinte_contenu,
    peut_instruire,
)
from titrepro.resultats.lectures import decisions_manquantes

ETATS_PV_OUVERT = frozenset({EtatSession.PV_EDITE, EtatSession.PV_SIGNE})
"""States in which a result change voids the signatures (``invalider_pv``)."""


def _nom(user: Any) -> str:
    return str(
        getattr(user, "nom_complet", "") or (user.get_full_name() if hasattr(user, "get_full_name") else "") or user
    )


def _session_verrouillee(session: Session) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("site__departement", "millesime__titre")
        .get(pk=session.pk)
    )


def _pv(session: Session) -> ProcesVerbal | None:
    return ProcesVerbal.objects.filter(session=session).first()


# ------------------------------------------------------------------------------------------- documents


def _stocker(pv: ProcesVerbal, type_document: str, nom: str, contenu: bytes, inscription: Any = None) -> DocumentPv:
    document = DocumentPv(
        proces_verbal=pv,
        version=pv.version,
        type_document=type_document,
        inscription=inscription,
        nom=nom,
        empreinte=empreinte_contenu(contenu),
    )
    document.fichier.save(nom, ContentFile(contenu), save=False)
    document.save()
    return document


def _generer_version(pv: ProcesVerbal, *, auteur: Any, maintenant: dt.datetime) -> None:
    """Render and store a new version of the PV's documents (never overwriting the previous ones)."""
    session = pv.session
    pv.version += 1
    pv.edite_le = maintenant
    pv.edite_par = auteur if getattr(auteur, "is_authenticated", False) else None
    pv.save()
    jour = timezone.localdate(maintenant)
    numero = session.numero
    if pv.est_annulation:
        contenu = documents.pv_annulation_pdf(session, version=pv.version, jour=jour)
        _stocker(pv, TypeDocumentPv.ANNULATION, f"pv-annulation-{numero}-v{pv.version}.pdf", contenu)
        return
    general = documents.pv_general_pdf(session, version=pv.version, jour=jour)
    _stocker(pv, TypeDocumentPv.GENERAL, f"pv-general-{numero}-v{pv.version}.pdf", general)
    individuels = documents.pv_individuels(session, version=pv.version, jour=jour)
    for inscription, contenu in individuels:
        nom = f"pv-individuel-{numero}-{inscription.pk}-v{pv.version}.pdf"
        _stocker(pv, TypeDocumentPv.INDIVIDUEL, nom, contenu, inscription=inscription)
    if individuels:
        tous = documents.pv_individuels_pdf(session, version=pv.version, jour=jour)
        _stocker(pv, TypeDocumentPv.INDIVIDUELS, f"pv-individuels-{numero}-v{pv.version}.pdf", tous)


def membres_signataires(session: Session) -> list[MembreJury]:
    """The jury members who sat (accepted participation), each once, by name."""
    ids = set(
        session.jurys.filter(participations__etat=EtatParticipation.ACCEPTEE).values_list(
            "participations__membre", flat=True
        )
    )
    return list(MembreJury.objects.filter(pk__in=ids).order_by("nom", "prenoms", "pk"))


@transaction.atomic
def pv_editer(*, session: Session, auteur: Any, maintenant: dt.datetime | None = None) -> ProcesVerbal:
    """Edit the PV général and the PV individuels (RES-SAISIE: every candidate has a decision) → « PV édité ».

    For a session cancelled after its convocations (``pv_annulation_du``), edit the PV of cancellation.
    """
    maintenant = maintenant or timezone.now()
    session = _session_verrouillee(session)
    exiger_permission(session.peut_gerer(auteur))
    pv = _pv(session)
    if session.etat == EtatSession.ANNULEE:
        if not session.pv_annulation_du:
            raise ValidationError(
                "Cette session a été annulée avant ses convocations : aucun PV d'annulation n'est dû."
            )
        if pv is not None and pv.transmis_le:
            raise ValidationError(f"Le PV d'annulation a déjà été transmis le {format_date(pv.transmis_le)}.")
        pv = pv or ProcesVerbal.objects.create(session=session, nature=NaturePv.ANNULATION)
        with motif_audit("PV d'annulation édité"):
            _annuler_signatures(
                pv,
                motif=f"annulée : le PV d'annulation a été réédité le {_horodatage(maintenant)}",
                maintenant=maintenant,
            )
            _generer_version(pv, auteur=auteur, maintenant=maintenant)
        return pv
    if session.etat != EtatSession.RESULTATS_SAISIS or not can_proceed(session.editer_pv):
        raise ValidationError(
            f"Les PV s'éditent une fois les résultats saisis ; la session est « {session.get_etat_display()} »."
        )
    manquantes = decisions_manquantes(session)
    exiger(
        evaluer(
            "RES-SAISIE",
            jour_de_reference=timezone.localdate(maintenant),
            region=session.site.departement.region_id,
            candidats_sans_decision=tuple(str(i.candidat) for i in manquantes),
        )
    )
    pv = pv or ProcesVerbal.objects.create(session=session, nature=NaturePv.SESSION)
    with motif_audit("PV général et PV individuels édités"):
        _generer_version(pv, auteur=auteur, maintenant=maintenant)
        session.editer_pv(motif=f"PV édité (version {pv.version})")
        session.save()
    membres = membres_signataires(session)
    courriel_programmer(
        destinataires=[m.email for m in membres],
        objet=f"PV à signer — session {session.numero}",
        gabarit="proces_verbaux/courriels/pv_a_signer.txt",
        contexte={"session": session, "version": pv.version},
    )
    return pv


# ------------------------------------------------------------------------------------------- signatures


def _horodatage(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%d/%m/%Y} à {local:%H:%M}"


def qualite_signataire(session: Session, user: Any) -> tuple[str, MembreJury | None] | None:
    """In which capacity ``user`` signs this session's PV (jury member who sat, or session team), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    membre = next((m for m in membres_signataires(session) if m.compte_id == user.pk), None)
    if membre is not None:
        return QualiteSignataire.MEMBRE_JURY, membre
    if est_gestionnaire_sessions(user, session.organisme_id):
        return QualiteSignataire.RESPONSABLE, None
    return None


def peut_signer(session: Session, user: Any) -> tuple[bool, str]:
    """Who signs: each jury member who sat, then the responsable de session (or a suppléant)."""
    pv = _pv(session)
    if pv is None or pv.version == 0:
        return False, "Le PV n'est pas encore édité."
    qualite = qualite_signataire(session, user)
    if qualite is None:
        return False, "Seuls les membres du jury qui ont siégé et le responsable de session signent ce PV."
    if pv.est_annulation:
        if qualite[0] != QualiteSignataire.RESPONSABLE:
            return False, "Le PV d'annulation est signé par le responsable de session."
        if pv.transmis_le:
            return False, "Le PV d'annulation est déjà transmis."
    elif session.etat != EtatSession.PV_EDITE:
        return False, f"Le PV se signe quand il est édité ; la session est « {session.get_etat_display()} »."
    if pv.signatures_valides().filter(signataire=user).exists():
        return False, f"Vous avez déjà signé la version {pv.version} de ce PV."
    return True, ""


def verifier_integrite(pv: ProcesVerbal) -> list[DocumentPv]:
    """The documents of the current version whose stored content no longer has its recorded SHA-256."""
    return [document for document in pv.documents_courants() if not document.contenu_intact()]


@transaction.atomic
def pv_signer(
    *,
    session: Session,
    signataire: Any,
    mot_de_passe: str,
    adresse_ip: str | None = None,
    maintenant: dt.datetime | None = None,
) -> SignaturePv:
    """Sign the current version of the PV (password re-entered); the responsable signs last (« PV signé »)."""
    maintenant = maintenant or timezone.now()
    session = _session_verrouillee(session)
    exiger_permission(peut_signer(session, signataire))
    if not mot_de_passe or not signataire.check_password(mot_de_passe):
        raise ValidationError({"mot_de_passe": "Mot de passe incorrect : la signature n'est pas enregistrée."})
    pv = ProcesVerbal.objects.select_for_update().get(session=session)
    alteres = verifier_integrite(pv)
    if alteres:
        noms = ", ".join(d.nom for d in alteres)
        raise ValidationError(
            f"Le contenu du PV ne correspond plus à son empreinte SHA-256 ({noms}) : la signature est refusée. "
            "Éditez de nouveau le PV."
        )
    qualite, membre = qualite_signataire(session, signataire) or ("", None)
    if qualite == QualiteSignataire.RESPONSABLE and not pv.est_annulation:
        signes = set(pv.signatures_valides().filter(membre__isnull=False).values_list("membre_id", flat=True))
        exiger(
            evaluer(
                "RES-SAISIE",
                jour_de_reference=timezone.localdate(maintenant),
                region=session.site.departement.region_id,
                jures_sans_signature=tuple(
                    f"{m.prenoms} {m.nom}" for m in membres_signataires(session) if m.pk not in signes
                ),
            )
        )
    signature = SignaturePv.objects.create(
        proces_verbal=pv,
        version=pv.version,
        empreinte=pv.empreinte_version(),
        qualite=qualite,
        signataire=signataire,
        membre=membre,
        nom_signataire=str(membre) if membre else _nom(signataire),
        signe_le=maintenant,
        adresse_ip=adresse_ip or None,
    )
    if qualite == QualiteSignataire.RESPONSABLE and not pv.est_annulation:
        session.signer_pv(motif=f"PV signé par le jury puis par {_nom(signataire)} (version {pv.version})")
        session.save()
    return signature


def _annuler_signatures(pv: ProcesVerbal, *, motif: str, maintenant: dt.datetime) -> list[SignaturePv]:
    signatures = list(pv.signatures.filter(annulee_le__isnull=True).select_related("signataire"))
    for signature in signatures:
        signature.annulee_le = maintenant
        signature.motif_annulation = motif
        signature.save(update_fields=["annulee_le", "motif_annulation", "modifie_le"])
    return signatures


@transaction.atomic
def pv_invalider(
    *, session: Session, par: Any = None, motif: str = "", maintenant: dt.datetime | None = None
) -> ProcesVerbal | None:
    """A result changed after the PV was edited: void the signatures, regenerate, back to « résultats saisis »."""
    maintenant = maintenant or timezone.now()
    session = _session_verrouillee(session)
    if session.etat not in ETATS_PV_OUVERT:
        return None
    pv = ProcesVerbal.objects.select_for_update().filter(session=session).first()
    quand = _horodatage(maintenant)
    if pv is None:  # a state set without any PV edited (data imported by hand): only the session moves back
        session.invalider_pv(motif=f"Résultats modifiés le {quand}" + (f" : {motif}" if motif else ""))
        session.save()
        return None
    raison = f"annulée : les résultats ont changé le {quand}" + (f" ({motif})" if motif else "")
    ancienne_version = pv.version
    with motif_audit(raison):
        signatures = _annuler_signatures(pv, motif=raison, maintenant=maintenant)
        session.invalider_pv(motif=f"Résultats modifiés le {quand}" + (f" : {motif}" if motif else ""))
        session.save()
        if not decisions_manquantes(session):
            _generer_version(pv, auteur=par, maintenant=maintenant)
    courriel_programmer(
        destinataires=[s.signataire.email for s in signatures],
        objet=f"Signature du PV annulée — session {session.numero}",
        gabarit="proces_verbaux/courriels/pv_invalide.txt",
        contexte={
            "session": session,
            "quand": maintenant,
            "motif": motif or "un résultat ou une décision a été modifié.",
            "ancienne_version": ancienne_version,
            "version": pv.version,
        },
    )
    return pv


def resultats_modifies_recu(sender: Any, *, session: Any, par: Any = None, motif: str = "", **kwargs: Any) -> None:
    """Receiver of ``resultats.signaux.resultats_modifies`` (connected in ``apps.py``)."""
    if (
        getattr(session, "etat", None) in ETATS_PV_OUVERT
        or Session.objects.filter(pk=session.pk, etat__in=ETATS_PV_OUVERT).exists()
    ):
        pv_invalider(session=session, par=par, motif=motif)


# ------------------------------------------------------------------------------------------- transmission


def verdict_delai(session: Session, *, jour: dt.date) -> Verdict | None:
    """RES-PV-DELAI for a session held (None before its last day's results, for a cancellation PV, or unheld)."""
    if session.etat in {EtatSession.BROUILLON, EtatSession.CREEE, EtatSession.CONVOQUEE, EtatSession.ANNULEE}:
        return None
    pv = _pv(session)
    return evaluer(
        "RES-PV-DELAI",
        jour_de_reference=session.premier_jour,
        region=session.site.departement.region_id,
        dernier_jour=session.dernier_jour,
        transport=bool(session.millesime.titre.transport),
        transmis_le=pv.transmis_le if pv else None,
        jour=jour,
    )


@transaction.atomic
def pv_transmettre(*, session: Session, auteur: Any, jour: dt.date) -> ProcesVerbal:
    """Transmit the signed PV to the DDETS (« transmise »), the date recorded for RES-PV-DELAI."""
    session = _session_verrouillee(session)
    exiger_permission(session.peut_gerer(auteur))
    pv = _pv(session)
    if pv is None:
        raise ValidationError("Aucun PV n'a été édité pour cette session.")
    pv = ProcesVerbal.objects.select_for_update().get(pk=pv.pk)
    if pv.est_annulation:
        if pv.transmis_le:
            raise ValidationError(f"Le PV d'annulation a déjà été transmis le {format_date(pv.transmis_le)}.")
        if not pv.signatures_valides().filter(qualite=QualiteSignataire.RESPONSABLE).exists():
            raise ValidationError(
                "Le PV d'annulation doit être signé par le responsable de session avant sa transmission."
            )
    elif session.etat != EtatSession.PV_SIGNE or not can_proceed(session.transmettre):
        raise ValidationError(
            f"Seul un PV signé (jury puis responsable) se transmet ; la session est « {session.get_etat_display()} »."
        )
    if verifier_integrite(pv):
        raise ValidationError("Le contenu du PV ne correspond plus à son empreinte SHA-256 : transmission refusée.")
    pv.transmis_le = jour
    pv.transmis_par = auteur
    pv.save()
    verdict = None
    if not pv.est_annulation:
        verdict = verdict_delai(session, jour=jour)
        with motif_audit(verdict.message if verdict else ""):
            session.transmettre(motif=f"PV transmis le {format_date(jour)}")
            session.save()
    courriel_programmer(
        destinataires=destinataires.agents_ddets([session.site.departement_id]),
        objet=f"PV transmis — session {session.numero}",
        gabarit="proces_verbaux/courriels/pv_transmis.txt",
        contexte={"session": session, "jour": jour, "verdict": verdict, "annulation": pv.est_annulation},
    )
    return pv


# ------------------------------------------------------------------------------------------- DDETS


@transaction.atomic
def pv_valider(*, session: Session, agent: Any, jour: dt.date) -> ProcesVerbal:
    """The DDETS validates the session (« validée »): its results are published (RES-PUBLICATION)."""
    session = _session_verrouillee(session)
    exiger_permission(peut_instruire(session, agent))
    if session.etat != EtatSession.TRANSMISE or not can_proceed(session.valider):
        raise ValidationError(f"Seule une session transmise se valide ; celle-ci est « {session.get_etat_display()} ».")
    pv = ProcesVerbal.objects.select_for_update().get(session=session)
    pv.valide_le = jour
    pv.valide_par = agent
    pv.save()
    session.valider(motif=f"Session validée par la DDETS le {format_date(jour)}")
    session.save()
    for inscription in session.inscriptions.select_related("candidat"):
        courriel_programmer(
            destinataires=[inscription.candidat.email],
            objet=f"Vos résultats — session {session.numero}",
            gabarit="proces_verbaux/courriels/resultats_publies.txt",
            contexte={"session": session, "candidat": inscription.candidat, "jour": jour},
        )
    return pv


@transaction.atomic
def pv_renvoyer(
    *, session: Session, agent: Any, motif: str, jour: dt.date, maintenant: dt.datetime | None = None
) -> ProcesVerbal:
    """The DDETS sends the PV back with a motive: signatures voided, the session back to results entry."""
    maintenant = maintenant or timezone.now()
    motif = (motif or "").strip()
    session = _session_verrouillee(session)
    exiger_permission(peut_instruire(session, agent))
    if not motif:
        raise ValidationError({"motif": "Indiquez le motif du renvoi : il est adressé à l'équipe de la session."})
    if session.etat != EtatSession.TRANSMISE or not can_proceed(session.renvoyer_pour_correction):
        raise ValidationError(
            f"Seule une session transmise se renvoie pour correction ; celle-ci est « {session.get_etat_display()} »."
        )
    pv = ProcesVerbal.objects.select_for_update().get(session=session)
    with motif_audit(motif):
        _annuler_signatures(
            pv,
            motif=f"annulée : PV renvoyé pour correction par la DDETS le {format_date(jour)} ({motif})",
            maintenant=maintenant,
        )
        pv.renvoye_le = jour
        pv.motif_renvoi = motif
        pv.transmis_le = None
        pv.transmis_par = None
        pv.save()
        session.renvoyer_pour_correction(motif=motif)
        session.save()
    courriel_programmer(
        destinataires=destinataires.equipe_organisme(session.organisme_id),
        objet=f"PV renvoyé pour correction — session {session.numero}",
        gabarit="proces_verbaux/courriels/pv_renvoye.txt",
        contexte={"session": session, "motif": motif, "jour": jour},
    )
    return pv
