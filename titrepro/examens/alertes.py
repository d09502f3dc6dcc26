"""Deadlines and alert sources of the exam sessions (autodiscovered by ``titrepro.conformite.signalements``).

**Échéancier.** ``echeances_de_session(session, jour=...)`` is every dated deadline of one
session (the pure ``regles.echeances.echeances_session`` with the parameters in force for the
site's région on the session's first day), each with its state. The deadlines already met
are marked done: creation (``creee_le``), convocations (``convoquee_le``), handicap forms
(every pending accommodation request of a registered candidate has its form), session days
(the session was held), PV transmission (the session is transmitted or validated). The DTE
deadlines (DTE-DELAI, DTE-SUIVI, DTE-NON-RECU, DTE-DESTRUCTION) are the DTE desk's: this
module never imports ``titrepro.dte``; it marks DTE-DELAI done only when the session has a
``commande_dte`` attribute (reverse one-to-one of the DTE app) carrying a submission date
(``soumise_le``, ``commandee_le`` or ``transmise_le``). The DTE app may add its own deadline
sources for the session in ``dte/alertes.py``.

**Alerts** (one or a few queries per source whatever the number of sessions; the subjects are
built from ``values()`` rows, never loaded one by one):

* SES-CONVOCATION — a session « en préparation » with registered candidates whose convocation
  is not sent (recorded), once the last day to convene (1 month before, clamped) is within the
  reminder window (30 days) or past;
* SES-JURY-MIN — a session ahead, from that same window (candidates are convened to a jury),
  whose juries have fewer than 2 active participations (invited or accepted), or no jury;
* SES-RESPONSABLE — a session ahead (en préparation or convoquée) with no responsable named;
* SES-HANDICAP — per registration, a pending accommodation request of the candidate for the
  session's millésime whose medical form is late (3 months before the first day);
* RES-FRAUDE — a fraud reported during a session (``Incident``) whose sanction the DDETS has not
  recorded yet: e-mailed to the DDETS agents of the site's département.

Every alert names the organisme, the site's département and its région (who sees it), and is
e-mailed once to the organisme's session team (responsable de session and suppléants).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from django.db import models
from django.db.models import Count, F, Max, Q
from django.db.models.base import ModelState

from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.conformite.echeancier import echeancier
from titrepro.conformite.models import ParametreRegle
from titrepro.conformite.regles import echeances as regles_echeances
from titrepro.conformite.regles import sessions as regles_sessions
from titrepro.conformite.regles.calendrier import format_date, jours_apres, mois_apres, mois_avant
from titrepro.conformite.services import parametres_detailles, surcharges_en_vigueur
from titrepro.conformite.signalements import (
    AlerteCalculee,
    Echeance,
    EtatEcheance,
    etat_echeance,
    source_d_alertes,
    source_d_echeances,
)
from titrepro.examens.models import (
    EtatInscription,
    EtatSession,
    Incident,
    Inscription,
    Jury,
    Session,
)
from titrepro.examens.models.jurys import ETATS_PARTICIPATION_ACTIFS
from titrepro.examens.models.sessions import NatureSession
from titrepro.personnes.models import Candidat, DemandeAmenagement, EtatAmenagement
from titrepro.territoires.models import Region

FENETRE_RAPPEL_JOURS = regles_echeances.FENETRE_RAPPEL_JOURS

ETATS_A_VENIR = (EtatSession.CREEE, EtatSession.CONVOQUEE)
"""Sessions planned and not yet held: the alerts about their preparation apply to them."""

ETATS_TENUE = frozenset(
    {
        EtatSession.EN_COURS,
        EtatSession.RESULTATS_SAISIS,
        EtatSession.PV_EDITE,
        EtatSession.PV_SIGNE,
        EtatSession.TRANSMISE,
        EtatSession.VALIDEE,
    }
)
ETATS_TRANSMISE = frozenset({EtatSession.TRANSMISE, EtatSession.VALIDEE})
ETATS_INSCRIPTION_ACTIFS = (EtatInscription.INSCRIT, EtatInscription.CONVOQUE)
ATTRIBUTS_DATE_COMMANDE_DTE = ("soumise_le", "commandee_le", "transmise_le")


# --------------------------------------------------------------------------------------------- parameters


def parametres_session(*, jour: dt.date, region: Region | int | None) -> dict[str, dict[str, int]]:
    """The parameters in force on ``jour`` in ``region`` for every code of a session's échéancier (one query)."""
    surcharges = surcharges_en_vigueur(jour=jour, region=region)
    return {
        code: {p.nom: p.valeur for p in parametres_detailles(code, jour=jour, region=region, surcharges=surcharges)}
        for code in regles_echeances.CODES_ECHEANCES_SESSION
    }


