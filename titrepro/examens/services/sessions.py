"""The session itself: create (or draft then confirm), edit, cancel and postpone (WORKFLOWS.md « Session d'examen »).

Rules checked on creation and confirmation, each through the rule engine with its code:

- SES-CREATION-DELAI (N days before the first day), lifted by a DDETS derogation recorded
  on the session (``Derogation.objects.pour(session, code)``): a late session is kept as a
  *brouillon*, the DDETS derogates, then ``session_confirmer`` passes;
- SES-FIN-MILLESIME, with ``programmee_le`` the day the session was put on the organisme's
  annual programming (a matching ``LigneProgrammation``) when earlier than its creation;
- AGR-PERIMETRE / AGR-MILLESIME (``agrements.lectures.verifier_perimetre``), the covering
  agrément stored on the session;
- SES-RESPONSABLE (a responsable de session or suppléant of the organisme is named);
- CAN-CCS for a session CCS; a session CCP names at least one CCP of the millésime;
- SES-PRESENTIEL is implicit: a session has days on one site, there is no remote mode.

Cancellation and postponement follow SES-ANNULATION; dates are locked once convoquée (SES-VERROU)
except through a postponement authorised by the DDETS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_fsm import can_proceed

from titrepro.agrements.lectures import agrement_couvrant, verifier_perimetre
from titrepro.conformite.models import Derogation
from titrepro.conformite.moteur import evaluer, exiger
from titrepro.conformite.regles import dte as regles_dte
from titrepro.conformite.regles.verdict import Verdict
from titrepro.conformite.services import parametres_memorises
from titrepro.core.audit import motif as motif_audit
from titrepro.core.permissions import exiger_permission
from titrepro.examens.models import (
    DecisionDte,
    EtatSession,
    JourSession,
    NatureSession,
    ReportSession,
    Session,
    est_gestionnaire_sessions,
    gestionnaires_sessions_parmi,
)
from titrepro.examens.models.sessions import ETATS_ANNULABLES, ETATS_REPORTABLES
from titrepro.examens.signaux import session_annulee, session_reportee
from titrepro.notifications.courriels import courriel_programmer
from titrepro.organisations import destinataires
from titrepro.organisations.models import LigneProgrammation, Organisme, Site
from titrepro.referentiel.models import CCP, CCS, Millesime

Jour = tuple[dt.date, dt.time, dt.time]
"""One day of a session: its date, the opening and closing hours on site."""

ETATS_MODIFIABLES = frozenset({EtatSession.BROUILLON, EtatSession.CREEE, EtatSession.CONVOQUEE})
"""Responsables and observations may change until the session opens; days only before convocation."""


def _nom(user: Any) -> str:
    return str(getattr(user, "nom_complet", "") or user)


# ------------------------------------------------------------------------------------------- checks


def _jours_valides(jours: Iterable[Jour]) -> list[Jour]:
    """At least one day, distinct dates, closing after opening; sorted."""
    liste = []
    for element in jours:
        try:
            date, debut, fin = element
        except (TypeError, ValueError):
            raise ValidationError({"jours": ["Chaque jour indique sa date, son heure de début et de fin."]}) from None
        if not isinstance(date, dt.date) or not isinstance(debut, dt.time) or not isinstance(fin, dt.time):
            raise ValidationError({"jours": ["Chaque jour indique sa date, son heure de début et de fin."]})
        if fin <= debut:
            raise ValidationError({"jours": [f"Le {date:%d/%m/%Y} : l'heure de fin doit suivre l'heure de début."]})
        liste.append((date, debut, fin))
    if not liste:
        raise ValidationError({"jours": ["Indiquez au moins un jour de session."]})
    dates = [j[0] for j in liste]
    if len(set(dates)) != len(dates):
        doublons = sorted({d for d in dates if dates.count(d) > 1})
        raise ValidationError(
            {"jours": [f"Chaque jour figure une seule fois ({', '.join(f'{d:%d/%m/%Y}' for d in doublons)})."]}
        )
    return sorted(liste)


def _structure(
    *, organisme: Organisme, site: Site, millesime: Millesime, nature: str, ccps: Sequence[CCP], ccs: CCS | None
) -> None:
    """Input coherence (not rules): site of the organisme, CCP of the millésime for a session CCP."""
    if site.organisme_id != organisme.pk:
        raise ValidationError({"site": ["Ce site n'appartient pas à l'organisme."]})
    if nature not in NatureSession.values:
        raise ValidationError({"nature": ["Nature de session inconnue."]})
    if nature == NatureSession.CCP:
        if not ccps:
            raise ValidationError({"ccps": ["Une session CCP désigne au moins un CCP du titre."]})
        autres = [c for c in ccps if c.millesime_id != millesime.pk]
        if autres:
            raise ValidationError(
                {"ccps": [f"CCP d'un autre titre ou millésime : {', '.join(c.intitule for c in autres)}."]}
            )
    elif ccps:
        raise ValidationError({"ccps": ["Seule une session CCP désigne des CCP."]})
    if nature != NatureSession.CCS and ccs is not None:
        raise ValidationError({"ccs": ["Seule une session CCS désigne un CCS."]})


def _programmee_le(session: Session, jour: dt.date) -> dt.date:
    """SES-FIN-MILLESIME: the day the session was first programmed.

    The earliest of: the date already recorded, the day a matching line (same organisme,
    site, millésime and dates) was put on the organisme's annual programming, ``jour``.
    """
    candidates = [jour]
    if session.programmee_le:
        candidates.append(session.programmee_le)
    lignes = LigneProgrammation.objects.filter(
        programmation__organisme_id=session.organisme_id,
        site_id=session.site_id,
        millesime_id=session.millesime_id,
        debut=session.premier_jour,
        fin=session.dernier_jour,
    ).values_list("cree_le", flat=True)
    candidates.extend(timezone.localdate(cree_le) for cree_le in lignes)
    return min(candidates)


def _derogation(session: Session, code: str) -> Derogation | None:
    if session.pk is None:
        return None
    return Derogation.objects.pour(session, code).select_related("accordee_par", "departement").first()


def verdicts_session(
    session: Session,
    *,
    jour: dt.date,
    delai: bool = True,
    responsable: Any = None,
    suppleants: Sequence[Any] | None = None,
) -> list[Verdict]:
    """Every rule of the session's creation, evaluated on ``jour`` (nothing raised).

    ``delai=False`` leaves SES-CREATION-DELAI out (a postponement authorised by the DDETS).
    ``responsable`` / ``suppleants`` default to the session's own.
    """
    with parametres_memorises():
        _precharger(session)
        return _verdicts_session(session, jour=jour, delai=delai, responsable=responsable, suppleants=suppleants)


def _precharger(session: Session) -> None:
    """Load the site with its département, the millésime and the responsable in one query.

    Only for a saved session whose relations are not loaded yet, and only the relations whose
    key the caller has not changed in memory (a service checks an edited session before saving it).
    """
    relations = [
        nom
        for nom, charge in (
            ("site", Session.site.is_cached(session) and Site.departement.is_cached(session.site)),
            ("millesime", Session.millesime.is_cached(session)),
            ("responsable", Session.responsable.is_cached(session) or session.responsable_id is None),
        )
        if not charge
    ]
    if session.pk is None or not relations:
        return
    chemins = ["site__departement" if nom == "site" else nom for nom in relations]
    enregistree = Session.objects.select_related(*chemins).filter(pk=session.pk).first()
    if enregistree is None:
        return
    for nom in relations:
        if getattr(enregistree, f"{nom}_id") == getattr(session, f"{nom}_id"):
            setattr(session, nom, getattr(enregistree, nom))


def _verdicts_session(
    session: Session,
    *,
    jour: dt.date,
    delai: bool,
    responsable: Any,
    suppleants: Sequence[Any] | None,
) -> list[Verdict]:
    region = session.site.departement.region_id
    verdicts: list[Verdict] = []
    if delai:
        verdicts.append(
            evaluer(
                "SES-CREATION-DELAI",
                jour_de_reference=jour,
                region=region,
                derogation=_derogation(session, "SES-CREATION-DELAI"),
                premier_jour=session.premier_jour,
                creee_le=session.creee_le or jour,
            )
        )
    verdicts.append(
        evaluer(
            "SES-FIN-MILLESIME",
            jour_de_reference=jour,
            region=region,
            premier_jour=session.premier_jour,
            fin_millesime=session.millesime.fin_validite,
            programmee_le=session.programmee_le or _programmee_le(session, jour),
        )
    )
    verdicts.append(
        verifier_perimetre(
            site=session.site,
            millesime=session.millesime,
            premier_jour=session.premier_jour,
            dernier_jour=session.dernier_jour,
            jour=jour,
        )
    )
    if responsable is None:
        responsable = session.responsable
    if suppleants is None:
        suppleants = list(session.suppleants.all()) if session.pk else []
    gestionnaires = gestionnaires_sessions_parmi([responsable, *suppleants], session.organisme_id)
    verdicts.append(
        evaluer(
            "SES-RESPONSABLE",
            jour_de_reference=jour,
            region=region,
            responsable=_nom(responsable) if responsable else None,
            responsable_habilite=bool(responsable) and responsable.pk in gestionnaires,
            suppleants_non_habilites=tuple(_nom(s) for s in suppleants if s.pk not in gestionnaires),
        )
    )
    if session.nature == NatureSession.CCS:
        ccs = session.ccs
        verdicts.append(
            evaluer(
                "CAN-CCS",
                jour_de_reference=jour,
                region=region,
                nature=session.nature,
                ccs=ccs.intitule if ccs else None,
                ccs_du_millesime=bool(ccs) and ccs.millesime_id == session.millesime_id,  # type: ignore[union-attr]
            )
        )
    return verdicts


def _exiger_tous(verdicts: Iterable[Verdict]) -> None:
    for verdict in verdicts:
        exiger(verdict)


def _appliquer_regles(session: Session, *, jour: dt.date, delai: bool = True, **autres: Any) -> None:
    """Refuse (``RegleRefusee``) on the first blocking rule; store the covering agrément."""
    _exiger_tous(verdicts_session(session, jour=jour, delai=delai, **autres))
    session.agrement = agrement_couvrant(
        site=session.site,
        millesime=session.millesime,
        premier_jour=session.premier_jour,
        dernier_jour=session.dernier_jour,
    )


def _ecrire_jours(session: Session, jours: list[Jour]) -> None:
    session.jours.all().delete()
    JourSession.objects.bulk_create(
        [JourSession(session=session, date=date, heure_debut=debut, heure_fin=fin) for date, debut, fin in jours]
    )


# ------------------------------------------------------------------------------------------ create


@transaction.atomic
def session_creer(
    *,
    auteur: Any,
    organisme: Organisme,
    site: Site,
    millesime: Millesime,
    nature: str = NatureSession.TITRE,
    ccps: Sequence[CCP] = (),
    ccs: CCS | None = None,
    jours: Iterable[Jour],
    responsable: Any,
    suppleants: Sequence[Any] = (),
    observations: str = "",
    jour: dt.date,
    brouillon: bool = False,
) -> Session:
    """A new session; *créée* (« en préparation ») once every rule passes, or kept as a *brouillon*.

    With ``brouillon=True`` nothing but the input's coherence is checked: the draft is
    confirmed later by ``session_confirmer`` (e.g. once the DDETS derogated to SES-CREATION-DELAI).
    """
    if not est_gestionnaire_sessions(auteur, organisme.pk):
        raise PermissionDenied("Seuls le responsable de session et les suppléants de l'organisme créent ses sessions.")
    ccps = list(ccps)
    suppleants = list(suppleants)
    _structure(organisme=organisme, site=site, millesime=millesime, nature=nature, ccps=ccps, ccs=ccs)
    jours_tries = _jours_valides(jours)
    session = Session(
        organisme=organisme,
        site=site,
        millesime=millesime,
        nature=nature,
        ccs=ccs,
        premier_jour=jours_tries[0][0],
        dernier_jour=jours_tries[-1][0],
        responsable=responsable,
        observations=observations,
        cree_par=auteur,
    )
    session.programmee_le = _programmee_le(session, jour)
    if not brouillon:
        _appliquer_regles(session, jour=jour, responsable=responsable, suppleants=suppleants)
    with motif_audit("Création de la session"):
        session.save()
        session.ccps.set(ccps)
        session.suppleants.set(suppleants)
        _ecrire_jours(session, jours_tries)
        if not brouillon:
            session.creer(jour=jour, motif="Session créée")
            session.save()
    return session


@transaction.atomic
def session_confirmer(*, session: Session, auteur: Any, jour: dt.date) -> Session:
    """*Brouillon* → *créée*, re-checking every rule (SES-CREATION-DELAI counted from ``jour``, its derogation)."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    exiger_permission(session.peut_gerer(auteur))
    if session.etat != EtatSession.BROUILLON:
        raise ValidationError("Seule une session en brouillon peut être confirmée.")
    session.programmee_le = _programmee_le(session, jour)
    _appliquer_regles(session, jour=jour)
    with motif_audit("Confirmation de la session"):
        session.creer(jour=jour, motif="Brouillon confirmé")
        session.save()
    return session


