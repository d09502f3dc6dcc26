"""The exam day (WORKFLOWS.md « Session d'examen », convoquee → en_cours): presences, opening, plateau visit,
sealed plis and draw by lot, check-in, lateness, absences, incidents and fraud.

Rules, each through the rule engine with its code:

- SES-RESPONSABLE (the responsable de session or a suppléant present on the site) and
  SES-JURY-MIN (at least 2 members present, identity checked, in each jury) refuse the
  opening; the DDETS of the site's département is told, once, that the session could not
  take place (it is then postponed or cancelled with ``session_reporter`` / ``session_annuler``);
- JUR-VISITE (the jury's plateau visit, one hour planned) is a reminder shown at the opening;
- SES-JOUR: identity and postal address of each candidate (CAN-ADRESSE « début de session »
  checkpoint), sealed plis checked on day 1 with a candidate drawn by lot, late candidates
  admitted or not without moving the end time, absences justified or not;
- RES-FRAUDE-SANCTION: a fraud excludes the candidate on a signed report; the DDETS decides the
  sanction (a ban of at most 1 year from its notification), the candidate and the organisme are told.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django_fsm import can_proceed

from titrepro.comptes.roles import Role
from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles.verdict import Verdict, premier_bloquant, refus
from titrepro.core.audit import motif as motif_audit
from titrepro.core.fichiers import verifier_fichier
from titrepro.core.permissions import exiger_permission
from titrepro.examens.models import (
    Absence,
    ControlePlis,
    Emargement,
    EtatInscription,
    EtatParticipation,
    EtatSession,
    FeuilleEmargement,
    Incident,
    Inscription,
    NatureIncident,
    NatureSanction,
    ParticipationJury,
    PresenceJure,
    PresenceResponsable,
    QualiteResponsable,
    SanctionFraude,
    Session,
    TentativeOuverture,
    TirageAuSort,
    VisitePlateau,
)
from titrepro.examens.signaux import absence_justifiee_apres_pv
from titrepro.notifications.courriels import courriel_programmer
from titrepro.organisations import destinataires
from titrepro.personnes.models import MomentAdresse
from titrepro.personnes.services import adresse_changer, adresse_confirmer

ETATS_JOUR = frozenset({EtatSession.CONVOQUEE, EtatSession.EN_COURS})
"""Presences and check-in are recorded on a session day, before and after the opening."""
ETATS_JUSTIFICATION = frozenset(
    {
        EtatSession.CONVOQUEE,
        EtatSession.EN_COURS,
        EtatSession.RESULTATS_SAISIS,
        EtatSession.PV_EDITE,
        EtatSession.PV_SIGNE,
    }
)
"""An absence may still be justified until the session is transmitted to the DDETS."""
ETATS_INCIDENT = frozenset({EtatSession.EN_COURS})


def _nom(user: Any) -> str:
    return str(getattr(user, "nom_complet", "") or user)


def _verrouiller(session: Session) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("site__departement", "organisme")
        .get(pk=session.pk)
    )


def _jour_de_session(session: Session, jour: dt.date) -> None:
    dates = session.dates
    if jour not in dates:
        liste = ", ".join(f"{d:%d/%m/%Y}" for d in dates)
        raise ValidationError(f"Le {jour:%d/%m/%Y} n'est pas un jour de la session ({liste}).")


def _etat(session: Session, etats: frozenset[str], action: str) -> None:
    if session.etat not in etats:
        raise ValidationError(f"Une session « {session.get_etat_display()} » : {action} impossible.")


def participations_presentables(session: Session) -> list[ParticipationJury]:
    """The jury members expected on the day: every accepted (or still invited) participation, jury by jury."""
    return list(
        ParticipationJury.objects.filter(
            jury__session=session, etat__in=[EtatParticipation.ACCEPTEE, EtatParticipation.INVITEE]
        )
        .select_related("jury", "membre")
        .order_by("jury__numero", "membre__nom", "membre__prenoms")
    )


def responsables_possibles(session: Session) -> list[tuple[Any, str]]:
    """The responsable de session and the suppléants named on the session, with their qualité."""
    personnes: list[tuple[Any, str]] = []
    if session.responsable_id:
        personnes.append((session.responsable, QualiteResponsable.RESPONSABLE))
    for suppleant in session.suppleants.order_by("email", "pk"):
        if suppleant.pk != session.responsable_id:
            personnes.append((suppleant, QualiteResponsable.SUPPLEANT))
    return personnes


# ------------------------------------------------------------------------------------- presences


@transaction.atomic
def presences_enregistrer(
    *,
    session: Session,
    auteur: Any,
    jour: dt.date,
    heure: dt.time,
    responsables: Sequence[Any],
    jures: Sequence[ParticipationJury],
) -> None:
    """Who is present on ``jour``: the responsable or suppléants, the jury members (identity checked).

    The lists replace the day's records (a person unticked is no longer present); arrival
    times already recorded are kept.
    """
    session = _verrouiller(session)
    exiger_permission(session.peut_gerer(auteur))
    _etat(session, ETATS_JOUR, "l'enregistrement des présences")
    _jour_de_session(session, jour)
    qualites = {personne.pk: qualite for personne, qualite in responsables_possibles(session)}
    inconnus = [p for p in responsables if p.pk not in qualites]
    if inconnus:
        raise ValidationError(
            f"{', '.join(_nom(p) for p in inconnus)} n'est ni le responsable ni un suppléant de cette session."
        )
    attendues = {p.pk for p in participations_presentables(session)}
    autres = [p for p in jures if p.pk not in attendues]
    if autres:
        raise ValidationError("Seuls les membres invités dans un jury de la session peuvent être présents.")
    with motif_audit(f"Présences du {jour:%d/%m/%Y}"):
        PresenceResponsable.objects.filter(session=session, date=jour).exclude(
            utilisateur__in=[p.pk for p in responsables]
        ).delete()
        for personne in responsables:
            PresenceResponsable.objects.get_or_create(
                session=session,
                date=jour,
                utilisateur=personne,
                defaults={"qualite": qualites[personne.pk], "heure_arrivee": heure, "enregistre_par": auteur},
            )
        PresenceJure.objects.filter(participation__jury__session=session, date=jour).exclude(
            participation__in=[p.pk for p in jures]
        ).delete()
        for participation in jures:
            PresenceJure.objects.get_or_create(
                participation=participation,
                date=jour,
                defaults={"identite_verifiee": True, "heure_arrivee": heure, "enregistre_par": auteur},
            )


def _jur_visite(session: Session, *, jour: dt.date, region: int) -> Verdict:
    visite = session.visites_plateau.order_by("date", "heure_debut").first()
    return evaluer(
        "JUR-VISITE",
        jour_de_reference=jour,
        region=region,
        premier_jour=session.premier_jour,
        visite_le=visite.date if visite else None,
        duree_minutes=visite.duree_minutes if visite else 0,
    )


def verdicts_ouverture(session: Session, *, jour: dt.date) -> list[Verdict]:
    """SES-RESPONSABLE (someone present), SES-JURY-MIN (members present per jury), JUR-VISITE (reminder) on ``jour``."""
    region = session.site.departement.region_id
    present = (
        PresenceResponsable.objects.filter(session=session, date=jour)
        .select_related("utilisateur")
        .order_by("qualite", "heure_arrivee")
        .first()
    )
    comptes = []
    for jury in session.jurys.order_by("numero"):
        comptes.append(PresenceJure.objects.filter(participation__jury=jury, date=jour, identite_verifiee=True).count())
    return [
        evaluer(
            "SES-RESPONSABLE",
            jour_de_reference=jour,
            region=region,
            responsable=_nom(session.responsable) if session.responsable_id else None,
            responsable_habilite=True,
            present_le=jour,
            present=f"{_nom(present.utilisateur)} ({present.get_qualite_display().lower()})" if present else None,
        ),
        evaluer("SES-JURY-MIN", jour_de_reference=jour, region=region, membres_presents=tuple(comptes), le_jour=jour),
        _jur_visite(session, jour=jour, region=region),
    ]


def _prevenir_ddets_non_tenue(session: Session, *, verdict: Verdict, auteur: Any, jour: dt.date) -> None:
    vers = [
        *destinataires.agents_ddets([session.site.departement_id]),
        *destinataires.equipe_organisme(session.organisme_id),
    ]
    courriel_programmer(
        destinataires=vers,
        objet=f"Session non tenue — session {session.numero}",
        gabarit="examens/courriels/session_non_tenue.txt",
        contexte={
            "session": session,
            "jours": list(session.jours.all()),
            "verdict": verdict,
            "jour": jour,
            "auteur": _nom(auteur),
        },
    )


def session_ouvrir(*, session: Session, auteur: Any, jour: dt.date, maintenant: dt.datetime) -> Session:
    """*Convoquée* → *en cours* on a session day, when the responsable (or a suppléant) and 2 members per jury
    are present.

    A refusal raises ``RegleRefusee`` (SES-RESPONSABLE or SES-JURY-MIN) *after* recording the
    attempt and, the first time for that rule, telling the DDETS of the site's département
    that the session could not take place; the page then offers to postpone or cancel.
    """
    with transaction.atomic():
        session = _verrouiller(session)
        exiger_permission(session.peut_gerer(auteur))
        if session.etat != EtatSession.CONVOQUEE or not can_proceed(session.ouvrir):
            raise ValidationError(
                f"Seule une session convoquée s'ouvre (celle-ci est « {session.get_etat_display()} »)."
            )
        _jour_de_session(session, jour)
        bloquant = premier_bloquant(verdicts_ouverture(session, jour=jour))
        if bloquant is None:
            with motif_audit("Ouverture de la session"):
                TentativeOuverture.objects.create(session=session, le=maintenant, par=auteur, ouverte=True)
                session.ouvrir(motif=f"Session ouverte le {jour:%d/%m/%Y}")
                session.save()
            return session
        deja = TentativeOuverture.objects.filter(session=session, regle=bloquant.code, ddets_prevenue=True).exists()
        with motif_audit(f"Ouverture refusée ({bloquant.code})"):
            TentativeOuverture.objects.create(
                session=session,
                le=maintenant,
                par=auteur,
                ouverte=False,
                regle=bloquant.code,
                message=bloquant.message,
                ddets_prevenue=not deja,
            )
        if not deja:
            _prevenir_ddets_non_tenue(session, verdict=bloquant, auteur=auteur, jour=jour)
    raise refus(bloquant)


# ---------------------------------------------------------------------------------- plateau visit


@transaction.atomic
def visite_enregistrer(
    *,
    session: Session,
    auteur: Any,
    date: dt.date,
    heure_debut: dt.time,
    duree_minutes: int,
    responsable: Any,
    membres: Sequence[ParticipationJury],
    observations: str = "",
) -> VisitePlateau:
    """JUR-VISITE: the jury's visit of the plateau with the responsable de session (or a suppléant)."""
    session = _verrouiller(session)
    exiger_permission(session.peut_gerer(auteur))
    _etat(session, ETATS_JOUR, "l'enregistrement de la visite du plateau")
    if date > session.dernier_jour:
        raise ValidationError({"date": ["La visite a lieu avant ou pendant la session."]})
    if duree_minutes is None or duree_minutes <= 0:
        raise ValidationError({"duree_minutes": ["Indiquez la durée de la visite en minutes."]})
    if responsable is None or responsable.pk not in {p.pk for p, _ in responsables_possibles(session)}:
        raise ValidationError({"responsable": ["La visite se fait avec le responsable de session ou un suppléant."]})
    attendues = {p.pk for p in participations_presentables(session)}
    if not membres:
        raise ValidationError({"membres": ["Cochez les membres du jury présents à la visite."]})
    if any(m.pk not in attendues for m in membres):
        raise ValidationError({"membres": ["Seuls les membres invités dans un jury de la session."]})
    with motif_audit("Visite du plateau par le jury (JUR-VISITE)"):
        visite = VisitePlateau.objects.create(
            session=session,
            date=date,
            heure_debut=heure_debut,
            duree_minutes=duree_minutes,
            responsable=responsable,
            observations=observations.strip(),
            enregistree_par=auteur,
        )
        visite.membres.set(membres)
    return visite


