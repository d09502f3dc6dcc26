"""Reads of a session's results, for the PV (RES-SAISIE) and the pages.

``decisions_manquantes(session)``: the registrations still without a decision — a registration
« has a decision » when its state is absent_justifie, absent_non_justifie, exclu_fraude or one of
the jury's decisions (titre_obtenu, reussite_partielle, non_obtenu, ccp_acquis, ccp_non_acquis).

``resultats_de_session(session)``: what the PV prints, per registration (in the session's order):
its results per CCP and per épreuve, its decision (state and label), the CCP acquired in the session,
the date of the entretien final and the jury's observations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from titrepro.examens.models.inscriptions import EtatInscription, Inscription
from titrepro.examens.models.sessions import NatureSession
from titrepro.referentiel.models import CCP, Epreuve
from titrepro.resultats.models import (
    ETATS_AVEC_DECISION,
    ETATS_DECISION,
    Decision,
    ResultatCCP,
    ResultatEpreuve,
)


def ccps_presentes(inscription: Inscription) -> list[CCP]:
    """The CCP the candidate sits: their registration's CCP, else the session's CCP (session CCP), else every CCP
    of the TP (session titre)."""
    propres = list(inscription.ccps.order_by("numero"))
    if propres:
        return propres
    session = inscription.session
    if session.nature == NatureSession.CCP:
        return list(session.ccps.order_by("numero"))
    return list(session.millesime.ccps.order_by("numero"))


def epreuves_presentees(inscription: Inscription) -> list[Epreuve]:
    """The RE's épreuves for this registration (titre: those of the session titre; CCP: those of its CCP)."""
    session = inscription.session
    epreuves = Epreuve.objects.filter(millesime=session.millesime).order_by("ordre")
    if session.nature == NatureSession.TITRE and not inscription.ccps.exists():
        return list(epreuves.filter(pour_session_titre=True))
    ccps = [c.pk for c in ccps_presentes(inscription)]
    return list(epreuves.filter(ccps__in=ccps).distinct())


def decisions_manquantes(session: Any) -> list[Inscription]:
    """RES-SAISIE: the session's registrations that have no decision yet (the PV is refused while any)."""
    return list(
        Inscription.objects.filter(session=session)
        .exclude(etat__in=ETATS_AVEC_DECISION)
        .select_related("candidat", "jury")
        .order_by("candidat__nom_naissance", "candidat__prenoms", "pk")
    )


@dataclass
class ResultatInscription:
    """One line of the PV: a registration, its results and its decision."""

    inscription: Inscription
    etat: str
    etat_libelle: str
    a_une_decision: bool
    resultats_ccp: list[ResultatCCP] = field(default_factory=list)
    resultats_epreuves: list[ResultatEpreuve] = field(default_factory=list)
    decision: Decision | None = None
    ccps_acquis: list[Any] = field(default_factory=list)
    entretien_final_le: dt.date | None = None
    observations: str = ""

    @property
    def candidat(self) -> Any:
        return self.inscription.candidat

    @property
    def est_decision_du_jury(self) -> bool:
        return self.etat in ETATS_DECISION


def resultats_de_session(session: Any) -> list[ResultatInscription]:
    """Per registration of ``session``: its CCP and épreuve results and its decision (what the PV prints)."""
    inscriptions = (
        Inscription.objects.filter(session=session)
        .select_related("candidat", "jury")
        .prefetch_related("ccps")
        .order_by("candidat__nom_naissance", "candidat__prenoms", "pk")
    )
    par_ccp: dict[int, list[ResultatCCP]] = {}
    for r in ResultatCCP.objects.filter(inscription__session=session).select_related("ccp", "saisi_par_membre"):
        par_ccp.setdefault(r.inscription_id, []).append(r)
    par_epreuve: dict[int, list[ResultatEpreuve]] = {}
    for e in ResultatEpreuve.objects.filter(inscription__session=session).select_related("epreuve", "saisi_par_membre"):
        par_epreuve.setdefault(e.inscription_id, []).append(e)
    decisions = {
        d.inscription_id: d
        for d in Decision.objects.filter(inscription__session=session).prefetch_related("ccps_acquis")
    }
    lignes = []
    for inscription in inscriptions:
        decision = decisions.get(inscription.pk)
        etat = str(inscription.etat)
        lignes.append(
            ResultatInscription(
                inscription=inscription,
                etat=etat,
                etat_libelle=EtatInscription(etat).label,
                a_une_decision=etat in ETATS_AVEC_DECISION,
                resultats_ccp=sorted(par_ccp.get(inscription.pk, []), key=lambda r: r.ccp.numero),
                resultats_epreuves=sorted(par_epreuve.get(inscription.pk, []), key=lambda r: r.epreuve.ordre),
                decision=decision if etat in ETATS_DECISION else None,
                ccps_acquis=(
                    sorted(decision.ccps_acquis.all(), key=lambda c: c.numero)
                    if decision and etat in ETATS_DECISION
                    else []
                ),
                entretien_final_le=decision.entretien_final_le if decision and etat in ETATS_DECISION else None,
                observations=decision.observations if decision and etat in ETATS_DECISION else "",
            )
        )
    return lignes


