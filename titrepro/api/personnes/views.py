from typing import Any

from django.db.models import QuerySet

from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.personnes.serializers import CandidatSerializer, MembreJurySerializer
from titrepro.comptes.acces import LECTEURS_CANDIDATS, LECTEURS_MEMBRES_JURY
from titrepro.personnes.models import Candidat, MembreJury


class CandidatViewSet(LectureVisibleViewSet):
    """Candidats du périmètre de l'utilisateur (le candidat ne voit que sa fiche)."""

    queryset = Candidat.objects.all()
    serializer_class = CandidatSerializer
    roles_autorises = LECTEURS_CANDIDATS
    filterset_fields = ["date_naissance", "nom_naissance"]


class MembreJuryViewSet(LectureVisibleViewSet):
    """Membres de jury du périmètre de l'utilisateur."""

    queryset = MembreJury.objects.all()
    serializer_class = MembreJurySerializer
    roles_autorises = LECTEURS_MEMBRES_JURY

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("departement")
