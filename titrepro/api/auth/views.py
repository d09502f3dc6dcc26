"""``POST /api/v1/auth/token/`` with e-mail and password returns the user's API token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView


class DemandeJeton(serializers.Serializer):  # type: ignore[type-arg]
    email = serializers.EmailField(label="Adresse électronique")
    password = serializers.CharField(label="Mot de passe", trim_whitespace=False, style={"input_type": "password"})

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = authenticate(self.context["request"], username=attrs["email"].lower(), password=attrs["password"])
        if user is None or not user.is_active:
            raise serializers.ValidationError("Adresse électronique ou mot de passe incorrect.", code="identifiants")
        attrs["user"] = user
        return attrs


class LimiteConnexion(AnonRateThrottle):
    rate = "20/min"


class JetonView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [LimiteConnexion]

    @extend_schema(
        request=DemandeJeton,
        responses={200: inline_serializer("Jeton", {"token": serializers.CharField()})},
        summary="Obtenir un jeton d'API",
        tags=["authentification"],
    )
    def post(self, request: Request) -> Response:
        demande = DemandeJeton(data=request.data, context={"request": request})
        demande.is_valid(raise_exception=True)
        token, _ = Token.objects.get_or_create(user=demande.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)
