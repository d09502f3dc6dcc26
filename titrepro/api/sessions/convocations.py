"""Convocations of a session, nested under ``/api/v1/sessions/<session>/``: same services and rules as the pages.

- ``GET  sessions/<pk>/convocations/``: one row per registered candidate (its convocation, if recorded,
  and the SES-CONVOCATION verdict);
- ``PUT|PATCH sessions/<session_pk>/convocations/<inscription pk>/``: record the mode, dates, tracking
  number; multipart for the proof file;
- ``POST sessions/<pk>/emettre-convocations/``: issue them (SES-CONVOCATION, SES-VERROU); a refusal is a
  422 naming each candidate at fault in ``champs.inscriptions``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, RoleAutorise
from titrepro.api.erreurs import corps_erreur
from titrepro.comptes.acces import GESTION_SESSIONS, LECTEURS_SESSIONS
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Inscription, ModeConvocation, Session
from titrepro.examens.services import convocations as services


class ConvocationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One registered candidate and their convocation (``id`` is the registration's)."""

    id = serializers.IntegerField(read_only=True)
    candidat = serializers.IntegerField(read_only=True)
    candidat_nom = serializers.CharField(read_only=True)
    etat_inscription = serializers.CharField(read_only=True)
    convocation = serializers.IntegerField(read_only=True, allow_null=True)
    mode = serializers.CharField(read_only=True)
    envoyee_le = serializers.DateField(read_only=True, allow_null=True)
    numero_suivi = serializers.CharField(read_only=True)
    accuse_reception_le = serializers.DateField(read_only=True, allow_null=True)
    a_une_preuve = serializers.BooleanField(read_only=True)
    preuve_nom = serializers.CharField(read_only=True)
    emise_le = serializers.DateTimeField(read_only=True, allow_null=True)
    verdict = serializers.DictField(read_only=True, allow_null=True)


class EnregistrementSerializer(serializers.Serializer):  # type: ignore[type-arg]
    mode = serializers.ChoiceField(choices=ModeConvocation.choices)
    envoyee_le = serializers.DateField()
    numero_suivi = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    accuse_reception_le = serializers.DateField(required=False, allow_null=True, default=None)
    preuve = serializers.FileField(required=False, allow_null=True, default=None)


def _ligne(inscription: Inscription, *, jour: Any) -> dict[str, Any]:
    convocation = getattr(inscription, "convocation", None)
    verdict = services.verdict_convocation(inscription, jour=jour)
    return {
        "id": inscription.pk,
        "candidat": inscription.candidat_id,
        "candidat_nom": str(inscription.candidat),
        "etat_inscription": inscription.etat,
        "convocation": convocation.pk if convocation else None,
        "mode": convocation.mode if convocation else "",
        "envoyee_le": convocation.envoyee_le if convocation else None,
        "numero_suivi": convocation.numero_suivi if convocation else "",
        "accuse_reception_le": convocation.accuse_reception_le if convocation else None,
        "a_une_preuve": bool(convocation and convocation.a_une_preuve),
        "preuve_nom": convocation.preuve_nom if convocation else "",
        "emise_le": convocation.emise_le if convocation else None,
        "verdict": (
            {
                "code": verdict.code,
                "ok": verdict.ok,
                "message": verdict.message,
                "source": verdict.source,
                "echeance": verdict.echeance,
            }
            if verdict
            else None
        ),
    }


def _inscriptions(session: Session, user: Any) -> Any:
    return (
        Inscription.objects.visibles_par(user)
        .filter(session=session)
        .select_related("candidat", "convocation", "session__site__departement")
        .order_by("candidat__nom_naissance", "candidat__prenoms", "pk")
    )


class _Base(AuteurAuditMixin, GenericAPIView):  # type: ignore[type-arg]
    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_SESSIONS
    serializer_class = ConvocationSerializer
    pagination_class = None
    queryset = Inscription.objects.none()  # for the schema; rows come from visibles_par below

    def session(self, pk: Any) -> Session:
        session: Session = get_visible_or_404(Session.objects.all(), self.request.user, pk=pk)
        return session


class ConvocationsSessionApi(_Base):
    """The convocations of a session, one row per registered candidate."""

    @extend_schema(responses=ConvocationSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        session = self.session(pk)
        jour = timezone.localdate()
        lignes = [_ligne(i, jour=jour) for i in _inscriptions(session, request.user)]
        return Response({"count": len(lignes), "results": ConvocationSerializer(lignes, many=True).data})


class ConvocationApi(_Base):
    """Record one candidate's convocation (mode, dates, tracking number; multipart for the proof)."""

    roles_autorises = GESTION_SESSIONS
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _enregistrer(self, request: Request, session_pk: int, pk: int, *, partiel: bool) -> Response:
        session = self.session(session_pk)
        inscription = _inscriptions(session, request.user).filter(pk=pk).first()
        if inscription is None:
            return Response(
                corps_erreur("introuvable", "Aucune ressource visible ne correspond à cette adresse."),
                status=status.HTTP_404_NOT_FOUND,
            )
        donnees: dict[str, Any] = {}
        convocation = getattr(inscription, "convocation", None)
        if partiel and convocation is not None:
            donnees = {
                "mode": convocation.mode,
                "envoyee_le": convocation.envoyee_le,
                "numero_suivi": convocation.numero_suivi,
                "accuse_reception_le": convocation.accuse_reception_le,
            }
            donnees = {k: v for k, v in donnees.items() if v not in (None, "")}
        recu = request.data.dict() if hasattr(request.data, "dict") else dict(request.data)
        entree = EnregistrementSerializer(data={**donnees, **recu})
        entree.is_valid(raise_exception=True)
        services.convocation_enregistrer(inscription=inscription, auteur=request.user, **entree.validated_data)
        inscription = _inscriptions(session, request.user).get(pk=pk)
        return Response(ConvocationSerializer(_ligne(inscription, jour=timezone.localdate())).data)

    @extend_schema(request=EnregistrementSerializer, responses=ConvocationSerializer)
    def put(self, request: Request, session_pk: int, pk: int) -> Response:
        return self._enregistrer(request, session_pk, pk, partiel=False)

    @extend_schema(request=EnregistrementSerializer, responses=ConvocationSerializer)
    def patch(self, request: Request, session_pk: int, pk: int) -> Response:
        return self._enregistrer(request, session_pk, pk, partiel=True)


class EmettreConvocationsApi(_Base):
    """Issue the session's convocations; 422 with the rule code and each candidate at fault."""

    roles_autorises = GESTION_SESSIONS

    @extend_schema(request=None, responses=ConvocationSerializer(many=True))
    def post(self, request: Request, pk: int) -> Response:
        session = self.session(pk)
        try:
            session = services.convocations_emettre(session=session, auteur=request.user, jour=timezone.localdate())
        except services.ConvocationsRefusees as exc:
            champs = {"inscriptions": {str(m.inscription.pk): [m.message] for m in exc.manquements}}
            return Response(
                corps_erreur("regle_refusee", exc.message, champs, regle=exc.regle, source=exc.source),
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        jour = timezone.localdate()
        lignes = [_ligne(i, jour=jour) for i in _inscriptions(session, request.user)]
        return Response(
            {
                "session": session.pk,
                "etat": session.etat,
                "convoquee_le": session.convoquee_le,
                "results": ConvocationSerializer(lignes, many=True).data,
            }
        )