# ------------------------------------------------------------------------- sealed plis and the draw


def presents(session: Session) -> list[Inscription]:
    return list(
        session.inscriptions.filter(etat=EtatInscription.PRESENT)
        .select_related("candidat")
        .order_by("candidat__nom_naissance", "candidat__prenoms", "pk")
    )


@transaction.atomic
def candidat_tirer_au_sort(*, session: Session, auteur: Any, maintenant: dt.datetime, motif: str = "") -> TirageAuSort:
    """Draw the witness of the sealed-plis check among the candidates present (``secrets``: not predictable).

    The draw records its time and the list it was drawn from. A new draw needs its reason
    and is a new record (the first one stays); none once the plis are checked.
    """
    session = _verrouiller(session)
    exiger_permission(session.peut_gerer(auteur))
    _etat(session, frozenset({EtatSession.EN_COURS}), "le tirage au sort (la session doit être ouverte)")
    if ControlePlis.objects.filter(session=session).exists():
        raise ValidationError("Les plis sont déjà contrôlés : le témoin ne se tire plus au sort.")
    motif = (motif or "").strip()
    if session.tirages.exists() and not motif:
        raise ValidationError({"motif": ["Un candidat a déjà été tiré au sort : un nouveau tirage exige son motif."]})
    candidats = presents(session)
    if not candidats:
        raise ValidationError("Aucun candidat n'est enregistré présent : faites d'abord émarger les candidats.")
    tire = secrets.choice(candidats)
    with motif_audit(f"Nouveau tirage au sort : {motif}" if motif else "Tirage au sort du témoin des plis"):
        return TirageAuSort.objects.create(
            session=session,
            tire_le=maintenant,
            candidats=[{"inscription": i.pk, "candidat": str(i.candidat)} for i in candidats],
            inscription=tire,
            motif=motif,
            par=auteur,
        )


