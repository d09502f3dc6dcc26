import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.agrements.services import site_changer_plateau
from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.conformite.serializers import EcheanceSerializer
from titrepro.api.organisations.serializers import (
    ChangementPlateauSerializer,
    ChangementSiretEntreeSerializer,
    ConstatRegleSerializer,
    ContactEcritureSerializer,
    ContactReponseSerializer,
    ConventionSerializer,
    LigneProgrammationSerializer,
    OrganismeSerializer,
    ProgrammationSerializer,
    SiteSerializer,
    TransmissionSerializer,
    VerdictOrganismeSerializer,
    verdict_en_donnees,
)
from titrepro.comptes.acces import LECTEURS_ORGANISMES, LECTEURS_PROGRAMMATIONS
from titrepro.conformite.echeancier import echeancier as echeancier_de
from titrepro.core.visibilite import get_visible_or_404
from titrepro.organisations import services
from titrepro.organisations.models import (
    Contact,
    Convention,
    LigneProgrammation,
    Organisme,
    PeriodeProgrammation,
    ProgrammationAnnuelle,
    Site,
)
from titrepro.territoires.models import Departement


class OrganismeViewSet(mixins.UpdateModelMixin, LectureVisibleViewSet):
    """Organismes du périmètre de l'utilisateur ; le responsable de l'organisme modifie le sien (PATCH)."""

    queryset = Organisme.objects.all()
    serializer_class = OrganismeSerializer
    roles_autorises = LECTEURS_ORGANISMES
    filterset_fields = ["est_cfa"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def perform_update(self, serializer: Any) -> None:
        champs = dict(serializer.validated_data)
        services.organisme_modifier(organisme=serializer.instance, auteur=self.request.user, **champs)

    @extend_schema(
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="Jour de référence (défaut : aujourd'hui).")
        ],
        responses=EcheanceSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def echeancier(self, request: Request, pk: str | None = None) -> Response:
        """Échéances de l'organisme (programmation annuelle, conventions…) avec leur état, triées par date."""
        jour = timezone.localdate()
        if texte := request.query_params.get("date"):
            try:
                jour = dt.date.fromisoformat(texte)
            except ValueError:
                raise exceptions.ValidationError({"date": "Date attendue au format AAAA-MM-JJ."}) from None
        return Response(EcheanceSerializer(echeancier_de(self.get_object(), jour=jour), many=True).data)

    @extend_schema(request=ChangementSiretEntreeSerializer, responses={201: ConstatRegleSerializer})
    @action(detail=True, methods=["post"], url_path="changer-siret")
    def changer_siret(self, request: Request, pk: str | None = None) -> Response:
        """AGR-SIRET : déclarer un changement de SIRET (la DREETS est prévenue, les sites suivent)."""
        organisme = self.get_object()
        donnees = ChangementSiretEntreeSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        changement = services.organisme_changer_siret(
            organisme=organisme, auteur=request.user, jour=timezone.localdate(), **donnees.validated_data
        )
        return Response({"regle": "AGR-SIRET", "message": str(changement)}, status=status.HTTP_201_CREATED)


