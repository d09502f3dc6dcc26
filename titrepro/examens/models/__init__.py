"""Sessions d'examen: the session, its days, its juries, its candidates and their convocations.

The app is called ``examens`` because Django's own session framework already owns the
``sessions`` label; the models keep the domain's words (``Session``, ``Jury``,
``Inscription``, ``Convocation``).
"""

from titrepro.examens.models.documents import DocumentConvocations, EtatDocument
from titrepro.examens.models.inscriptions import (
    Convocation,
    EtatInscription,
    Inscription,
    ModeConvocation,
    PublicCandidat,
)
from titrepro.examens.models.jurys import EtatParticipation, Jury, ParticipationJury
from titrepro.examens.models.sessions import (
    DecisionDte,
    EtatSession,
    JourSession,
    NatureSession,
    ReportSession,
    Session,
    est_gestionnaire_sessions,
    gestionnaires_sessions_parmi,
)

__all__ = [
    "Convocation",
    "DecisionDte",
    "DocumentConvocations",
    "EtatDocument",
    "EtatInscription",
    "EtatParticipation",
    "EtatSession",
    "Inscription",
    "JourSession",
    "Jury",
    "ModeConvocation",
    "NatureSession",
    "ParticipationJury",
    "PublicCandidat",
    "ReportSession",
    "Session",
    "est_gestionnaire_sessions",
    "gestionnaires_sessions_parmi",
]
