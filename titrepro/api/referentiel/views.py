from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.referentiel.filtres import TitreFiltre
from titrepro.api.referentiel.serializers import TitreSerializer
from titrepro.comptes.acces import LECTEURS_REFERENTIEL
from titrepro.referentiel.echange import document_vers_donnees
from titrepro.referentiel.models import CCP, Epreuve, Millesime, Titre
from titrepro.referentiel.services import referentiel_exporter


class TitreViewSet(LectureVisibleViewSet):
    """Titres professionnels avec leurs millésimes, CCP, CCS et épreuves (lecture seule)."""

    queryset = (
        Titre.objects.prefetch_related(
            Prefetch("millesimes", queryset=Millesime.objects.order_by("date_effet", "version")),
            "millesimes__ccps",
            "millesimes__ccss",
        )
        .prefetch_related(Prefetch("millesimes__epreuves", queryset=Epreuve.objects.order_by("ordre")))
        .prefetch_related(Prefetch("millesimes__epreuves__ccps", queryset=CCP.objects.order_by("numero")))
        .order_by("intitule", "code")
    )
    serializer_class = TitreSerializer
    filterset_class = TitreFiltre
    roles_autorises = LECTEURS_REFERENTIEL

    @extend_schema(
        summary="Export au format d'échange",
        description=(
            "Les titres visibles (filtrés comme la liste) au format JSON d'échange "
            "`titrepro-referentiel` version 1, celui que lit la commande `importer_referentiel`. "
            "Non paginé."
        ),
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"], url_path="export", pagination_class=None)
    def export(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        titres = self.filter_queryset(self.get_queryset())
        return Response(document_vers_donnees(referentiel_exporter(titres)))
