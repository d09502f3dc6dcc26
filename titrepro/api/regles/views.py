"""``GET /api/v1/regles/`` and ``/api/v1/regles/{code}/``: the rule catalogue, public.

Public like the page « Règles appliquées »: partners and candidates may read which
rules apply and which text says so without an account. Not paginated (a few dozen
entries). ``?date=AAAA-MM-JJ`` gives the parameters in force on that date, and
``?region=<code INSEE>`` those of a région (default: today, national values).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.regles.serializers import RegleSerializer
from titrepro.conformite.lectures import catalogue_en_vigueur, regle_en_vigueur
from titrepro.territoires.models import Region

PARAMETRES = [
    OpenApiParameter("date", OpenApiTypes.DATE, description="Date de vigueur des paramètres (défaut : aujourd'hui)."),
    OpenApiParameter("region", OpenApiTypes.STR, description="Code INSEE de la région (défaut : valeurs nationales)."),
]


class RegleViewSet(viewsets.ViewSet):
    """Catalogue des règles appliquées, avec leurs paramètres en vigueur et leur source."""

    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[A-Z]+(?:-[A-Z]+)+"
    serializer_class = RegleSerializer

    def _contexte(self, request: Request) -> tuple[dt.date, Region | None]:
        jour = timezone.localdate()
        if texte := request.query_params.get("date"):
            try:
                jour = dt.date.fromisoformat(texte)
            except ValueError:
                raise exceptions.ValidationError({"date": "Date attendue au format AAAA-MM-JJ."}) from None
        region = None
        if code := request.query_params.get("region"):
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise exceptions.ValidationError({"region": f"Région inconnue : {code}."})
        return jour, region

    @extend_schema(parameters=PARAMETRES, responses=RegleSerializer(many=True))
    def list(self, request: Request) -> Response:
        jour, region = self._contexte(request)
        return Response(RegleSerializer(catalogue_en_vigueur(jour=jour, region=region), many=True).data)

    @extend_schema(parameters=PARAMETRES, responses=RegleSerializer)
    def retrieve(self, request: Request, code: str | None = None, **kwargs: Any) -> Response:
        jour, region = self._contexte(request)
        ligne = regle_en_vigueur(code or "", jour=jour, region=region)
        if ligne is None:
            raise exceptions.NotFound()
        return Response(RegleSerializer(ligne).data)
