"""Load (or refresh) the régions and départements; idempotent."""

from __future__ import annotations

from typing import Any

from titrepro.territoires.donnees import DEPARTEMENTS, REGIONS, SUBDIVISION_FERIES


def charger_territoires(region_model: Any, departement_model: Any) -> None:
    """Takes the model classes so a data migration can pass its historical models."""
    regions = {}
    for code, nom in REGIONS.items():
        regions[code], _ = region_model.objects.update_or_create(code=code, defaults={"nom": nom})
    for code, nom, code_region in DEPARTEMENTS:
        departement_model.objects.update_or_create(
            code=code,
            defaults={
                "nom": nom,
                "region": regions[code_region],
                "subdivision_feries": SUBDIVISION_FERIES.get(code, ""),
            },
        )