@transaction.atomic
def plis_controler(
    *,
    session: Session,
    auteur: Any,
    jour: dt.date,
    maintenant: dt.datetime,
    plis_intacts: bool,
    observations: str = "",
) -> ControlePlis:
    """SES-JOUR: the sealed plis checked on the first day before the candidates, the drawn candidate as witness."""
    session = _verrouiller(session)
    exiger_permission(session.peut_gerer(auteur))
    _etat(session, frozenset({EtatSession.EN_COURS}), "le contrôle des plis (la session doit être ouverte)")
    if jour != session.premier_jour:
        raise ValidationError(
            f"Les plis se contrôlent le premier jour de la session ({session.premier_jour:%d/%m/%Y})."
        )
    if ControlePlis.objects.filter(session=session).exists():
        raise ValidationError("Le contrôle des plis est déjà enregistré.")
    tirage = session.tirages.order_by("-tire_le", "-pk").first()
    if tirage is None:
        raise ValidationError("Tirez d'abord au sort le candidat témoin parmi les présents.")
    observations = (observations or "").strip()
    if not plis_intacts and not observations:
        raise ValidationError({"observations": ["Décrivez l'état des plis non intacts."]})
    with motif_audit("Contrôle des plis cachetés (SES-JOUR)"):
        controle = ControlePlis.objects.create(
            session=session,
            controle_le=maintenant,
            plis_intacts=plis_intacts,
            observations=observations,
            tirage=tirage,
            controle_par=auteur,
        )
    if not plis_intacts:
        courriel_programmer(
            destinataires=destinataires.agents_ddets([session.site.departement_id]),
            objet=f"Plis d'examen non intacts — session {session.numero}",
            gabarit="examens/courriels/plis_non_intacts.txt",
            contexte={"session": session, "controle": controle, "auteur": _nom(auteur)},
        )
    return controle


