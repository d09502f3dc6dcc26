from typing import Any

from django.db.models import QuerySet

from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.personnes.serializers import CandidatSerializer, MembreJurySerializer
from titrepro.personnes.models import Candidat, MembreJury


class CandidatViewSet(LectureVisibleViewSet):
    """Candidats du périmètre de l'utilisateur (le candidat ne voit que sa fiche)."""

    queryset = Candidat.objects.all()
    serializer_class = CandidatSerializer
    filterset_fields = ["date_naissance", "nom_naissance"]


class MembreJuryViewSet(LectureVisibleViewSet):
    """Membres de jury du périmètre de l'utilisateur."""

    queryset = MembreJury.objects.all()
    serializer_class = MembreJurySerializer

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("departement")
