"""Writes of the DTE orders: the organisme orders, the GEV processes, the centre receives and destroys.

Every service is keyword-only, atomic, checks ``peut_<verbe>(auteur)`` first (the reason
reaches the user as is, as a ``PermissionDenied``), refuses through the rule engine
(``RegleRefusee`` with the rule's code and source), stamps the dates the caller passes
(``jour``: views use ``timezone.localdate()``) and programs its e-mails after commit.

Rules: DTE-DELAI (with the DDETS derogation recorded on the session or on the order),
DTE-QUANTITE, DTE-COMPLETUDE, SES-ENTRETIEN-FINAL (the entretien final grid requested on a
CCP order that completes a TP), DTE-SUIVI (link dates), DTE-ANNULATION and DTE-DESTRUCTION.
The cancellation and postponement of the session reach this app through the signals of
``titrepro.examens.signaux`` (``examens`` never imports ``dte``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from titrepro.conformite.models import Derogation
from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles import dte as regles_dte
from titrepro.conformite.regles.verdict import Verdict, premier_bloquant
from titrepro.conformite.services import parametres_en_vigueur
from titrepro.core.audit import motif as motif_audit
from titrepro.core.permissions import exiger_permission
from titrepro.dte.models import (
    ETATS_FINAUX,
    ETATS_PLIS_RECUS,
    CommandeDte,
    EtatCommande,
    SecteurCommande,
    est_agent_gev,
)
from titrepro.examens.models import DecisionDte, EtatSession, NatureSession, Session
from titrepro.notifications.courriels import courriel_programmer
from titrepro.organisations import destinataires
from titrepro.personnes.services import ccp_restants

CHAMPS_MODIFIABLES = frozenset(
    {
        "nombre_candidats",
        "nombre_sujets",
        "courriel_livraison",
        "contact_livraison",
        "telephone_livraison",
        "adresse_livraison",
        "code_postal_livraison",
        "commune_livraison",
        "grille_entretien_final",
        "commentaire",
    }
)

LIBELLES_COMPLETUDE = (
    ("contact_livraison", "destinataire"),
    ("telephone_livraison", "téléphone"),
    ("courriel_livraison", "courriel de livraison"),
    ("adresse_livraison", "adresse postale"),
    ("code_postal_livraison", "code postal"),
    ("commune_livraison", "commune"),
)


# ---------------------------------------------------------------------------------------------- reads


def secteur_de(session: Session) -> str:
    """The GEV unit: « ccp » for a CCP session, otherwise the sector of the titre (BTP, industrie, tertiaire)."""
    return regles_dte.secteur_gev(
        session_ccp=session.nature == NatureSession.CCP, secteur_titre=session.millesime.titre.secteur
    )


def boite_gev(commande: CommandeDte) -> str:
    return regles_dte.boite_gev(commande.secteur)


def nombre_inscrits(session: Session) -> int:
    return session.inscriptions.count()


def candidats_terminant(session: Session) -> list[str]:
    """CCP session: the candidates for whom the CCP they sit here are their last missing ones (they would
    complete the TP, SES-ENTRETIEN-FINAL)."""
    if session.nature != NatureSession.CCP:
        return []
    ccps_session = {c.pk for c in session.ccps.all()}
    noms = []
    for inscription in session.inscriptions.select_related("candidat").prefetch_related("ccps"):
        passes = {c.pk for c in inscription.ccps.all()} or ccps_session
        restants = {c.pk for c in ccp_restants(inscription.candidat, session.millesime)}
        if restants and restants <= passes:
            noms.append(str(inscription.candidat))
    return noms


def derogation_delai(commande: CommandeDte) -> Derogation | None:
    """The DDETS derogation lifting DTE-DELAI, recorded on the session or on the order (the latest)."""
    candidates = [
        d
        for d in (
            Derogation.objects.pour(commande.session, "DTE-DELAI").first(),
            Derogation.objects.pour(commande, "DTE-DELAI").first() if commande.pk else None,
        )
        if d is not None
    ]
    return max(candidates, key=lambda d: (d.accordee_le, d.pk)) if candidates else None


def _region(commande: CommandeDte) -> int:
    return commande.session.site.departement.region_id


def verdicts_commande(commande: CommandeDte, *, jour: dt.date) -> list[Verdict]:
    """Every rule of the order, as on the day of submission ``jour`` (or as submitted, once it is)."""
    session = commande.session
    region = _region(commande)
    commandee_le = commande.soumise_le or jour
    inscrits = nombre_inscrits(session)
    site = session.site
    return [
        evaluer(
            "DTE-DELAI",
            jour_de_reference=commandee_le,
            region=region,
            derogation=derogation_delai(commande),
            premier_jour=session.premier_jour,
            commandee_le=commandee_le,
        ),
        evaluer(
            "DTE-QUANTITE",
            jour_de_reference=commandee_le,
            region=region,
            nombre_candidats=max(commande.nombre_candidats, inscrits),
            nombre_sujets=commande.nombre_sujets,
        ),
        evaluer(
            "DTE-COMPLETUDE",
            jour_de_reference=commandee_le,
            region=region,
            champs=tuple((libelle, str(getattr(commande, champ))) for champ, libelle in LIBELLES_COMPLETUDE),
            courriel=commande.courriel_livraison,
            code_postal=commande.code_postal_livraison,
            commune=commande.commune_livraison,
            commune_connue=site.commune,
            code_postal_connu=site.code_postal,
        ),
        evaluer(
            "SES-ENTRETIEN-FINAL",
            jour_de_reference=commandee_le,
            region=region,
            ccp=commande.ccp,
            candidats_terminant=tuple(candidats_terminant(session)),
            grille_demandee=commande.grille_entretien_final,
        ),
    ]


def verdict_suivi(commande: CommandeDte, *, jour: dt.date) -> Verdict:
    session = commande.session
    return evaluer(
        "DTE-SUIVI",
        jour_de_reference=jour,
        region=_region(commande),
        premier_jour=session.premier_jour,
        ccp=commande.ccp,
        territoire=session.site.departement.subdivision_feries,
    )


def liens_prevus(commande: CommandeDte, *, transmis_a: dt.datetime) -> regles_dte.LiensCcp:
    """CCP: availability dates and activation times of the links (naive local datetimes)."""
    session = commande.session
    parametres = parametres_en_vigueur("DTE-SUIVI", jour=transmis_a.date(), region=_region(commande))
    return regles_dte.liens_ccp(
        session.premier_jour, transmis_a, session.site.departement.subdivision_feries, parametres
    )


def prochaine_etape(commande: CommandeDte | None) -> str:
    """The next step of the order, in French, for the session panel and the desk."""
    if commande is None:
        return "Passer la commande de DTE (au plus tard 3 mois + 1 jour avant la session)."
    etapes = {
        EtatCommande.BROUILLON: "Compléter et soumettre la commande à la GEV.",
        EtatCommande.SOUMISE: "La GEV prépare la commande (accusé de réception 2 avec les liens DTO et ZO).",
        EtatCommande.PREPAREE: (
            "L'automate transmet les liens CCP."
            if commande.ccp
            else "La GEV expédie les plis 5 à 6 semaines avant la session."
        ),
        EtatCommande.EXPEDIEE: "Le centre enregistre la réception des plis.",
        EtatCommande.RECUE: "Détruire les sujets après la session et l'enregistrer.",
        EtatCommande.LIENS_ACTIFS: "Détruire les éléments imprimés après la session et l'enregistrer.",
        EtatCommande.ANNULEE: (
            "Le centre détruit les plis sans les ouvrir (ou les retourne) et l'enregistre."
            if commande.plis_a_detruire and commande.cloturee_le is None
            else "Aucune : commande annulée."
        ),
        EtatCommande.DETRUITE: "Aucune : DTE détruits.",
        EtatCommande.RETOURNEE: "Aucune : DTE retournés à la GEV.",
    }
    return etapes[EtatCommande(commande.etat)]


# ---------------------------------------------------------------------------------------------- e-mails


def _courriel(commande: CommandeDte, *, vers: list[str], objet: str, gabarit: str, **contexte: Any) -> None:
    courriel_programmer(
        destinataires=vers,
        objet=f"{objet} — commande de DTE de la session {commande.session.numero}",
        gabarit=f"dte/courriels/{gabarit}.txt",
        contexte={"commande": commande, "session": commande.session, "boite_gev": boite_gev(commande), **contexte},
    )


def _vers_organisme(commande: CommandeDte) -> list[str]:
    return [commande.courriel_livraison, *destinataires.equipe_organisme(commande.session.organisme_id)]


# ---------------------------------------------------------------------------------------------- the organisme


def valeurs_initiales(session: Session) -> dict[str, Any]:
    """A new order's proposal: registered candidates + 1 subject, the site's address, the responsable's e-mail."""
    inscrits = nombre_inscrits(session)
    site = session.site
    responsable = session.responsable
    return {
        "nombre_candidats": inscrits,
        "nombre_sujets": inscrits + 1,
        "courriel_livraison": getattr(responsable, "email", "") or "",
        "contact_livraison": str(getattr(responsable, "nom_complet", "") or "") if responsable else "",
        "adresse_livraison": site.adresse,
        "code_postal_livraison": site.code_postal,
        "commune_livraison": site.commune,
        "grille_entretien_final": bool(candidats_terminant(session)),
    }