# --------------------------------------------------------------------- the entry grid


@dataclass
class CelluleCCP:
    ccp: Any
    presente: bool
    resultat: ResultatCCP | None


@dataclass
class CelluleEpreuve:
    epreuve: Any
    presentee: bool
    resultat: ResultatEpreuve | None


@dataclass
class LigneGrille:
    """One row of the entry grid: a candidate, a cell per CCP / épreuve of the grid, their decision."""

    inscription: Inscription
    ccps: list[CelluleCCP]
    epreuves: list[CelluleEpreuve]
    decision: Decision | None
    a_une_decision: bool
    present: bool

    @property
    def candidat(self) -> Any:
        return self.inscription.candidat


@dataclass
class Grille:
    colonnes_ccp: list[Any]
    colonnes_epreuves: list[Any]
    lignes: list[LigneGrille]


def grille(session: Any, inscriptions: Iterable[Inscription]) -> Grille:
    """The entry grid of ``inscriptions`` (of ``session``): a column per CCP and per épreuve any of them sits."""
    inscriptions = list(inscriptions)
    par_ccp = {
        (r.inscription_id, r.ccp_id): r
        for r in ResultatCCP.objects.filter(inscription__in=inscriptions).select_related("saisi_par_membre")
    }
    par_epreuve = {
        (r.inscription_id, r.epreuve_id): r
        for r in ResultatEpreuve.objects.filter(inscription__in=inscriptions).select_related("saisi_par_membre")
    }
    decisions = {
        d.inscription_id: d
        for d in Decision.objects.filter(inscription__in=inscriptions).prefetch_related("ccps_acquis")
    }
    sat_ccp = {i.pk: {c.pk for c in ccps_presentes(i)} for i in inscriptions}
    sat_ep = {i.pk: {e.pk for e in epreuves_presentees(i)} for i in inscriptions}
    tous_ccp = set().union(*sat_ccp.values()) if sat_ccp else set()
    tous_ep = set().union(*sat_ep.values()) if sat_ep else set()
    colonnes_ccp = [c for c in session.millesime.ccps.order_by("numero") if c.pk in tous_ccp]
    colonnes_ep = [e for e in session.millesime.epreuves.order_by("ordre") if e.pk in tous_ep]
    lignes = []
    for i in inscriptions:
        etat = str(i.etat)
        lignes.append(
            LigneGrille(
                inscription=i,
                ccps=[CelluleCCP(c, c.pk in sat_ccp[i.pk], par_ccp.get((i.pk, c.pk))) for c in colonnes_ccp],
                epreuves=[CelluleEpreuve(e, e.pk in sat_ep[i.pk], par_epreuve.get((i.pk, e.pk))) for e in colonnes_ep],
                decision=decisions.get(i.pk) if etat in ETATS_DECISION else None,
                a_une_decision=etat in ETATS_AVEC_DECISION,
                present=etat == EtatInscription.PRESENT or etat in ETATS_DECISION,
            )
        )
    return Grille(colonnes_ccp, colonnes_ep, lignes)


# --------------------------------------------------------------------- SES-CCP follow-up