# ---------------------------------------------------------------------------------------- check-in


@dataclass(frozen=True)
class NouvelleAdresse:
    voie: str
    code_postal: str
    commune: str
    complement: str = ""
    pays: str = "France"


@transaction.atomic
def candidat_emarger(
    *,
    inscription: Inscription,
    auteur: Any,
    jour: dt.date,
    heure_arrivee: dt.time,
    piece_identite: str,
    identite_verifiee: bool,
    piece_numero_fin: str = "",
    nouvelle_adresse: NouvelleAdresse | None = None,
    retard: bool = False,
    retard_admis: bool | None = None,
    motif_retard: str = "",
) -> Emargement:
    """A candidate's check-in on a session day: identity, postal address (CAN-ADRESSE), arrival, lateness.

    Without a checked identity document the candidate does not sit. The address is
    confirmed as it is, or corrected (``nouvelle_adresse``), and recorded as the « début de
    session » checkpoint. A late candidate is admitted or refused (reason required when
    refused, then recorded absent non justifié); the end time of the épreuve never moves.
    """
    session = _verrouiller(inscription.session)
    inscription = Inscription.objects.select_for_update(of=("self",)).select_related("candidat").get(pk=inscription.pk)
    exiger_permission(session.peut_gerer(auteur))
    _etat(session, ETATS_JOUR, "l'émargement")
    _jour_de_session(session, jour)
    if inscription.etat not in {EtatInscription.CONVOQUE, EtatInscription.PRESENT}:
        raise ValidationError(f"{inscription.candidat} est « {inscription.get_etat_display()} » : pas d'émargement.")
    if Emargement.objects.filter(inscription=inscription, date=jour).exists():
        raise ValidationError(f"{inscription.candidat} a déjà émargé le {jour:%d/%m/%Y}.")
    if not identite_verifiee:
        raise ValidationError(
            {"identite_verifiee": ["Vérifiez la pièce d'identité : sans elle, le candidat ne compose pas (SES-JOUR)."]}
        )
    piece_numero_fin = (piece_numero_fin or "").strip()
    if len(piece_numero_fin) > 6:
        raise ValidationError({"piece_numero_fin": ["Seuls les derniers caractères du numéro (6 au plus)."]})
    motif_retard = (motif_retard or "").strip()
    if retard and retard_admis is None:
        raise ValidationError({"retard_admis": ["Indiquez si le candidat en retard est admis à composer."]})
    if retard and retard_admis is False and not motif_retard:
        raise ValidationError({"motif_retard": ["Indiquez le motif du refus du retardataire."]})
    if not retard:
        retard_admis = None
    premier_emargement = not Emargement.objects.filter(inscription=inscription).exists()
    candidat = inscription.candidat
    with motif_audit(f"Émargement du {jour:%d/%m/%Y}"):
        if nouvelle_adresse is not None:
            actuelle = candidat.adresse_actuelle
            depuis = jour if actuelle is None or actuelle.depuis < jour else actuelle.depuis + dt.timedelta(days=1)
            adresse_changer(
                candidat=candidat,
                depuis=depuis,
                voie=nouvelle_adresse.voie,
                complement=nouvelle_adresse.complement,
                code_postal=nouvelle_adresse.code_postal,
                commune=nouvelle_adresse.commune,
                pays=nouvelle_adresse.pays,
            )
        if premier_emargement or nouvelle_adresse is not None:
            adresse_confirmer(
                candidat=candidat,
                moment=MomentAdresse.DEBUT_SESSION,
                jour=jour,
                par=None,
                formation=inscription.formation,
            )
        emargement = Emargement.objects.create(
            inscription=inscription,
            date=jour,
            heure_arrivee=heure_arrivee,
            piece_identite=piece_identite,
            piece_numero_fin=piece_numero_fin,
            identite_verifiee=True,
            adresse_confirmee=True,
            adresse_corrigee=nouvelle_adresse is not None,
            retard=retard,
            retard_admis=retard_admis,
            motif_retard=motif_retard,
            enregistre_par=auteur,
        )
        if emargement.admis:
            if inscription.etat == EtatInscription.CONVOQUE:
                texte = f"Émargement du {jour:%d/%m/%Y} à {heure_arrivee:%H:%M}. {emargement.mention_retard}"
                inscription.marquer_present(motif=texte.strip())
                inscription.save()
        elif inscription.etat == EtatInscription.CONVOQUE:
            texte = f"Arrivé(e) en retard à {heure_arrivee:%H:%M} le {jour:%d/%m/%Y}, non admis(e) : {motif_retard}"
            Absence.objects.create(inscription=inscription, constatee_le=jour, motif=texte, enregistree_par=auteur)
            inscription.marquer_absent_non_justifie(motif=texte)
            inscription.save()
    return emargement


