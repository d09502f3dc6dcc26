"""Entering the results of a session, the jury's decisions, and closing the entry.

Who enters (RES-SAISIE: the jury deliberates alone): a jury member of the candidate's jury who accepted
the invitation, for their own candidates only, and never for a candidate they declared a link with
(SES-JURY-LIENS); or the session team (``Session.peut_gerer``) transcribing the jury's grid — every row
records who entered it, when, the jury member if any, and whether it was transcribed.

Results are editable while the session is en_cours, resultats_saisis, pv_edite or pv_signe; every change
sends ``resultats_modifies`` (the PV app voids the signatures of an edited PV).

The decision follows from the CCP results: session titre → titre_obtenu (every CCP of the TP held),
reussite_partielle (some acquired) or non_obtenu (none); session CCP → ccp_acquis (every CCP sat
acquired) or ccp_non_acquis; a candidate acquiring their last missing CCP in a CCP session obtains the
TP once the entretien final is recorded (SES-ENTRETIEN-FINAL). Acquired CCP are written to
``personnes.CCPAcquis`` with the session, and removed when the decision is undone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles.decisions import EntretienFinal, entretien_final
from titrepro.conformite.services import parametres_en_vigueur
from titrepro.core import audit
from titrepro.examens.models import EtatInscription, EtatParticipation, Inscription, NatureSession, Session
from titrepro.examens.models.sessions import EtatSession
from titrepro.personnes.models import CCPAcquis, MembreJury
from titrepro.referentiel.models import CCP, Epreuve
from titrepro.resultats.lectures import ccps_presentes, decisions_manquantes, epreuves_presentees
from titrepro.resultats.models import (
    ETATS_DECISION,
    Decision,
    EtatEpreuve,
    PropositionCCP,
    ResultatCCP,
    ResultatDecision,
    ResultatEpreuve,
)
from titrepro.resultats.signaux import resultats_modifies

ETATS_SAISIE = frozenset(
    {EtatSession.EN_COURS, EtatSession.RESULTATS_SAISIS, EtatSession.PV_EDITE, EtatSession.PV_SIGNE}
)
"""Results and decisions are editable in these states (not once transmitted to the DDETS nor validated)."""

ETATS_INSCRIPTION_SAISISSABLES = frozenset({EtatInscription.PRESENT}) | ETATS_DECISION


# --------------------------------------------------------------------- who enters


@dataclass(frozen=True)
class Saisisseur:
    """Who enters: a user, and the jury member they act as (None: the session team transcribing)."""

    utilisateur: Any
    membre: MembreJury | None

    @property
    def transcrit(self) -> bool:
        return self.membre is None


def membre_du_compte(user: Any) -> MembreJury | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return MembreJury.objects.filter(compte=user).first()


def jurys_acceptes(user: Any, session: Session) -> set[int]:
    """The juries of ``session`` where ``user`` sits as a member who accepted the invitation."""
    membre = membre_du_compte(user)
    if membre is None:
        return set()
    return set(
        membre.participations.filter(jury__session=session, etat=EtatParticipation.ACCEPTEE).values_list(
            "jury_id", flat=True
        )
    )


def peut_saisir_session(user: Any, session: Session) -> tuple[bool, str]:
    """The session team, or a member of one of its juries who accepted the invitation."""
    if session.peut_gerer(user)[0]:
        return True, ""
    if jurys_acceptes(user, session):
        return True, ""
    return False, (
        "Seuls les membres du jury (pour leurs candidats) et l'équipe de la session, d'après la grille du jury, "
        "saisissent les résultats."
    )


def peut_saisir(user: Any, inscription: Inscription) -> tuple[bool, str]:
    """May ``user`` enter results for this registration? (SES-JURY-LIENS is checked by ``saisisseur``.)"""
    session = inscription.session
    if session.peut_gerer(user)[0]:
        return True, ""
    jurys = jurys_acceptes(user, session)
    if not jurys:
        return False, (
            "Seuls les membres du jury (pour leurs candidats) et l'équipe de la session, d'après la grille du jury, "
            "saisissent les résultats."
        )
    if inscription.jury_id not in jurys:
        return False, (
            f"{inscription.candidat} n'est pas évalué(e) par votre jury : vous ne saisissez pas ses résultats."
        )
    return True, ""


def saisisseur(user: Any, inscription: Inscription) -> Saisisseur:
    """The author of an entry, or PermissionDenied / RegleRefusee (SES-JURY-LIENS) with the reason."""
    possible, raison = peut_saisir(user, inscription)
    if not possible:
        raise PermissionDenied(raison)
    if inscription.session.peut_gerer(user)[0]:
        return Saisisseur(user, None)
    membre = membre_du_compte(user)
    assert membre is not None  # noqa: S101 — peut_saisir found an accepted participation
    if inscription.candidat_id in membre.candidats_lies([inscription.candidat_id]):
        exiger(
            evaluer(
                "SES-JURY-LIENS",
                jour_de_reference=timezone.localdate(),
                liens=((f"{membre.prenoms} {membre.nom.upper()}", str(inscription.candidat)),),
                jury=f"jury {inscription.jury.numero}" if inscription.jury else "",
            )
        )
    return Saisisseur(user, membre)


def _exiger_saisie_ouverte(session: Session) -> None:
    if session.etat not in ETATS_SAISIE:
        if session.etat in {EtatSession.TRANSMISE, EtatSession.VALIDEE}:
            raise ValidationError(
                f"La session est « {session.get_etat_display().lower()} » : ses résultats ne changent plus "
                "(seul un renvoi pour correction par la DDETS les rouvre)."
            )
        raise ValidationError(
            f"La session est « {session.get_etat_display().lower()} » : les résultats se saisissent une fois la "
            "session ouverte."
        )


def _verrouiller(inscription: Inscription) -> tuple[Session, Inscription]:
    """Lock the session then the registration: two entries for one candidate do not collide."""
    session = Session.objects.select_for_update().get(pk=inscription.session_id)
    inscription = (
        Inscription.objects.select_for_update(of=("self",)).select_related("candidat", "jury").get(pk=inscription.pk)
    )
    inscription.session = session
    return session, inscription


def _signaler(session: Session, par: Any, motif: str) -> None:
    resultats_modifies.send(sender=Session, session=session, par=par, motif=motif)


def _estampiller(objet: Any, qui: Saisisseur) -> None:
    objet.saisi_par = qui.utilisateur if getattr(qui.utilisateur, "is_authenticated", False) else None
    objet.saisi_par_membre = qui.membre
    objet.saisi_le = timezone.now()
    objet.transcrit = qui.transcrit


# --------------------------------------------------------------------- CCP and épreuves sat


def _exiger_inscription_saisissable(inscription: Inscription) -> None:
    if inscription.etat not in ETATS_INSCRIPTION_SAISISSABLES:
        raise ValidationError(
            f"{inscription.candidat} est « {inscription.get_etat_display().lower()} » : pas de résultat à saisir "
            "(seuls les candidats présents en ont)."
        )


# --------------------------------------------------------------------- results


@transaction.atomic
def resultat_saisir(
    *,
    inscription: Inscription,
    par: Any,
    ccp: CCP | None = None,
    acquis: bool | None = None,
    epreuve: Epreuve | None = None,
    etat_epreuve: str | None = None,
    observations: str = "",
) -> ResultatCCP | ResultatEpreuve:
    """Enter (or correct) one result: a CCP acquis or not, or an épreuve passed or not, with observations.

    A CCP result cannot change under a recorded decision: undo the decision first (``decision_annuler``).
    """
    if (ccp is None) == (epreuve is None):
        raise ValidationError("Indiquez un CCP ou une épreuve (un seul).")
    qui = saisisseur(par, inscription)
    session, inscription = _verrouiller(inscription)
    _exiger_saisie_ouverte(session)
    _exiger_inscription_saisissable(inscription)
    texte = (observations or "").strip()
    if ccp is not None:
        if acquis is None:
            raise ValidationError({"acquis": "Indiquez si le CCP est acquis ou non acquis."})
        if ccp.pk not in {c.pk for c in ccps_presentes(inscription)}:
            raise ValidationError({"ccp": f"{inscription.candidat} ne présente pas le {ccp} dans cette session."})
        existant = ResultatCCP.objects.filter(inscription=inscription, ccp=ccp).first()
        if inscription.etat in ETATS_DECISION and (existant is None or existant.acquis != acquis):
            raise ValidationError(
                f"La décision « {inscription.get_etat_display().lower()} » est enregistrée pour "
                f"{inscription.candidat} : annulez-la avant de modifier le résultat du {ccp}."
            )
        resultat_ccp = existant or ResultatCCP(inscription=inscription, ccp=ccp)
        resultat_ccp.acquis = acquis
        resultat_ccp.observations = texte
        resultat: ResultatCCP | ResultatEpreuve = resultat_ccp
        libelle = f"{ccp} : {'acquis' if acquis else 'non acquis'}"
    else:
        assert epreuve is not None  # noqa: S101 — checked above
        etat = etat_epreuve or EtatEpreuve.PASSEE
        if etat not in EtatEpreuve.values:
            raise ValidationError({"etat_epreuve": "Choisissez « passée » ou « non passée »."})
        if epreuve.pk not in {e.pk for e in epreuves_presentees(inscription)}:
            raise ValidationError(
                {"epreuve": f"L'épreuve « {epreuve} » ne fait pas partie de ce que présente {inscription.candidat}."}
            )
        resultat_epreuve = ResultatEpreuve.objects.filter(inscription=inscription, epreuve=epreuve).first() or (
            ResultatEpreuve(inscription=inscription, epreuve=epreuve)
        )
        resultat_epreuve.etat = etat
        resultat_epreuve.observations = texte
        resultat = resultat_epreuve
        libelle = f"épreuve « {epreuve} » : {EtatEpreuve(etat).label.lower()}"
    _estampiller(resultat, qui)
    motif = f"Résultat de {inscription.candidat} — {libelle}" + (
        " (transcrit de la grille du jury)" if qui.transcrit else f" (saisi par {qui.membre})"
    )
    with audit.motif(motif):
        resultat.save()
    _signaler(session, par, motif)
    return resultat


# --------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class IssueCalculee:
    """What the CCP results give: the decision, the CCP acquired here, the TP's CCP still missing."""

    resultat: str
    acquis: list[CCP]
    manquants_apres: list[CCP]


