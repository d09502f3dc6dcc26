"""An API view that writes, to check that token-authenticated writes name their author."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from tests.factories import siret_valide
from titrepro.api.base import AuteurAuditMixin
from titrepro.organisations.models import Organisme


class CreerOrganisme(AuteurAuditMixin, APIView):
    def post(self, request):
        organisme = Organisme.objects.create(raison_sociale="Créé par l'API", siret=siret_valide(42))
        return Response({"id": organisme.pk})


urlpatterns = [path("creer/", CreerOrganisme.as_view())]
