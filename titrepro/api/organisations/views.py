from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.organisations.serializers import OrganismeSerializer
from titrepro.organisations.models import Organisme


class OrganismeViewSet(LectureVisibleViewSet):
    """Organismes du périmètre de l'utilisateur."""

    queryset = Organisme.objects.all()
    serializer_class = OrganismeSerializer
    filterset_fields = ["est_cfa"]