def issue_calculee(inscription: Inscription) -> IssueCalculee:
    """The decision the CCP results lead to. ValidationError when a CCP sat has no result yet."""
    session = inscription.session
    if session.nature == NatureSession.CCS:
        raise ValidationError("Les décisions des sessions CCS ne se saisissent pas ici (CCS : hors du titre).")
    presentes = ccps_presentes(inscription)
    resultats = {r.ccp_id: r for r in ResultatCCP.objects.filter(inscription=inscription)}
    sans = [c for c in presentes if c.pk not in resultats]
    if sans:
        raise ValidationError(
            f"Saisissez d'abord le résultat de chaque CCP présenté par {inscription.candidat} : "
            f"{', '.join(str(c) for c in sans)}."
        )
    acquis = [c for c in presentes if resultats[c.pk].acquis]
    deja = set(
        CCPAcquis.objects.filter(candidat=inscription.candidat)
        .exclude(session=session)
        .values_list("ccp_id", flat=True)
    )
    tenus = deja | {c.pk for c in acquis}
    manquants = [c for c in session.millesime.ccps.order_by("numero") if c.pk not in tenus]
    if not manquants and acquis:
        resultat = ResultatDecision.TITRE_OBTENU
    elif session.nature == NatureSession.CCP:
        resultat = ResultatDecision.CCP_ACQUIS if len(acquis) == len(presentes) else ResultatDecision.CCP_NON_ACQUIS
    elif acquis:
        resultat = ResultatDecision.REUSSITE_PARTIELLE
    else:
        resultat = ResultatDecision.NON_OBTENU
    return IssueCalculee(str(resultat), acquis, manquants)


