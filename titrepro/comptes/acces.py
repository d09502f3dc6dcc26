"""Who may open which kind of page or endpoint, by role (WORKFLOWS.md, "Who may do what").

Declared once here and used by the pages, the API and the navigation. The rows a
user then sees are decided by the scoping mechanism (titrepro.core.visibilite).
"""

from __future__ import annotations

from titrepro.comptes.roles import Role

ORGANISME = frozenset({Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT, Role.FORMATEUR})
ETAT = frozenset({Role.AGENT_DDETS, Role.AGENT_DREETS})

LECTEURS_REFERENTIEL = frozenset(set(Role) - {Role.CANDIDAT})
"""National reference data: everyone but candidates, who have nothing to do with it."""

LECTEURS_ORGANISMES = ORGANISME | ETAT | {Role.ADMINISTRATEUR}
LECTEURS_CANDIDATS = ORGANISME | {Role.AGENT_DDETS, Role.ADMINISTRATEUR, Role.CANDIDAT}
LECTEURS_MEMBRES_JURY = ETAT | {Role.ADMINISTRATEUR, Role.MEMBRE_JURY}
GESTION_REFERENTIEL = frozenset({Role.ADMINISTRATEUR})
LECTEURS_ALERTES = ORGANISME | ETAT | {Role.ADMINISTRATEUR}
"""The alerts of the sweep are about organismes (and, later, their sessions): who reads organismes reads them."""

# Organismes, agréments, programming (issue 4; WORKFLOWS.md « Who may do what »)
GESTION_ORGANISME = frozenset({Role.RESPONSABLE_ORGANISME})
"""The organisme's responsable writes its records and its agrément requests (its own organisme only)."""
LECTEURS_AGREMENTS = (
    frozenset({Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT}) | ETAT | {Role.ADMINISTRATEUR}
)
INSTRUCTEURS_AGREMENTS = frozenset({Role.AGENT_DREETS})
"""The DREETS instructs the requests of its région and suspends or withdraws agréments."""
LECTEURS_PROGRAMMATIONS = LECTEURS_AGREMENTS
"""The organisme's team; the UD/DDETS sees what it received; the DREETS its région."""

# Personnes (issue 5)
GESTION_CANDIDATS = frozenset(
    {Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT, Role.ADMINISTRATEUR}
)
"""Create and edit candidates, their addresses, parcours and accommodation requests (own organisme)."""
GESTION_JURY = frozenset({Role.AGENT_DDETS, Role.ADMINISTRATEUR})
"""Create jury members, grant and withdraw habilitations, decide accommodations (own département)."""
LECTEURS_HABILITATIONS = ETAT | {Role.ADMINISTRATEUR, Role.MEMBRE_JURY, Role.RESPONSABLE_SESSION, Role.SUPPLEANT}
DECLARANTS_LIENS = frozenset({Role.MEMBRE_JURY, Role.AGENT_DDETS, Role.ADMINISTRATEUR})
IMPORT_PERSONNES = frozenset(
    {Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT, Role.AGENT_DDETS, Role.ADMINISTRATEUR}
)
"""Candidates are imported by an organisme, jury members and habilitations by a DDETS (the administrator reads)."""

# Sessions d'examen (issue 6; WORKFLOWS.md « Who may do what »)
GESTION_SESSIONS = frozenset({Role.RESPONSABLE_SESSION, Role.SUPPLEANT})
"""Create sessions, register candidates, compose juries, order DTE, issue convocations (own organisme)."""
LECTEURS_SESSIONS = GESTION_SESSIONS | {Role.RESPONSABLE_ORGANISME} | ETAT | {Role.ADMINISTRATEUR}
"""Session pages: the organisme's team reads its own, the DDETS its département, the DREETS its région.
Jury members and candidates reach their sessions through their own portal pages."""
DEROGATEURS_SESSIONS = frozenset({Role.AGENT_DDETS})
"""Derogations (SES-DEROGATION) and the DDETS authorisations of a postponement or of kept plis."""
GESTION_COMMANDES_DTE = GESTION_SESSIONS
LECTEURS_COMMANDES_DTE = LECTEURS_SESSIONS - {Role.AGENT_DREETS} | {Role.AGENT_GEV}
"""DTE orders: the session team writes, the organisme's responsable and the DDETS read, the GEV processes."""
TRAITEMENT_DTE = frozenset({Role.AGENT_GEV})

