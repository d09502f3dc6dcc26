from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.referentiel.serializers import TitreSerializer
from titrepro.referentiel.models import Titre


class TitreViewSet(LectureVisibleViewSet):
    """Titres professionnels avec leurs millésimes, CCP, CCS et épreuves."""

    queryset = Titre.objects.prefetch_related("millesimes__ccps", "millesimes__ccss", "millesimes__epreuves__ccps")
    serializer_class = TitreSerializer
    filterset_fields = ["secteur", "niveau", "transport"]