_TRANSITIONS = {
    ResultatDecision.TITRE_OBTENU: "obtenir_titre",
    ResultatDecision.REUSSITE_PARTIELLE: "reussir_partiellement",
    ResultatDecision.NON_OBTENU: "ne_pas_obtenir",
    ResultatDecision.CCP_ACQUIS: "acquerir_ccp",
    ResultatDecision.CCP_NON_ACQUIS: "ne_pas_acquerir_ccp",
}


def _retirer_ccp_acquis(inscription: Inscription, garder: Iterable[int] = ()) -> None:
    """Remove the CCPAcquis this session wrote for the candidate (except ``garder``)."""
    CCPAcquis.objects.filter(candidat=inscription.candidat, session=inscription.session).exclude(
        ccp_id__in=list(garder)
    ).delete()


@transaction.atomic
def decision_enregistrer(
    *,
    inscription: Inscription,
    par: Any,
    resultat: str | None = None,
    entretien_final_le: dt.date | None = None,
    observations: str = "",
) -> Decision:
    """Record the jury's decision for a candidate present. ``resultat`` (optional) must match what the CCP results
    give (the grid is the jury's). SES-ENTRETIEN-FINAL: a candidate completing the TP in a CCP session obtains it
    only with the entretien final recorded. A decision already recorded is replaced (audited)."""
    qui = saisisseur(par, inscription)
    session, inscription = _verrouiller(inscription)
    _exiger_saisie_ouverte(session)
    _exiger_inscription_saisissable(inscription)
    issue = issue_calculee(inscription)
    attendu = issue.resultat
    if (
        session.nature == NatureSession.CCP
        and attendu == ResultatDecision.TITRE_OBTENU
        and resultat not in {None, "", ResultatDecision.TITRE_OBTENU}
    ):
        raise ValidationError(
            {
                "resultat": f"{inscription.candidat} acquiert son dernier CCP : la décision est « titre obtenu » "
                "une fois l'entretien final enregistré (SES-ENTRETIEN-FINAL)."
            }
        )
    if resultat and resultat != attendu:
        if resultat not in ResultatDecision.values:
            raise ValidationError({"resultat": "Choisissez une décision de la liste."})
        raise ValidationError(
            {
                "resultat": f"Les résultats saisis par CCP donnent « {ResultatDecision(attendu).label.lower()} », "
                f"pas « {ResultatDecision(resultat).label.lower()} » : corrigez d'abord les résultats du jury."
            }
        )
    if session.nature == NatureSession.CCP and attendu == ResultatDecision.TITRE_OBTENU:
        parametres = parametres_en_vigueur(
            "SES-ENTRETIEN-FINAL", jour=session.dernier_jour, region=session.site.departement.region_id
        )
        exiger(
            entretien_final(
                EntretienFinal(
                    candidat=str(inscription.candidat),
                    ccps_manquants=tuple(str(c) for c in issue.manquants_apres),
                    entretien_final_le=entretien_final_le,
                    premier_jour=session.premier_jour,
                    dernier_jour=session.dernier_jour,
                ),
                parametres,
            )
        )
    elif entretien_final_le is not None and not (session.premier_jour <= entretien_final_le <= session.dernier_jour):
        raise ValidationError(
            {
                "entretien_final_le": f"L'entretien final se tient pendant la session (du "
                f"{session.premier_jour:%d/%m/%Y} au {session.dernier_jour:%d/%m/%Y})."
            }
        )
    libelle = ResultatDecision(attendu).label.lower()
    motif = f"Décision du jury pour {inscription.candidat} : {libelle}" + (
        " (transcrite de la grille du jury)" if qui.transcrit else f" (saisie par {qui.membre})"
    )
    with audit.motif(motif):
        if inscription.etat in ETATS_DECISION:
            if inscription.etat == attendu:
                pass
            else:
                inscription.rouvrir_decision(motif=f"Décision remplacée : {libelle}")
                inscription.save()
        if inscription.etat != attendu:
            getattr(inscription, _TRANSITIONS[ResultatDecision(attendu)])(motif=motif)
            inscription.save()
        decision = Decision.objects.filter(inscription=inscription).first() or Decision(inscription=inscription)
        decision.resultat = attendu
        decision.entretien_final_le = entretien_final_le
        decision.observations = (observations or "").strip()
        _estampiller(decision, qui)
        decision.save()
        decision.ccps_acquis.set(issue.acquis)
        _retirer_ccp_acquis(inscription, garder=[c.pk for c in issue.acquis])
        deja = set(CCPAcquis.objects.filter(candidat=inscription.candidat).values_list("ccp_id", flat=True))
        for ccp in issue.acquis:
            if ccp.pk not in deja:
                CCPAcquis.objects.create(
                    candidat=inscription.candidat,
                    ccp=ccp,
                    obtenu_le=session.dernier_jour,
                    session=session,
                    session_reference=session.numero,
                )
    _signaler(session, par, motif)
    return decision