@transaction.atomic
def feuille_deposer(*, session: Session, auteur: Any, jour: dt.date, fichier: UploadedFile[Any]) -> FeuilleEmargement:
    """The signed attendance sheet of ``jour``, scanned (PDF, PNG or JPEG read from the content)."""
    session = _verrouiller(session)
    exiger_permission(session.peut_gerer(auteur))
    _jour_de_session(session, jour)
    if session.etat in {EtatSession.BROUILLON, EtatSession.CREEE, EtatSession.ANNULEE}:
        raise ValidationError("La feuille d'émargement se dépose une fois la session tenue.")
    reconnu = verifier_fichier(fichier)
    if FeuilleEmargement.objects.filter(session=session, date=jour).exists():
        raise ValidationError(f"La feuille signée du {jour:%d/%m/%Y} est déjà déposée.")
    nom = f"emargement-{session.numero}-{jour:%Y-%m-%d}.{reconnu.extension}"
    feuille = FeuilleEmargement(session=session, date=jour, fichier_nom=nom, deposee_par=auteur)
    with motif_audit(f"Feuille d'émargement signée du {jour:%d/%m/%Y}"):
        feuille.fichier.save(nom, fichier, save=False)
        feuille.save()
    return feuille


# ---------------------------------------------------------------------------------------- absences


