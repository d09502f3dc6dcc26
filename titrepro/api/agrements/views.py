"""Agréments and agrément requests: same services, same rules and same scoping as the pages."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.agrements import services
from titrepro.agrements.lectures import completude
from titrepro.agrements.models import Agrement, DemandeAgrement, PieceJointe
from titrepro.api.agrements.serializers import (
    AccepterSerializer,
    AgrementSerializer,
    ChangementEtatSerializer,
    ConstatCompletudeSerializer,
    DemandeSerializer,
    InstructionDemandeSerializer,
    MotifDemandeSerializer,
    PieceJointeSerializer,
    RefuserSerializer,
)
from titrepro.api.base import LectureVisibleViewSet
from titrepro.comptes.acces import LECTEURS_AGREMENTS
from titrepro.core.fichiers import reponse_telechargement
from titrepro.core.visibilite import get_visible_or_404


class AgrementViewSet(LectureVisibleViewSet):
    """Agréments du périmètre ; la DREETS de la région du site les suspend, rétablit ou retire."""

    queryset = Agrement.objects.all()
    serializer_class = AgrementSerializer
    roles_autorises = LECTEURS_AGREMENTS
    filterset_fields = ["etat", "site", "millesime", "organisme"]

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("millesime__titre")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "jour": timezone.localdate()}

    @extend_schema(request=ChangementEtatSerializer, responses=AgrementSerializer)
    @action(detail=True, methods=["post"], url_path="changer-etat")
    def changer_etat(self, request: Request, pk: str | None = None) -> Response:
        agrement = self.get_object()
        donnees = ChangementEtatSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        services.agrement_changer_etat(agrement=agrement, auteur=request.user, **donnees.validated_data)
        return Response(self.get_serializer(agrement).data)


class DemandeAgrementViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, LectureVisibleViewSet):
    """Demandes d'agrément : l'organisme les construit et les dépose ; la DREETS de la région les instruit."""

    queryset = DemandeAgrement.objects.all()
    serializer_class = DemandeSerializer
    roles_autorises = LECTEURS_AGREMENTS
    filterset_fields = ["etat", "site", "organisme"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("site__departement").prefetch_related("millesimes")

    def perform_create(self, serializer: Any) -> None:
        donnees = dict(serializer.validated_data)
        site = donnees.pop("site")
        serializer.instance = services.demande_creer(
            organisme=site.organisme, site=site, auteur=self.request.user, **donnees
        )

    def perform_update(self, serializer: Any) -> None:
        donnees = dict(serializer.validated_data)
        donnees.pop("site", None)
        services.demande_modifier(demande=serializer.instance, auteur=self.request.user, **donnees)

    def _reponse(self, demande: DemandeAgrement) -> Response:
        demande.refresh_from_db()
        return Response(self.get_serializer(demande).data)

    @extend_schema(responses=ConstatCompletudeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def completude(self, request: Request, pk: str | None = None) -> Response:
        """Pièce par pièce, ce qui manque ou n'est pas valable, avec le code de la règle."""
        demande = self.get_object()
        constats = completude(demande, jour=timezone.localdate())
        return Response(
            [
                {
                    "piece": c.piece,
                    "ok": c.ok,
                    "regle": c.verdict.code,
                    "message": c.verdict.message,
                    "source": c.verdict.source,
                }
                for c in constats
            ]
        )

    @extend_schema(request=PieceJointeSerializer, responses={201: PieceJointeSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def pieces(self, request: Request, pk: str | None = None) -> Response:
        """Joindre une pièce (multipart) : type vérifié sur le contenu (PDF, PNG, JPEG), taille limitée."""
        demande = self.get_object()
        donnees = PieceJointeSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        piece = services.piece_ajouter(demande=demande, auteur=request.user, **donnees.validated_data)
        return Response(PieceJointeSerializer(piece).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        description="Télécharger le fichier d'une pièce (jeton ou session) : servi seulement à qui voit la demande, "
        "chaque téléchargement est inscrit au journal d'audit.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"pieces/(?P<piece_pk>[0-9]+)/fichier",
        url_name="piece-fichier",
        filter_backends=[],
        pagination_class=None,
    )
    def piece_fichier(self, request: Request, pk: str | None = None, piece_pk: str | None = None) -> HttpResponseBase:
        demande = self.get_object()
        piece = get_visible_or_404(PieceJointe.objects.filter(demande=demande), request.user, pk=piece_pk)
        if not piece.fichier:
            raise Http404("Fichier absent.")
        return reponse_telechargement(piece, piece.fichier, piece.nom_original, request.user)

    def _transition(self, request: Request, nom: str, serializer: type[serializers.Serializer] | None) -> Response:  # type: ignore[type-arg]
        demande = self.get_object()
        champs: dict[str, Any] = {}
        if serializer is not None:
            donnees = serializer(data=request.data)
            donnees.is_valid(raise_exception=True)
            champs = dict(donnees.validated_data)
        getattr(services, f"demande_{nom}")(demande=demande, auteur=request.user, jour=timezone.localdate(), **champs)
        return self._reponse(demande)

    @extend_schema(request=None, responses=DemandeSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def deposer(self, request: Request, pk: str | None = None) -> Response:
        """Déposer (l'organisme) : refusé en 422 avec la règle si une pièce manque ou n'est pas valable."""
        return self._transition(request, "deposer", None)

    @extend_schema(request=MotifDemandeSerializer, responses=DemandeSerializer)
    @action(detail=True, methods=["post"], url_path="demander-pieces")
    def demander_pieces(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "demander_pieces", MotifDemandeSerializer)

    @extend_schema(request=InstructionDemandeSerializer, responses=DemandeSerializer)
    @action(detail=True, methods=["post"], url_path="passer-en-instruction")
    def passer_en_instruction(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "passer_en_instruction", None)

    @extend_schema(request=AccepterSerializer, responses=DemandeSerializer)
    @action(detail=True, methods=["post"])
    def accepter(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "accepter", AccepterSerializer)

    @extend_schema(request=RefuserSerializer, responses=DemandeSerializer)
    @action(detail=True, methods=["post"])
    def refuser(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "refuser", RefuserSerializer)

    @extend_schema(request=MotifDemandeSerializer, responses=DemandeSerializer)
    @action(detail=True, methods=["post"], url_path="classer-sans-suite")
    def classer_sans_suite(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "classer_sans_suite", MotifDemandeSerializer)
