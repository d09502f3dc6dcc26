"""Reads of the published results (RES-PUBLICATION): nothing is shown before the DDETS validated the session.

``resultats_publies(user)``: the candidate's own results in validated sessions, with the
validation date; ``exiger_publication(session)`` raises ``RegleRefusee`` (RES-PUBLICATION)
for any session not validated — the list to post, the attestations and the API call it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from titrepro.conformite.moteur import evaluer, exiger
from titrepro.examens.models import EtatInscription, EtatSession, Inscription, Session
from titrepro.proces_verbaux.models import ProcesVerbal
from titrepro.resultats.lectures import ResultatInscription, resultats_de_session

ETATS_ATTESTATION = frozenset(
    {EtatInscription.TITRE_OBTENU, EtatInscription.REUSSITE_PARTIELLE, EtatInscription.CCP_ACQUIS}
)
"""A success (titre obtenu) or CCP acquired (partial success, session CCP): an attestation de réussite."""


def date_validation(session: Session) -> dt.date | None:
    """The day the DDETS validated the session (None while it is not « validée »)."""
    if session.etat != EtatSession.VALIDEE:
        return None
    return ProcesVerbal.objects.filter(session=session).values_list("valide_le", flat=True).first() or None


def exiger_publication(session: Session) -> dt.date:
    """RES-PUBLICATION (bloquant): refuse unless the session is validated; return the validation date."""
    validee_le = date_validation(session)
    exiger(
        evaluer(
            "RES-PUBLICATION",
            jour_de_reference=session.premier_jour,
            region=session.site.departement.region_id,
            validee_le=validee_le,
        )
    )
    return validee_le or session.premier_jour  # unreachable when None: exiger refused above


@dataclass
class ResultatPublie:
    ligne: ResultatInscription
    validee_le: dt.date

    @property
    def inscription(self) -> Inscription:
        return self.ligne.inscription

    @property
    def session(self) -> Session:
        return self.ligne.inscription.session

    @property
    def a_une_attestation(self) -> bool:
        return self.ligne.etat in ETATS_ATTESTATION


def resultats_publies(user: Any) -> list[ResultatPublie]:
    """The signed-in candidate's results, only in sessions the DDETS validated (scoping: the CANDIDAT axis)."""
    inscriptions = (
        Inscription.objects.visibles_par(user)
        .filter(candidat__compte=user, session__etat=EtatSession.VALIDEE)
        .select_related("session__site__departement", "session__millesime__titre", "session__proces_verbal")
        .order_by("-session__dernier_jour", "pk")
    )
    publies = []
    for inscription in inscriptions:
        session = inscription.session
        validee_le = exiger_publication(session)
        ligne = next((lig for lig in resultats_de_session(session) if lig.inscription.pk == inscription.pk), None)
        if ligne is not None:
            publies.append(ResultatPublie(ligne, validee_le))
    return publies


def resultat_publie(user: Any, inscription_pk: int) -> ResultatPublie | None:
    return next((r for r in resultats_publies(user) if r.inscription.pk == inscription_pk), None)
