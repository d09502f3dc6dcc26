from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from titrepro.api.agrements.views import AgrementViewSet, DemandeAgrementViewSet
from titrepro.api.auth.views import JetonView
from titrepro.api.conformite.views import AlerteViewSet
from titrepro.api.organisations.views import OrganismeViewSet, SiteViewSet
from titrepro.api.personnes.views import CandidatViewSet, HabilitationViewSet, MembreJuryViewSet
from titrepro.api.referentiel.views import TitreViewSet
from titrepro.api.regles.views import RegleViewSet

routeur = DefaultRouter()
routeur.include_root_view = False
routeur.register("titres", TitreViewSet, basename="titre")
routeur.register("organismes", OrganismeViewSet, basename="organisme")
routeur.register("sites", SiteViewSet, basename="site")
routeur.register("agrements", AgrementViewSet, basename="agrement")
routeur.register("demandes-agrement", DemandeAgrementViewSet, basename="demande-agrement")
routeur.register("candidats", CandidatViewSet, basename="candidat")
routeur.register("membres-jury", MembreJuryViewSet, basename="membre-jury")
routeur.register("jures", MembreJuryViewSet, basename="jure")  # the name; membres-jury stays an alias
routeur.register("habilitations", HabilitationViewSet, basename="habilitation")
routeur.register("regles", RegleViewSet, basename="regle")
routeur.register("alertes", AlerteViewSet, basename="alerte")

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