def _verifier_champs(champs: dict[str, Any]) -> None:
    inconnus = set(champs) - CHAMPS_MODIFIABLES
    if inconnus:
        raise ValidationError(f"Champs non modifiables : {', '.join(sorted(inconnus))}.")


@transaction.atomic
def commande_creer(*, session: Session, auteur: Any, **champs: Any) -> CommandeDte:
    """A new order for ``session``, *brouillon*, proposed from the session (candidates, site address)."""
    exiger_permission(session.peut_gerer(auteur))
    _verifier_champs(champs)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.etat == EtatSession.ANNULEE:
        raise ValidationError("La session est annulée : aucune commande de DTE ne peut être passée.")
    if CommandeDte.objects.filter(session=session).non_annulees().exists():
        raise ValidationError("Cette session a déjà une commande de DTE.")
    commande = CommandeDte(
        session=session, secteur=secteur_de(session), cree_par=auteur, **{**valeurs_initiales(session), **champs}
    )
    commande.full_clean()
    with motif_audit("Commande de DTE créée (brouillon)"):
        commande.save()
    return commande


commande_preparer = commande_creer
"""The organisme prepares its order (a draft): the same service."""


@transaction.atomic
def commande_modifier(*, commande: CommandeDte, auteur: Any, **champs: Any) -> CommandeDte:
    exiger_permission(commande.peut_modifier(auteur))
    _verifier_champs(champs)
    for nom, valeur in champs.items():
        setattr(commande, nom, valeur.strip() if isinstance(valeur, str) else valeur)
    commande.full_clean()
    commande.save()
    return commande


