"""The home page: a public presentation, or the signed-in user's own dashboard by role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from titrepro.comptes.roles import Role
from titrepro.web.tableaux_de_bord import alertes_pour, tuiles_pour

# The role whose home page a user with several roles sees first.
_PRIORITE = [
    Role.ADMINISTRATEUR,
    Role.AGENT_DREETS,
    Role.AGENT_DDETS,
    Role.AGENT_GEV,
    Role.RESPONSABLE_ORGANISME,
    Role.RESPONSABLE_SESSION,
    Role.SUPPLEANT,
    Role.FORMATEUR,
    Role.MEMBRE_JURY,
    Role.CANDIDAT,
]


def accueil(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "web/accueil_public.html", {"title": "Accueil"})
    roles = request.user.roles
    role = next((r for r in _PRIORITE if r in roles), None)
    return render(
        request,
        "web/accueil.html",
        {
            "title": "Tableau de bord",
            "role": Role(role).label if role else None,
            "tuiles": tuiles_pour(request.user, role),
            "alertes": alertes_pour(request.user),
        },
    )
