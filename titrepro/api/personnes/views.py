"""Candidates (addresses, parcours, attach, edit), jury members (/jures/, alias /membres-jury/; links, calendar),
habilitations, accommodation requests and the duplicate check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import LectureVisibleViewSet
from titrepro.api.erreurs import corps_erreur
from titrepro.api.personnes.serializers import (
    AdresseSerializer,
    AmenagementSerializer,
    CandidatSerializer,
    ConfirmationAdresseSerializer,
    CreationCandidatSerializer,
    DecisionAmenagementSerializer,
    DisponibiliteSerializer,
    DoublonDetailleSerializer,
    FormationEcritureSerializer,
    FormationSerializer,
    HabilitationSerializer,
    LienSerializer,
    MembreJurySerializer,
    ModificationCandidatSerializer,
    MotifSerializer,
    RattachementSerializer,
    RechercheDoublonsSerializer,
)
from titrepro.comptes.acces import (
    DECLARANTS_LIENS,
    GESTION_CANDIDATS,
    GESTION_JURY,
    LECTEURS_CANDIDATS,
    LECTEURS_HABILITATIONS,
    LECTEURS_MEMBRES_JURY,
)
from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.core.audit import motif
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Session
from titrepro.organisations.models import Organisme
from titrepro.personnes import doublons, services
from titrepro.personnes.models import (
    Candidat,
    DemandeAmenagement,
    EtatHabilitation,
    Habilitation,
    MembreJury,
    lire_date,
)

ErreurDoublon = inline_serializer(
    "ErreurDoublon",
    {
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "champs": inline_serializer("ChampsDoublon", {"doublons": DoublonDetailleSerializer(many=True)}),
    },
)


def _doublons(
    user: Any, trouves: list[services.DoublonTrouve], organisme_id: int | None = None
) -> list[dict[str, Any]]:
    """The matches, with just the identity needed to confirm (names, birth date and place), never more.

    ``rattachable``: the record is not yet held by ``organisme_id`` (the organisme the user works for).
    """
    ids = [t.candidat_id for t in trouves]
    visibles = set(Candidat.objects.visibles_par(user).filter(pk__in=ids).values_list("pk", flat=True))
    identites = {
        ligne["pk"]: ligne
        for ligne in Candidat.objects.filter(pk__in=ids).values(
            "pk", "nom_naissance", "nom_usage", "prenoms", "date_naissance", "lieu_naissance"
        )
    }
    tenus = (
        set(
            Candidat.organismes.through.objects.filter(candidat_id__in=ids, organisme_id=organisme_id).values_list(
                "candidat_id", flat=True
            )
        )
        if organisme_id
        else set(ids)
    )
    return [
        {
            "candidat": t.candidat_id,
            "visible": t.candidat_id in visibles,
            "score": t.score,
            "raison": t.raison,
            "identite": {k: v for k, v in identites[t.candidat_id].items() if k != "pk"},
            "rattachable": t.candidat_id not in tenus,
        }
        for t in trouves
    ]


def utilisateur(request: Request) -> Any:
    """The signed-in user (the permission classes already refused anonymous requests)."""
    return request.user


def _refus(exc: DjangoPermissionDenied) -> exceptions.PermissionDenied:
    return exceptions.PermissionDenied(str(exc) or None)


def executer(action: Callable[[], Any]) -> Any:
    """Run a service call: its refusal reason becomes the 403 message (rule refusals are 422, see api.erreurs)."""
    try:
        return action()
    except DjangoPermissionDenied as exc:
        raise _refus(exc) from None


def exiger_role(request: Request, roles: frozenset[str], message: str) -> None:
    if not utilisateur(request).roles & roles:
        raise exceptions.PermissionDenied(message)


def conflit_doublons(request: Request, exc: services.DoublonProbable, organisme_id: int | None = None) -> Response:
    return Response(
        corps_erreur(
            "doublon_probable", exc.messages[0], {"doublons": _doublons(request.user, exc.trouves, organisme_id)}
        ),
        status=status.HTTP_409_CONFLICT,
    )


class CandidatViewSet(mixins.CreateModelMixin, LectureVisibleViewSet):
    """Candidats du périmètre de l'utilisateur (le candidat ne voit que sa fiche).

    La création (organisme) passe par la recherche de doublons CAN-DOUBLON : s'il existe des
    fiches ressemblantes, la réponse est 409 ``doublon_probable`` avec leur liste ; renvoyer
    avec ``autre_personne: true`` crée la fiche et enregistre la confirmation.
    """

    queryset = Candidat.objects.all()
    serializer_class = CandidatSerializer
    roles_autorises = LECTEURS_CANDIDATS
    filterset_fields = ["date_naissance"]

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return CreationCandidatSerializer
        if self.action == "doublons":
            return RechercheDoublonsSerializer
        return CandidatSerializer

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        recherche = self.request.query_params.get("q", "").strip()
        if recherche:
            queryset = queryset.rechercher(recherche)  # type: ignore[attr-defined]
        return queryset.prefetch_related("formations__millesime__titre", "formations__organisme")

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Nom, prénom ou date de naissance, sans accents requis.")]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={201: CandidatSerializer, 409: ErreurDoublon})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not utilisateur(request).roles & GESTION_CANDIDATS:
            raise exceptions.PermissionDenied("Seul un organisme crée des fiches candidat.")
        serializer = CreationCandidatSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        organisme = Organisme.objects.visibles_par(request.user).filter(pk=donnees.pop("organisme")).first()
        geres = {a.organisme_id for a in utilisateur(request).affectations_actives if a.role in GESTION_CANDIDATS}
        if organisme is None or not (utilisateur(request).est_administrateur or organisme.pk in geres):
            raise exceptions.ValidationError({"organisme": ["Organisme inconnu ou hors de votre périmètre."]})
        try:
            candidat = services.candidat_creer(
                donnees=donnees,
                organisme=organisme,
                auteur=request.user,
                autre_personne=donnees.pop("autre_personne", False),
                origine="api",
                jour=timezone.localdate(),
            )
        except services.DoublonProbable as exc:
            return conflit_doublons(request, exc, organisme.pk)
        return Response(CandidatSerializer(candidat).data, status=status.HTTP_201_CREATED)

    def _modifier(self, request: Request, partiel: bool) -> Response:
        exiger_role(request, GESTION_CANDIDATS, "Seul un organisme modifie les fiches candidat.")
        candidat = self.get_object()
        serializer = ModificationCandidatSerializer(candidat, data=request.data, partial=partiel)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        autre_personne = donnees.pop("autre_personne", False)
        try:
            executer(
                lambda: services.candidat_modifier(
                    candidat=candidat,
                    donnees=donnees,
                    auteur=request.user,
                    autre_personne=autre_personne,
                    origine="api",
                )
            )
        except services.DoublonProbable as exc:
            return conflit_doublons(request, exc)
        return Response(CandidatSerializer(candidat).data)

    @extend_schema(
        request=ModificationCandidatSerializer,
        responses={200: CandidatSerializer, 409: ErreurDoublon},
        description="Modifie l'état civil : un changement de nom ou de naissance relance CAN-DOUBLON (409, "
        "puis ``autre_personne: true`` pour confirmer).",
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._modifier(request, partiel=False)

    @extend_schema(request=ModificationCandidatSerializer, responses={200: CandidatSerializer, 409: ErreurDoublon})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._modifier(request, partiel=True)

    @extend_schema(request=RattachementSerializer, responses={200: CandidatSerializer})
    @action(detail=False, methods=["post"], url_path="rattacher")
    def rattacher(self, request: Request) -> Response:
        """Rattache à votre organisme une fiche existante trouvée par CAN-DOUBLON au lieu de créer un doublon.

        Donner l'identité saisie (la fiche doit être parmi les doublons probables de cette identité),
        la fiche (``candidat``), votre ``organisme`` et un ``motif`` facultatif ; le rattachement est tracé.
        """
        exiger_role(request, GESTION_CANDIDATS, "Seul un organisme rattache des fiches candidat.")
        serializer = RattachementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        candidat_id, organisme_id, texte = d.pop("candidat"), d.pop("organisme"), d.pop("motif")
        organisme = Organisme.objects.visibles_par(request.user).filter(pk=organisme_id).first()
        candidat = Candidat.objects.filter(pk=candidat_id).first()
        if organisme is None:
            raise exceptions.ValidationError({"organisme": ["Organisme inconnu ou hors de votre périmètre."]})
        if candidat is None:
            raise exceptions.ValidationError({"candidat": ["Aucune fiche ne correspond à cette identité."]})
        executer(
            lambda: services.candidat_rattacher(
                candidat=candidat,
                organisme=organisme,
                identite=doublons.Identite(**d),
                auteur=request.user,
                motif_rattachement=texte,
                origine="api",
            )
        )
        return Response(CandidatSerializer(candidat).data)

    @extend_schema(methods=["GET"], responses=AdresseSerializer(many=True))
    @extend_schema(methods=["POST"], request=AdresseSerializer, responses={201: AdresseSerializer})
    @action(detail=True, methods=["get", "post"])
    def adresses(self, request: Request, pk: str) -> Response:
        """Historique des adresses postales (la plus récente d'abord) ; POST : nouvelle adresse actuelle,
        la précédente est close la veille (CAN-ADRESSE)."""
        candidat = self.get_object()
        if request.method == "GET":
            return Response(AdresseSerializer(candidat.adresses.all(), many=True).data)
        exiger_role(request, GESTION_CANDIDATS, "Seul un organisme modifie l'adresse d'un candidat.")
        serializer = AdresseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        adresse = executer(
            lambda: services.adresse_changer(candidat=candidat, par=request.user, **serializer.validated_data)
        )
        return Response(AdresseSerializer(adresse).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ConfirmationAdresseSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=ConfirmationAdresseSerializer, responses={201: ConfirmationAdresseSerializer}
    )
    @action(detail=True, methods=["get", "post"], url_path="confirmations-adresse")
    def confirmations_adresse(self, request: Request, pk: str) -> Response:
        """Confirmations de l'adresse actuelle aux étapes de CAN-ADRESSE (début, pendant, fin de formation,
        début de session)."""
        candidat = self.get_object()
        if request.method == "GET":
            return Response(ConfirmationAdresseSerializer(candidat.confirmations_adresse.all(), many=True).data)
        exiger_role(request, GESTION_CANDIDATS, "Seul un organisme confirme l'adresse d'un candidat.")
        serializer = ConfirmationAdresseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        formation = None
        if d.get("formation_id"):
            formation = candidat.formations.filter(pk=d["formation_id"]).first()
            if formation is None:
                raise exceptions.ValidationError({"formation": ["Cette formation n'est pas celle du candidat."]})
        confirmation = executer(
            lambda: services.adresse_confirmer(
                candidat=candidat, moment=d["moment"], jour=d["confirmee_le"], par=request.user, formation=formation
            )
        )
        return Response(ConfirmationAdresseSerializer(confirmation).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=FormationSerializer(many=True))
    @extend_schema(methods=["POST"], request=FormationEcritureSerializer, responses={201: FormationSerializer})
    @action(detail=True, methods=["get", "post"])
    def formations(self, request: Request, pk: str) -> Response:
        """Parcours : formations et VAE du candidat visibles par vous ; POST : ajouter une formation de votre
        organisme (statut stagiaire, apprenti d'un CFA ou VAE avec sa recevabilité)."""
        candidat = self.get_object()
        if request.method == "GET":
            formations = candidat.formations.visibles_par(request.user).select_related("millesime__titre", "organisme")
            return Response(FormationSerializer(formations, many=True).data)
        exiger_role(request, GESTION_CANDIDATS, "Seul un organisme ajoute une formation au parcours.")
        serializer = FormationEcritureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        organisme = Organisme.objects.visibles_par(request.user).filter(pk=d.pop("organisme")).first()
        if organisme is None:
            raise exceptions.ValidationError({"organisme": ["Organisme inconnu ou hors de votre périmètre."]})
        ids = d.pop("formateurs", [])
        formateurs = list(Affectation.objects.filter(pk__in=ids, role=Role.FORMATEUR, active=True))
        if len(formateurs) != len(set(ids)):
            raise exceptions.ValidationError({"formateurs": ["Formateur inconnu ou inactif."]})
        formation = executer(
            lambda: services.formation_ajouter(
                candidat=candidat, organisme=organisme, formateurs=formateurs, par=request.user, **d
            )
        )
        return Response(FormationSerializer(formation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RechercheDoublonsSerializer, responses={200: DoublonDetailleSerializer(many=True)})
    @action(detail=False, methods=["post"], url_path="doublons")
    def doublons(self, request: Request) -> Response:
        """CAN-DOUBLON : les fiches ressemblantes à une identité, la plus proche d'abord (tous organismes)."""
        if not utilisateur(request).roles & GESTION_CANDIDATS:
            raise exceptions.PermissionDenied(
                "La recherche de doublons sert à la création d'une fiche par un organisme."
            )
        serializer = RechercheDoublonsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        identite = doublons.Identite(**serializer.validated_data)
        return Response(_doublons(request.user, services.doublons_rechercher(identite=identite)))


class MembreJuryViewSet(LectureVisibleViewSet):
    """Membres de jury du périmètre de l'utilisateur. Publié sous /jures/ ; /membres-jury/ reste un alias."""

    queryset = MembreJury.objects.all()
    serializer_class = MembreJurySerializer
    roles_autorises = LECTEURS_MEMBRES_JURY

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("departement")

    @extend_schema(methods=["GET"], responses=LienSerializer(many=True))
    @extend_schema(methods=["POST"], request=LienSerializer, responses={201: LienSerializer})
    @action(detail=True, methods=["get", "post"])
    def liens(self, request: Request, pk: str) -> Response:
        """Liens déclarés (SES-JURY-LIENS) ; POST : déclarer un lien avec un ``organisme`` (identifiant) ou une
        personne (``nom_declare``, ``prenoms_declares``, ``date_naissance_declaree`` : rapprochée d'une fiche
        candidat si la correspondance est sûre). Par le membre lui-même ou la DDETS de son département."""
        membre = self.get_object()
        if request.method == "GET":
            liens = membre.liens.visibles_par(request.user).select_related("candidat", "organisme")
            return Response(LienSerializer(liens, many=True).data)
        exiger_role(request, DECLARANTS_LIENS, "Seuls le membre de jury et la DDETS déclarent ses liens.")
        serializer = LienSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        organisme = None
        if d.get("organisme_id"):
            organisme = Organisme.objects.filter(pk=d["organisme_id"]).first()
            if organisme is None:
                raise exceptions.ValidationError({"organisme": ["Organisme inconnu."]})
        lien = executer(
            lambda: services.lien_declarer(
                membre=membre,
                nature=d["nature"],
                jour=timezone.localdate(),
                organisme=organisme,
                nom=d.get("nom_declare", ""),
                prenoms=d.get("prenoms_declares", ""),
                date_naissance=d.get("date_naissance_declaree"),
                description=d.get("description", ""),
                par=request.user,
            )
        )
        return Response(LienSerializer(lien).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=DisponibiliteSerializer(many=True))
    @extend_schema(methods=["POST"], request=DisponibiliteSerializer, responses={201: DisponibiliteSerializer})
    @action(detail=True, methods=["get", "post"])
    def disponibilites(self, request: Request, pk: str) -> Response:
        """Calendrier de disponibilités du membre ; POST : par le membre lui-même ou la DDETS de son département."""
        membre = self.get_object()
        if request.method == "GET":
            return Response(DisponibiliteSerializer(membre.disponibilites.all(), many=True).data)
        exiger_role(
            request, GESTION_JURY | {Role.MEMBRE_JURY}, "Seuls le membre de jury et la DDETS tiennent son calendrier."
        )
        serializer = DisponibiliteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disponibilite = executer(
            lambda: services.disponibilite_ajouter(membre=membre, par=request.user, **serializer.validated_data)
        )
        return Response(DisponibiliteSerializer(disponibilite).data, status=status.HTTP_201_CREATED)


class AmenagementViewSet(mixins.CreateModelMixin, LectureVisibleViewSet):
    """Demandes d'aménagement des épreuves (SES-HANDICAP) du périmètre ; ``?candidat=`` pour un candidat.

    Création par un organisme du candidat ; décision (``decider``) par la DDETS destinataire, au vu du
    formulaire médical.
    """

    queryset = DemandeAmenagement.objects.all()
    serializer_class = AmenagementSerializer
    roles_autorises = LECTEURS_CANDIDATS

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        candidat = self.request.query_params.get("candidat", "")
        if candidat.isdigit():
            queryset = queryset.filter(candidat_id=int(candidat))
        return queryset.select_related("departement", "candidat")

    @extend_schema(parameters=[OpenApiParameter("candidat", int, description="Identifiant du candidat.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        exiger_role(request, GESTION_CANDIDATS, "Seul un organisme du candidat demande un aménagement.")
        serializer = AmenagementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        candidat = Candidat.objects.visibles_par(request.user).filter(pk=d.pop("candidat_id")).first()
        if candidat is None:
            raise exceptions.ValidationError({"candidat": ["Candidat inconnu ou hors de votre périmètre."]})
        session_id = d.get("session_id")
        if session_id is not None and not Session.objects.visibles_par(request.user).filter(pk=session_id).exists():
            raise exceptions.ValidationError({"session": ["Session inconnue ou hors de votre périmètre."]})
        demande = executer(lambda: services.amenagement_demander(candidat=candidat, par=request.user, **d))
        return Response(AmenagementSerializer(demande).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionAmenagementSerializer, responses=AmenagementSerializer)
    @action(detail=True, methods=["post"])
    def decider(self, request: Request, pk: str) -> Response:
        """Décision de la DDETS destinataire : accorder, ou refuser avec un motif."""
        exiger_role(request, GESTION_JURY, "Seule la DDETS décide des aménagements.")
        demande = self.get_object()
        serializer = DecisionAmenagementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data

        def decider() -> None:
            with transaction.atomic(), motif(d["motif"] or "Décision de la DDETS"):
                if d.get("formulaire_recu_le") and not demande.formulaire_recu_le:
                    demande.formulaire_recu_le = d["formulaire_recu_le"]
                    demande.save(update_fields=["formulaire_recu_le", "modifie_le"])
                services.amenagement_decider(
                    demande=demande,
                    par=request.user,
                    jour=timezone.localdate(),
                    accorde=d["accorde"],
                    motif_decision=d["motif"],
                )

        executer(decider)
        return Response(AmenagementSerializer(demande).data)


class HabilitationViewSet(mixins.CreateModelMixin, LectureVisibleViewSet):
    """Habilitations du périmètre. ``?millesime=&debut=&fin=`` : les membres habilités chaque jour de la période.

    Création (demande) et transitions ``accorder`` / ``retirer`` : la DDETS du département du membre.
    """

    queryset = Habilitation.objects.all()
    serializer_class = HabilitationSerializer
    roles_autorises = LECTEURS_HABILITATIONS

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = queryset.select_related("millesime__titre")
        params = self.request.query_params
        millesime = params.get("millesime", "")
        if millesime.isdigit():
            queryset = queryset.filter(millesime_id=int(millesime))
            debut, fin = lire_date(params.get("debut", "")), lire_date(params.get("fin", ""))
            if debut and fin:
                membres = MembreJury.objects.habilites_pour(int(millesime), debut, fin)
                queryset = queryset.filter(
                    membre__in=membres, etat=EtatHabilitation.ACTIVE, debut__lte=fin, fin__gte=debut
                )
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("millesime", int, description="Identifiant du millésime."),
            OpenApiParameter("debut", str, description="Premier jour de la période (AAAA-MM-JJ)."),
            OpenApiParameter("fin", str, description="Dernier jour de la période (AAAA-MM-JJ)."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not utilisateur(request).roles & GESTION_JURY:
            raise exceptions.PermissionDenied("Seule la DDETS habilite les membres de jury.")
        serializer = HabilitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        membre = get_visible_or_404(MembreJury.objects.all(), request.user, pk=d["membre"].pk)
        possible, raison = Habilitation(membre=membre).peut_decider(request.user)
        if not possible:
            raise exceptions.PermissionDenied(raison)
        habilitation = services.habilitation_demander(
            membre=membre, millesime=d["millesime"], debut=d["debut"], fin=d["fin"], jour=timezone.localdate()
        )
        return Response(HabilitationSerializer(habilitation).data, status=status.HTTP_201_CREATED)

    def _transition(self, request: Request, pk: str, accorder: bool) -> Response:
        habilitation = get_visible_or_404(Habilitation.objects.all(), request.user, pk=pk)
        serializer = MotifSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        texte = serializer.validated_data["motif"]
        jour = timezone.localdate()
        try:
            if accorder:
                services.habilitation_accorder(
                    habilitation=habilitation, par=request.user, jour=jour, motif_accord=texte
                )
            else:
                services.habilitation_retirer(
                    habilitation=habilitation, par=request.user, jour=jour, motif_retrait=texte
                )
        except DjangoPermissionDenied as exc:
            raise _refus(exc) from None
        except ValidationError:
            raise
        return Response(HabilitationSerializer(habilitation).data)

    @extend_schema(request=MotifSerializer, responses=HabilitationSerializer)
    @action(detail=True, methods=["post"])
    def accorder(self, request: Request, pk: str) -> Response:
        """demandée → active (JUR-ELIGIBILITE et JUR-HABILITATION vérifiées ; 422 sinon)."""
        return self._transition(request, pk, accorder=True)

    @extend_schema(request=MotifSerializer, responses=HabilitationSerializer)
    @action(detail=True, methods=["post"])
    def retirer(self, request: Request, pk: str) -> Response:
        """demandée|active → retirée, avec un motif."""
        return self._transition(request, pk, accorder=False)
