"""Results of a session, nested under ``/api/v1/sessions/<pk>/``: same services and rules as the pages.

- ``GET  sessions/<pk>/resultats/``: one row per registration the caller reads (a jury member: their own jury's);
- ``POST sessions/<pk>/resultats/`` (with ``inscription``) or ``PATCH sessions/<pk>/resultats/<inscription>/``:
  record CCP and épreuve results, then the decision (or undo it); a rule's refusal is a 422 ``regle_refusee``
  (SES-ENTRETIEN-FINAL, SES-JURY-LIENS...);
- ``POST sessions/<pk>/cloturer-saisie/``: en_cours → resultats_saisis (RES-SAISIE: every candidate decided).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, RoleAutorise
from titrepro.api.resultats.serializers import (
    LigneResultatsSerializer,
    SaisieLigneSerializer,
    SaisieSessionSerializer,
    SessionEtatSerializer,
    ligne_en_donnees,
)
from titrepro.comptes.acces import GESTION_SESSIONS, LECTEURS_RESULTATS, SAISIE_RESULTATS
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Inscription, Session
from titrepro.referentiel.models import CCP, Epreuve
from titrepro.resultats import services
from titrepro.resultats.lectures import grille, inscriptions_de_la_grille


def _session(request: Request, pk: int) -> Session:
    return get_visible_or_404(
        Session.objects.select_related("site__departement", "millesime__titre", "organisme"), request.user, pk=pk
    )


def _inscription(request: Request, session: Session, pk: int) -> Inscription:
    inscription = inscriptions_de_la_grille(request.user, session).filter(pk=pk).first()
    if inscription is None:
        raise NotFound()
    return inscription


def _ligne(inscription: Inscription) -> dict[str, Any]:
    inscription.refresh_from_db()
    return ligne_en_donnees(grille(inscription.session, [inscription]).lignes[0])


@transaction.atomic
def _enregistrer(request: Request, inscription: Inscription, donnees: dict[str, Any]) -> None:
    motif = (donnees.get("annuler_decision") or "").strip()
    if motif:
        services.decision_annuler(inscription=inscription, par=request.user, motif=motif)
    for saisie in donnees.get("ccps") or []:
        ccp = CCP.objects.filter(pk=saisie["ccp"]).first()
        if ccp is None:
            raise serializers.ValidationError({"ccps": [f"Aucun CCP n'a l'identifiant {saisie['ccp']}."]})
        services.resultat_saisir(
            inscription=inscription,
            par=request.user,
            ccp=ccp,
            acquis=saisie["acquis"],
            observations=saisie.get("observations", ""),
        )
    for saisie in donnees.get("epreuves") or []:
        epreuve = Epreuve.objects.filter(pk=saisie["epreuve"]).first()
        if epreuve is None:
            raise serializers.ValidationError({"epreuves": [f"Aucune épreuve n'a l'identifiant {saisie['epreuve']}."]})
        services.resultat_saisir(
            inscription=inscription,
            par=request.user,
            epreuve=epreuve,
            etat_epreuve=saisie["etat"],
            observations=saisie.get("observations", ""),
        )
    decision = donnees.get("decision")
    if decision is not None:
        services.decision_enregistrer(
            inscription=inscription,
            par=request.user,
            resultat=decision.get("resultat"),
            entretien_final_le=decision.get("entretien_final_le"),
            observations=decision.get("observations", ""),
        )


class ResultatsSessionView(AuteurAuditMixin, GenericAPIView):  # type: ignore[type-arg]
    """Les résultats d'une session, une ligne par inscription ; POST : saisir pour une inscription."""

    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_RESULTATS
    serializer_class = LigneResultatsSerializer
    pagination_class = None
    queryset = Inscription.objects.none()

    @extend_schema(responses={200: LigneResultatsSerializer(many=True)}, tags=["résultats"])
    def get(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        tableau = grille(session, list(inscriptions_de_la_grille(request.user, session)))
        return Response([ligne_en_donnees(ligne) for ligne in tableau.lignes])

    @extend_schema(request=SaisieSessionSerializer, responses={200: LigneResultatsSerializer}, tags=["résultats"])
    def post(self, request: Request, pk: int) -> Response:
        if not request.user.roles & SAISIE_RESULTATS:  # type: ignore[union-attr]
            self.permission_denied(request, message="Votre rôle ne permet pas de saisir des résultats.")
        session = _session(request, pk)
        donnees = SaisieSessionSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        inscription = _inscription(request, session, donnees.validated_data["inscription"])
        _enregistrer(request, inscription, donnees.validated_data)
        return Response(_ligne(inscription))


class ResultatInscriptionView(AuteurAuditMixin, GenericAPIView):  # type: ignore[type-arg]
    """Les résultats d'une inscription (``pk`` : l'inscription) ; PATCH : saisir, décider ou annuler la décision."""

    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_RESULTATS
    serializer_class = LigneResultatsSerializer
    queryset = Inscription.objects.none()

    @extend_schema(responses={200: LigneResultatsSerializer}, tags=["résultats"])
    def get(self, request: Request, session_pk: int, pk: int) -> Response:
        session = _session(request, session_pk)
        return Response(_ligne(_inscription(request, session, pk)))

    @extend_schema(request=SaisieLigneSerializer, responses={200: LigneResultatsSerializer}, tags=["résultats"])
    def patch(self, request: Request, session_pk: int, pk: int) -> Response:
        if not request.user.roles & SAISIE_RESULTATS:  # type: ignore[union-attr]
            self.permission_denied(request, message="Votre rôle ne permet pas de saisir des résultats.")
        session = _session(request, session_pk)
        inscription = _inscription(request, session, pk)
        donnees = SaisieLigneSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        _enregistrer(request, inscription, donnees.validated_data)
        return Response(_ligne(inscription))


class CloturerSaisieView(AuteurAuditMixin, GenericAPIView):  # type: ignore[type-arg]
    """Clore la saisie : la session passe « résultats saisis » quand chaque candidat a une décision (RES-SAISIE)."""

    permission_classes = [RoleAutorise]
    roles_autorises = GESTION_SESSIONS
    serializer_class = SessionEtatSerializer

    @extend_schema(request=None, responses={200: SessionEtatSerializer}, tags=["résultats"])
    def post(self, request: Request, pk: int) -> Response:
        session = services.saisie_cloturer(session=_session(request, pk), par=request.user)
        return Response({"id": session.pk, "numero": session.numero, "etat": session.etat}, status=status.HTTP_200_OK)
