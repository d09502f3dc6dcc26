"""Who receives the e-mails about an organisme: its responsables, the DREETS of its sites' régions, the DDETS."""

from __future__ import annotations

from collections.abc import Iterable

from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role


def _adresses(affectations: Iterable[Affectation]) -> list[str]:
    return sorted({a.utilisateur.email for a in affectations if a.utilisateur.is_active})


def responsables_organisme(organisme_id: int) -> list[str]:
    lignes = Affectation.objects.filter(
        role=Role.RESPONSABLE_ORGANISME, organisme_id=organisme_id, active=True
    ).select_related("utilisateur")
    return _adresses(lignes)


def equipe_organisme(organisme_id: int) -> list[str]:
    """The responsable, the responsables de session and their suppléants."""
    roles = [Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT]
    lignes = Affectation.objects.filter(role__in=roles, organisme_id=organisme_id, active=True)
    return _adresses(lignes.select_related("utilisateur"))


def agents_dreets(region_ids: Iterable[int]) -> list[str]:
    lignes = Affectation.objects.filter(role=Role.AGENT_DREETS, region_id__in=list(region_ids), active=True)
    return _adresses(lignes.select_related("utilisateur"))


def agents_ddets(departement_ids: Iterable[int]) -> list[str]:
    lignes = Affectation.objects.filter(role=Role.AGENT_DDETS, departement_id__in=list(departement_ids), active=True)
    return _adresses(lignes.select_related("utilisateur"))