class SiteViewSet(mixins.UpdateModelMixin, LectureVisibleViewSet):
    """Sites et plateaux techniques du périmètre ; description et équipements modifiables par le responsable."""

    queryset = Site.objects.all()
    serializer_class = SiteSerializer
    roles_autorises = LECTEURS_ORGANISMES
    filterset_fields = ["organisme"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("departement")

    def perform_update(self, serializer: Any) -> None:
        services.site_modifier(site=serializer.instance, auteur=self.request.user, **serializer.validated_data)

    @extend_schema(request=ChangementPlateauSerializer, responses={201: ConstatRegleSerializer})
    @action(detail=True, methods=["post"], url_path="changer-plateau")
    def changer_plateau(self, request: Request, pk: str | None = None) -> Response:
        """AGR-PLATEAU : changement d'adresse ou de configuration ; les agréments du site prennent fin."""
        site = self.get_object()
        donnees = ChangementPlateauSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        champs = dict(donnees.validated_data)
        code = champs.pop("departement", "")
        departement = Departement.objects.filter(code=code).first() if code else None
        _changement, verdict = site_changer_plateau(
            site=site, auteur=request.user, jour=timezone.localdate(), departement=departement, **champs
        )
        return Response({"regle": verdict.code, "message": verdict.message}, status=status.HTTP_201_CREATED)


class ContactViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, LectureVisibleViewSet):
    """Contacts des organismes du périmètre ; le responsable de l'organisme les crée, modifie et supprime.

    Chaque écriture renvoie le verdict ORG-CONTACTS sur l'ensemble des contacts de l'organisme.
    """

    queryset = Contact.objects.all()
    serializer_class = ContactEcritureSerializer
    roles_autorises = LECTEURS_ORGANISMES
    filterset_fields = ["organisme", "role"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _reponse(self, contact: Contact, organisme: Organisme, statut: int = status.HTTP_200_OK) -> Response:
        verdict = services.organisme_verdict_contacts(organisme, jour=timezone.localdate())
        donnees = {**ContactEcritureSerializer(contact).data, "verdict_contacts": verdict_en_donnees(verdict)}
        return Response(donnees, status=statut)

    @extend_schema(request=ContactEcritureSerializer, responses={201: ContactReponseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        donnees = self.get_serializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        champs = dict(donnees.validated_data)
        organisme = champs.pop("organisme")
        contact = services.contact_enregistrer(organisme=organisme, auteur=request.user, **champs)
        return self._reponse(contact, organisme, status.HTTP_201_CREATED)

    @extend_schema(request=ContactEcritureSerializer, responses=ContactReponseSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        contact = self.get_object()
        donnees = self.get_serializer(contact, data=request.data, partial=True)
        donnees.is_valid(raise_exception=True)
        champs = dict(donnees.validated_data)
        champs.pop("organisme", None)
        contact = services.contact_enregistrer(
            organisme=contact.organisme, contact=contact, auteur=request.user, **champs
        )
        return self._reponse(contact, contact.organisme)

    @extend_schema(request=None, responses=VerdictOrganismeSerializer)
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Supprime le contact ; la réponse donne le verdict ORG-CONTACTS qui en résulte (200)."""
        contact = self.get_object()
        organisme = contact.organisme
        services.contact_supprimer(contact=contact, auteur=request.user)
        verdict = services.organisme_verdict_contacts(organisme, jour=timezone.localdate())
        return Response(verdict_en_donnees(verdict))


class ConventionViewSet(mixins.UpdateModelMixin, LectureVisibleViewSet):
    """Conventions avec les organismes de formation partenaires (ORG-CONVENTION) ; le responsable les met à jour."""

    queryset = Convention.objects.all()
    serializer_class = ConventionSerializer
    roles_autorises = LECTEURS_ORGANISMES
    filterset_fields = ["organisme", "annee"]
    http_method_names = ["get", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def perform_update(self, serializer: Any) -> None:
        champs = dict(serializer.validated_data)
        fichier = champs.pop("fichier", None)
        convention = serializer.instance
        serializer.instance = services.convention_enregistrer(
            organisme=convention.organisme, convention=convention, auteur=self.request.user, fichier=fichier, **champs
        )


class ProgrammationViewSet(mixins.CreateModelMixin, LectureVisibleViewSet):
    """Programmations prévisionnelles (ORG-PROGRAMMATION), annuelles ou semestrielles.

    L'organisme les construit et les transmet à son UD/DDETS ; l'UD/DDETS ne voit que ce qu'elle a reçu.
    """

    queryset = ProgrammationAnnuelle.objects.all()
    serializer_class = ProgrammationSerializer
    roles_autorises = LECTEURS_PROGRAMMATIONS
    filterset_fields = ["annee", "periode", "organisme"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return ProgrammationAnnuelle.objects.pour_lecteur(self.request.user).select_related("organisme", "departement")

    def perform_create(self, serializer: Any) -> None:
        champs = dict(serializer.validated_data)
        departement = champs["departement"]
        organisme = champs.get("organisme")
        if organisme is None:
            organisme = next(
                (
                    o
                    for o in Organisme.objects.visibles_par(self.request.user).filter(sites__departement=departement)
                    if o.peut_modifier(self.request.user)[0]
                ),
                None,
            )
            if organisme is None:
                raise exceptions.PermissionDenied(
                    "Vous n'êtes responsable d'aucun organisme ayant un site dans ce département."
                )
        serializer.instance = services.programmation_creer(
            organisme=organisme,
            departement=departement,
            annee=champs["annee"],
            periode=champs.get("periode", PeriodeProgrammation.ANNUELLE),
            auteur=self.request.user,
        )

    @extend_schema(request=LigneProgrammationSerializer, responses={201: LigneProgrammationSerializer})
    @action(detail=True, methods=["post"])
    def lignes(self, request: Request, pk: str | None = None) -> Response:
        """Ajouter une session prévue ; son premier jour est dans la période de la programmation."""
        programmation = self.get_object()
        donnees = LigneProgrammationSerializer(data=request.data, context=self.get_serializer_context())
        donnees.is_valid(raise_exception=True)
        ligne = services.ligne_programmation_enregistrer(
            programmation=programmation, auteur=request.user, **donnees.validated_data
        )
        return Response(LigneProgrammationSerializer(ligne).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LigneProgrammationSerializer, responses=LigneProgrammationSerializer)
    @action(detail=True, methods=["patch", "delete"], url_path=r"lignes/(?P<ligne_pk>[0-9]+)")
    def ligne(self, request: Request, pk: str | None = None, ligne_pk: str | None = None) -> Response:
        """Modifier (PATCH) ou retirer (DELETE) une session prévue."""
        programmation = self.get_object()
        ligne = get_visible_or_404(
            LigneProgrammation.objects.filter(programmation=programmation), request.user, pk=ligne_pk
        )
        if request.method == "DELETE":
            services.ligne_programmation_supprimer(ligne=ligne, auteur=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        donnees = LigneProgrammationSerializer(
            ligne, data=request.data, partial=True, context=self.get_serializer_context()
        )
        donnees.is_valid(raise_exception=True)
        ligne = services.ligne_programmation_enregistrer(
            programmation=programmation, ligne=ligne, auteur=request.user, **donnees.validated_data
        )
        return Response(LigneProgrammationSerializer(ligne).data)

    @extend_schema(request=None, responses=TransmissionSerializer)
    @action(detail=True, methods=["post"])
    def transmettre(self, request: Request, pk: str | None = None) -> Response:
        """Transmettre à l'UD/DDETS du département ; la réponse donne le verdict ORG-PROGRAMMATION (délai)."""
        programmation = self.get_object()
        verdict = services.programmation_transmettre(
            programmation=programmation, auteur=request.user, jour=timezone.localdate()
        )
        programmation.refresh_from_db()
        return Response(
            {
                "programmation": self.get_serializer(programmation).data,
                "verdict": verdict_en_donnees(verdict),
            }
        )
