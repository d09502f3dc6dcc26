"""Alert and deadline sources of the DTE orders (autodiscovered by ``titrepro.conformite.signalements``).

- DTE-NON-RECU: a TP order not *recue* from 14 days before the session; the message names the sector's
  GEV mailbox.
- DTE-DESTRUCTION: the centre holds material after the session, or plis of a cancelled order still to be
  destroyed or returned (the follow-up of DTE-ANNULATION).
- The automate (daily treatment, DTE-SUIVI): CCP links transmitted the day after the order.

The session's DTE deadlines (DTE-DELAI, DTE-SUIVI, DTE-NON-RECU, DTE-DESTRUCTION) are computed once,
by ``titrepro.examens.alertes`` from the pure ``echeances_session``; it reads the order's submission
date through ``Session.commande_dte`` (installed by ``DteConfig.ready``).

Sources never write; they use a few set-based queries and the pure rule functions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db import models

from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.conformite.regles import dte as regles_dte
from titrepro.conformite.regles.calendrier import format_date
from titrepro.conformite.services import parametres_en_vigueur
from titrepro.conformite.signalements import (
    AlerteCalculee,
    source_d_alertes,
    traitement_quotidien,
)
from titrepro.dte.models import ETATS_PLIS_RECUS, CommandeDte, EtatCommande, SecteurCommande
from titrepro.dte.services import liens_ccp_transmettre
from titrepro.examens.models import EtatSession

FENETRE_MAX = 60
"""Days before the session the DTE-NON-RECU query looks at (wider than any sensible parameter)."""

ROLES_EQUIPE = (Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT)


def _equipes(organisme_ids: set[int]) -> dict[int, list[Any]]:
    equipes: dict[int, list[Any]] = defaultdict(list)
    for affectation in Affectation.objects.filter(
        role__in=ROLES_EQUIPE, organisme_id__in=organisme_ids, active=True
    ).select_related("utilisateur"):
        if affectation.organisme_id is not None:
            equipes[affectation.organisme_id].append(affectation.utilisateur)
    return equipes


def _alerte(code: str, commande: CommandeDte, message: str, echeance: dt.date | None, equipes: Any) -> AlerteCalculee:
    session = commande.session
    return AlerteCalculee(
        code=code,
        sujet=commande,
        message=message,
        echeance=echeance,
        destinataires=tuple(equipes.get(session.organisme_id, ())),
        organisme_id=session.organisme_id,
        departement_id=session.site.departement_id,
        region_id=session.site.departement.region_id,
    )


@source_d_alertes("DTE-NON-RECU")
def plis_non_recus(jour: dt.date) -> Iterator[AlerteCalculee]:
    """TP orders whose plis are not received 14 days (parameter) before the session."""
    commandes = list(
        CommandeDte.objects.non_annulees()
        .exclude(secteur=SecteurCommande.CCP)
        .exclude(etat__in=[EtatCommande.RECUE, EtatCommande.DETRUITE, EtatCommande.RETOURNEE])
        .exclude(session__etat=EtatSession.ANNULEE)
        .filter(session__premier_jour__gte=jour, session__premier_jour__lte=jour + dt.timedelta(days=FENETRE_MAX))
        .select_related("session__site__departement")
    )
    if not commandes:
        return
    regions = {c.session.site.departement.region_id for c in commandes}
    parametres = {r: parametres_en_vigueur("DTE-NON-RECU", jour=jour, region=r) for r in regions}
    equipes = _equipes({c.session.organisme_id for c in commandes})
    for commande in commandes:
        session = commande.session
        verdict = regles_dte.non_recu(
            regles_dte.ReceptionPlis(
                premier_jour=session.premier_jour, recue=False, secteur=commande.secteur, jour=jour
            ),
            parametres[session.site.departement.region_id],
        )
        if verdict.ok:
            continue
        yield _alerte(
            "DTE-NON-RECU", commande, f"Session {session.numero} : {verdict.message}", verdict.echeance, equipes
        )


@source_d_alertes("DTE-DESTRUCTION")
def dte_a_detruire(jour: dt.date) -> Iterator[AlerteCalculee]:
    """Material still held after the session, or plis of a cancelled order not yet destroyed or returned."""
    commandes = list(
        CommandeDte.objects.filter(
            models.Q(etat__in=list(ETATS_PLIS_RECUS), session__dernier_jour__lt=jour)
            | models.Q(etat=EtatCommande.ANNULEE, plis_a_detruire=True, cloturee_le__isnull=True)
        ).select_related("session__site__departement")
    )
    if not commandes:
        return
    equipes = _equipes({c.session.organisme_id for c in commandes})
    for commande in commandes:
        session = commande.session
        if commande.etat == EtatCommande.ANNULEE:
            message = (
                f"Session {session.numero} : commande annulée le {format_date(commande.annulee_le)} après "  # type: ignore[arg-type]
                "réception des plis ; détruisez-les sans les ouvrir (ou retournez-les à la GEV) et enregistrez-le."
            )
            echeance = commande.annulee_le
        else:
            message = (
                f"Session {session.numero} terminée le {format_date(session.dernier_jour)} : détruisez les sujets "
                "utilisés et non utilisés et enregistrez la destruction."
            )
            echeance = session.dernier_jour + dt.timedelta(days=1)
        yield _alerte("DTE-DESTRUCTION", commande, message, echeance, equipes)


@traitement_quotidien("DTE-SUIVI")
def transmettre_les_liens_ccp(jour: dt.date) -> int:
    """The automate: CCP orders prepared the day before or earlier get their links (8:00 run)."""
    return len(liens_ccp_transmettre(jour=jour))
