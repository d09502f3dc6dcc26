from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from titrepro.api.agrements.views import AgrementViewSet, DemandeAgrementViewSet
from titrepro.api.auth.views import JetonView
from titrepro.api.conformite.views import AlerteViewSet
from titrepro.api.dte.views import CommandeDteViewSet
from titrepro.api.organisations.views import (
    ContactViewSet,
    ConventionViewSet,
    OrganismeViewSet,
    ProgrammationViewSet,
    SiteViewSet,
)
from titrepro.api.personnes.views import AmenagementViewSet, CandidatViewSet, HabilitationViewSet, MembreJuryViewSet
from titrepro.api.referentiel.views import TitreViewSet
from titrepro.api.regles.views import RegleViewSet
from titrepro.api.sessions.convocations import ConvocationApi, ConvocationsSessionApi, EmettreConvocationsApi
from titrepro.api.sessions.inscriptions import CandidatsSessionViewSet
from titrepro.api.sessions.jurys import (
    InvitationsJuryView,
    JurysSessionView,
    MembresSelectionnablesView,
    RepondreParticipationView,
)
from titrepro.api.sessions.views import SessionViewSet

routeur = DefaultRouter()
routeur.include_root_view = False
routeur.register("titres", TitreViewSet, basename="titre")
routeur.register("organismes", OrganismeViewSet, basename="organisme")
routeur.register("sites", SiteViewSet, basename="site")
routeur.register("agrements", AgrementViewSet, basename="agrement")
routeur.register("demandes-agrement", DemandeAgrementViewSet, basename="demande-agrement")
routeur.register("contacts", ContactViewSet, basename="contact")
routeur.register("conventions", ConventionViewSet, basename="convention")
routeur.register("programmations", ProgrammationViewSet, basename="programmation")
routeur.register("candidats", CandidatViewSet, basename="candidat")
routeur.register("membres-jury", MembreJuryViewSet, basename="membre-jury")
routeur.register("jures", MembreJuryViewSet, basename="jure")  # the name; membres-jury stays an alias
routeur.register("habilitations", HabilitationViewSet, basename="habilitation")
routeur.register("amenagements", AmenagementViewSet, basename="amenagement")
routeur.register("regles", RegleViewSet, basename="regle")
routeur.register("alertes", AlerteViewSet, basename="alerte")
routeur.register("commandes-dte", CommandeDteViewSet, basename="commande-dte")
routeur.register("sessions", SessionViewSet, basename="session")

urlpatterns = [
    path("v1/auth/token/", JetonView.as_view(), name="api-token"),
    # Jurys of a session (issue 6): nested under /sessions/<pk>/, before the router's routes.
    path("v1/sessions/<int:pk>/jurys/", JurysSessionView.as_view(), name="session-jurys"),
    path(
        "v1/sessions/<int:pk>/membres-selectionnables/",
        MembresSelectionnablesView.as_view(),
        name="session-membres-selectionnables",
    ),
    path(
        "v1/sessions/<int:session_pk>/jurys/<int:pk>/invitations/",
        InvitationsJuryView.as_view(),
        name="session-jury-invitations",
    ),
    path(
        "v1/participations-jury/<int:pk>/repondre/",
        RepondreParticipationView.as_view(),
        name="participation-jury-repondre",
    ),
    # Convocations of a session (issue 6): nested under /sessions/<pk>/, before the router's routes.
    path("v1/sessions/<int:pk>/convocations/", ConvocationsSessionApi.as_view(), name="session-convocations"),
    path(
        "v1/sessions/<int:session_pk>/convocations/<int:pk>/",
        ConvocationApi.as_view(),
        name="session-convocation-detail",
    ),
    path(
        "v1/sessions/<int:pk>/emettre-convocations/",
        EmettreConvocationsApi.as_view(),
        name="session-emettre-convocations",
    ),
    # Candidates of a session (issue 6): nested under /sessions/<pk>/, before the router's routes.
    path(
        "v1/sessions/<int:pk>/candidats/",
        CandidatsSessionViewSet.as_view({"get": "list", "post": "create"}),
        name="session-candidats",
    ),
    path(
        "v1/sessions/<int:session_pk>/candidats/<int:pk>/",
        CandidatsSessionViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="session-candidat-detail",
    ),
    path("v1/", include(routeur.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/documentation.html"),
        name="api-docs",
    ),
]
