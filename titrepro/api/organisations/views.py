import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.agrements.services import site_changer_plateau
from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.conformite.serializers import EcheanceSerializer
from titrepro.api.organisations.serializers import (
    ChangementPlateauSerializer,
    ChangementSiretEntreeSerializer,
    ConstatRegleSerializer,
    OrganismeSerializer,
    SiteSerializer,
)
from titrepro.comptes.acces import LECTEURS_ORGANISMES
from titrepro.conformite.echeancier import echeancier as echeancier_de
from titrepro.organisations import services
from titrepro.organisations.models import Organisme, Site
from titrepro.territoires.models import Departement


class OrganismeViewSet(mixins.UpdateModelMixin, LectureVisibleViewSet):
    """Organismes du périmètre de l'utilisateur ; le responsable de l'organisme modifie le sien (PATCH)."""

    queryset = Organisme.objects.all()
    serializer_class = OrganismeSerializer
    roles_autorises = LECTEURS_ORGANISMES
    filterset_fields = ["est_cfa"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def perform_update(self, serializer: Any) -> None:
        champs = dict(serializer.validated_data)
        services.organisme_modifier(organisme=serializer.instance, auteur=self.request.user, **champs)

    @extend_schema(
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="Jour de référence (défaut : aujourd'hui).")
        ],
        responses=EcheanceSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def echeancier(self, request: Request, pk: str | None = None) -> Response:
        """Échéances de l'organisme (programmation annuelle, conventions…) avec leur état, triées par date."""
        jour = timezone.localdate()
        if texte := request.query_params.get("date"):
            try:
                jour = dt.date.fromisoformat(texte)
            except ValueError:
                raise exceptions.ValidationError({"date": "Date attendue au format AAAA-MM-JJ."}) from None
        return Response(EcheanceSerializer(echeancier_de(self.get_object(), jour=jour), many=True).data)

    @extend_schema(request=ChangementSiretEntreeSerializer, responses={201: ConstatRegleSerializer})
    @action(detail=True, methods=["post"], url_path="changer-siret")
    def changer_siret(self, request: Request, pk: str | None = None) -> Response:
        """AGR-SIRET : déclarer un changement de SIRET (la DREETS est prévenue, les sites suivent)."""
        organisme = self.get_object()
        donnees = ChangementSiretEntreeSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        changement = services.organisme_changer_siret(
            organisme=organisme, auteur=request.user, jour=timezone.localdate(), **donnees.validated_data
        )
        return Response({"regle": "AGR-SIRET", "message": str(changement)}, status=status.HTTP_201_CREATED)


class SiteViewSet(mixins.UpdateModelMixin, LectureVisibleViewSet):
    """Sites et plateaux techniques du périmètre ; description et équipements modifiables par le responsable."""

    queryset = Site.objects.all()
    serializer_class = SiteSerializer
    roles_autorises = LECTEURS_ORGANISMES
    filterset_fields = ["organisme"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("departement")

    def perform_update(self, serializer: Any) -> None:
        services.site_modifier(site=serializer.instance, auteur=self.request.user, **serializer.validated_data)

    @extend_schema(request=ChangementPlateauSerializer, responses={201: ConstatRegleSerializer})
    @action(detail=True, methods=["post"], url_path="changer-plateau")
    def changer_plateau(self, request: Request, pk: str | None = None) -> Response:
        """AGR-PLATEAU : changement d'adresse ou de configuration ; les agréments du site prennent fin."""
        site = self.get_object()
        donnees = ChangementPlateauSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        champs = dict(donnees.validated_data)
        code = champs.pop("departement", "")
        departement = Departement.objects.filter(code=code).first() if code else None
        _changement, verdict = site_changer_plateau(
            site=site, auteur=request.user, jour=timezone.localdate(), departement=departement, **champs
        )
        return Response({"regle": verdict.code, "message": verdict.message}, status=status.HTTP_201_CREATED)
