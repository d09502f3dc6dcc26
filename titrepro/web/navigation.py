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
    Entree("Agréments", "web:demandes_agrement", acces.LECTEURS_AGREMENTS),
    Entree("Programmations", "web:programmations", acces.LECTEURS_PROGRAMMATIONS),
    Entree("Sessions", "web:sessions", acces.LECTEURS_SESSIONS),
    Entree("Candidats", "web:candidats", acces.LECTEURS_CANDIDATS - {Role.CANDIDAT}),
    Entree("Membres de jury", "web:membres_jury", acces.LECTEURS_MEMBRES_JURY - {Role.MEMBRE_JURY}),
    Entree("Habilitations", "web:habilitations", acces.LECTEURS_HABILITATIONS - {Role.MEMBRE_JURY}),
    Entree("Mon espace jury", "web:espace_jury", frozenset({Role.MEMBRE_JURY})),
    Entree("Résultats à saisir", "web:espace_jury_resultats", frozenset({Role.MEMBRE_JURY})),
    Entree("PV à signer", "web:espace_jury_pv", frozenset({Role.MEMBRE_JURY})),
    Entree("Mon espace", "web:mon_espace", acces.PORTAIL_CANDIDAT),
    Entree("Mes convocations", "web:mes_convocations", frozenset({Role.CANDIDAT})),
    Entree("Mes résultats", "web:mes_resultats", acces.RESULTATS_CANDIDAT),
    Entree("Imports", "web:import_personnes", acces.IMPORT_PERSONNES),
    Entree("Commandes DTE", "web:commandes_dte", acces.LECTEURS_COMMANDES_DTE),
    Entree("Réussites partielles", "web:suivi_ccp", acces.LECTEURS_SUIVI_CCP),
    Entree("PV à valider", "web:pv_a_valider", acces.FILE_PV),
    Entree("Insertion", "web:insertion", acces.LECTEURS_INSERTION),
    Entree("Alertes", "web:alertes", acces.LECTEURS_ALERTES),
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
