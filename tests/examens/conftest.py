"""Shared fixtures of the sessions tests: a small world where a session can be created, and one created.

``monde_session`` builds an organisme with a site in Paris (75), a TP millésime with two CCP and
one CCS, an agrément covering 2025-2028, the organisme's team (responsable de session, suppléant,
responsable) and a DDETS agent of Paris. ``session_creee`` is a session « en préparation » created
through ``session_creer`` on ``JOUR`` for the days of ``PREMIER_JOUR`` and the next one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests import factories as f
from titrepro.agrements.models import Agrement
from titrepro.comptes.roles import Role
from titrepro.examens.services.sessions import session_creer
from titrepro.referentiel.models import CCS

JOUR = dt.date(2027, 1, 4)
"""The day of the actions (a Monday), well over 91 days before ``PREMIER_JOUR``."""
PREMIER_JOUR = dt.date(2027, 6, 14)


def jours(premier: dt.date = PREMIER_JOUR, nombre: int = 2) -> list[tuple[dt.date, dt.time, dt.time]]:
    """``nombre`` consecutive days from ``premier``, 8:30–17:00."""
    return [(premier + dt.timedelta(days=i), dt.time(8, 30), dt.time(17, 0)) for i in range(nombre)]


@dataclass
class MondeSession:
    organisme: Any
    site: Any
    millesime: Any
    ccps: list[Any]
    ccs: Any
    agrement: Any
    responsable: Any
    suppleant: Any
    responsable_organisme: Any
    agent_ddets: Any
    autre_organisme: Any
    gestionnaire_autre: Any

    def creer(self, **champs: Any) -> Any:
        """``session_creer`` with sensible defaults (overridden by ``champs``)."""
        valeurs: dict[str, Any] = {
            "auteur": self.responsable,
            "organisme": self.organisme,
            "site": self.site,
            "millesime": self.millesime,
            "nature": "titre",
            "jours": jours(),
            "responsable": self.responsable,
            "suppleants": [self.suppleant],
            "jour": JOUR,
        }
        valeurs.update(champs)
        return session_creer(**valeurs)


def construire_monde_session() -> MondeSession:
    organisme = f.OrganismeFactory(raison_sociale="Centre Session")
    site = f.SiteFactory(organisme=organisme, nom="Site Session")
    millesime = f.MillesimeFactory(titre=f.TitreFactory(secteur="tertiaire"), fin_validite=dt.date(2029, 1, 1))
    ccps = [f.CCPFactory(millesime=millesime), f.CCPFactory(millesime=millesime)]
    ccs = CCS.objects.create(millesime=millesime, code="CCS-1", intitule="CCS d'essai")
    agrement = Agrement.objects.create(
        organisme=organisme, site=site, millesime=millesime, debut=dt.date(2025, 1, 1), fin=dt.date(2028, 12, 31)
    )

    def compte(prenom: str, role: str, **cible: Any) -> Any:
        user = f.UtilisateurFactory(email=f"{prenom}@session.fr", prenom=prenom)
        f.AffectationFactory(utilisateur=user, role=role, **cible)
        return user

    autre = f.OrganismeFactory(raison_sociale="Autre centre")
    return MondeSession(
        organisme=organisme,
        site=site,
        millesime=millesime,
        ccps=ccps,
        ccs=ccs,
        agrement=agrement,
        responsable=compte("resp", Role.RESPONSABLE_SESSION, organisme=organisme),
        suppleant=compte("supp", Role.SUPPLEANT, organisme=organisme),
        responsable_organisme=compte("respo", Role.RESPONSABLE_ORGANISME, organisme=organisme),
        agent_ddets=compte("ddets", Role.AGENT_DDETS, departement=site.departement),
        autre_organisme=autre,
        gestionnaire_autre=compte("autre", Role.RESPONSABLE_SESSION, organisme=autre),
    )


@pytest.fixture
def monde_session(db: None) -> MondeSession:
    return construire_monde_session()


@pytest.fixture
def session_creee(monde_session: MondeSession) -> Any:
    return monde_session.creer()
