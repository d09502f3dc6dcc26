from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from titrepro.api.agrements.views import AgrementViewSet, DemandeAgrementViewSet
from titrepro.api.archives.views import ArchivesSessionView, PiecesConserveesView
from titrepro.api.auth.views import JetonView
from titrepro.api.conformite.views import AlerteViewSet
from titrepro.api.dte.views import CommandeDteViewSet
from titrepro.api.insertion.views import QuestionnaireInsertionView, StatistiquesInsertionView
from titrepro.api.organisations.views import (
    ContactViewSet,
    ConventionViewSet,
    OrganismeViewSet,
    ProgrammationViewSet,
    SiteViewSet,
)
from titrepro.api.personnes.views import AmenagementViewSet, CandidatViewSet, HabilitationViewSet, MembreJuryViewSet
from titrepro.api.planning.views import (
    CreneauApi,
    GenererPlanningApi,
    PlanningApi,
    PlanningSessionApi,
    PublierPlanningApi,
    SalleViewSet,
    ValiderPlanningApi,
)
from titrepro.api.portail.views import InviterCandidatView, MonAdresseView, MonEspaceView
from titrepro.api.proces_verbaux.views import (
    MesResultatsApi,
    PvApi,
    RenvoyerSessionApi,
    SignerPvApi,
    TransmettrePvApi,
    ValiderSessionApi,
)
from titrepro.api.referentiel.views import TitreViewSet
from titrepro.api.regles.views import RegleViewSet
from titrepro.api.resultats.views import CloturerSaisieView, ResultatInscriptionView, ResultatsSessionView
from titrepro.api.sessions import deroulement as api_jour
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
routeur.register("salles", SalleViewSet, basename="salle")

urlpatterns = [
    path("v1/auth/token/", JetonView.as_view(), name="api-token"),
    # Issue 7, part PORTAIL: the candidate's space and the invitation (before the router's /candidats/ routes)
    path("v1/mon-espace/", MonEspaceView.as_view(), name="mon-espace"),
    path("v1/mon-espace/adresse/", MonAdresseView.as_view(), name="mon-espace-adresse"),
    path("v1/candidats/<int:pk>/inviter/", InviterCandidatView.as_view(), name="candidat-inviter"),
    path("v1/sessions/<int:pk>/archives/", ArchivesSessionView.as_view(), name="session-archives"),
    path("v1/sessions/<int:pk>/archives/pieces/", PiecesConserveesView.as_view(), name="session-archives-pieces"),
    path("v1/insertion/statistiques/", StatistiquesInsertionView.as_view(), name="insertion-statistiques"),
    path(
        "v1/insertion/questionnaires/<str:jeton>/",
        QuestionnaireInsertionView.as_view(),
        name="insertion-questionnaire",
    ),
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
    # Results of a session (issue 7, part RESULTATS): nested under /sessions/<pk>/, before the router's routes.
    path("v1/sessions/<int:pk>/resultats/", ResultatsSessionView.as_view(), name="session-resultats"),
    path(
        "v1/sessions/<int:session_pk>/resultats/<int:pk>/",
        ResultatInscriptionView.as_view(),
        name="session-resultat-detail",
    ),
    path("v1/sessions/<int:pk>/cloturer-saisie/", CloturerSaisieView.as_view(), name="session-cloturer-saisie"),
    # PV of a session (issue 7, part PV): nested under /sessions/<pk>/, before the router's routes.
    path("v1/sessions/<int:pk>/pv/", PvApi.as_view(), name="session-pv"),
    path("v1/sessions/<int:pk>/pv/signer/", SignerPvApi.as_view(), name="session-pv-signer"),
    path("v1/sessions/<int:pk>/pv/transmettre/", TransmettrePvApi.as_view(), name="session-pv-transmettre"),
    path("v1/sessions/<int:pk>/valider/", ValiderSessionApi.as_view(), name="session-valider"),
    path("v1/sessions/<int:pk>/renvoyer/", RenvoyerSessionApi.as_view(), name="session-renvoyer"),
    path("v1/mes-resultats/", MesResultatsApi.as_view(), name="mes-resultats"),
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
    # Planning of a session (issue 8): nested under /sessions/<pk>/, before the router's routes.
    path("v1/sessions/<int:pk>/planning/", PlanningSessionApi.as_view(), name="session-planning"),
    path("v1/sessions/<int:pk>/planning/generer/", GenererPlanningApi.as_view(), name="session-planning-generer"),
    path("v1/sessions/<int:pk>/planning/valider/", ValiderPlanningApi.as_view(), name="session-planning-valider"),
    path("v1/sessions/<int:pk>/planning/publier/", PublierPlanningApi.as_view(), name="session-planning-publier"),
    path("v1/plannings/<int:pk>/", PlanningApi.as_view(), name="planning-detail"),
    path("v1/plannings/creneaux/<int:pk>/", CreneauApi.as_view(), name="planning-creneau"),
    # The exam day (issue 7, JOUR): nested under /sessions/<pk>/, before the router's routes.
    path("v1/sessions/<int:pk>/presences/", api_jour.PresencesView.as_view(), name="session-presences"),
    path("v1/sessions/<int:pk>/ouvrir/", api_jour.OuvrirView.as_view(), name="session-ouvrir"),
    path("v1/sessions/<int:pk>/visites/", api_jour.VisitesView.as_view(), name="session-visites"),
    path("v1/sessions/<int:pk>/tirages/", api_jour.TiragesView.as_view(), name="session-tirages"),
    path("v1/sessions/<int:pk>/controle-plis/", api_jour.ControlePlisView.as_view(), name="session-controle-plis"),
    path("v1/sessions/<int:pk>/emargements/", api_jour.EmargementsView.as_view(), name="session-emargements"),
    path("v1/sessions/<int:pk>/absences/", api_jour.AbsencesView.as_view(), name="session-absences"),
    path(
        "v1/sessions/<int:session_pk>/absences/<int:pk>/justifier/",
        api_jour.JustifierAbsenceView.as_view(),
        name="session-absence-justifier",
    ),
    path("v1/sessions/<int:pk>/incidents/", api_jour.IncidentsView.as_view(), name="session-incidents"),
    path("v1/incidents/<int:pk>/sanction/", api_jour.SanctionView.as_view(), name="incident-sanction"),
    path("v1/", include(routeur.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/documentation.html"),
        name="api-docs",
    ),
]
