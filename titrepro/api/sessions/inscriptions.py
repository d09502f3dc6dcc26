"""Candidates of a session: ``/api/v1/sessions/<pk>/candidats/`` (list, register) and
``/api/v1/sessions/<session_pk>/candidats/<pk>/`` (read, withdraw with a motive).

Same service and rules as the pages: a refusal is a 422 ``regle_refusee`` with its code
(CAN-PUBLICS, CAN-VAE, SES-PROLONGATION, CAN-VAE-RECEVABILITE, SES-RATTACHEMENT, SES-VERROU);
a CAN-DROITS alert is a 422 ``confirmation_requise`` until ``confirmer_droits`` is sent.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, RoleAutorise
from titrepro.api.erreurs import corps_erreur
from titrepro.comptes.acces import LECTEURS_SESSIONS
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Inscription, PublicCandidat, Session
from titrepro.examens.services import inscriptions as services
from titrepro.personnes.models import Candidat, Formation
from titrepro.referentiel.models import CCP


class InscriptionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    candidat_nom = serializers.CharField(source="candidat.__str__", read_only=True)
    jury_numero = serializers.IntegerField(source="jury.numero", read_only=True, allow_null=True)

    class Meta:
        model = Inscription
        fields = [
            "id",
            "session",
            "candidat",
            "candidat_nom",
            "public",
            "formation",
            "ccps",
            "jury",
            "jury_numero",
            "etat",
            "inscrit_le",
        ]
        read_only_fields = fields


class NouvelleInscriptionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    candidat = serializers.IntegerField(help_text="Identifiant du candidat.")
    public = serializers.ChoiceField(choices=PublicCandidat.choices)
    formation = serializers.IntegerField(
        required=False, allow_null=True, help_text="Parcours retenu (par défaut : le plus récent sur ce titre)."
    )
    ccps = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="CCP présentés (session CCP ou réussite partielle ; par défaut : tous ceux possibles).",
    )
    confirmer_droits = serializers.BooleanField(
        required=False, default=False, help_text="Confirme l'inscription malgré une alerte CAN-DROITS."
    )


class HomonymeInscriptionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    candidat = serializers.IntegerField(source="candidat_id")
    raison = serializers.CharField()
    score = serializers.FloatField()


class VerdictInscriptionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    ok = serializers.BooleanField()
    message = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]


class InscriptionCreeeSerializer(InscriptionSerializer):
    homonymes = HomonymeInscriptionSerializer(many=True, read_only=True, help_text="Homonymes (CAN-DOUBLON).")
    verdicts = VerdictInscriptionSerializer(many=True, read_only=True)

    class Meta(InscriptionSerializer.Meta):
        fields = [*InscriptionSerializer.Meta.fields, "homonymes", "verdicts"]
        read_only_fields = fields


class RetraitSerializer(serializers.Serializer):  # type: ignore[type-arg]
    motif = serializers.CharField(help_text="Motif du retrait (conservé dans l'historique).")


def _session(request: Request, pk: int) -> Session:
    return get_visible_or_404(
        Session.objects.select_related("site__departement", "millesime__titre", "organisme"), request.user, pk=pk
    )


class CandidatsSessionViewSet(AuteurAuditMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Les candidats inscrits à une session (lignes visibles) ; inscrire, consulter, retirer."""

    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_SESSIONS
    serializer_class = InscriptionSerializer

    def get_queryset(self) -> QuerySet[Inscription]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no URL arguments
            return Inscription.objects.none()
        session_pk = int(self.kwargs.get("session_pk") or self.kwargs["pk"])
        return (
            Inscription.objects.visibles_par(self.request.user)
            .filter(session_id=session_pk)
            .select_related("candidat", "jury")
            .prefetch_related("ccps")
            .order_by("candidat__nom_naissance", "candidat__prenoms", "pk")
        )

    def _inscription(self, pk: int) -> Inscription:
        """A visible registration of this session (the queryset is scoped), else 404."""
        inscription = self.get_queryset().select_related("session").filter(pk=pk).first()
        if inscription is None:
            raise NotFound()
        return inscription

    @extend_schema(responses={200: InscriptionSerializer(many=True)}, tags=["sessions"])
    def list(self, request: Request, pk: int) -> Response:
        _session(request, pk)
        page = self.paginate_queryset(self.get_queryset())
        if page is not None:
            return self.get_paginated_response(InscriptionSerializer(page, many=True).data)
        return Response(InscriptionSerializer(self.get_queryset(), many=True).data)  # pragma: no cover

    @extend_schema(
        request=NouvelleInscriptionSerializer, responses={201: InscriptionCreeeSerializer}, tags=["sessions"]
    )
    def create(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        donnees = NouvelleInscriptionSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        d = donnees.validated_data
        candidat = Candidat.objects.filter(pk=d["candidat"]).first()
        if candidat is None:
            raise serializers.ValidationError({"candidat": ["Aucun candidat n'a cet identifiant."]})
        formation = None
        if d.get("formation"):
            formation = Formation.objects.filter(pk=d["formation"], candidat=candidat).first()
            if formation is None:
                raise serializers.ValidationError({"formation": ["Ce parcours n'est pas celui de ce candidat."]})
        ccps = list(CCP.objects.filter(pk__in=d["ccps"]))
        if len(ccps) != len(set(d["ccps"])):
            raise serializers.ValidationError({"ccps": ["Un des CCP indiqués n'existe pas."]})
        try:
            resultat = services.inscription_ajouter(
                session=session,
                candidat=candidat,
                public=d["public"],
                formation=formation,
                ccps=ccps,
                auteur=request.user,
                jour=timezone.localdate(),
                confirmer_droits=d["confirmer_droits"],
            )
        except services.DroitsAConfirmer as exc:
            premier = exc.verdicts[0]
            return Response(
                corps_erreur(
                    "confirmation_requise",
                    " ".join(v.message for v in exc.verdicts)
                    + " Renvoyez la demande avec « confirmer_droits » pour passer outre.",
                    champs=exc.message_dict,
                    regle=premier.code,
                    source=premier.source,
                ),
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        inscription = resultat.inscription
        inscription.homonymes = resultat.homonymes  # type: ignore[attr-defined]
        inscription.verdicts = resultat.verdicts  # type: ignore[attr-defined]
        return Response(InscriptionCreeeSerializer(inscription).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: InscriptionSerializer}, tags=["sessions"])
    def retrieve(self, request: Request, session_pk: int, pk: int) -> Response:
        _session(request, session_pk)
        inscription = self._inscription(pk)
        return Response(InscriptionSerializer(inscription).data)

    @extend_schema(
        request=RetraitSerializer,
        parameters=[OpenApiParameter("motif", str, description="Motif du retrait (ou dans le corps).")],
        responses={204: None},
        tags=["sessions"],
    )
    def destroy(self, request: Request, session_pk: int, pk: int) -> Response:
        _session(request, session_pk)
        inscription = self._inscription(pk)
        donnees: Any = request.data if request.data else {"motif": request.query_params.get("motif", "")}
        retrait = RetraitSerializer(data=donnees)
        retrait.is_valid(raise_exception=True)
        services.inscription_retirer(
            inscription=inscription,
            auteur=request.user,
            jour=timezone.localdate(),
            motif=retrait.validated_data["motif"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