# ------------------------------------------------------------------------------------------- edit


@transaction.atomic
def session_modifier(
    *,
    session: Session,
    auteur: Any,
    jour: dt.date,
    jours: Iterable[Jour] | None = None,
    responsable: Any = None,
    suppleants: Sequence[Any] | None = None,
    observations: str | None = None,
) -> Session:
    """Change the days, the responsables or the observations (``None``: unchanged).

    Days are refused once the convocations are issued (SES-VERROU: a postponement is then
    needed); a created session re-checks its rules with the new values (SES-CREATION-DELAI
    counted from its creation day).
    """
    session = Session.objects.select_for_update().get(pk=session.pk)
    exiger_permission(session.peut_gerer(auteur))
    if session.etat not in ETATS_MODIFIABLES:
        raise ValidationError(f"Une session « {session.get_etat_display()} » ne se modifie plus.")
    region = session.site.departement.region_id
    jours_tries = None
    if jours is not None:
        jours_tries = _jours_valides(jours)
        actuels = [(j.date, j.heure_debut, j.heure_fin) for j in session.jours.all()]
        if jours_tries != actuels:
            exiger(
                evaluer(
                    "SES-VERROU",
                    jour_de_reference=jour,
                    region=region,
                    convoquee_le=session.convoquee_le,
                    verrouillee=session.verrouillee,
                    changement="les dates",
                )
            )
        session.premier_jour, session.dernier_jour = jours_tries[0][0], jours_tries[-1][0]
    if responsable is not None:
        session.responsable = responsable
    nouveaux_suppleants = list(suppleants) if suppleants is not None else list(session.suppleants.all())
    if observations is not None:
        session.observations = observations
    if session.etat != EtatSession.BROUILLON:
        _appliquer_regles(session, jour=jour, responsable=session.responsable, suppleants=nouveaux_suppleants)
    with motif_audit("Modification de la session"):
        session.save()
        if suppleants is not None:
            session.suppleants.set(nouveaux_suppleants)
        if jours_tries is not None:
            _ecrire_jours(session, jours_tries)
    return session


