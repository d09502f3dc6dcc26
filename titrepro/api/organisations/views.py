from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.organisations.serializers import OrganismeSerializer
from titrepro.comptes.acces import LECTEURS_ORGANISMES
from titrepro.organisations.models import Organisme


class OrganismeViewSet(LectureVisibleViewSet):
    """Organismes du périmètre de l'utilisateur."""

    queryset = Organisme.objects.all()
    serializer_class = OrganismeSerializer
    roles_autorises = LECTEURS_ORGANISMES
    filterset_fields = ["est_cfa"]
