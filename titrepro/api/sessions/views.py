"""``/api/v1/sessions/``: list and read for the session readers, write for the session team.

Same services and rules as the pages (``titrepro.examens.services.sessions``): a rule's
refusal is a 422 ``regle_refusee`` with its code and source (SES-CREATION-DELAI,
AGR-PERIMETRE, SES-RESPONSABLE, SES-ANNULATION, SES-VERROU...), a write by a reader is a
403, a session outside the user's scope a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.conformite.serializers import EcheanceSerializer
from titrepro.api.sessions.serializers import (
    AnnulationSerializer,
    CreationSessionSerializer,
    ModificationSessionSerializer,
    ReportSerializer,
    SessionDetailSerializer,
    SessionSerializer,
)
from titrepro.comptes.acces import GESTION_SESSIONS, LECTEURS_SESSIONS
from titrepro.conformite.echeancier import echeancier
from titrepro.examens.models import Session
from titrepro.examens.services import sessions as services


def _gestion(request: Request) -> None:
    if not getattr(request.user, "roles", frozenset()) & GESTION_SESSIONS:
        raise PermissionDenied("Seuls le responsable de session et les suppléants écrivent les sessions.")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("etat", str, description="État de la session (brouillon, creee, convoquee...)."),
            OpenApiParameter("annee", int, description="Année du premier jour."),
        ]
    )
)
class SessionViewSet(LectureVisibleViewSet):
    """Sessions d'examen du périmètre ; l'équipe de session de l'organisme les crée, modifie, annule et reporte."""

    queryset = Session.objects.all()
    serializer_class = SessionSerializer
    roles_autorises = LECTEURS_SESSIONS
    http_method_names = ["get", "post", "patch", "head", "options"]

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = queryset.select_related("millesime__titre").prefetch_related("ccps", "suppleants")
        etat = self.request.query_params.get("etat")
        if etat:
            queryset = queryset.filter(etat=etat)
        annee = self.request.query_params.get("annee")
        if annee:
            if not annee.isdigit():
                raise serializers.ValidationError({"annee": ["L'année est un nombre (ex. 2027)."]})
            queryset = queryset.filter(premier_jour__year=int(annee))
        return queryset.order_by("-premier_jour", "-pk")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:  # type: ignore[type-arg]
        if self.action == "retrieve":
            return SessionDetailSerializer
        return SessionSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="Jour de référence (défaut : aujourd'hui).")
        ],
        responses=EcheanceSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def echeancier(self, request: Request, pk: str | None = None) -> Response:
        """Échéances de la session (création, DTE, formulaires handicap, convocations, jours, PV, destruction,
        conservation) avec leur état à la date demandée, triées par date."""
        jour = timezone.localdate()
        if texte := request.query_params.get("date"):
            try:
                jour = dt.date.fromisoformat(texte)
            except ValueError:
                raise serializers.ValidationError({"date": ["Date attendue au format AAAA-MM-JJ."]}) from None
        return Response(EcheanceSerializer(echeancier(self.get_object(), jour=jour), many=True).data)

    def _detail(self, session: Session, statut: int = status.HTTP_200_OK) -> Response:
        session = Session.objects.get(pk=session.pk)
        return Response(SessionDetailSerializer(session, context=self.get_serializer_context()).data, status=statut)

    @extend_schema(request=CreationSessionSerializer, responses={201: SessionDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Créer une session (refus en 422 avec le code de la règle) ; ``brouillon`` : sans appliquer les règles."""
        _gestion(request)
        donnees = CreationSessionSerializer(data=request.data, context=self.get_serializer_context())
        donnees.is_valid(raise_exception=True)
        champs = dict(donnees.validated_data)
        site = champs.pop("site")
        session = services.session_creer(
            auteur=request.user,
            organisme=site.organisme,
            site=site,
            jour=timezone.localdate(),
            **champs,
        )
        return self._detail(session, status.HTTP_201_CREATED)

    @extend_schema(request=ModificationSessionSerializer, responses=SessionDetailSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Modifier jours, responsables, observations (jours verrouillés une fois convoquée : SES-VERROU)."""
        _gestion(request)
        session = self.get_object()
        donnees = ModificationSessionSerializer(data=request.data, partial=True)
        donnees.is_valid(raise_exception=True)
        services.session_modifier(
            session=session, auteur=request.user, jour=timezone.localdate(), **donnees.validated_data
        )
        return self._detail(session)

    @extend_schema(request=None, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirmer(self, request: Request, pk: str | None = None) -> Response:
        """Confirmer un brouillon : toutes les règles de création sont vérifiées (dérogation DDETS comprise)."""
        _gestion(request)
        session = self.get_object()
        services.session_confirmer(session=session, auteur=request.user, jour=timezone.localdate())
        return self._detail(session)

    @extend_schema(request=AnnulationSerializer, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def annuler(self, request: Request, pk: str | None = None) -> Response:
        """Annuler (SES-ANNULATION) : motif et devenir des plis ; la DDETS et la GEV sont prévenues."""
        _gestion(request)
        session = self.get_object()
        donnees = AnnulationSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        services.session_annuler(
            session=session, auteur=request.user, jour=timezone.localdate(), **donnees.validated_data
        )
        return self._detail(session)

    @extend_schema(request=ReportSerializer, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def reporter(self, request: Request, pk: str | None = None) -> Response:
        """Reporter avec l'autorisation de la DDETS ; règles revérifiées (hors délai de création)."""
        _gestion(request)
        session = self.get_object()
        donnees = ReportSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        services.session_reporter(
            session=session, auteur=request.user, jour=timezone.localdate(), **donnees.validated_data
        )
        return self._detail(session)