# ---------------------------------------------------------------------------- cancel and postpone


def boite_gev(session: Session) -> str:
    """The GEV mailbox of the session's sector (the CCP desk for a session CCP)."""
    return regles_dte.boite_gev(
        regles_dte.secteur_gev(
            session_ccp=session.nature == NatureSession.CCP, secteur_titre=session.millesime.titre.secteur
        )
    )


def _prevenir(session: Session, *, objet: str, gabarit: str, **contexte: Any) -> None:
    """The DDETS agents of the site's département and the GEV desk of the sector; the organisme's team in copy."""
    vers = [
        *destinataires.agents_ddets([session.site.departement_id]),
        boite_gev(session),
        *destinataires.equipe_organisme(session.organisme_id),
    ]
    courriel_programmer(
        destinataires=vers,
        objet=f"{objet} — session {session.numero}",
        gabarit=f"examens/courriels/{gabarit}.txt",
        contexte={"session": session, "jours": list(session.jours.all()), **contexte},
    )


@transaction.atomic
def session_annuler(
    *,
    session: Session,
    auteur: Any,
    jour: dt.date,
    motif: str,
    decision_dte: str,
    autorisation_ddets: str = "",
) -> Session:
    """Cancel (SES-ANNULATION): motive and the fate of the plis required; CONSERVATION needs the DDETS authorisation.

    Sends ``examens.signaux.session_annulee`` (the DTE desk cancels the order), tells the
    DDETS and the GEV; a session already convoquée owes a cancellation PV (``pv_annulation_du``).
    """
    session = Session.objects.select_for_update().get(pk=session.pk)
    exiger_permission(session.peut_gerer(auteur))
    if session.etat not in ETATS_ANNULABLES or not can_proceed(session.annuler):
        raise ValidationError(
            f"Une session « {session.get_etat_display()} » ne peut plus être annulée (seulement avant son ouverture)."
        )
    motif = (motif or "").strip()
    autorisation_ddets = (autorisation_ddets or "").strip()
    verdict = exiger(
        evaluer(
            "SES-ANNULATION",
            jour_de_reference=jour,
            region=session.site.departement.region_id,
            motif=motif,
            decision_dte=decision_dte or "",
            autorisation_ddets=autorisation_ddets,
            convoquee=session.etat == EtatSession.CONVOQUEE,
        )
    )
    with motif_audit(motif):
        session.annuler(jour=jour, motif=motif, decision_dte=decision_dte)
        session.autorisation_ddets = autorisation_ddets if decision_dte == DecisionDte.CONSERVATION else ""
        session.save()
    session_annulee.send(sender=Session, session=session, decision_dte=decision_dte, auteur=auteur, jour=jour)
    _prevenir(
        session,
        objet="Annulation",
        gabarit="sessions_annulation",
        motif=motif,
        decision=DecisionDte(decision_dte).label,
        verdict=verdict,
        auteur=_nom(auteur),
    )
    return session


