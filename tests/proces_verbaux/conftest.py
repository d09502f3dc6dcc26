"""A session held, with its results decided, ready for its PV.

``session_decidee`` is session of ``monde_session`` (Paris, last day ``DERNIER_JOUR``) moved to
« résultats saisis » with one jury of two members who accepted (each with a portal account) and
two candidates: Alice BERNARD (titre obtenu) and Bruno MARTIN (réussite partielle). States are
set directly: the PV only reads them (the results services have their own tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests import factories as f
from tests.examens.conftest import MondeSession, construire_monde_session
from titrepro.comptes.roles import Role
from titrepro.examens.models import EtatParticipation, EtatSession, Inscription, Jury, ParticipationJury, Session

DERNIER_JOUR = dt.date(2027, 6, 15)
MOT_DE_PASSE = f.MOT_DE_PASSE


@dataclass
class SessionDecidee:
    monde: MondeSession
    session: Session
    jures: list[Any]  # the members' accounts
    membres: list[Any]
    inscriptions: list[Inscription]


def mettre_etat(objet: Any, etat: str) -> None:
    type(objet).objects.filter(pk=objet.pk).update(etat=etat)
    objet.refresh_from_db()


def construire_session_decidee(monde: MondeSession | None = None) -> SessionDecidee:
    monde = monde or construire_monde_session()
    session = monde.creer()
    mettre_etat(session, EtatSession.RESULTATS_SAISIS)
    jury = Jury.objects.create(session=session, numero=1)
    jures, membres = [], []
    for prenom in ("jeanne", "paul"):
        compte = f.UtilisateurFactory(email=f"{prenom}@jury.fr", prenom=prenom.capitalize())
        f.AffectationFactory(utilisateur=compte, role=Role.MEMBRE_JURY)
        membre = f.MembreJuryFactory(nom=prenom.upper(), prenoms=prenom.capitalize(), compte=compte)
        ParticipationJury.objects.create(jury=jury, membre=membre, etat=EtatParticipation.ACCEPTEE)
        jures.append(compte)
        membres.append(membre)
    inscriptions = []
    for nom, prenom, etat in (("BERNARD", "Alice", "titre_obtenu"), ("MARTIN", "Bruno", "reussite_partielle")):
        candidat = f.CandidatFactory(nom_naissance=nom, prenoms=prenom, organismes=[monde.organisme])
        inscription = Inscription.objects.create(
            session=session, candidat=candidat, public="formation", jury=jury, inscrit_le=dt.date(2027, 1, 10)
        )
        mettre_etat(inscription, etat)
        inscriptions.append(inscription)
    return SessionDecidee(monde, session, jures, membres, inscriptions)


@pytest.fixture
def decidee(db: None) -> SessionDecidee:
    return construire_session_decidee()


@pytest.fixture
def monde_session(db: None) -> MondeSession:
    return construire_monde_session()
