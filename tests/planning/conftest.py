"""A small plannable session: 3 candidates, 3 épreuves of the RE, one jury of two accepted members, two rooms.

Built on ``tests.examens.conftest.construire_monde_session`` (organisme, site in Paris, millésime
with two CCP, agrément): the session titre of 14 and 15 June 2027 (8:30–17:00), the RE's épreuves
— a 120 min mise en situation without the jury, a 45 min entretien technique and a 20 min
entretien final before the jury — the millésime's 15 min of file reading per candidate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests import factories as f
from tests.examens.conftest import MondeSession, construire_monde_session
from titrepro.examens.models import EtatParticipation, Inscription, Jury, ParticipationJury
from titrepro.planning.models import Salle
from titrepro.referentiel.models import TypeEpreuve

PREMIER_JOUR = dt.date(2027, 6, 14)


@dataclass
class SessionPlanifiable:
    monde: MondeSession
    session: Any
    epreuves: list[Any]
    inscriptions: list[Any]
    jury: Any
    membres: list[Any]
    salles: list[Any]


def construire_session_planifiable(nombre_candidats: int = 3) -> SessionPlanifiable:
    monde = construire_monde_session()
    epreuves = [
        f.EpreuveFactory(
            millesime=monde.millesime, ordre=1, type=TypeEpreuve.MISE_EN_SITUATION, duree_minutes=120, avec_jury=False
        ),
        f.EpreuveFactory(millesime=monde.millesime, ordre=2, type=TypeEpreuve.ENTRETIEN_TECHNIQUE, duree_minutes=45),
        f.EpreuveFactory(millesime=monde.millesime, ordre=3, type=TypeEpreuve.ENTRETIEN_FINAL, duree_minutes=20),
    ]
    session = monde.creer()
    jury = Jury.objects.create(session=session, numero=1)
    membres = [f.MembreJuryFactory(nom="MARTIN"), f.MembreJuryFactory(nom="BERNARD")]
    for membre in membres:
        ParticipationJury.objects.create(jury=jury, membre=membre, etat=EtatParticipation.ACCEPTEE)
    inscriptions = [
        Inscription.objects.create(
            session=session,
            candidat=f.CandidatFactory(nom_naissance=f"CANDIDAT{i}", organismes=[monde.organisme]),
            public="formation",
            inscrit_le=dt.date(2027, 1, 10),
        )
        for i in range(1, nombre_candidats + 1)
    ]
    salles = [
        Salle.objects.create(
            site=monde.site, nom="Atelier", capacite=4, postes=4, types_epreuves=[TypeEpreuve.MISE_EN_SITUATION]
        ),
        Salle.objects.create(site=monde.site, nom="Salle du jury", capacite=1, isolee_possible=True),
    ]
    return SessionPlanifiable(monde, session, epreuves, inscriptions, jury, membres, salles)


@pytest.fixture
def planifiable(db: None) -> SessionPlanifiable:
    return construire_session_planifiable()
