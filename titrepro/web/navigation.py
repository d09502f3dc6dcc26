"""The main navigation, by role. Hiding an entry is comfort, not control: views check access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from titrepro.comptes import acces
from titrepro.comptes.roles import Role


@dataclass(frozen=True)
class Entree:
    libelle: str
    url_name: str
    roles: frozenset[str] | None  # None: every signed-in user


ENTREES = [
    Entree("Accueil", "web:accueil", None),
    Entree("Référentiel", "web:titres", acces.LECTEURS_REFERENTIEL),
    Entree("Organismes", "web:organismes", acces.LECTEURS_ORGANISMES),
    Entree("Candidats", "web:candidats", acces.LECTEURS_CANDIDATS - {Role.CANDIDAT}),
    Entree("Membres de jury", "web:membres_jury", acces.LECTEURS_MEMBRES_JURY - {Role.MEMBRE_JURY}),
    Entree("Règles", "web:regles", None),
]


def navigation_pour(user: Any, chemin: str) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for entree in ENTREES:
        if entree.roles is not None and not user.roles.intersection(entree.roles):
            continue
        url = reverse(entree.url_name)
        actif = chemin == url if url == "/" else chemin.startswith(url)
        items.append({"label": entree.libelle, "link": url, "is_active": actif})
    return items
