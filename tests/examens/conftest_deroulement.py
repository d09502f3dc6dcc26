"""A session ready for its exam day: convoquée, one jury of two accepted members, three convened candidates.

Built on ``monde_session`` (tests/examens/conftest.py): the days are ``PREMIER_JOUR`` (Monday
14 June 2027) and the next one; candidates have a postal address in Lyon.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tests import factories as f
from tests.examens.conftest import MondeSession
from titrepro.examens.models import (
    EtatInscription,
    EtatParticipation,
    EtatSession,
    Inscription,
    JourSession,
    Jury,
    ParticipationJury,
    Session,
)
from titrepro.personnes.models import Adresse

MAINTENANT = dt.datetime(2027, 6, 14, 8, 20, tzinfo=dt.UTC)


@dataclass
class JourDeSession:
    monde: MondeSession
    session: Session
    jury: Jury
    participations: list[ParticipationJury]
    inscriptions: list[Inscription]


def construire_jour(monde: MondeSession) -> JourDeSession:
    session = monde.creer()
    jury = Jury.objects.create(session=session, numero=1)
    participations = [
        ParticipationJury.objects.create(jury=jury, membre=f.MembreJuryFactory(), etat=EtatParticipation.ACCEPTEE)
        for _ in range(2)
    ]
    inscriptions = []
    for nom in ("ARNAUD", "BERTIN", "CHARLES"):
        candidat = f.CandidatFactory(nom_naissance=nom, email=f"{nom.lower()}@exemple.fr", organismes=[monde.organisme])
        Adresse.objects.create(
            candidat=candidat, voie="3 rue des Lilas", code_postal="69001", commune="Lyon", depuis=dt.date(2026, 1, 1)
        )
        inscriptions.append(
            Inscription.objects.create(
                session=session,
                candidat=candidat,
                public="formation",
                jury=jury,
                etat=EtatInscription.CONVOQUE,
                inscrit_le=dt.date(2027, 1, 10),
            )
        )
    Session.objects.filter(pk=session.pk).update(etat=EtatSession.CONVOQUEE, convoquee_le=dt.date(2027, 5, 3))
    session.refresh_from_db()
    return JourDeSession(monde, session, jury, participations, inscriptions)


def auteur(jour: JourDeSession) -> Any:
    return jour.monde.responsable


def construire_jour_aujourd_hui(monde: MondeSession) -> JourDeSession:
    """``construire_jour`` with the session's two days moved to today and tomorrow (pages act « today »)."""
    donnees = construire_jour(monde)
    aujourd_hui = timezone.localdate()
    session = donnees.session
    jours = list(session.jours.order_by("date"))
    for decalage in (10, 0):  # through other dates first: (session, date) is unique
        for rang, j in enumerate(jours):
            JourSession.objects.filter(pk=j.pk).update(date=aujourd_hui + dt.timedelta(days=decalage + rang))
    Session.objects.filter(pk=session.pk).update(
        premier_jour=aujourd_hui, dernier_jour=aujourd_hui + dt.timedelta(days=1)
    )
    session.refresh_from_db()
    return donnees