@transaction.atomic
def absence_enregistrer(
    *,
    inscription: Inscription,
    auteur: Any,
    jour: dt.date,
    justifiee: bool,
    justificatif: UploadedFile[Any] | None = None,
    motif: str = "",
) -> Absence:
    """A convened candidate who did not come: justified (proof uploaded, type read from content) or not."""
    session = _verrouiller(inscription.session)
    inscription = Inscription.objects.select_for_update(of=("self",)).select_related("candidat").get(pk=inscription.pk)
    exiger_permission(session.peut_gerer(auteur))
    _etat(session, ETATS_JOUR, "l'enregistrement d'une absence")
    if jour < session.premier_jour:
        raise ValidationError(f"Une absence se constate à partir du premier jour ({session.premier_jour:%d/%m/%Y}).")
    if inscription.etat != EtatInscription.CONVOQUE:
        raise ValidationError(f"{inscription.candidat} est « {inscription.get_etat_display()} » : pas d'absence.")
    motif = (motif or "").strip()
    if justifiee and justificatif is None:
        raise ValidationError({"justificatif": ["Une absence justifiée se dépose avec son justificatif."]})
    absence = Absence(inscription=inscription, constatee_le=jour, motif=motif, enregistree_par=auteur)
    with motif_audit(f"Absence {'justifiée' if justifiee else 'non justifiée'} : {motif}".strip(" :")):
        if justificatif is not None:
            _joindre_justificatif(absence, justificatif, jour)
            absence.save()
            inscription.marquer_absent_justifie(motif=motif or "Absence justifiée")
        else:
            absence.save()
            inscription.marquer_absent_non_justifie(motif=motif or "Absence non justifiée")
        inscription.save()
    return absence


def _joindre_justificatif(absence: Absence, justificatif: UploadedFile[Any], jour: dt.date) -> None:
    reconnu = verifier_fichier(justificatif)
    nom = f"justificatif-absence-{absence.inscription_id}.{reconnu.extension}"
    absence.justificatif.save(nom, justificatif, save=False)
    absence.justificatif_nom = nom
    absence.justifiee = True
    absence.justifiee_le = jour


@transaction.atomic
def absence_justifier(
    *, inscription: Inscription, auteur: Any, jour: dt.date, justificatif: UploadedFile[Any], motif: str = ""
) -> Absence:
    """Non justifiée → justifiée with its proof, while the session is not transmitted to the DDETS."""
    session = _verrouiller(inscription.session)
    inscription = Inscription.objects.select_for_update(of=("self",)).select_related("candidat").get(pk=inscription.pk)
    exiger_permission(session.peut_gerer(auteur))
    if session.etat not in ETATS_JUSTIFICATION:
        raise ValidationError(
            f"La session est « {session.get_etat_display()} » : l'absence ne peut plus être justifiée "
            "(seulement jusqu'à la transmission à la DDETS)."
        )
    if inscription.etat != EtatInscription.ABSENT_NON_JUSTIFIE:
        raise ValidationError(f"{inscription.candidat} n'est pas absent(e) sans justification.")
    if justificatif is None:
        raise ValidationError({"justificatif": ["Déposez le justificatif de l'absence."]})
    absence = Absence.objects.select_for_update().get(inscription=inscription)
    motif = (motif or "").strip()
    with motif_audit(f"Absence justifiée après coup : {motif}".strip(" :")):
        _joindre_justificatif(absence, justificatif, jour)
        if motif:
            absence.motif = f"{absence.motif}\n{motif}".strip()
        absence.save()
        inscription.justifier_absence(motif=motif or "Justificatif reçu")
        inscription.save()
    if session.etat in {EtatSession.PV_EDITE, EtatSession.PV_SIGNE}:
        absence_justifiee_apres_pv.send(
            sender=Session,
            session=session,
            par=auteur,
            motif=f"Absence de {inscription.candidat} justifiée le {jour:%d/%m/%Y}",
        )
    return absence


