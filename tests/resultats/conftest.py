"""A session « en cours » with one jury of two members who accepted, and present candidates.

Built on the sessions world (``tests.examens.conftest``): a TP with two CCP. ``monde_resultats``
gives the session titre ``session``, its jury, the accepted member ``jure`` (with a portal account),
a second member ``jure_lie`` who declared a link with ``lie`` (another present candidate of the same
jury), and ``lea`` and ``hugo``, present and assigned to the jury.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests import factories as f
from tests.examens.conftest import PREMIER_JOUR, MondeSession, construire_monde_session
from titrepro.comptes.roles import Role
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
from titrepro.personnes.models import LienJury

DERNIER_JOUR = PREMIER_JOUR + dt.timedelta(days=1)


@dataclass
class MondeResultats:
    base: MondeSession
    session: Session
    jury: Jury
    jure: Any
    jure_lie: Any
    lea: Inscription
    hugo: Inscription
    lie: Inscription

    @property
    def ccp1(self) -> Any:
        return self.base.ccps[0]

    @property
    def ccp2(self) -> Any:
        return self.base.ccps[1]


def creer_session(base: MondeSession, **champs: Any) -> Session:
    valeurs: dict[str, Any] = {
        "organisme": base.organisme,
        "site": base.site,
        "agrement": base.agrement,
        "millesime": base.millesime,
        "premier_jour": PREMIER_JOUR,
        "dernier_jour": DERNIER_JOUR,
        "responsable": base.responsable,
        "etat": EtatSession.EN_COURS,
        "creee_le": dt.date(2027, 1, 4),
    }
    valeurs.update(champs)
    session = Session.objects.create(**valeurs)
    session.suppleants.set([base.suppleant])
    for jour in (PREMIER_JOUR, DERNIER_JOUR):
        JourSession.objects.create(session=session, date=jour)
    return session


def jure_avec_compte(nom: str) -> Any:
    fiche = f.MembreJuryFactory(nom=nom, email=f"{nom.lower()}@jury.fr")
    user = f.UtilisateurFactory(email=f"compte-{nom.lower()}@jury.fr", prenom=nom)
    f.AffectationFactory(utilisateur=user, role=Role.MEMBRE_JURY)
    fiche.compte = user
    fiche.save()
    return fiche


def present(session: Session, nom: str, jury: Jury | None, **champs: Any) -> Inscription:
    candidat = f.CandidatFactory(nom_naissance=nom)
    candidat.organismes.add(session.organisme)
    return Inscription.objects.create(
        session=session,
        candidat=candidat,
        public="formation",
        jury=jury,
        inscrit_le=dt.date(2027, 1, 10),
        etat=EtatInscription.PRESENT,
        **champs,
    )


def construire_monde_resultats() -> MondeResultats:
    base = construire_monde_session()
    session = creer_session(base)
    jury = Jury.objects.create(session=session, numero=1)
    jure = jure_avec_compte("ARNAUD")
    jure_lie = jure_avec_compte("BERTIN")
    for membre in (jure, jure_lie):
        ParticipationJury.objects.create(jury=jury, membre=membre, etat=EtatParticipation.ACCEPTEE)
    lea = present(session, "MARTIN", jury)
    hugo = present(session, "PETIT", jury)
    lie = present(session, "ROUX", jury)
    LienJury.objects.create(
        membre=jure_lie, nature="pedagogique", candidat=lie.candidat, declare_le=dt.date(2027, 1, 5)
    )
    return MondeResultats(base, session, jury, jure, jure_lie, lea, hugo, lie)


@pytest.fixture
def monde(db: None) -> MondeResultats:
    return construire_monde_resultats()
