"""Objects of the sessions issues, added to the persona world (tests.personas).

Each organisme has one session (« en préparation ») of the world's millésime on its site,
covered by its agrément, with two days, one jury, and one registered candidate with a
convocation recorded (not yet issued). In organisme A, candidat_a is registered and
jury_a is invited: the candidate and jury personas see session A, nothing of B.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from titrepro.examens.models import (
    Convocation,
    EtatSession,
    Inscription,
    JourSession,
    Jury,
    ParticipationJury,
    Session,
)

PREMIER_JOUR = dt.date(2027, 6, 14)


def ajouter_sessions(monde: Any) -> None:
    responsables = {"a": monde.utilisateurs["responsable_session"], "b": monde.utilisateurs["externe"]}
    for cle in ("a", "b"):
        session = Session.objects.create(
            organisme=monde.objets[f"organisme_{cle}"],
            site=monde.objets[f"site_{cle}"],
            agrement=monde.objets[f"agrement_{cle}"],
            millesime=monde.objets["millesime"],
            premier_jour=PREMIER_JOUR,
            dernier_jour=PREMIER_JOUR + dt.timedelta(days=1),
            responsable=responsables[cle],
            etat=EtatSession.CREEE,
            creee_le=dt.date(2027, 1, 4),
            programmee_le=dt.date(2027, 1, 4),
        )
        for decalage in (0, 1):
            JourSession.objects.create(session=session, date=PREMIER_JOUR + dt.timedelta(days=decalage))
        jury = Jury.objects.create(session=session, numero=1)
        participation = ParticipationJury.objects.create(jury=jury, membre=monde.objets[f"jury_{cle}"])
        inscription = Inscription.objects.create(
            session=session,
            candidat=monde.objets[f"candidat_{cle}"],
            public="formation",
            jury=jury,
            inscrit_le=dt.date(2027, 1, 10),
            inscrit_par=responsables[cle],
        )
        convocation = Convocation.objects.create(inscription=inscription, mode="lrar")
        monde.objets.update(
            {
                f"session_{cle}": session,
                f"jury_session_{cle}": jury,
                f"participation_{cle}": participation,
                f"inscription_{cle}": inscription,
                f"convocation_{cle}": convocation,
            }
        )