# ---------------------------------------------------------------------------------- incidents, fraud


def _courriel_candidat(inscription: Inscription) -> list[str]:
    adresse = getattr(inscription.candidat, "email", "")
    return [adresse] if adresse else []


@transaction.atomic
def incident_signaler(
    *,
    session: Session,
    auteur: Any,
    survenu_le: dt.datetime,
    nature: str,
    description: str,
    inscription: Inscription | None = None,
    rapport: UploadedFile[Any] | None = None,
) -> Incident:
    """An incident of the session; a fraud (RES-FRAUDE-SANCTION) names the candidate, joins the signed report,
    excludes the candidate from the session and tells the DDETS, which decides the sanction."""
    session = _verrouiller(session)
    exiger_permission(session.peut_gerer(auteur))
    _etat(session, ETATS_INCIDENT, "le signalement d'un incident (la session doit être en cours)")
    if nature not in NatureIncident.values:
        raise ValidationError({"nature": ["Nature d'incident inconnue."]})
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": ["Décrivez l'incident."]})
    if inscription is not None and inscription.session_id != session.pk:
        raise ValidationError({"inscription": ["Ce candidat n'est pas inscrit à cette session."]})
    fraude = nature == NatureIncident.FRAUDE
    if fraude:
        if inscription is None:
            raise ValidationError({"inscription": ["Une fraude nomme le candidat concerné."]})
        if rapport is None:
            exiger(
                evaluer(
                    "RES-FRAUDE-SANCTION",
                    jour_de_reference=survenu_le.date(),
                    region=session.site.departement.region_id,
                    nature="exclusion",
                    rapport_signe=False,
                    notifiee_le=survenu_le.date(),
                )
            )
    incident = Incident(
        session=session,
        inscription=inscription,
        nature=nature,
        description=description,
        survenu_le=survenu_le,
        signale_par=auteur,
    )
    with motif_audit(f"Incident signalé : {NatureIncident(nature).label}"):
        if rapport is not None:
            reconnu = verifier_fichier(rapport)
            nom = f"rapport-incident-{session.numero}-{survenu_le:%Y%m%d-%H%M}.{reconnu.extension}"
            incident.rapport.save(nom, rapport, save=False)
            incident.rapport_nom = nom
        incident.save()
        if fraude and inscription is not None:
            cible = Inscription.objects.select_for_update().get(pk=inscription.pk)
            if not can_proceed(cible.exclure_pour_fraude):
                raise ValidationError(
                    f"{cible.candidat} est « {cible.get_etat_display()} » : seul un candidat convoqué ou présent "
                    "est exclu pour fraude."
                )
            cible.exclure_pour_fraude(motif=f"Fraude constatée le {survenu_le:%d/%m/%Y à %H:%M} : {description}")
            cible.save()
    if fraude and inscription is not None:
        courriel_programmer(
            destinataires=[
                *destinataires.agents_ddets([session.site.departement_id]),
                *destinataires.equipe_organisme(session.organisme_id),
            ],
            objet=f"Fraude constatée — session {session.numero}",
            gabarit="examens/courriels/fraude_constatee.txt",
            contexte={
                "session": session,
                "incident": incident,
                "candidat": inscription.candidat,
                "auteur": _nom(auteur),
            },
        )
    return incident