def _parametres_par_region(code: str, jour: dt.date) -> dict[int | None, dict[str, int]]:
    """The parameters of ``code`` in force on ``jour`` for every région (one query), keyed by région id."""
    surcharges = surcharges_en_vigueur(jour=jour, code=code)  # national
    resultat: dict[int | None, dict[str, int]] = {
        None: {p.nom: p.valeur for p in parametres_detailles(code, jour=jour, surcharges=surcharges)}
    }
    regionales = _surcharges_regionales(code, jour)
    for region_id in Region.objects.values_list("pk", flat=True):
        if region_id in regionales:
            surcharges_r = surcharges_en_vigueur(jour=jour, region=region_id, code=code)
            resultat[region_id] = {
                p.nom: p.valeur
                for p in parametres_detailles(code, jour=jour, region=region_id, surcharges=surcharges_r)
            }
        else:
            resultat[region_id] = resultat[None]
    return resultat


def _surcharges_regionales(code: str, jour: dt.date) -> set[int]:
    return set(
        ParametreRegle.objects.filter(code=code, region__isnull=False, effet__lte=jour)
        .filter(Q(fin__isnull=True) | Q(fin__gte=jour))
        .values_list("region_id", flat=True)
    )


# --------------------------------------------------------------------------------------------- échéancier


def _nature(session: Session) -> regles_echeances.NatureSession:
    if session.nature in (NatureSession.CCP, NatureSession.CCS):
        return regles_echeances.NatureSession.CCP
    return regles_echeances.NatureSession.TITRE


def session_datee(session: Session) -> regles_echeances.SessionDatee:
    """What the pure deadline function needs: dates, nature (CCP links or TP plis), transport, territory."""
    return regles_echeances.SessionDatee(
        premier_jour=session.premier_jour,
        dernier_jour=session.dernier_jour,
        nature=_nature(session),
        transport=bool(session.millesime.titre.transport),
        territoire=session.site.departement.subdivision_feries or "",
    )


def _date_commande_dte(session: Session) -> dt.date | None:
    """The DTE order's submission date when the DTE app exposes one (``session.commande_dte``), else None."""
    try:
        commande = getattr(session, "commande_dte", None)
    except Exception:
        return None
    for nom in ATTRIBUTS_DATE_COMMANDE_DTE:
        valeur = getattr(commande, nom, None)
        if isinstance(valeur, dt.datetime):
            return valeur.date()
        if isinstance(valeur, dt.date):
            return valeur
    return None


_DEMANDE = "inscriptions__candidat__amenagements"