@transaction.atomic
def commande_soumettre(*, commande: CommandeDte, auteur: Any, jour: dt.date) -> list[Verdict]:
    """*soumettre*: DTE-DELAI (derogation), DTE-QUANTITE, DTE-COMPLETUDE, SES-ENTRETIEN-FINAL; AR 1 e-mailed."""
    exiger_permission(commande.peut_soumettre(auteur))
    list(CommandeDte.objects.select_for_update().filter(pk=commande.pk).values_list("pk", flat=True))
    commande.refresh_from_db()
    exiger_permission(commande.peut_soumettre(auteur))
    verdicts = verdicts_commande(commande, jour=jour)
    bloquant = premier_bloquant(verdicts)
    if bloquant is not None:
        exiger(bloquant)
    commande.nombre_candidats = max(commande.nombre_candidats, nombre_inscrits(commande.session))
    alertes = [v.message for v in verdicts if v.alerte or v.derogation]
    commande.soumettre(jour=jour, motif=" ".join(alertes) or "Commande soumise à la GEV")
    commande.save()
    _courriel(
        commande,
        vers=_vers_organisme(commande),
        objet="Accusé de réception : prise en compte de la demande",
        gabarit="prise_en_compte",
        verdicts=verdicts,
        suivi=verdict_suivi(commande, jour=jour),
    )
    return verdicts


