"""Query filters of /api/v1/titres/: ?secteur=, ?niveau=, ?transport=, ?q= (intitulé, code or RNCP)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from titrepro.referentiel.lectures import filtrer_titres
from titrepro.referentiel.models import Secteur, Titre


class TitreFiltre(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(method="rechercher", label="Recherche dans l'intitulé, le code et le numéro RNCP")
    secteur = django_filters.ChoiceFilter(choices=Secteur.choices, label="Secteur")
    niveau = django_filters.NumberFilter(label="Niveau (3 à 7)")
    transport = django_filters.BooleanFilter(label="Titre du transport")

    class Meta:
        model = Titre
        fields = ["q", "secteur", "niveau", "transport"]

    def rechercher(self, queryset: QuerySet[Titre], name: str, value: Any) -> QuerySet[Titre]:
        return filtrer_titres(queryset, recherche=str(value))
