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
