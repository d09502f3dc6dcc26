"""DTE orders: same services, rules and scoping as the pages (the organisme orders, the GEV processes)."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.dte.serializers import (
    ClotureSerializer,
    CommandeDteSerializer,
    ExpedierSerializer,
    LiensSerializer,
    MotifCommandeSerializer,
    PrepareeSerializer,
)
from titrepro.comptes.acces import LECTEURS_COMMANDES_DTE
from titrepro.dte import services
from titrepro.dte.models import CommandeDte
from titrepro.examens.models import Session


class CommandeDteViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, LectureVisibleViewSet):
    """Commandes de DTE du périmètre ; l'équipe de la session les crée et les soumet, l'unité GEV les traite.

    Un refus de règle (DTE-DELAI, DTE-QUANTITE, DTE-COMPLETUDE, SES-ENTRETIEN-FINAL) répond 422 avec son code.
    """

    queryset = CommandeDte.objects.all()
    serializer_class = CommandeDteSerializer
    roles_autorises = LECTEURS_COMMANDES_DTE
    filterset_fields = ["etat", "secteur", "session"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("session__site__departement").order_by("session__premier_jour", "pk")

    def perform_create(self, serializer: Any) -> None:
        donnees = dict(serializer.validated_data)
        session = donnees.pop("session")
        if not Session.objects.visibles_par(self.request.user).filter(pk=session.pk).exists():
            raise NotFound("Aucune session visible ne correspond.")
        serializer.instance = services.commande_creer(session=session, auteur=self.request.user, **donnees)

    def perform_update(self, serializer: Any) -> None:
        donnees = dict(serializer.validated_data)
        donnees.pop("session", None)
        services.commande_modifier(commande=serializer.instance, auteur=self.request.user, **donnees)

    def _etape(self, request: Request, service: Any, serializer: type[serializers.Serializer] | None) -> Response:  # type: ignore[type-arg]
        commande = self.get_object()
        champs: dict[str, Any] = {}
        if serializer is not None:
            donnees = serializer(data=request.data)
            donnees.is_valid(raise_exception=True)
            champs = dict(donnees.validated_data)
        service(commande=commande, auteur=request.user, jour=timezone.localdate(), **champs)
        commande.refresh_from_db()
        return Response(self.get_serializer(commande).data)

    @extend_schema(request=None, responses=CommandeDteSerializer)
    @action(detail=True, methods=["post"])
    def soumettre(self, request: Request, pk: str | None = None) -> Response:
        """Soumettre à la GEV (équipe de la session) : 422 avec la règle refusée."""
        return self._etape(request, services.commande_soumettre, None)

    @extend_schema(request=None, responses=CommandeDteSerializer)
    @action(detail=True, methods=["post"], url_path="prendre-en-compte")
    def prendre_en_compte(self, request: Request, pk: str | None = None) -> Response:
        return self._etape(request, services.commande_prendre_en_compte, None)

    @extend_schema(request=PrepareeSerializer, responses=CommandeDteSerializer)
    @action(detail=True, methods=["post"])
    def preparer(self, request: Request, pk: str | None = None) -> Response:
        """AR 2 : commande préparée, avec les liens DTO et ZO (unité GEV)."""
        return self._etape(request, services.commande_marquer_preparee, PrepareeSerializer)

    @extend_schema(request=ExpedierSerializer, responses=CommandeDteSerializer)
    @action(detail=True, methods=["post"])
    def expedier(self, request: Request, pk: str | None = None) -> Response:
        return self._etape(request, services.commande_expedier, ExpedierSerializer)

    @extend_schema(request=LiensSerializer, responses=CommandeDteSerializer)
    @action(detail=True, methods=["post"], url_path="ouvrir-liens")
    def ouvrir_liens(self, request: Request, pk: str | None = None) -> Response:
        return self._etape(request, services.commande_ouvrir_liens, LiensSerializer)

    @extend_schema(request=None, responses=CommandeDteSerializer)
    @action(detail=True, methods=["post"])
    def receptionner(self, request: Request, pk: str | None = None) -> Response:
        return self._etape(request, services.commande_receptionner, None)

    @extend_schema(request=ClotureSerializer, responses=CommandeDteSerializer)
    @action(detail=True, methods=["post"])
    def detruire(self, request: Request, pk: str | None = None) -> Response:
        return self._etape(request, services.commande_detruire, ClotureSerializer)

    @extend_schema(request=ClotureSerializer, responses=CommandeDteSerializer)
    @action(detail=True, methods=["post"])
    def retourner(self, request: Request, pk: str | None = None) -> Response:
        return self._etape(request, services.commande_retourner, ClotureSerializer)

    @extend_schema(request=MotifCommandeSerializer, responses=CommandeDteSerializer)
    @action(detail=True, methods=["post"])
    def annuler(self, request: Request, pk: str | None = None) -> Response:
        return self._etape(request, services.commande_annuler, MotifCommandeSerializer)
