"""Read-only pages of the référentiel (national data: every signed-in user but candidates)."""

from __future__ import annotations

from titrepro.comptes.roles import Role
from titrepro.referentiel.models import Titre
from titrepro.web.views.base import FicheVisible, ListeVisible

LECTEURS_REFERENTIEL = frozenset(set(Role) - {Role.CANDIDAT})


class ListeTitres(ListeVisible):
    model = Titre
    roles_autorises = LECTEURS_REFERENTIEL
    template_name = "web/referentiel/titres.html"
    extra_context = {"title": "Référentiel des titres professionnels"}


class FicheTitre(FicheVisible):
    model = Titre
    roles_autorises = LECTEURS_REFERENTIEL
    template_name = "web/referentiel/titre.html"