def _contexte_session(session: Session) -> dict[str, Any] | None:
    """What the échéancier reads beyond the session's own fields, in one query.

    The site's région and public-holiday subdivision, the titre's transport flag and the
    accommodation requests of the registered candidates (same selection as
    ``_demandes_pour_sessions``: pending, for the session's millésime, naming its first day or
    none): how many have no form yet, and the latest form received. None when the session is gone.
    """
    demande_en_attente = Q(
        Q(**{f"{_DEMANDE}__premier_jour_session__isnull": True})
        | Q(**{f"{_DEMANDE}__premier_jour_session": F("premier_jour")}),
        # A request linked to a session concerns that session only.
        Q(**{f"{_DEMANDE}__session__isnull": True}) | Q(**{f"{_DEMANDE}__session_id": F("pk")}),
        inscriptions__etat__in=ETATS_INSCRIPTION_ACTIFS,
        **{f"{_DEMANDE}__etat": EtatAmenagement.DEMANDEE, f"{_DEMANDE}__millesime_id": F("millesime_id")},
    )
    lignes = list(
        Session.objects.filter(pk=session.pk)
        .values(
            "site__departement__region_id",
            "site__departement__subdivision_feries",
            "millesime__titre__transport",
        )
        .annotate(
            handicap_manquants=Count(
                f"{_DEMANDE}__pk", filter=demande_en_attente & Q(**{f"{_DEMANDE}__formulaire_recu_le__isnull": True})
            ),
            handicap_recu=Max(f"{_DEMANDE}__formulaire_recu_le", filter=demande_en_attente),
        )
        .order_by()
    )
    return dict(lignes[0]) if lignes else None


def _echeances_calculees(session: Session, jour: dt.date) -> list[Echeance]:
    """All the session's deadlines on ``jour`` (cached on the instance: one computation for the ten sources)."""
    # The ten sources of one échéancier call share one computation; the key changes with the session's state.
    cache: dict[tuple[Any, ...], list[Echeance]] = session.__dict__.setdefault("_echeances_examens", {})
    cle = (jour, session.etat, session.premier_jour, session.dernier_jour, session.creee_le, session.convoquee_le)
    if cle in cache:
        return cache[cle]
    if session.etat == EtatSession.ANNULEE:
        cache[cle] = []
        return []
    # One query for the site, the titre and the handicap forms; one for the parameters in force.
    contexte = _contexte_session(session)
    if contexte is None:
        raise Session.DoesNotExist(f"La session {session.pk} n'existe plus.")
    region_id = contexte["site__departement__region_id"]
    parametres = parametres_session(jour=session.premier_jour, region=region_id)
    commande = _date_commande_dte(session)
    handicap_manquants, handicap_recu = contexte["handicap_manquants"], contexte["handicap_recu"]
    datee = regles_echeances.SessionDatee(
        premier_jour=session.premier_jour,
        dernier_jour=session.dernier_jour,
        nature=_nature(session),
        transport=bool(contexte["millesime__titre__transport"]),
        territoire=contexte["site__departement__subdivision_feries"] or "",
    )
    tenue = session.etat in ETATS_TENUE
    resultat = []
    for e in regles_echeances.echeances_session(datee, parametres):
        faite_le: dt.date | None = None
        fait = False
        details = ""
        if e.code == "SES-CREATION-DELAI" and session.creee_le:
            faite_le, details = session.creee_le, f"Session créée le {format_date(session.creee_le)}."
        elif e.code == "SES-CONVOCATION" and session.convoquee_le:
            faite_le, details = session.convoquee_le, f"Convocations émises le {format_date(session.convoquee_le)}."
        elif e.code == "DTE-DELAI":
            if commande:
                faite_le, details = commande, f"Commande des DTE soumise le {format_date(commande)}."
            else:
                details = "Suivi par le bureau des DTE (commande de la session)."
        elif e.code == "SES-HANDICAP":
            if handicap_manquants:
                details = f"{handicap_manquants} formulaire(s) médical(aux) attendu(s) par la DDETS."
            elif handicap_recu:
                faite_le, details = handicap_recu, "Tous les formulaires médicaux sont parvenus à la DDETS."
            else:
                fait, details = True, "Aucune demande d'aménagement en attente parmi les candidats inscrits."
        elif e.code == "SES-JOUR" and tenue and e.date <= jour:
            faite_le = e.date
        elif e.code == "RES-PV-DELAI" and session.etat in ETATS_TRANSMISE:
            # The PV app records the date (reverse one-to-one ``proces_verbal``, read without importing it).
            transmis_le = getattr(getattr(session, "proces_verbal", None), "transmis_le", None)
            if transmis_le:
                faite_le, details = transmis_le, f"PV transmis à la DDETS le {format_date(transmis_le)}."
            else:
                fait, details = True, "Session transmise à la DDETS."
        etat = EtatEcheance.FAITE if fait else etat_echeance(e.date, jour=jour, faite_le=faite_le)
        resultat.append(
            Echeance(
                code=e.code,
                libelle=e.libelle,
                date=e.date,
                etat=etat,
                sujet=session,
                details=details,
                faite_le=faite_le,
            )
        )
    cache.clear()
    cache[cle] = resultat
    return resultat


