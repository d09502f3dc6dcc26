"""Insertion follow-up in the API (ORG-INSERTION): the figures per session and per TP (scoped), and the answer
through the e-mailed signed token (no authentication: the token is the key)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, RoleAutorise
from titrepro.comptes.acces import LECTEURS_INSERTION
from titrepro.insertion import services
from titrepro.insertion.models import QuestionnaireInsertion, Situation, TypeContrat


class FiguresSerializer(serializers.Serializer):  # type: ignore[type-arg]
    libelle = serializers.CharField()
    envoyes = serializers.IntegerField()
    reponses = serializers.IntegerField()
    taux_reponse = serializers.IntegerField(allow_null=True, help_text="En pourcentage.")
    part_en_emploi = serializers.IntegerField(allow_null=True, help_text="En pourcentage des réponses.")
    part_dans_le_metier = serializers.IntegerField(allow_null=True, help_text="En pourcentage des réponses.")


class StatistiquesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    par_session = FiguresSerializer(many=True)
    par_titre = FiguresSerializer(many=True)


class StatistiquesInsertionView(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    """Chiffres de l'insertion par session et par titre : l'organisme les siens, la DDETS/DREETS son territoire."""

    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_INSERTION
    serializer_class = StatistiquesSerializer

    @extend_schema(responses=StatistiquesSerializer, tags=["insertion"])
    def get(self, request: Request) -> Response:
        questionnaires = QuestionnaireInsertion.objects.visibles_par(request.user).select_related(
            "inscription__session__millesime__titre"
        )
        par_session, par_titre = services.figures(questionnaires)
        return Response(StatistiquesSerializer({"par_session": par_session, "par_titre": par_titre}).data)


class ReponseInsertionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    situation = serializers.ChoiceField(choices=Situation.choices)
    type_contrat = serializers.ChoiceField(choices=TypeContrat.choices, required=False, allow_blank=True, default="")
    depuis_le = serializers.DateField(required=False, allow_null=True, default=None)
    repondu_le = serializers.DateField(read_only=True)
    clos_le = serializers.DateField(read_only=True)


class QuestionnaireInsertionView(generics.GenericAPIView):  # type: ignore[type-arg]
    """Le questionnaire du lien reçu par courriel : GET la réponse actuelle, POST répondre ou modifier (jusqu'à sa
    clôture). Sans authentification ; un jeton falsifié ou expiré est refusé (400)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    serializer_class = ReponseInsertionSerializer

    def _questionnaire(self, jeton: str) -> QuestionnaireInsertion:
        try:
            return services.questionnaire_du_jeton(jeton, jour=timezone.localdate())
        except services.LienInvalide as exc:
            raise ValidationError({"jeton": exc.messages}) from None

    @extend_schema(responses=ReponseInsertionSerializer, tags=["insertion"])
    def get(self, request: Request, jeton: str) -> Response:
        return Response(ReponseInsertionSerializer(self._questionnaire(jeton)).data)

    @extend_schema(request=ReponseInsertionSerializer, responses=ReponseInsertionSerializer, tags=["insertion"])
    def post(self, request: Request, jeton: str) -> Response:
        questionnaire = self._questionnaire(jeton)
        donnees = ReponseInsertionSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        questionnaire = services.reponse_enregistrer(
            questionnaire=questionnaire, jour=timezone.localdate(), **donnees.validated_data
        )
        return Response(ReponseInsertionSerializer(questionnaire).data)