@transaction.atomic
def decision_annuler(*, inscription: Inscription, par: Any, motif: str) -> Inscription:
    """Undo a decision (the registration is « présent » again); the CCP acquired in this session are removed."""
    saisisseur(par, inscription)
    session, inscription = _verrouiller(inscription)
    _exiger_saisie_ouverte(session)
    texte = (motif or "").strip()
    if not texte:
        raise ValidationError({"motif": "L'annulation d'une décision est motivée."})
    if inscription.etat not in ETATS_DECISION:
        raise ValidationError(f"{inscription.candidat} n'a pas de décision du jury à annuler.")
    phrase = f"Décision annulée pour {inscription.candidat} : {texte}"
    with audit.motif(phrase):
        inscription.rouvrir_decision(motif=texte)
        inscription.save()
        _retirer_ccp_acquis(inscription)
        Decision.objects.filter(inscription=inscription).delete()
    _signaler(session, par, phrase)
    return inscription


# --------------------------------------------------------------------- closing the entry


@transaction.atomic
def saisie_cloturer(*, session: Session, par: Any, motif: str = "") -> Session:
    """en_cours → resultats_saisis, once every candidate has a decision (RES-SAISIE). The session team only."""
    possible, raison = session.peut_gerer(par)
    if not possible:
        raise PermissionDenied(raison)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.etat != EtatSession.EN_COURS:
        raise ValidationError(
            f"La session est « {session.get_etat_display().lower()} » : la saisie se clôt sur une session en cours."
        )
    manquantes = decisions_manquantes(session)
    exiger(
        evaluer(
            "RES-SAISIE",
            jour_de_reference=timezone.localdate(),
            region=session.site.departement.region_id,
            candidats_sans_decision=tuple(str(i.candidat) for i in manquantes),
        )
    )
    texte = (motif or "").strip() or "Saisie des résultats close : chaque candidat a une décision."
    with audit.motif(texte):
        session.saisir_resultats(motif=texte)
        session.save()
    return session