@transaction.atomic
def session_reporter(
    *,
    session: Session,
    auteur: Any,
    jour: dt.date,
    jours: Iterable[Jour],
    motif: str,
    autorisation_ddets: str,
    plis_conserves: bool = False,
) -> ReportSession:
    """Postpone to new days with the DDETS authorisation (SES-ANNULATION), re-checking the rules on the new dates.

    SES-CREATION-DELAI is *not* re-applied: the postponement is authorised by the DDETS,
    which stands for the derogation the delay would need. The agrément's coverage
    (AGR-PERIMETRE), the end of the millésime (SES-FIN-MILLESIME, with the day the session
    was first programmed) and SES-RESPONSABLE are. The state stays *créée* or *convoquée*.
    """
    session = Session.objects.select_for_update().get(pk=session.pk)
    exiger_permission(session.peut_gerer(auteur))
    if session.etat not in ETATS_REPORTABLES:
        raise ValidationError(
            f"Une session « {session.get_etat_display()} » ne peut pas être reportée "
            "(seulement en préparation ou convoquée)."
        )
    motif = (motif or "").strip()
    autorisation_ddets = (autorisation_ddets or "").strip()
    exiger(
        evaluer(
            "SES-ANNULATION",
            jour_de_reference=jour,
            region=session.site.departement.region_id,
            motif=motif,
            decision_dte="",
            autorisation_ddets=autorisation_ddets,
            convoquee=session.etat == EtatSession.CONVOQUEE,
            report=True,
        )
    )
    jours_tries = _jours_valides(jours)
    anciennes = [d.isoformat() for d in session.dates]
    nouvelles = [j[0].isoformat() for j in jours_tries]
    if anciennes == nouvelles:
        raise ValidationError({"jours": ["Les nouvelles dates sont identiques aux anciennes."]})
    session.premier_jour, session.dernier_jour = jours_tries[0][0], jours_tries[-1][0]
    _appliquer_regles(session, jour=jour, delai=False)
    texte = f"Report autorisé par la DDETS ({autorisation_ddets}) : {motif}"
    with motif_audit(texte):
        session.reporter(motif=texte)
        session.save()
        _ecrire_jours(session, jours_tries)
        report = ReportSession.objects.create(
            session=session,
            anciennes_dates=anciennes,
            nouvelles_dates=nouvelles,
            motif=motif,
            autorisation_ddets=autorisation_ddets,
            plis_conserves=plis_conserves,
            decide_le=jour,
            par=auteur,
        )
    session_reportee.send(sender=Session, session=session, report=report, auteur=auteur, jour=jour)
    _prevenir(
        session,
        objet="Report",
        gabarit="sessions_report",
        report=report,
        anciennes=[dt.date.fromisoformat(d) for d in anciennes],
        auteur=_nom(auteur),
    )
    return report