@dataclass
class ReussitePartielle:
    """A candidate in partial success: their registration, the CCP they lack, what was proposed to them."""

    inscription: Inscription
    ccps_manquants: list[Any]
    propositions: list[Any]
    sessions_a_venir: list[Any]

    @property
    def candidat(self) -> Any:
        return self.inscription.candidat

    @property
    def proposee_le(self) -> dt.date | None:
        dates = [p.proposee_le.date() for p in self.propositions]
        return min(dates) if dates else None


def reussites_partielles(inscriptions: Iterable[Inscription], *, jour: dt.date) -> list[ReussitePartielle]:
    """SES-CCP: for each registration in partial success (and still missing a CCP), the CCP they lack and the
    upcoming CCP sessions of the same organisme and millésime (not cancelled, first day after ``jour``)."""
    from titrepro.examens.models import EtatSession, NatureSession, Session
    from titrepro.personnes.models import CCPAcquis
    from titrepro.resultats.models import PropositionCCP

    inscriptions = [
        i for i in inscriptions if i.etat in {EtatInscription.REUSSITE_PARTIELLE, EtatInscription.CCP_NON_ACQUIS}
    ]
    if not inscriptions:
        return []
    acquis: dict[int, set[int]] = {}
    for candidat_id, ccp_id in CCPAcquis.objects.filter(
        candidat_id__in={i.candidat_id for i in inscriptions}
    ).values_list("candidat_id", "ccp_id"):
        acquis.setdefault(candidat_id, set()).add(ccp_id)
    propositions: dict[int, list[Any]] = {}
    for p in PropositionCCP.objects.filter(inscription__in=inscriptions).select_related("session_proposee"):
        propositions.setdefault(p.inscription_id, []).append(p)
    a_venir = list(
        Session.objects.filter(
            nature=NatureSession.CCP,
            premier_jour__gt=jour,
            organisme_id__in={i.session.organisme_id for i in inscriptions},
            millesime_id__in={i.session.millesime_id for i in inscriptions},
        )
        .exclude(etat__in=[EtatSession.ANNULEE, EtatSession.BROUILLON])
        .prefetch_related("ccps")
        .order_by("premier_jour")
    )
    resultat = []
    for i in inscriptions:
        tenus = acquis.get(i.candidat_id, set())
        manquants = [c for c in i.session.millesime.ccps.order_by("numero") if c.pk not in tenus]
        if not manquants:
            continue
        ids = {c.pk for c in manquants}
        sessions = [
            s
            for s in a_venir
            if s.organisme_id == i.session.organisme_id
            and s.millesime_id == i.session.millesime_id
            and ids & {c.pk for c in s.ccps.all()}
        ]
        resultat.append(ReussitePartielle(i, manquants, propositions.get(i.pk, []), sessions))
    return resultat


# --------------------------------------------------------------------- who reads which rows


def lit_comme_jure(user: Any, session: Any) -> bool:
    """A jury member with no other reading role: they see only their own jury's candidates."""
    from titrepro.comptes.acces import LECTEURS_SESSIONS
    from titrepro.comptes.roles import Role

    return Role.MEMBRE_JURY in user.roles and not (user.roles & LECTEURS_SESSIONS)


def inscriptions_de_la_grille(user: Any, session: Any, jury_numero: int | None = None) -> QuerySet[Inscription]:
    """The session's registrations the user reads in the grid: all of them for the session's readers, those of the
    juries where they hold an active participation for a jury member."""
    inscriptions = (
        Inscription.objects.visibles_par(user)
        .filter(session=session)
        .select_related("candidat", "jury", "session__millesime")
        .prefetch_related("ccps")
        .order_by("jury__numero", "candidat__nom_naissance", "candidat__prenoms", "pk")
    )
    if lit_comme_jure(user, session):
        from titrepro.examens.models.jurys import ETATS_PARTICIPATION_ACTIFS, ParticipationJury

        jurys = ParticipationJury.objects.filter(
            membre__compte=user, jury__session=session, etat__in=ETATS_PARTICIPATION_ACTIFS
        ).values_list("jury_id", flat=True)
        inscriptions = inscriptions.filter(jury_id__in=list(jurys))
    if jury_numero is not None:
        inscriptions = inscriptions.filter(jury__numero=jury_numero)
    return inscriptions
