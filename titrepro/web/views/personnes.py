from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from titrepro.comptes.acces import LECTEURS_CANDIDATS, LECTEURS_MEMBRES_JURY
from titrepro.comptes.roles import Role
from titrepro.personnes.models import Candidat, MembreJury
from titrepro.web.views.base import FicheVisible, ListeVisible


class ListeCandidats(ListeVisible):
    model = Candidat
    roles_autorises = LECTEURS_CANDIDATS - {Role.CANDIDAT}
    template_name = "web/personnes/candidats.html"
    extra_context = {"title": "Candidats"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(recherche=self.request.GET.get("q", "").strip(), **kwargs)

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        recherche = self.request.GET.get("q", "").strip()
        if recherche:
            queryset = queryset.filter(
                Q(nom_naissance__icontains=recherche)
                | Q(nom_usage__icontains=recherche)
                | Q(prenoms__icontains=recherche)
            )
        return queryset


class FicheCandidat(FicheVisible):
    model = Candidat
    roles_autorises = LECTEURS_CANDIDATS
    template_name = "web/personnes/candidat.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = str(self.object)
        context["organismes"] = self.object.organismes.visibles_par(self.request.user)
        return context


class ListeMembresJury(ListeVisible):
    model = MembreJury
    roles_autorises = LECTEURS_MEMBRES_JURY - {Role.MEMBRE_JURY}
    template_name = "web/personnes/membres_jury.html"
    extra_context = {"title": "Membres de jury"}

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("departement")


class FicheMembreJury(FicheVisible):
    model = MembreJury
    roles_autorises = LECTEURS_MEMBRES_JURY
    template_name = "web/personnes/membre_jury.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = str(self.object)
        return context
