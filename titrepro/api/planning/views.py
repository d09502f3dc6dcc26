"""The timetable API, nested under ``/api/v1/sessions/<session>/planning/``: same services and rules as the pages.

- ``GET  sessions/<pk>/planning/``: the current timetable (the published one, else the latest version);
- ``POST sessions/<pk>/planning/generer/``: queue the solver (202, the new version to poll);
- ``POST sessions/<pk>/planning/valider/``: validate a timetable given in JSON — the violations with their codes;
- ``POST sessions/<pk>/planning/publier/``: publish (422 ``regle_refusee`` SES-PLANNING with the violations);
- ``GET  plannings/<pk>/``: one version (and the progress of its computation);
- ``PATCH plannings/creneaux/<pk>/``: move a slot — the whole timetable is re-validated;
- ``/salles/``: the rooms of the sites (CRUD, the organisme's team writes).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, LectureVisibleViewSet, RoleAutorise
from titrepro.api.erreurs import corps_erreur
from titrepro.api.planning.serializers import (
    DeplacementReponseSerializer,
    DeplacementSerializer,
    PlanningSerializer,
    PublicationEntreeSerializer,
    SalleSerializer,
    ValidationEntreeSerializer,
    ValidationReponseSerializer,
)
from titrepro.comptes.acces import GESTION_PLANNING, LECTEURS_PLANNING, LECTEURS_SALLES
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Session
from titrepro.organisations.models import Site
from titrepro.planning import services
from titrepro.planning.models import Creneau, EtatPlanning, Planning, Salle


def _planning_complet(planning: Planning) -> Any:
    return (
        Planning.objects.filter(pk=planning.pk)
        .prefetch_related(
            "creneaux__inscription__candidat",
            "creneaux__epreuve",
            "creneaux__jury",
            "creneaux__salle",
            "creneaux_jury__jury",
        )
        .get()
    )


class _Base(AuteurAuditMixin, GenericAPIView):  # type: ignore[type-arg]
    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_PLANNING
    serializer_class: type[serializers.Serializer] = PlanningSerializer  # type: ignore[type-arg]
    pagination_class = None
    queryset = Planning.objects.none()  # for the schema; rows come from visibles_par below

    def session(self, pk: Any) -> Session:
        session: Session = get_visible_or_404(Session.objects.all(), self.request.user, pk=pk)
        return session


class PlanningSessionApi(_Base):
    """The session's current timetable: the published one, else the latest version."""

    @extend_schema(responses=PlanningSerializer)
    def get(self, request: Request, pk: int) -> Response:
        session = self.session(pk)
        planning = services.planning_courant(session, request.user)
        if planning is None:
            raise NotFound("Aucun planning pour cette session : calculez-le ou importez-le.")
        return Response(PlanningSerializer(_planning_complet(planning)).data)


class GenererPlanningApi(_Base):
    """Queue the solver on the session; answers 202 with the new version, whose progress is read at plannings/<id>/."""

    roles_autorises = GESTION_PLANNING

    @extend_schema(request=None, responses={202: PlanningSerializer})
    def post(self, request: Request, pk: int) -> Response:
        session = self.session(pk)
        planning = services.planning_generer(session=session, auteur=request.user)
        planning.refresh_from_db()
        return Response(PlanningSerializer(_planning_complet(planning)).data, status=status.HTTP_202_ACCEPTED)


class ValiderPlanningApi(_Base):
    """Validate a timetable given in JSON against the session (nothing saved): each violation with its rule code."""

    serializer_class = ValidationEntreeSerializer

    @extend_schema(request=ValidationEntreeSerializer, responses=ValidationReponseSerializer)
    def post(self, request: Request, pk: int) -> Response:
        session = self.session(pk)
        entree = ValidationEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        violations = services.valider_donnees(session=session, **entree.validated_data)
        return Response(ValidationReponseSerializer({"conforme": not violations, "violations": violations}).data)


