"""The roles of WORKFLOWS.md and what each one is tied to."""

from __future__ import annotations

from django.db import models

from titrepro.core.visibilite import Axe


class Role(models.TextChoices):
    RESPONSABLE_ORGANISME = "responsable_organisme", "Responsable de l'organisme"
    RESPONSABLE_SESSION = "responsable_session", "Responsable de session"
    SUPPLEANT = "suppleant", "Suppléant du responsable de session"
    FORMATEUR = "formateur", "Formateur"
    MEMBRE_JURY = "membre_jury", "Membre de jury"
    CANDIDAT = "candidat", "Candidat"
    AGENT_DDETS = "agent_ddets", "Agent DDETS / UD"
    AGENT_DREETS = "agent_dreets", "Agent DREETS"
    AGENT_GEV = "agent_gev", "Agent GEV"
    ADMINISTRATEUR = "administrateur", "Administrateur"


ROLES_ORGANISME = frozenset({Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT, Role.FORMATEUR})
"""Roles held within one organisme (the membership names it)."""

ROLES_DEPARTEMENT = frozenset({Role.AGENT_DDETS})
ROLES_REGION = frozenset({Role.AGENT_DREETS})
ROLES_PERSONNE = frozenset({Role.CANDIDAT, Role.MEMBRE_JURY})
"""Roles tied to a person record (Candidat.compte, MembreJury.compte), not to a structure."""

ROLES_NATIONAUX = frozenset({Role.AGENT_GEV, Role.ADMINISTRATEUR})

ROLES_GESTION_ORGANISME = frozenset({Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT})
"""Organisme roles that see all of their organisme's records."""

AXE_DU_ROLE: dict[str, Axe] = {
    Role.RESPONSABLE_ORGANISME: Axe.ORGANISME,
    Role.RESPONSABLE_SESSION: Axe.ORGANISME,
    Role.SUPPLEANT: Axe.ORGANISME,
    Role.FORMATEUR: Axe.FORMATION,
    Role.AGENT_DDETS: Axe.DEPARTEMENT,
    Role.AGENT_DREETS: Axe.REGION,
    Role.AGENT_GEV: Axe.GEV,
}
