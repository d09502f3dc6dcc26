"""Archives in the API: ``/api/v1/sessions/<pk>/archives/`` (read) — the session's documents with their
retention end (ARC-CONSERVATION), the DTE destruction/return log (DTE-DESTRUCTION) and the purge log;
``/api/v1/sessions/<pk>/archives/pieces/`` — the evaluation documents filed per registration (list, and a
multipart upload by the session team; natures closed by SES-DOSSIER)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as RefusDjango
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, RoleAutorise
from titrepro.archives import services
from titrepro.archives.lectures import PieceArchivee, archives_de_session, pieces_de_session
from titrepro.archives.models import NaturePiece, PieceConservee
from titrepro.archives.registre import PAR_CLE, conserver_jusqu_au
from titrepro.comptes.acces import DEPOT_PIECES_CONSERVEES, LECTEURS_ARCHIVES
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Session


class DocumentArchiveSerializer(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.CharField()
    libelle = serializers.CharField()
    modele = serializers.CharField()
    objet = serializers.IntegerField()
    fichier = serializers.CharField()
    date_reference = serializers.DateField(allow_null=True)
    conserver_jusqu_au = serializers.DateField(allow_null=True)


class ClotureDteSerializer(serializers.Serializer):  # type: ignore[type-arg]
    commande = serializers.IntegerField()
    action = serializers.CharField()
    le = serializers.DateField(allow_null=True)
    par = serializers.CharField(allow_null=True)
    observations = serializers.CharField()


class LignePurgeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    libelle = serializers.CharField()
    action = serializers.CharField()
    le = serializers.DateTimeField()
    conserver_jusqu_au = serializers.DateField()
    motif = serializers.CharField()
    purge = serializers.IntegerField()


class ArchivesSessionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    session = serializers.IntegerField()
    conserver_jusqu_au = serializers.DateField(allow_null=True)
    documents = DocumentArchiveSerializer(many=True)
    journal_dte = ClotureDteSerializer(many=True)
    purges = LignePurgeSerializer(many=True)


class ArchivesSessionView(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    """Archives d'une session : documents conservés et date de fin de conservation, destructions et retours
    des sujets et DTE, documents purgés. Lecture seule ; une session hors périmètre donne 404."""

    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_ARCHIVES
    serializer_class = ArchivesSessionSerializer

    @extend_schema(responses=ArchivesSessionSerializer, tags=["archives"])
    def get(self, request: Request, pk: int) -> Response:
        session = get_visible_or_404(Session.objects.all(), request.user, pk=pk)
        archives = archives_de_session(session)
        donnees: dict[str, Any] = {
            "session": session.pk,
            "conserver_jusqu_au": archives.conserver_jusqu_au,
            "documents": [
                {
                    "type": d.type_document.cle,
                    "libelle": d.type_document.libelle,
                    "modele": d.type_document.modele,
                    "objet": d.objet.pk,
                    "fichier": d.nom_fichier,
                    "date_reference": d.date_reference,
                    "conserver_jusqu_au": d.conserver_jusqu_au,
                }
                for d in archives.documents
            ],
            "journal_dte": [
                {
                    "commande": c.commande.pk,
                    "action": c.action,
                    "le": c.le,
                    "par": str(c.par) if c.par else None,
                    "observations": c.observations,
                }
                for c in archives.journal_dte
            ],
            "purges": [
                {
                    "libelle": ligne.libelle,
                    "action": ligne.action,
                    "le": ligne.cree_le,
                    "conserver_jusqu_au": ligne.conserver_jusqu_au,
                    "motif": ligne.motif,
                    "purge": ligne.purge_id,
                }
                for ligne in archives.purges
            ],
        }
        return Response(ArchivesSessionSerializer(donnees).data)


class PieceConserveeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    inscription = serializers.IntegerField()
    candidat = serializers.CharField()
    nature = serializers.ChoiceField(choices=NaturePiece.choices)
    nature_libelle = serializers.CharField()
    fichier_nom = serializers.CharField()
    purgee = serializers.BooleanField(help_text="Le fichier a été supprimé à la fin de sa conservation.")
    deposee_le = serializers.DateField()
    deposee_par = serializers.CharField(allow_null=True)
    conserver_jusqu_au = serializers.DateField(
        allow_null=True, help_text="Dernier jour de la session + durée en vigueur (ARC-CONSERVATION, 5 ans)."
    )


class DepotPieceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    inscription = serializers.IntegerField(help_text="Inscription de la session.")
    nature = serializers.ChoiceField(
        choices=NaturePiece.choices,
        help_text="Seules les pièces prévues par le référentiel d'évaluation (SES-DOSSIER : ni rapport de stage, "
        "ni CV).",
        error_messages={"invalid_choice": services.refus_hors_dossier("{input}") + " (SES-DOSSIER)"},
    )
    fichier = serializers.FileField(help_text="PDF, PNG ou JPEG (type lu dans le contenu), 10 Mo au plus.")


def _donnees_piece(piece: PieceConservee, jusqu_au: Any, purgee: bool) -> dict[str, Any]:
    return {
        "id": piece.pk,
        "inscription": piece.inscription_id,
        "candidat": str(piece.inscription.candidat),
        "nature": piece.nature,
        "nature_libelle": piece.get_nature_display(),
        "fichier_nom": piece.fichier_nom,
        "purgee": purgee,
        "deposee_le": piece.deposee_le,
        "deposee_par": str(piece.deposee_par) if piece.deposee_par else None,
        "conserver_jusqu_au": jusqu_au,
    }


class PiecesConserveesView(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    """Pièces d'évaluation des candidats d'une session (fiches d'évaluation individuelles, grilles du jury, livret
    ECF ou de certification, recevabilité VAE), chacune conservée 5 ans après la session (ARC-CONSERVATION).
    POST (multipart) : l'équipe de session de l'organisme en dépose une pour une inscription ; une autre nature
    (CV, rapport de stage…) est refusée (SES-DOSSIER), un fichier dont le contenu n'est ni PDF ni image aussi.
    Une session hors périmètre donne 404."""

    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_ARCHIVES
    serializer_class = PieceConserveeSerializer
    parser_classes = [MultiPartParser, FormParser]
    pagination_class = None
    queryset = PieceConservee.objects.none()

    def _session(self, request: Request, pk: int) -> Session:
        return get_visible_or_404(Session.objects.select_related("organisme"), request.user, pk=pk)

    @extend_schema(responses=PieceConserveeSerializer(many=True), tags=["archives"])
    def get(self, request: Request, pk: int) -> Response:
        session = self._session(request, pk)
        lignes: list[PieceArchivee] = pieces_de_session(session, request.user)
        donnees = [_donnees_piece(ligne.piece, ligne.conserver_jusqu_au, ligne.purgee) for ligne in lignes]
        return Response(PieceConserveeSerializer(donnees, many=True).data)

    @extend_schema(request=DepotPieceSerializer, responses={201: PieceConserveeSerializer}, tags=["archives"])
    def post(self, request: Request, pk: int) -> Response:
        if not getattr(request.user, "roles", frozenset()) & DEPOT_PIECES_CONSERVEES:
            raise exceptions.PermissionDenied("Seuls le responsable de session et les suppléants déposent les pièces.")
        session = self._session(request, pk)
        depot = DepotPieceSerializer(data=request.data)
        depot.is_valid(raise_exception=True)
        d = depot.validated_data
        inscription = session.inscriptions.select_related("candidat", "session").filter(pk=d["inscription"]).first()
        if inscription is None:
            raise serializers.ValidationError(
                {"inscription": ["Aucune inscription de cette session n'a cet identifiant."]}
            )
        try:
            piece = services.piece_conservee_deposer(
                inscription=inscription,
                nature=d["nature"],
                fichier=d["fichier"],
                par=request.user,
                jour=timezone.localdate(),
            )
        except RefusDjango as refus:  # the reason of ``peut_deposer_piece``, kept for the client
            raise exceptions.PermissionDenied(str(refus)) from refus
        jusqu_au = conserver_jusqu_au(PAR_CLE["piece_conservee"], piece)
        return Response(
            PieceConserveeSerializer(_donnees_piece(piece, jusqu_au, purgee=False)).data,
            status=status.HTTP_201_CREATED,
        )
