from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from titrepro.api.auth.views import JetonView
from titrepro.api.organisations.views import OrganismeViewSet
from titrepro.api.personnes.views import CandidatViewSet, MembreJuryViewSet
from titrepro.api.referentiel.views import TitreViewSet
from titrepro.api.regles.views import RegleViewSet

routeur = DefaultRouter()
routeur.include_root_view = False
routeur.register("titres", TitreViewSet, basename="titre")
routeur.register("organismes", OrganismeViewSet, basename="organisme")
routeur.register("candidats", CandidatViewSet, basename="candidat")
routeur.register("membres-jury", MembreJuryViewSet, basename="membre-jury")
routeur.register("regles", RegleViewSet, basename="regle")

urlpatterns = [
    path("v1/auth/token/", JetonView.as_view(), name="api-token"),
    path("v1/", include(routeur.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/documentation.html"),
        name="api-docs",
    ),
]