# --------------------------------------------------------------------- SES-CCP follow-up


@transaction.atomic
def proposition_ccp_envoyer(
    *, inscription: Inscription, session_proposee: Session, par: Any, message: str = "", jour: dt.date | None = None
) -> PropositionCCP:
    """SES-CCP: the organisme proposes one of its upcoming CCP sessions to a candidate in partial success; the
    candidate is told by e-mail (after commit). The session team of the registration's organisme only."""
    from titrepro.notifications.courriels import courriel_programmer
    from titrepro.resultats.lectures import reussites_partielles

    jour = jour or timezone.localdate()
    origine = inscription.session
    possible, raison = origine.peut_gerer(par)
    if not possible:
        raise PermissionDenied(raison)
    suivis = reussites_partielles([inscription], jour=jour)
    if not suivis:
        raise ValidationError(
            f"{inscription.candidat} n'est pas en réussite partielle avec des CCP à acquérir : rien à proposer."
        )
    suivi = suivis[0]
    if session_proposee.pk not in {s.pk for s in suivi.sessions_a_venir}:
        raise ValidationError(
            {
                "session": "Proposez une session CCP à venir de l'organisme, sur le même titre, qui porte sur un CCP "
                "que le candidat doit encore acquérir."
            }
        )
    texte = (message or "").strip()
    with audit.motif(f"Session CCP {session_proposee.numero} proposée à {inscription.candidat} (SES-CCP)"):
        proposition = PropositionCCP.objects.create(
            inscription=inscription,
            session_proposee=session_proposee,
            proposee_le=timezone.now(),
            proposee_par=par,
            message=texte,
        )
    candidat = inscription.candidat
    manquants = {c.pk for c in suivi.ccps_manquants}
    courriel_programmer(
        destinataires=[candidat.email],
        objet=f"une session CCP vous est proposée ({session_proposee.numero})",
        gabarit="resultats/courriels/proposition_ccp.txt",
        contexte={
            "candidat": candidat,
            "origine": origine,
            "session": session_proposee,
            "manquants": suivi.ccps_manquants,
            "ccps_session": [c for c in session_proposee.ccps.order_by("numero") if c.pk in manquants],
            "message": texte,
        },
    )
    return proposition