# ------------------------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class ProchaineAction:
    libelle: str
    detail: str


def prochaine_action(session: Session, *, jour: dt.date) -> ProchaineAction | None:
    """What the session team should do next, in the workflow's order."""
    etat = session.etat
    if etat == EtatSession.BROUILLON:
        return ProchaineAction(
            "Confirmer la session",
            "Le brouillon devient « en préparation » quand toutes les règles sont respectées "
            "(une création tardive attend la dérogation de la DDETS).",
        )
    if etat == EtatSession.CREEE:
        if not session.inscriptions.exists():
            return ProchaineAction("Inscrire les candidats", "Aucun candidat n'est encore inscrit.")
        if not session.jurys.exists():
            return ProchaineAction(
                "Composer le jury", "Chaque jury compte au moins 2 membres habilités (SES-JURY-MIN)."
            )
        commandes = getattr(session, "commandes_dte", None)
        if commandes is not None and not commandes.exists():
            return ProchaineAction("Commander les DTE", "Les plis d'examen se commandent auprès de la GEV (DTE-DELAI).")
        return ProchaineAction(
            "Émettre les convocations",
            "Au moins un mois avant le premier jour (SES-CONVOCATION) ; l'émission verrouille la session (SES-VERROU).",
        )
    if etat == EtatSession.CONVOQUEE:
        return ProchaineAction("Tenir la session", f"Premier jour : {session.premier_jour:%d/%m/%Y}.")
    if etat == EtatSession.ANNULEE and session.pv_annulation_du:
        return ProchaineAction(
            "Adresser le PV d'annulation", "Le PV d'annulation est dû à l'UD/DDETS (SES-ANNULATION)."
        )
    return None


