"""Candidates, jury members (/jures/, alias /membres-jury/), habilitations and the duplicate check."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.erreurs import corps_erreur
from titrepro.api.personnes.serializers import (
    CandidatSerializer,
    CreationCandidatSerializer,
    DoublonSerializer,
    HabilitationSerializer,
    MembreJurySerializer,
    MotifSerializer,
    RechercheDoublonsSerializer,
)
from titrepro.comptes.acces import (
    GESTION_CANDIDATS,
    GESTION_JURY,
    LECTEURS_CANDIDATS,
    LECTEURS_HABILITATIONS,
    LECTEURS_MEMBRES_JURY,
)
from titrepro.core.visibilite import get_visible_or_404
from titrepro.organisations.models import Organisme
from titrepro.personnes import doublons, services
from titrepro.personnes.models import Candidat, EtatHabilitation, Habilitation, MembreJury, lire_date

ErreurDoublon = inline_serializer(
    "ErreurDoublon",
    {
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "champs": inline_serializer("ChampsDoublon", {"doublons": DoublonSerializer(many=True)}),
    },
)


def _doublons(user: Any, trouves: list[services.DoublonTrouve]) -> list[dict[str, Any]]:
    visibles = set(
        Candidat.objects.visibles_par(user).filter(pk__in=[t.candidat_id for t in trouves]).values_list("pk", flat=True)
    )
    return [
        {"candidat": t.candidat_id, "visible": t.candidat_id in visibles, "score": t.score, "raison": t.raison}
        for t in trouves
    ]


def utilisateur(request: Request) -> Any:
    """The signed-in user (the permission classes already refused anonymous requests)."""
    return request.user


def _refus(exc: DjangoPermissionDenied) -> exceptions.PermissionDenied:
    return exceptions.PermissionDenied(str(exc) or None)


class CandidatViewSet(mixins.CreateModelMixin, LectureVisibleViewSet):
    """Candidats du périmètre de l'utilisateur (le candidat ne voit que sa fiche).

    La création (organisme) passe par la recherche de doublons CAN-DOUBLON : s'il existe des
    fiches ressemblantes, la réponse est 409 ``doublon_probable`` avec leur liste ; renvoyer
    avec ``autre_personne: true`` crée la fiche et enregistre la confirmation.
    """

    queryset = Candidat.objects.all()
    serializer_class = CandidatSerializer
    roles_autorises = LECTEURS_CANDIDATS
    filterset_fields = ["date_naissance"]

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return CreationCandidatSerializer
        if self.action == "doublons":
            return RechercheDoublonsSerializer
        return CandidatSerializer

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        recherche = self.request.query_params.get("q", "").strip()
        if recherche:
            queryset = queryset.rechercher(recherche)  # type: ignore[attr-defined]
        return queryset.prefetch_related("formations__millesime__titre", "formations__organisme")

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Nom, prénom ou date de naissance, sans accents requis.")]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={201: CandidatSerializer, 409: ErreurDoublon})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not utilisateur(request).roles & GESTION_CANDIDATS:
            raise exceptions.PermissionDenied("Seul un organisme crée des fiches candidat.")
        serializer = CreationCandidatSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        organisme = Organisme.objects.visibles_par(request.user).filter(pk=donnees.pop("organisme")).first()
        geres = {a.organisme_id for a in utilisateur(request).affectations_actives if a.role in GESTION_CANDIDATS}
        if organisme is None or not (utilisateur(request).est_administrateur or organisme.pk in geres):
            raise exceptions.ValidationError({"organisme": ["Organisme inconnu ou hors de votre périmètre."]})
        try:
            candidat = services.candidat_creer(
                donnees=donnees,
                organisme=organisme,
                auteur=request.user,
                autre_personne=donnees.pop("autre_personne", False),
                origine="api",
                jour=timezone.localdate(),
            )
        except services.DoublonProbable as exc:
            return Response(
                corps_erreur("doublon_probable", exc.messages[0], {"doublons": _doublons(request.user, exc.trouves)}),
                status=status.HTTP_409_CONFLICT,
            )
        return Response(CandidatSerializer(candidat).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RechercheDoublonsSerializer, responses={200: DoublonSerializer(many=True)})
    @action(detail=False, methods=["post"], url_path="doublons")
    def doublons(self, request: Request) -> Response:
        """CAN-DOUBLON : les fiches ressemblantes à une identité, la plus proche d'abord (tous organismes)."""
        if not utilisateur(request).roles & GESTION_CANDIDATS:
            raise exceptions.PermissionDenied(
                "La recherche de doublons sert à la création d'une fiche par un organisme."
            )
        serializer = RechercheDoublonsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        identite = doublons.Identite(**serializer.validated_data)
        return Response(_doublons(request.user, services.doublons_rechercher(identite=identite)))