@transaction.atomic
def commande_receptionner(*, commande: CommandeDte, auteur: Any, jour: dt.date) -> CommandeDte:
    """The organisme received the TP plis."""
    exiger_permission(commande.peut_receptionner(auteur))
    commande.receptionner(jour=jour, par=auteur, motif="Plis reçus par le centre")
    commande.save()
    return commande


def _cloturer(commande: CommandeDte, *, auteur: Any, jour: dt.date, observations: str, verbe: str) -> CommandeDte:
    exiger_permission(getattr(commande, f"peut_{verbe}")(auteur))
    if not (observations or "").strip():
        raise ValidationError({"observations": ["Décrivez ce qui a été détruit ou retourné, quand et devant qui."]})
    session = commande.session
    if commande.etat != EtatCommande.ANNULEE and session.etat != EtatSession.ANNULEE and jour < session.dernier_jour:
        raise ValidationError(
            f"Les DTE se détruisent ou se retournent après la session (dernier jour le "
            f"{session.dernier_jour:%d/%m/%Y}) ou en cas d'annulation (DTE-DESTRUCTION)."
        )
    libelle = "détruits" if verbe == "detruire" else "retournés à la GEV"
    getattr(commande, verbe)(jour=jour, par=auteur, observations=observations.strip(), motif=f"DTE {libelle}")
    commande.save()
    if verbe == "retourner":
        _courriel(commande, vers=[boite_gev(commande)], objet="Retour de plis", gabarit="retour")
    return commande


@transaction.atomic
def commande_detruire(*, commande: CommandeDte, auteur: Any, jour: dt.date, observations: str) -> CommandeDte:
    """DTE-DESTRUCTION: the subjects destroyed after the session (or unopened on cancellation), logged."""
    return _cloturer(commande, auteur=auteur, jour=jour, observations=observations, verbe="detruire")


@transaction.atomic
def commande_retourner(*, commande: CommandeDte, auteur: Any, jour: dt.date, observations: str) -> CommandeDte:
    """DTE-DESTRUCTION: the plis returned unopened to the GEV (cancelled session without new date), logged."""
    return _cloturer(commande, auteur=auteur, jour=jour, observations=observations, verbe="retourner")


# ---------------------------------------------------------------------------------------------- the GEV


@transaction.atomic
def commande_prendre_en_compte(*, commande: CommandeDte, auteur: Any, jour: dt.date) -> CommandeDte:
    """A GEV agent takes the submitted order in charge (AR 1 was sent on submission)."""
    exiger_permission(commande.peut_prendre_en_compte(auteur))
    commande.traitee_par = auteur
    commande.prise_en_compte_le = commande.prise_en_compte_le or jour
    with motif_audit(f"Commande prise en charge par l'unité GEV le {jour:%d/%m/%Y}"):
        commande.save()
    return commande


