"""Juries of a session: ``/api/v1/sessions/<pk>/jurys/`` (list, create), the member search, invitations,
and ``/api/v1/participations-jury/<pk>/repondre/`` for the invited member.

Same services and rules as the pages: a rule's refusal is a 422 ``regle_refusee`` with its
code (SES-JURY-HABILITATION, JUR-ELIGIBILITE, SES-JURY-LIENS...) and source.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, RoleAutorise
from titrepro.comptes.acces import GESTION_SESSIONS, LECTEURS_SESSIONS
from titrepro.comptes.roles import Role
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Jury, ParticipationJury, Session
from titrepro.examens.services import jurys as services
from titrepro.personnes.models import MembreJury


class ParticipationJurySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    membre_nom = serializers.SerializerMethodField()
    jury_numero = serializers.IntegerField(source="jury.numero", read_only=True)
    session = serializers.IntegerField(source="jury.session_id", read_only=True)

    class Meta:
        model = ParticipationJury
        fields = [
            "id",
            "session",
            "jury",
            "jury_numero",
            "membre",
            "membre_nom",
            "etat",
            "invitee_le",
            "repondu_le",
            "motif_reponse",
        ]
        read_only_fields = fields

    def get_membre_nom(self, participation: ParticipationJury) -> str:
        return f"{participation.membre.prenoms} {participation.membre.nom.upper()}"


VerdictRegle = inline_serializer(
    "VerdictRegle",
    {
        "code": serializers.CharField(),
        "ok": serializers.BooleanField(),
        "message": serializers.CharField(),
        "source": serializers.CharField(),
    },
)


class JurySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    participations = ParticipationJurySerializer(many=True, read_only=True)
    inscriptions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    jury_min = serializers.SerializerMethodField(
        help_text="SES-JURY-MIN pour ce jury (invitations en cours ou acceptées)."
    )

    class Meta:
        model = Jury
        fields = ["id", "numero", "participations", "inscriptions", "jury_min"]
        read_only_fields = fields

    @extend_schema_field(VerdictRegle)
    def get_jury_min(self, jury: Jury) -> dict[str, Any]:
        verdict = services.verdict_jury(jury, jour=timezone.localdate())
        return {"code": verdict.code, "ok": verdict.ok, "message": verdict.message, "source": verdict.source}


class InvitationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    membre = serializers.IntegerField(help_text="Identifiant du membre de jury (recherche : membres-selectionnables).")


class ReponseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    accepte = serializers.BooleanField()
    motif = serializers.CharField(required=False, allow_blank=True, default="")


class MembreSelectionnableSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField(source="membre.pk")
    nom = serializers.CharField()
    metier = serializers.CharField(source="membre.metier")
    departement = serializers.CharField(source="membre.departement.code")
    habilitation_debut = serializers.DateField()
    habilitation_fin = serializers.DateField()
    candidats_lies = serializers.ListField(child=serializers.CharField())


def _session(request: Request, pk: int) -> Session:
    return get_visible_or_404(
        Session.objects.select_related("site__departement", "millesime__titre"), request.user, pk=pk
    )


class JurysSessionView(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    """Les jurys d'une session, avec leurs membres (état de l'invitation) et SES-JURY-MIN ; POST : ajouter un jury."""

    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_SESSIONS
    serializer_class = JurySerializer
    pagination_class = None
    queryset = Jury.objects.none()  # the rows come from the visible session (schema generation reads the model)

    def jurys(self, session: Session) -> Any:
        return session.jurys.order_by("numero").prefetch_related("participations__membre", "inscriptions")

    @extend_schema(responses={200: JurySerializer(many=True)}, tags=["sessions"])
    def get(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        return Response(JurySerializer(self.jurys(session), many=True).data)

    @extend_schema(request=None, responses={201: JurySerializer}, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        jury = services.jury_creer(session=session, auteur=request.user)
        return Response(JurySerializer(jury).data, status=status.HTTP_201_CREATED)


class MembresSelectionnablesView(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    """Membres invitables pour la session : habilités chaque jour, éligibles, disponibles, hors autre jury."""

    permission_classes = [RoleAutorise]
    roles_autorises = GESTION_SESSIONS
    serializer_class = MembreSelectionnableSerializer
    queryset = MembreJury.objects.none()  # the rows come from the search service
    pagination_class = None

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Nom, prénom ou métier.")],
        responses={200: MembreSelectionnableSerializer(many=True)},
        tags=["sessions"],
    )
    def get(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        resultats = services.membres_rechercher(
            session=session, auteur=request.user, jour=timezone.localdate(), recherche=request.query_params.get("q", "")
        )
        return Response(MembreSelectionnableSerializer(resultats, many=True).data)


class InvitationsJuryView(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    """Inviter un membre dans un jury (SES-JURY-HABILITATION, JUR-ELIGIBILITE, SES-JURY-LIENS : 422 sinon)."""

    permission_classes = [RoleAutorise]
    roles_autorises = GESTION_SESSIONS
    serializer_class = InvitationSerializer

    @extend_schema(request=InvitationSerializer, responses={201: ParticipationJurySerializer}, tags=["sessions"])
    def post(self, request: Request, session_pk: int, pk: int) -> Response:
        session = _session(request, session_pk)
        jury = Jury.objects.filter(session=session, pk=pk).select_related("session").first()
        if jury is None:
            raise NotFound()
        donnees = InvitationSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        membre = MembreJury.objects.filter(pk=donnees.validated_data["membre"]).first()
        if membre is None:
            raise serializers.ValidationError({"membre": ["Aucun membre de jury n'a cet identifiant."]})
        participation = services.membre_inviter(
            jury=jury, membre=membre, auteur=request.user, jour=timezone.localdate()
        )
        return Response(ParticipationJurySerializer(participation).data, status=status.HTTP_201_CREATED)


class RepondreParticipationView(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    """Le membre invité accepte ou décline son invitation (la sienne seulement : 404 sinon)."""

    permission_classes = [RoleAutorise]
    roles_autorises = frozenset({Role.MEMBRE_JURY})
    serializer_class = ReponseSerializer

    @extend_schema(request=ReponseSerializer, responses={200: ParticipationJurySerializer}, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        participation = get_visible_or_404(
            ParticipationJury.objects.filter(membre__compte_id=request.user.pk).select_related(
                "jury__session", "membre"
            ),
            request.user,
            pk=pk,
        )
        donnees = ReponseSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        participation = services.participation_repondre(
            participation=participation,
            auteur=request.user,
            accepte=donnees.validated_data["accepte"],
            motif=donnees.validated_data["motif"],
        )
        return Response(ParticipationJurySerializer(participation).data)