class MembreJuryViewSet(LectureVisibleViewSet):
    """Membres de jury du périmètre de l'utilisateur. Publié sous /jures/ ; /membres-jury/ reste un alias."""

    queryset = MembreJury.objects.all()
    serializer_class = MembreJurySerializer
    roles_autorises = LECTEURS_MEMBRES_JURY

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("departement")


class HabilitationViewSet(mixins.CreateModelMixin, LectureVisibleViewSet):
    """Habilitations du périmètre. ``?millesime=&debut=&fin=`` : les membres habilités chaque jour de la période.

    Création (demande) et transitions ``accorder`` / ``retirer`` : la DDETS du département du membre.
    """

    queryset = Habilitation.objects.all()
    serializer_class = HabilitationSerializer
    roles_autorises = LECTEURS_HABILITATIONS

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = queryset.select_related("millesime__titre")
        params = self.request.query_params
        millesime = params.get("millesime", "")
        if millesime.isdigit():
            queryset = queryset.filter(millesime_id=int(millesime))
            debut, fin = lire_date(params.get("debut", "")), lire_date(params.get("fin", ""))
            if debut and fin:
                membres = MembreJury.objects.habilites_pour(int(millesime), debut, fin)
                queryset = queryset.filter(
                    membre__in=membres, etat=EtatHabilitation.ACTIVE, debut__lte=fin, fin__gte=debut
                )
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("millesime", int, description="Identifiant du millésime."),
            OpenApiParameter("debut", str, description="Premier jour de la période (AAAA-MM-JJ)."),
            OpenApiParameter("fin", str, description="Dernier jour de la période (AAAA-MM-JJ)."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not utilisateur(request).roles & GESTION_JURY:
            raise exceptions.PermissionDenied("Seule la DDETS habilite les membres de jury.")
        serializer = HabilitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        membre = get_visible_or_404(MembreJury.objects.all(), request.user, pk=d["membre"].pk)
        possible, raison = Habilitation(membre=membre).peut_decider(request.user)
        if not possible:
            raise exceptions.PermissionDenied(raison)
        habilitation = services.habilitation_demander(
            membre=membre, millesime=d["millesime"], debut=d["debut"], fin=d["fin"], jour=timezone.localdate()
        )
        return Response(HabilitationSerializer(habilitation).data, status=status.HTTP_201_CREATED)

    def _transition(self, request: Request, pk: str, accorder: bool) -> Response:
        habilitation = get_visible_or_404(Habilitation.objects.all(), request.user, pk=pk)
        serializer = MotifSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        texte = serializer.validated_data["motif"]
        jour = timezone.localdate()
        try:
            if accorder:
                services.habilitation_accorder(
                    habilitation=habilitation, par=request.user, jour=jour, motif_accord=texte
                )
            else:
                services.habilitation_retirer(
                    habilitation=habilitation, par=request.user, jour=jour, motif_retrait=texte
                )
        except DjangoPermissionDenied as exc:
            raise _refus(exc) from None
        except ValidationError:
            raise
        return Response(HabilitationSerializer(habilitation).data)

    @extend_schema(request=MotifSerializer, responses=HabilitationSerializer)
    @action(detail=True, methods=["post"])
    def accorder(self, request: Request, pk: str) -> Response:
        """demandée → active (JUR-ELIGIBILITE et JUR-HABILITATION vérifiées ; 422 sinon)."""
        return self._transition(request, pk, accorder=True)

    @extend_schema(request=MotifSerializer, responses=HabilitationSerializer)
    @action(detail=True, methods=["post"])
    def retirer(self, request: Request, pk: str) -> Response:
        """demandée|active → retirée, avec un motif."""
        return self._transition(request, pk, accorder=False)
