"""Sessions d'examen: the session, its days, its juries, its candidates and their convocations.

The app is called ``examens`` because Django's own session framework already owns the
``sessions`` label; the models keep the domain's words (``Session``, ``Jury``,
``Inscription``, ``Convocation``).
"""

from titrepro.examens.models.deroulement import (
    Absence,
    ControlePlis,
    Emargement,
    FeuilleEmargement,
    Incident,
    NatureIncident,
    NatureSanction,
    PieceIdentite,
    PresenceJure,
    PresenceResponsable,
    QualiteResponsable,
    SanctionFraude,
    TentativeOuverture,
    TirageAuSort,
    VisitePlateau,
)
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
    "Absence",
    "ControlePlis",
    "Convocation",
    "DecisionDte",
    "DocumentConvocations",
    "Emargement",
    "EtatDocument",
    "EtatInscription",
    "EtatParticipation",
    "EtatSession",
    "FeuilleEmargement",
    "Incident",
    "Inscription",
    "JourSession",
    "Jury",
    "ModeConvocation",
    "NatureIncident",
    "NatureSanction",
    "NatureSession",
    "ParticipationJury",
    "PieceIdentite",
    "PresenceJure",
    "PresenceResponsable",
    "PublicCandidat",
    "QualiteResponsable",
    "ReportSession",
    "SanctionFraude",
    "Session",
    "TentativeOuverture",
    "TirageAuSort",
    "VisitePlateau",
    "est_gestionnaire_sessions",
    "gestionnaires_sessions_parmi",
]
