from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from titrepro.comptes.acces import LECTEURS_ORGANISMES
from titrepro.organisations.models import Organisme
from titrepro.web.views.base import FicheVisible, ListeVisible


class ListeOrganismes(ListeVisible):
    model = Organisme
    roles_autorises = LECTEURS_ORGANISMES
    template_name = "web/organisations/liste.html"
    extra_context = {"title": "Organismes"}


class FicheOrganisme(FicheVisible):
    model = Organisme
    roles_autorises = LECTEURS_ORGANISMES
    template_name = "web/organisations/fiche.html"

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.prefetch_related("sites__departement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = str(self.object)
        # Sites go through the same scoping: a DDETS sees only the sites of its département.
        context["sites"] = self.object.sites.visibles_par(self.request.user).select_related("departement")
        return context