def _source_echeances(code: str) -> Callable[[Session, dt.date], Iterator[Echeance]]:
    def source(session: Session, jour: dt.date) -> Iterator[Echeance]:
        for echeance in _echeances_calculees(session, jour):
            if echeance.code == code:
                yield echeance

    source.__name__ = source.__qualname__ = f"echeances_session_{code.lower().replace('-', '_')}"
    return source


for _code in regles_echeances.CODES_ECHEANCES_SESSION:
    source_d_echeances(_code, pour="examens.Session")(_source_echeances(_code))  # type: ignore[arg-type]


def echeances_de_session(session: Session, *, jour: dt.date) -> list[Echeance]:
    """Every deadline of ``session`` on ``jour`` (those of this app and of the other apps' sources), by date."""
    return echeancier(session, jour=jour)


# --------------------------------------------------------------------------------------------- alerts


def _equipes(organisme_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """The session team (responsables de session, suppléants) of each organisme, in one query."""
    par_organisme: dict[int, list[Any]] = defaultdict(list)
    for affectation in Affectation.objects.filter(
        role__in=[Role.RESPONSABLE_SESSION, Role.SUPPLEANT], organisme_id__in=list(set(organisme_ids)), active=True
    ).select_related("utilisateur"):
        if affectation.organisme_id is not None:
            par_organisme[affectation.organisme_id].append(affectation.utilisateur)
    return {o: tuple(u) for o, u in par_organisme.items()}


M = TypeVar("M", bound=models.Model)

CHAMPS_SESSION = (
    "pk",
    "numero",
    "premier_jour",
    "organisme_id",
    "site__departement_id",
    "site__departement__region_id",
)


def _instance_legere(modele: type[M], **valeurs: Any) -> M:
    """A saved instance of ``modele`` holding only ``valeurs`` (the other fields deferred, loaded on access).

    What ``Model.from_db`` builds with those fields, without running ``__init__`` over the ~25
    other fields (the sweep builds one per alert: tens of thousands). No model of this app
    listens to ``pre_init``/``post_init``.
    """
    instance = modele.__new__(modele)
    etat = ModelState()
    etat.adding = False
    instance._state = etat
    instance.__dict__.update(valeurs)
    return instance


def _sujet(ligne: dict[str, Any]) -> Session:
    """A light Session for the alert (pk, numéro, first day; the other fields deferred): no query per row."""
    return _instance_legere(Session, id=ligne["pk"], numero=ligne["numero"], premier_jour=ligne["premier_jour"])


def _alerte(code: str, ligne: dict[str, Any], equipes: dict[int, tuple[Any, ...]], **kwargs: Any) -> AlerteCalculee:
    return AlerteCalculee(
        code=code,
        destinataires=equipes.get(ligne["organisme_id"], ()),
        organisme_id=ligne["organisme_id"],
        departement_id=ligne["site__departement_id"],
        region_id=ligne["site__departement__region_id"],
        **kwargs,
    )


def _limite_convocation(premier_jour: dt.date, parametres: dict[str, int]) -> dt.date:
    return mois_avant(premier_jour, parametres["mois"])


def _borne_fenetre(jour: dt.date, parametres: Iterable[dict[str, int]]) -> dt.date:
    """Latest first day whose convocation deadline may fall within the reminder window (exact check in Python)."""
    mois = max((p["mois"] for p in parametres), default=1)
    return jours_apres(mois_apres(jours_apres(jour, FENETRE_RAPPEL_JOURS), mois), 3)


@source_d_alertes("SES-CONVOCATION")
def convocations_a_envoyer(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Sessions « en préparation » with candidates not convened when the last day to convene is near or past."""
    parametres = _parametres_par_region("SES-CONVOCATION", jour)
    lignes = list(
        Session.objects.filter(
            etat=EtatSession.CREEE,
            premier_jour__gte=jour,
            premier_jour__lte=_borne_fenetre(jour, parametres.values()),
        )
        .annotate(
            # The convocation is one-to-one with its registration: one row per registration, no DISTINCT needed.
            inscrits=Count("inscriptions", filter=Q(inscriptions__etat__in=ETATS_INSCRIPTION_ACTIFS)),
            convoques=Count(
                "inscriptions",
                filter=Q(
                    inscriptions__etat__in=ETATS_INSCRIPTION_ACTIFS,
                    inscriptions__convocation__envoyee_le__isnull=False,
                ),
            ),
        )
        .filter(inscrits__gt=0)
        .values(*CHAMPS_SESSION, "inscrits", "convoques")
    )
    retenues = []
    for ligne in lignes:
        if ligne["convoques"] >= ligne["inscrits"]:
            continue
        p = parametres.get(ligne["site__departement__region_id"], parametres[None])
        limite = _limite_convocation(ligne["premier_jour"], p)
        if regles_echeances.etat(limite, jour=jour) == regles_echeances.Etat.A_VENIR:
            continue
        retenues.append((ligne, limite, p))
    if not retenues:
        return
    equipes = _equipes(ligne["organisme_id"] for ligne, _l, _p in retenues)
    for ligne, limite, p in retenues:
        manquants = ligne["inscrits"] - ligne["convoques"]
        debut = (
            f"Session {ligne['numero']} du {format_date(ligne['premier_jour'])} : {manquants} candidat(s) sur "
            f"{ligne['inscrits']} sans convocation envoyée"
        )
        if jour > limite:
            fin = f" ; les convocations devaient partir au plus tard le {format_date(limite)} ({p['mois']} mois avant)."
        else:
            fin = f" ; à convoquer au plus tard le {format_date(limite)} ({p['mois']} mois avant, LRAR ou main propre)."
        yield _alerte("SES-CONVOCATION", ligne, equipes, sujet=_sujet(ligne), message=debut + fin, echeance=limite)


@source_d_alertes("SES-JURY-MIN")
def jurys_incomplets(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Sessions ahead whose juries have fewer than 2 active participations (or no jury), from the convocation window.

    Candidates are convened to a jury: from the reminder window of the convocation deadline
    (30 days before the last day to convene) until the first day, each jury needs its members.
    """
    parametres_convocation = _parametres_par_region("SES-CONVOCATION", jour)
    parametres = _parametres_par_region("SES-JURY-MIN", jour)
    dans_la_fenetre = Q(
        etat__in=ETATS_A_VENIR,
        premier_jour__gte=jour,
        premier_jour__lte=_borne_fenetre(jour, parametres_convocation.values()),
    )
    lignes = list(Session.objects.filter(dans_la_fenetre).values(*CHAMPS_SESSION))
    lignes = [
        ligne
        for ligne in lignes
        if regles_echeances.etat(
            _limite_convocation(
                ligne["premier_jour"],
                parametres_convocation.get(ligne["site__departement__region_id"], parametres_convocation[None]),
            ),
            jour=jour,
        )
        != regles_echeances.Etat.A_VENIR
    ]
    if not lignes:
        return
    # The juries of the sessions of the same window, in one query (joined, no list of ids sent back).
    jurys: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for session_id, numero, actifs in (
        Jury.objects.filter(session__in=Session.objects.filter(dans_la_fenetre).values("pk"))
        .annotate(actifs=Count("participations", filter=Q(participations__etat__in=ETATS_PARTICIPATION_ACTIFS)))
        .values_list("session_id", "numero", "actifs")
        .order_by()
    ):
        jurys[session_id].append((numero, actifs))
    retenues = []
    for ligne in lignes:
        p = parametres.get(ligne["site__departement__region_id"], parametres[None])
        composition = sorted(jurys.get(ligne["pk"], []))
        verdict = regles_sessions.jury_min(
            regles_sessions.CompositionJurys(membres_presents=tuple(n for _numero, n in composition)), p
        )
        if not verdict.ok:
            retenues.append((ligne, verdict))
    if not retenues:
        return
    equipes = _equipes(ligne["organisme_id"] for ligne, _v in retenues)
    for ligne, verdict in retenues:
        yield _alerte(
            "SES-JURY-MIN",
            ligne,
            equipes,
            sujet=_sujet(ligne),
            message=f"Session {ligne['numero']} du {format_date(ligne['premier_jour'])} : {verdict.message} "
            "(membres invités ou ayant accepté)",
            echeance=ligne["premier_jour"],
        )


@source_d_alertes("SES-RESPONSABLE")
def sessions_sans_responsable(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Sessions ahead (en préparation or convoquée) with no responsable de session named."""
    lignes = list(
        Session.objects.filter(etat__in=ETATS_A_VENIR, premier_jour__gte=jour, responsable__isnull=True).values(
            *CHAMPS_SESSION
        )
    )
    if not lignes:
        return
    equipes = _equipes(ligne["organisme_id"] for ligne in lignes)
    for ligne in lignes:
        yield _alerte(
            "SES-RESPONSABLE",
            ligne,
            equipes,
            sujet=_sujet(ligne),
            message=(
                f"Session {ligne['numero']} du {format_date(ligne['premier_jour'])} : aucun responsable de session "
                "désigné ; il est présent sur le site toute la durée de la session, sans lui la session ne peut "
                "avoir lieu."
            ),
            echeance=ligne["premier_jour"],
        )


def _demandes_pour_sessions(sessions: Iterable[Any]) -> dict[int, list[dict[str, Any]]]:
    """Pending accommodation requests of the registered candidates of ``sessions``, keyed by session id.

    A request concerns a session when it names the session's millésime and either its first day
    or no day at all (requests recorded before the session existed), and, when it is linked to a
    session, only that one (another session of the same millésime on the same day is not concerned).
    """
    par_pk = {s.pk if hasattr(s, "pk") else s["pk"]: s for s in sessions}
    if not par_pk:
        return {}
    inscriptions = list(
        Inscription.objects.filter(session_id__in=list(par_pk), etat__in=ETATS_INSCRIPTION_ACTIFS).values(
            "pk", "session_id", "candidat_id", "session__millesime_id", "session__premier_jour"
        )
    )
    demandes: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    candidats = {i["candidat_id"] for i in inscriptions}
    if not candidats:
        return {}
    for demande in DemandeAmenagement.objects.filter(candidat_id__in=candidats, etat=EtatAmenagement.DEMANDEE).values(
        "pk", "candidat_id", "millesime_id", "premier_jour_session", "session_id", "formulaire_recu_le"
    ):
        demandes[(demande["candidat_id"], demande["millesime_id"])].append(dict(demande))
    resultat: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for inscription in inscriptions:
        for ligne in demandes.get((inscription["candidat_id"], inscription["session__millesime_id"]), []):
            if ligne["premier_jour_session"] in (None, inscription["session__premier_jour"]) and ligne[
                "session_id"
            ] in (None, inscription["session_id"]):
                resultat[inscription["session_id"]].append({**ligne, "inscription_id": inscription["pk"]})
    return resultat


@source_d_alertes("SES-HANDICAP")
def formulaires_handicap_en_retard(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Per registration: a pending accommodation request whose medical form is late for the session."""
    parametres = _parametres_par_region("SES-HANDICAP", jour)
    # Only sessions with a pending request of one of their candidates are read.
    avec_demandes = Inscription.objects.filter(
        etat__in=ETATS_INSCRIPTION_ACTIFS,
        candidat__amenagements__etat=EtatAmenagement.DEMANDEE,
        session__etat__in=ETATS_A_VENIR,
        session__premier_jour__gte=jour,
    ).values("session_id")
    lignes = {ligne["pk"]: ligne for ligne in Session.objects.filter(pk__in=avec_demandes).values(*CHAMPS_SESSION)}
    if not lignes:
        return
    demandes = _demandes_pour_sessions(lignes.values())
    noms = {}
    retenues = []
    for session_id, liste in demandes.items():
        ligne = lignes[session_id]
        p = parametres.get(ligne["site__departement__region_id"], parametres[None])
        for demande in liste:
            verdict = regles_sessions.handicap(
                regles_sessions.FormulaireHandicap(
                    premier_jour=ligne["premier_jour"], transmis_le=demande["formulaire_recu_le"], jour=jour
                ),
                p,
            )
            if not verdict.ok:
                retenues.append((ligne, demande, verdict))
    if not retenues:
        return
    for pk, nom, prenoms in Candidat.objects.filter(pk__in={d["candidat_id"] for _l, d, _v in retenues}).values_list(
        "pk", "nom_naissance", "prenoms"
    ):
        noms[pk] = f"{prenoms} {nom}".strip()
    equipes = _equipes(ligne["organisme_id"] for ligne, _d, _v in retenues)
    for ligne, demande, verdict in retenues:
        yield _alerte(
            "SES-HANDICAP",
            ligne,
            equipes,
            sujet=_instance_legere(
                Inscription, id=demande["inscription_id"], session_id=ligne["pk"], candidat_id=demande["candidat_id"]
            ),
            message=(
                f"Session {ligne['numero']} du {format_date(ligne['premier_jour'])}, "
                f"{noms.get(demande['candidat_id'], 'candidat')} : {verdict.message}"
            ),
            echeance=verdict.echeance or mois_avant(ligne["premier_jour"], p["mois"]),
        )


# ------------------------------------------------------------------------------ issue 7: the exam day


@source_d_alertes("RES-FRAUDE")
def fraudes_sans_sanction(jour: dt.date) -> Iterator[AlerteCalculee]:
    """RES-FRAUDE — a fraud reported during a session whose sanction the DDETS has not recorded yet.

    E-mailed once to the DDETS agents of the site's département (who decide); the organisme's
    team sees it too. One query for the frauds, one for the agents.
    """
    lignes = list(
        Incident.objects.filter(fraude=True, survenu_le__date__lte=jour, sanction__isnull=True).values(
            "pk",
            "survenu_le",
            "session__organisme_id",
            "session__site__departement_id",
            "session__site__departement__region_id",
            "inscription__candidat__nom_naissance",
            "inscription__candidat__nom_usage",
            "inscription__candidat__prenoms",
        )
    )
    if not lignes:
        return
    agents: dict[int, list[Any]] = defaultdict(list)
    for affectation in Affectation.objects.filter(
        role=Role.AGENT_DDETS,
        active=True,
        departement_id__in={ligne["session__site__departement_id"] for ligne in lignes},
    ).select_related("utilisateur"):
        if affectation.departement_id is not None:
            agents[affectation.departement_id].append(affectation.utilisateur)
    for ligne in lignes:
        nom = ligne["inscription__candidat__nom_usage"] or ligne["inscription__candidat__nom_naissance"] or ""
        verdict = regles_sessions.fraude_sanctionnee(
            regles_sessions.FraudeConstatee(
                survenue_le=ligne["survenu_le"].date(),
                candidat=f"{ligne['inscription__candidat__prenoms']} {nom.upper()}".strip(),
                sanction_notifiee_le=None,
            )
        )
        yield AlerteCalculee(
            code="RES-FRAUDE",
            sujet=_instance_legere(Incident, id=ligne["pk"], survenu_le=ligne["survenu_le"]),
            message=verdict.message,
            destinataires=tuple(agents.get(ligne["session__site__departement_id"], ())),
            organisme_id=ligne["session__organisme_id"],
            departement_id=ligne["session__site__departement_id"],
            region_id=ligne["session__site__departement__region_id"],
        )
