from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f
from titrepro.examens.models import EtatSession, Inscription, JourSession, Session


def creer_session(monde, *, premier_jour: dt.date, nature: str = "titre", millesime=None, candidats=1) -> Session:
    session = Session.objects.create(
        organisme=monde.organisme_a,
        site=monde.site_a,
        millesime=millesime or monde.millesime,
        nature=nature,
        premier_jour=premier_jour,
        dernier_jour=premier_jour + dt.timedelta(days=1),
        responsable=monde.utilisateurs["responsable_session"],
        etat=EtatSession.CREEE,
        creee_le=dt.date(2026, 12, 1),
    )
    JourSession.objects.create(session=session, date=premier_jour)
    for _ in range(candidats):
        Inscription.objects.create(
            session=session,
            candidat=f.CandidatFactory(organismes=[monde.organisme_a]),
            public="formation",
            inscrit_le=dt.date(2026, 12, 2),
        )
    return session


@pytest.fixture
def equipe(monde):
    return monde.utilisateurs["responsable_session"]


@pytest.fixture
def gev(monde):
    return monde.utilisateurs["agent_gev"]