@transaction.atomic
def commande_marquer_preparee(
    *, commande: CommandeDte, auteur: Any, jour: dt.date, lien_dto: str, lien_zo: str
) -> CommandeDte:
    """*preparer*: AR 2 « commande préparée » with the DTO and ZO links (DTE-SUIVI)."""
    exiger_permission(commande.peut_preparer(auteur))
    erreurs = {}
    if not (lien_dto or "").strip():
        erreurs["lien_dto"] = ["Indiquez la référence du lien DTO."]
    if not (lien_zo or "").strip():
        erreurs["lien_zo"] = ["Indiquez la référence du lien ZO."]
    if erreurs:
        raise ValidationError(erreurs)
    if commande.traitee_par_id is None:
        commande.traitee_par = auteur
    commande.preparer(jour=jour, lien_dto=lien_dto.strip(), lien_zo=lien_zo.strip(), motif="AR 2 : commande préparée")
    commande.save()
    _courriel(
        commande,
        vers=_vers_organisme(commande),
        objet="Accusé de réception : commande préparée",
        gabarit="preparee",
        suivi=verdict_suivi(commande, jour=jour),
    )
    return commande


@transaction.atomic
def commande_expedier(*, commande: CommandeDte, auteur: Any, jour: dt.date, reference: str = "") -> Verdict:
    """TP: the plis are sent (organisateur by link and post, jury and candidats by post), 5–6 weeks before."""
    exiger_permission(commande.peut_expedier(auteur))
    suivi = verdict_suivi(commande, jour=jour)
    commande.expedier(jour=jour, reference=(reference or "").strip(), motif="Plis expédiés")
    commande.save()
    _courriel(commande, vers=_vers_organisme(commande), objet="Plis expédiés", gabarit="expediee", suivi=suivi)
    return suivi


@transaction.atomic
def commande_ouvrir_liens(
    *, commande: CommandeDte, auteur: Any, jour: dt.date, heure: dt.time | None = None
) -> CommandeDte:
    """CCP: the automate transmits the links (the day after the order); organisateur J-60, jury and candidats
    J-5 working days (site's holidays); each link active at the first run (8:00, 15:00, 21:00) after that."""
    exiger_permission(commande.peut_ouvrir_liens(auteur))
    return _ouvrir_liens(commande, jour=jour, heure=heure)


def _ouvrir_liens(commande: CommandeDte, *, jour: dt.date, heure: dt.time | None) -> CommandeDte:
    liens = liens_prevus(commande, transmis_a=dt.datetime.combine(jour, heure or dt.time.min))
    tz = timezone.get_current_timezone()
    commande.ouvrir_liens(
        jour=jour,
        organisateur_le=liens.organisateur_le,
        organisateur_a=timezone.make_aware(liens.organisateur_a, tz),
        jury_le=liens.jury_le,
        jury_a=timezone.make_aware(liens.jury_a, tz),
        motif="Liens CCP transmis",
    )
    commande.save()
    _courriel(commande, vers=_vers_organisme(commande), objet="Liens CCP transmis", gabarit="liens", liens=liens)
    return commande


def liens_ccp_transmettre(*, jour: dt.date) -> list[CommandeDte]:
    """The automate's daily run: CCP orders prepared and submitted before ``jour`` get their links (at the
    8:00 run of ``jour``, the day after the order at the earliest, DTE-SUIVI)."""
    transmises = []
    for commande in CommandeDte.objects.filter(
        secteur=SecteurCommande.CCP, etat=EtatCommande.PREPAREE, soumise_le__lt=jour
    ).select_related("session__site__departement"):
        with transaction.atomic(), motif_audit("DTE-SUIVI : liens CCP transmis par l'automate"):
            transmises.append(_ouvrir_liens(commande, jour=jour, heure=regles_dte.HEURES_AUTOMATE[0]))
    return transmises


def _annuler(commande: CommandeDte, *, jour: dt.date, motif: str, conserver: bool = False) -> Verdict:
    """DTE-ANNULATION: cancel, state the consequence, tell the organisme and the GEV mailbox."""
    commandee = commande.etat != EtatCommande.BROUILLON
    verdict = evaluer(
        "DTE-ANNULATION",
        jour_de_reference=jour,
        region=_region(commande),
        plis_recus=commande.etat in ETATS_PLIS_RECUS,
        plis_expedies=commande.etat == EtatCommande.EXPEDIEE,
        commandee=commandee,
    )
    texte = f"{motif.strip()} — {verdict.message}"
    commande.annuler(jour=jour, motif=texte)
    if conserver:
        commande.plis_a_detruire = False
        commande.motif_annulation = f"{motif.strip()} — Plis conservés avec l'autorisation de la DDETS."
    commande.save()
    if commandee:
        _courriel(
            commande,
            vers=[*_vers_organisme(commande), boite_gev(commande)],
            objet="Commande annulée",
            gabarit="annulee",
            verdict=verdict,
        )
    return verdict


