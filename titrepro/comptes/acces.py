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
