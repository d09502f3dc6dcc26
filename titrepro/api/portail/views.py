"""The candidate portal in the API: ``/api/v1/mon-espace/`` (the candidate's own data), the address
correction, and ``/api/v1/candidats/<pk>/inviter/`` for the organisme's team. Same services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, RoleAutorise
from titrepro.api.personnes.serializers import AdresseSerializer
from titrepro.comptes.acces import INVITATION_CANDIDATS, PORTAIL_CANDIDAT
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Inscription
from titrepro.personnes import portail
from titrepro.personnes.models import Candidat


class AdressePortailSerializer(AdresseSerializer):
    class Meta(AdresseSerializer.Meta):
        fields = [*AdresseSerializer.Meta.fields, "declaree_par_candidat"]
        read_only_fields = ["jusqu_au", "declaree_par_candidat"]


class InscriptionPortailSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A registration as the candidate sees it: no state (the decision is published by web:mes_resultats)."""

    titre = serializers.CharField(source="session.millesime.titre.intitule", read_only=True)
    premier_jour = serializers.DateField(source="session.premier_jour", read_only=True)
    dernier_jour = serializers.DateField(source="session.dernier_jour", read_only=True)
    site = serializers.CharField(source="session.site.nom", read_only=True)
    commune = serializers.CharField(source="session.site.commune", read_only=True)
    convocation_envoyee_le = serializers.SerializerMethodField()

    class Meta:
        model = Inscription
        fields = ["id", "session", "titre", "premier_jour", "dernier_jour", "site", "commune", "convocation_envoyee_le"]
        read_only_fields = fields

    def get_convocation_envoyee_le(self, inscription: Inscription) -> Any:
        convocation = getattr(inscription, "convocation", None)
        return convocation.envoyee_le if convocation is not None else None


class MonEspaceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField(source="candidat.pk")
    nom_naissance = serializers.CharField(source="candidat.nom_naissance")
    nom_usage = serializers.CharField(source="candidat.nom_usage")
    prenoms = serializers.CharField(source="candidat.prenoms")
    date_naissance = serializers.DateField(source="candidat.date_naissance")
    lieu_naissance = serializers.CharField(source="candidat.lieu_naissance_complet")
    email = serializers.EmailField(source="candidat.email")
    adresses = AdressePortailSerializer(many=True)
    formations = inline_serializer(
        "FormationPortail",
        {
            "id": serializers.IntegerField(),
            "titre": serializers.CharField(source="millesime.titre.intitule"),
            "organisme": serializers.CharField(source="organisme.raison_sociale"),
            "statut": serializers.CharField(),
            "debut": serializers.DateField(),
            "fin": serializers.DateField(),
        },
        many=True,
    )
    ccp_acquis = inline_serializer(
        "CcpAcquisPortail",
        {"ccp": serializers.CharField(source="ccp.__str__"), "obtenu_le": serializers.DateField()},
        many=True,
    )
    inscriptions = InscriptionPortailSerializer(many=True)
    amenagements = inline_serializer(
        "AmenagementPortail",
        {
            "id": serializers.IntegerField(),
            "resume": serializers.CharField(),
            "etat": serializers.CharField(),
            "decision_le": serializers.DateField(),
            "motif_decision": serializers.CharField(),
        },
        many=True,
    )


def _candidat(request: Request) -> Candidat:
    candidat = portail.candidat_du_compte(request.user)
    if candidat is None:
        raise NotFound("Aucune fiche candidat n'est rattachée à votre compte.")
    return candidat


class MonEspaceView(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    """Mon espace candidat : état civil, adresses, parcours, CCP acquis, inscriptions (sans décision : publiée
    après validation, RES-PUBLICATION), demandes d'aménagement. Le candidat ne lit que sa fiche."""

    permission_classes = [RoleAutorise]
    roles_autorises = PORTAIL_CANDIDAT
    serializer_class = MonEspaceSerializer

    @extend_schema(responses=MonEspaceSerializer, tags=["portail candidat"])
    def get(self, request: Request) -> Response:
        donnees = portail.espace_du_candidat(_candidat(request), request.user)
        donnees["inscriptions"] = [inscription for inscription, _convocation in donnees["inscriptions"]]
        return Response(MonEspaceSerializer(donnees).data)


class MonAdresseView(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    """Le candidat corrige son adresse postale : nouvelle adresse actuelle (la précédente reste dans
    l'historique), signalée à son organisme, qui la vérifie (CAN-ADRESSE)."""

    permission_classes = [RoleAutorise]
    roles_autorises = PORTAIL_CANDIDAT
    serializer_class = AdresseSerializer

    @extend_schema(request=AdresseSerializer, responses={201: AdressePortailSerializer}, tags=["portail candidat"])
    def post(self, request: Request) -> Response:
        candidat = _candidat(request)
        donnees = AdresseSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        try:
            adresse = portail.adresse_corriger_par_candidat(
                candidat=candidat, par=request.user, **donnees.validated_data
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        return Response(AdressePortailSerializer(adresse).data, status=status.HTTP_201_CREATED)


InvitationReponse = inline_serializer(
    "InvitationPortail", {"candidat": serializers.IntegerField(), "compte": serializers.EmailField()}
)


class InviterCandidatView(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    """Inviter le candidat au portail (ou renvoyer l'invitation) : compte créé ou rattaché, lien pour choisir
    son mot de passe envoyé par courriel. 400 si le candidat n'a pas d'adresse électronique."""

    permission_classes = [RoleAutorise]
    roles_autorises = INVITATION_CANDIDATS
    serializer_class = serializers.Serializer

    @extend_schema(request=None, responses={200: InvitationReponse}, tags=["portail candidat"])
    def post(self, request: Request, pk: int) -> Response:
        candidat = get_visible_or_404(Candidat.objects.all(), request.user, pk=pk)
        try:
            compte = portail.candidat_inviter(candidat=candidat, par=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        return Response({"candidat": candidat.pk, "compte": compte.email})