@transaction.atomic
def commande_annuler(*, commande: CommandeDte, auteur: Any, jour: dt.date, motif: str) -> Verdict:
    """DTE-ANNULATION, recorded by the GEV (informed by the DDETS/DREETS) or by the DDETS/DREETS itself."""
    exiger_permission(commande.peut_annuler(auteur))
    if not (motif or "").strip():
        raise ValidationError({"motif": ["Le motif de l'annulation est obligatoire."]})
    return _annuler(commande, jour=jour, motif=motif)


# ---------------------------------------------------------------------------------------------- session signals


def commande_courante(session: Session) -> CommandeDte | None:
    """The session's order that is not cancelled (``Session.commande_dte``), or None."""
    commande: CommandeDte | None = CommandeDte.objects.filter(session=session).non_annulees().first()
    return commande


def commande_active(session: Session) -> CommandeDte | None:
    return (
        CommandeDte.objects.filter(session=session)
        .non_annulees()
        .exclude(etat__in=ETATS_FINAUX)
        .select_related("session__site__departement")
        .first()
    )


def session_annulee(
    sender: Any, *, session: Session, decision_dte: str, auteur: Any = None, jour: dt.date, **kwargs: Any
) -> None:
    """Receiver of ``examens.signaux.session_annulee``: the cancellation, requested via the DDETS/DREETS, reaches
    the GEV — plis not received: the GEV cancels; plis received: the GEV cancels and the centre destroys them
    (the order then waits for the logged destruction, followed by the DTE-DESTRUCTION alert)."""
    commande = commande_active(session)
    if commande is None:
        return
    motif = f"Session annulée le {jour:%d/%m/%Y}"
    if session.motif_annulation:
        motif += f" : {session.motif_annulation}"
    with motif_audit(f"DTE-ANNULATION — {motif}"):
        _annuler(commande, jour=jour, motif=motif, conserver=decision_dte == DecisionDte.CONSERVATION)


def session_reportee(
    sender: Any, *, session: Session, report: Any, auteur: Any = None, jour: dt.date, **kwargs: Any
) -> None:
    """Receiver of ``examens.signaux.session_reportee``: plis kept with the DDETS authorisation → the order
    follows the new dates (CCP links recomputed); otherwise the GEV cancels it and a new order is needed."""
    commande = commande_active(session)
    if commande is None or commande.etat == EtatCommande.BROUILLON:
        return
    commande.session.refresh_from_db()
    if getattr(report, "plis_conserves", False):
        with motif_audit(f"Session reportée le {jour:%d/%m/%Y} : plis conservés avec l'autorisation de la DDETS"):
            if commande.etat == EtatCommande.LIENS_ACTIFS and commande.liens_transmis_le:
                liens = liens_prevus(commande, transmis_a=dt.datetime.combine(commande.liens_transmis_le, dt.time.min))
                tz = timezone.get_current_timezone()
                commande.organisateur_disponible_le = liens.organisateur_le
                commande.organisateur_actif_a = timezone.make_aware(liens.organisateur_a, tz)
                commande.jury_disponible_le = liens.jury_le
                commande.jury_actif_a = timezone.make_aware(liens.jury_a, tz)
            commande.save()
        return
    motif = f"Session reportée le {jour:%d/%m/%Y} sans conservation des plis : une nouvelle commande est à passer"
    with motif_audit(f"DTE-ANNULATION — {motif}"):
        _annuler(commande, jour=jour, motif=motif)


def peut_traiter(user: Any) -> bool:
    return est_agent_gev(user)
