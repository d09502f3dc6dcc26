"""Archives in the API (read): ``/api/v1/sessions/<pk>/archives/`` — the session's documents with their
retention end (ARC-CONSERVATION), the DTE destruction/return log (DTE-DESTRUCTION) and the purge log."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, RoleAutorise
from titrepro.archives.lectures import archives_de_session
from titrepro.comptes.acces import LECTEURS_ARCHIVES
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