# Issue 7, part PORTAIL: the candidate portal, the insertion follow-up (ORG-INSERTION), the archives (ARC-*)
PORTAIL_CANDIDAT = frozenset({Role.CANDIDAT})
"""The candidate's own space (/mon-espace/): their data only (Axe.CANDIDAT)."""
INVITATION_CANDIDATS = GESTION_CANDIDATS
"""Invite a candidate to the portal: the team of an organisme holding the candidate (and the administrator)."""
LECTEURS_INSERTION = LECTEURS_AGREMENTS
"""Insertion figures: the organisme's team (own), the DDETS (département), the DREETS (région), the administrator."""
LECTEURS_ARCHIVES = GESTION_SESSIONS | {Role.RESPONSABLE_ORGANISME, Role.AGENT_DDETS, Role.ADMINISTRATEUR}
"""Archives of a session (documents and their retention end): the organisme's team, the DDETS, the administrator."""
GESTION_ARCHIVES = GESTION_SESSIONS | {Role.RESPONSABLE_ORGANISME, Role.ADMINISTRATEUR}
"""Record a candidate's consent to keep their dossier professionnel and file its copy (ARC-DP)."""
DEPOT_PIECES_CONSERVEES = GESTION_SESSIONS
"""File a candidate's evaluation documents (sheets, jury grids, ECF booklet, VAE admissibility): the session team
of the organisme (``Session.peut_gerer``); they are read like the archives (LECTEURS_ARCHIVES)."""

# Issue 7, part RESULTATS: results entry, the jury's decisions, the SES-CCP follow-up
SAISIE_RESULTATS = GESTION_SESSIONS | {Role.MEMBRE_JURY}
"""Enter results: the session team (transcribing the jury's grid) and the jury members, for their candidates only
(``titrepro.resultats.services.peut_saisir``)."""
LECTEURS_RESULTATS = LECTEURS_SESSIONS | {Role.MEMBRE_JURY}
"""The results grid of a session: its readers, and the members of its juries (their own jury only)."""
LECTEURS_SUIVI_CCP = frozenset({Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT}) | {
    Role.AGENT_DDETS,
    Role.ADMINISTRATEUR,
}
"""SES-CCP follow-up of partial successes: the organisme's team (own), the DDETS (its département) reads."""
PROPOSITION_CCP = GESTION_SESSIONS
"""Propose a CCP session to a candidate in partial success (an e-mail to the candidate)."""

# Planning des sessions (issue 8): rooms of a site, the session timetable
GESTION_SALLES = frozenset({Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT})
"""The organisme's team describes the rooms of its sites' plateau (own organisme); the State services read."""
LECTEURS_SALLES = LECTEURS_ORGANISMES
GESTION_PLANNING = GESTION_SESSIONS
"""The session team generates, adjusts, imports and publishes the timetable."""
LECTEURS_PLANNING = LECTEURS_SESSIONS | {Role.MEMBRE_JURY}
"""The session's readers, and the members of its juries; candidates see only their own hours (convocation)."""

# Issue 7, part PV: PV documents, signatures, transmission, DDETS validation, publication (RES-*)
SIGNATAIRES_PV = GESTION_SESSIONS | {Role.MEMBRE_JURY}
"""Sign a PV: each jury member who sat (in their portal), then the responsable de session or a suppléant."""
LECTEURS_PV = LECTEURS_SESSIONS | {Role.MEMBRE_JURY}
"""Read and download a session's PV documents: its readers and the members of its juries (never candidates)."""
INSTRUCTEURS_PV = frozenset({Role.AGENT_DDETS})
"""Validate a session or send its PV back for correction: the DDETS of the site's département."""
FILE_PV = frozenset({Role.AGENT_DDETS, Role.ADMINISTRATEUR})
"""The queue of PVs transmitted, by département (the administrator reads it)."""
RESULTATS_CANDIDAT = frozenset({Role.CANDIDAT})
"""« Mes résultats »: the candidate's own results, once the DDETS validated the session (RES-PUBLICATION)."""
