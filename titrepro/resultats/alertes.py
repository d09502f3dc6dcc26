"""Alert source of the results (autodiscovered by ``titrepro.conformite.signalements``).

SES-CCP: a candidate in partial success (a session titre's « réussite partielle », or a session CCP's « CCP non
acquis ») to whom the organisme proposed no CCP session within N days (catalogue parameter ``jours``, 60 by
default — a product choice, the texts give no delay) of the session's last day, and who is not registered to a
later session of the same TP. The subject is the registration; the session team of the organisme is told.
Set-based: one query for the rows, one for the teams, parameters read once per région.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef

from titrepro.conformite.regles.decisions import SuiviReussitePartielle, suivi_reussite_partielle
from titrepro.conformite.services import parametres_en_vigueur
from titrepro.conformite.signalements import AlerteCalculee, source_d_alertes
from titrepro.examens.alertes import _equipes
from titrepro.examens.models import EtatInscription, EtatSession, Inscription
from titrepro.resultats.models import PropositionCCP

ETATS_DECIDES = [
    EtatSession.RESULTATS_SAISIS,
    EtatSession.PV_EDITE,
    EtatSession.PV_SIGNE,
    EtatSession.TRANSMISE,
    EtatSession.VALIDEE,
]


@source_d_alertes("SES-CCP")
def reussites_partielles_sans_proposition(jour: dt.date) -> Iterator[AlerteCalculee]:
    plus_tard = Inscription.objects.filter(
        candidat=OuterRef("candidat"),
        session__millesime__titre=OuterRef("session__millesime__titre"),
        session__premier_jour__gt=OuterRef("session__dernier_jour"),
    ).exclude(session__etat=EtatSession.ANNULEE)
    lignes = list(
        Inscription.objects.filter(
            etat__in=[EtatInscription.REUSSITE_PARTIELLE, EtatInscription.CCP_NON_ACQUIS],
            session__etat__in=ETATS_DECIDES,
            session__dernier_jour__lt=jour,
        )
        .exclude(Exists(PropositionCCP.objects.filter(inscription=OuterRef("pk"))))
        .exclude(Exists(plus_tard))
        .select_related("candidat", "session__site__departement")
        .order_by("session__dernier_jour", "pk")
    )
    if not lignes:
        return
    equipes = _equipes(i.session.organisme_id for i in lignes)
    parametres: dict[Any, dict[str, int]] = {}
    for inscription in lignes:
        session = inscription.session
        region = session.site.departement.region_id
        if region not in parametres:
            parametres[region] = parametres_en_vigueur("SES-CCP", jour=jour, region=region)
        verdict = suivi_reussite_partielle(
            SuiviReussitePartielle(
                candidat=str(inscription.candidat),
                session_terminee_le=session.dernier_jour,
                proposee_le=None,
                jour=jour,
            ),
            parametres[region],
        )
        if not verdict.alerte:
            continue
        yield AlerteCalculee(
            code="SES-CCP",
            sujet=inscription,
            message=f"Session {session.numero} : {verdict.message}",
            echeance=verdict.echeance,
            destinataires=equipes.get(session.organisme_id, ()),
            organisme_id=session.organisme_id,
            departement_id=session.site.departement_id,
            region_id=region,
        )