class PublierPlanningApi(_Base):
    """Publish the latest draft (or ``version``); 422 ``regle_refusee`` (SES-PLANNING) lists the violations."""

    roles_autorises = GESTION_PLANNING
    serializer_class = PublicationEntreeSerializer

    @extend_schema(request=PublicationEntreeSerializer, responses=PlanningSerializer)
    def post(self, request: Request, pk: int) -> Response:
        session = self.session(pk)
        entree = PublicationEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        plannings = Planning.objects.visibles_par(request.user).filter(session=session)
        version = entree.validated_data.get("version")
        if version is not None:
            planning = plannings.filter(version=version).first()
        else:
            planning = plannings.filter(etat=EtatPlanning.BROUILLON).order_by("-version").first()
        if planning is None:
            raise NotFound("Aucun planning en brouillon à publier pour cette session.")
        try:
            planning = services.planning_publier(planning=planning, auteur=request.user)
        except services.PlanningNonConforme as exc:
            return Response(
                corps_erreur(
                    "regle_refusee", exc.message, {"violations": exc.violations}, regle=exc.regle, source=exc.source
                ),
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        return Response(PlanningSerializer(_planning_complet(planning)).data)


class PlanningApi(_Base):
    """One version of a timetable, with the progress of its computation."""

    @extend_schema(responses=PlanningSerializer)
    def get(self, request: Request, pk: int) -> Response:
        planning: Planning = get_visible_or_404(Planning.objects.all(), request.user, pk=pk)
        return Response(PlanningSerializer(_planning_complet(planning)).data)


class CreneauApi(_Base):
    """Move one slot (day, start, jury, room); answers the slot and the violations of the whole timetable."""

    roles_autorises = GESTION_PLANNING
    serializer_class = DeplacementSerializer

    @extend_schema(request=DeplacementSerializer, responses=DeplacementReponseSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        creneau: Creneau = get_visible_or_404(Creneau.objects.all(), request.user, pk=pk)
        entree = DeplacementSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        session = creneau.planning.session
        jury = None
        if donnees.get("jury") is not None:
            jury = session.jurys.filter(numero=donnees["jury"]).first()
            if jury is None:
                return Response(
                    corps_erreur("donnees_invalides", "Ce jury n'existe pas dans la session.", {"jury": ["Inconnu."]}),
                    status=status.HTTP_400_BAD_REQUEST,
                )
        salle = None
        if donnees.get("salle") is not None:
            salle = Salle.objects.filter(site=session.site_id, pk=donnees["salle"]).first()
            if salle is None:
                return Response(
                    corps_erreur("donnees_invalides", "Cette salle n'est pas sur le site.", {"salle": ["Inconnue."]}),
                    status=status.HTTP_400_BAD_REQUEST,
                )
        violations = services.creneau_deplacer(
            creneau=creneau, auteur=request.user, jour=donnees["jour"], debut=donnees["debut"], jury=jury, salle=salle
        )
        creneau.refresh_from_db()
        return Response(
            DeplacementReponseSerializer(
                {"creneau": creneau, "conforme": not violations, "violations": violations}
            ).data
        )


class SalleViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, LectureVisibleViewSet):
    """Rooms of the sites in scope; the organisme's team (responsable, responsables de session, suppléants) writes."""

    queryset = Salle.objects.select_related("site").all()
    serializer_class = SalleSerializer
    roles_autorises = LECTEURS_SALLES
    filterset_fields = ["site"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entree = self.get_serializer(data=request.data)
        entree.is_valid(raise_exception=True)
        champs = dict(entree.validated_data)
        site = champs.pop("site")
        site = get_visible_or_404(Site.objects.all(), request.user, pk=site.pk)
        salle = services.salle_enregistrer(site=site, auteur=request.user, **champs)
        return Response(SalleSerializer(salle).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        salle = self.get_object()
        entree = self.get_serializer(salle, data=request.data, partial=True)
        entree.is_valid(raise_exception=True)
        champs = dict(entree.validated_data)
        champs.pop("site", None)
        salle = services.salle_enregistrer(site=salle.site, auteur=request.user, salle=salle, **champs)
        return Response(SalleSerializer(salle).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.salle_supprimer(salle=self.get_object(), auteur=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