def sessions_programmees(*, organisme_id: int, departement_id: int, annee: int) -> QuerySet[Session]:
    """The real sessions of an organisme in a département and a year (its annual programming), drafts excluded."""
    return (
        Session.objects.filter(
            organisme_id=organisme_id,
            site__departement_id=departement_id,
            premier_jour__year=annee,
        )
        .exclude(etat=EtatSession.BROUILLON)
        .select_related("site", "millesime__titre")
        .order_by("premier_jour", "pk")
    )


def sessions_programmees_visibles(user: Any, *, organisme_id: int, departement_id: int, annee: int) -> list[Session]:
    """``sessions_programmees`` restricted to what ``user`` may see (the programming page and its exports)."""
    visibles = Session.objects.visibles_par(user).values("pk")
    return list(
        sessions_programmees(organisme_id=organisme_id, departement_id=departement_id, annee=annee).filter(
            pk__in=visibles
        )
    )


def lignes_export(sessions: Iterable[Session]) -> list[list[object]]:
    """Rows of the programming exports (``organisations.exports.ENTETES_SESSIONS``), plain values only."""
    return [
        [
            s.numero,
            s.get_nature_display(),
            s.millesime.titre.intitule,
            s.millesime.titre.code,
            s.millesime.version,
            s.site.nom,
            s.premier_jour,
            s.dernier_jour,
            s.get_etat_display(),
        ]
        for s in sessions
    ]
