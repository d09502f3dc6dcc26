"""Alert source of the PVs (autodiscovered by ``titrepro.conformite.signalements``).

RES-PV-DELAI — a session held whose PV is not transmitted once its deadline (15 days after
the last day, 5 for a transport TP, or the parameter in force in the région) is past. The
échéancier's RES-PV-DELAI line is marked done with the transmission date by
``examens.alertes`` (it reads ``session.proces_verbal.transmis_le``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.conformite.moteur import evaluer
from titrepro.conformite.signalements import AlerteCalculee, source_d_alertes
from titrepro.examens.models import EtatSession, Session

ETATS_A_TRANSMETTRE = (
    EtatSession.EN_COURS,
    EtatSession.RESULTATS_SAISIS,
    EtatSession.PV_EDITE,
    EtatSession.PV_SIGNE,
)
DELAI_MIN_JOURS = 5
"""The shortest delay of the catalogue (transport): sessions ended more recently cannot be late."""


@source_d_alertes("RES-PV-DELAI")
def pv_non_transmis(jour: dt.date) -> Iterator[AlerteCalculee]:
    sessions = list(
        Session.objects.filter(
            etat__in=ETATS_A_TRANSMETTRE, dernier_jour__lt=jour - dt.timedelta(days=DELAI_MIN_JOURS)
        ).select_related("site__departement", "millesime__titre")
    )
    equipes: dict[int, list[Any]] = defaultdict(list)
    for affectation in Affectation.objects.filter(
        role__in=[Role.RESPONSABLE_SESSION, Role.SUPPLEANT],
        organisme_id__in={s.organisme_id for s in sessions},
        active=True,
    ).select_related("utilisateur"):
        equipes[affectation.organisme_id or 0].append(affectation.utilisateur)
    for session in sessions:
        verdict = evaluer(
            "RES-PV-DELAI",
            jour_de_reference=session.premier_jour,
            region=session.site.departement.region_id,
            dernier_jour=session.dernier_jour,
            transport=bool(session.millesime.titre.transport),
            transmis_le=None,
            jour=jour,
        )
        if verdict.ok:
            continue
        yield AlerteCalculee(
            code="RES-PV-DELAI",
            sujet=session,
            message=f"Session {session.numero} : {verdict.message}",
            echeance=verdict.echeance,
            destinataires=tuple(equipes.get(session.organisme_id, ())),
            organisme_id=session.organisme_id,
            departement_id=session.site.departement_id,
            region_id=session.site.departement.region_id,
        )