def peut_sanctionner(user: Any, incident: Incident) -> tuple[bool, str]:
    """An agent of the DDETS of the session site's département decides the sanction of a fraud."""
    departement_id = incident.session.site.departement_id
    if not any(
        a.role == Role.AGENT_DDETS and a.departement_id == departement_id
        for a in getattr(user, "affectations_actives", [])
    ):
        return False, "Seul un agent de la DDETS du département du site décide la sanction d'une fraude."
    if not incident.fraude:
        return False, "Seule une fraude appelle une sanction."
    if SanctionFraude.objects.filter(incident=incident).exists():
        return False, "La sanction de cette fraude est déjà enregistrée."
    return True, ""


@transaction.atomic
def fraude_sanctionner(
    *,
    incident: Incident,
    auteur: Any,
    jour: dt.date,
    nature: str,
    notifiee_le: dt.date | None,
    motif: str,
    interdiction_jusqu_au: dt.date | None = None,
) -> SanctionFraude:
    """RES-FRAUDE-SANCTION: the DDETS records its decision (a ban of at most 1 year from notification);
    the candidate and the organisme are told."""
    incident = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("session__site__departement", "inscription__candidat")
        .get(pk=incident.pk)
    )
    exiger_permission(peut_sanctionner(auteur, incident))
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": ["Indiquez les motifs de la décision."]})
    inscription = incident.inscription
    if inscription is None:
        raise ValidationError("Cette fraude ne nomme aucun candidat.")
    session = incident.session
    verdict = exiger(
        evaluer(
            "RES-FRAUDE-SANCTION",
            jour_de_reference=jour,
            region=session.site.departement.region_id,
            nature=nature,
            rapport_signe=bool(incident.rapport),
            notifiee_le=notifiee_le,
            interdiction_jusqu_au=interdiction_jusqu_au if nature == NatureSanction.INTERDICTION else None,
        )
    )
    if notifiee_le is None:  # the rule refused it above; kept for the type checker
        raise ValidationError({"notifiee_le": ["Indiquez la date de notification."]})
    with motif_audit(f"Sanction de la fraude : {NatureSanction(nature).label}"):
        sanction = SanctionFraude.objects.create(
            incident=incident,
            nature=nature,
            notifiee_le=notifiee_le,
            interdiction_jusqu_au=interdiction_jusqu_au if nature == NatureSanction.INTERDICTION else None,
            motif=motif,
            decidee_par=auteur,
        )
    courriel_programmer(
        destinataires=[
            *_courriel_candidat(inscription),
            *destinataires.equipe_organisme(session.organisme_id),
        ],
        objet=f"Décision sur la fraude constatée — session {session.numero}",
        gabarit="examens/courriels/fraude_sanction.txt",
        contexte={
            "session": session,
            "incident": incident,
            "sanction": sanction,
            "candidat": inscription.candidat,
            "verdict": verdict,
        },
    )
    return sanction


# ------------------------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class LigneCandidatJour:
    inscription: Inscription
    emargement: Emargement | None
    absence: Absence | None

    @property
    def a_emarger(self) -> bool:
        return self.emargement is None and self.inscription.etat in {EtatInscription.CONVOQUE, EtatInscription.PRESENT}


def candidats_du_jour(session: Session, jour: dt.date) -> list[LigneCandidatJour]:
    """Every registration of the session with its check-in of ``jour`` (None: not yet) and its absence if any."""
    emargements = {e.inscription_id: e for e in Emargement.objects.filter(inscription__session=session, date=jour)}
    absences = {a.inscription_id: a for a in Absence.objects.filter(inscription__session=session)}
    inscriptions = session.inscriptions.select_related("candidat", "jury").order_by(
        "candidat__nom_naissance", "candidat__prenoms", "pk"
    )
    return [LigneCandidatJour(i, emargements.get(i.pk), absences.get(i.pk)) for i in inscriptions]


def incidents_et_sanctions(session: Session) -> list[tuple[Incident, SanctionFraude | None]]:
    incidents = list(
        session.incidents.select_related("inscription__candidat", "signale_par").order_by("survenu_le", "pk")
    )
    sanctions = {s.incident_id: s for s in SanctionFraude.objects.filter(incident__session=session)}
    return [(incident, sanctions.get(incident.pk)) for incident in incidents]


def jour_courant(session: Session, aujourd_hui: dt.date) -> dt.date:
    """Today when it is a session day; otherwise the first day (pages show that day by default)."""
    return aujourd_hui if aujourd_hui in session.dates else session.premier_jour
