"""``GET /api/v1/alertes/``: the alerts of the user's scope (filters: code, niveau, etat)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.conformite.serializers import AlerteSerializer
from titrepro.comptes.acces import LECTEURS_ALERTES
from titrepro.conformite.models import Alerte


class AlerteViewSet(LectureVisibleViewSet):
    """Alertes du périmètre de l'utilisateur, ouvertes et résolues, calculées par le balayage quotidien."""

    queryset = Alerte.objects.all()
    serializer_class = AlerteSerializer
    roles_autorises = LECTEURS_ALERTES
    filterset_fields = ["code", "niveau", "etat", "organisme"]

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("content_type").prefetch_related("sujet").order_by("etat", "echeance", "pk")
