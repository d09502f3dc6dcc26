"""The exam day over the API, nested under ``/api/v1/sessions/<pk>/``: presences, ouvrir, visites, tirages,
controle-plis, emargements, absences (and their later justification), incidents; and the DDETS's
``/api/v1/incidents/<pk>/sanction/``.

Same services and rules as the pages (``titrepro.examens.services.deroulement``): a refusal is a 422
``regle_refusee`` with its code and source (SES-RESPONSABLE, SES-JURY-MIN, RES-FRAUDE-SANCTION), a
write by a reader a 403, a session outside the user's scope a 404. Files are sent as multipart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, RoleAutorise
from titrepro.comptes.acces import DEROGATEURS_SESSIONS, GESTION_SESSIONS, LECTEURS_SESSIONS
from titrepro.comptes.models import Utilisateur
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import (
    Absence,
    ControlePlis,
    Emargement,
    Incident,
    Inscription,
    NatureIncident,
    NatureSanction,
    ParticipationJury,
    PieceIdentite,
    PresenceJure,
    PresenceResponsable,
    SanctionFraude,
    Session,
    TirageAuSort,
    VisitePlateau,
)
from titrepro.examens.services import deroulement as services

PARSEURS = [JSONParser, MultiPartParser, FormParser]
DATE = OpenApiParameter("date", str, description="Jour de la session (AAAA-MM-JJ ; défaut : aujourd'hui ou le 1er).")


def _session(request: Request, pk: int) -> Session:
    return get_visible_or_404(
        Session.objects.select_related("site__departement", "millesime__titre", "organisme"), request.user, pk=pk
    )


def _gestion(request: Request) -> None:
    if not getattr(request.user, "roles", frozenset()) & GESTION_SESSIONS:
        raise PermissionDenied("Seuls le responsable de session et les suppléants enregistrent le jour de la session.")


def _jour(request: Request, session: Session, texte: str | None = None) -> dt.date:
    texte = texte or request.query_params.get("date", "")
    if not texte:
        return services.jour_courant(session, timezone.localdate())
    try:
        return dt.date.fromisoformat(str(texte))
    except ValueError:
        raise serializers.ValidationError({"date": ["Date attendue au format AAAA-MM-JJ."]}) from None


def _inscription(session: Session, pk: int) -> Inscription:
    inscription = session.inscriptions.select_related("candidat", "session").filter(pk=pk).first()
    if inscription is None:
        raise serializers.ValidationError({"inscription": ["Aucune inscription de cette session n'a cet identifiant."]})
    return inscription


# -------------------------------------------------------------------------------- serializers


class VerdictSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    ok = serializers.BooleanField()
    bloque = serializers.BooleanField()
    message = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]


class PresenceResponsableSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PresenceResponsable
        fields = ["id", "date", "utilisateur", "qualite", "heure_arrivee"]
        read_only_fields = fields


class PresenceJureSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    jury_numero = serializers.IntegerField(source="participation.jury.numero", read_only=True)

    class Meta:
        model = PresenceJure
        fields = ["id", "date", "participation", "jury_numero", "identite_verifiee", "heure_arrivee"]
        read_only_fields = fields


class PresencesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    date = serializers.DateField()
    responsables = PresenceResponsableSerializer(many=True)
    jures = PresenceJureSerializer(many=True)
    verdicts = VerdictSerializer(many=True, help_text="SES-RESPONSABLE, SES-JURY-MIN (bloquants), JUR-VISITE.")


class SaisiePresencesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    date = serializers.DateField(required=False, help_text="Jour de la session (défaut : aujourd'hui).")
    heure = serializers.TimeField(help_text="Heure d'arrivée enregistrée pour les nouveaux présents.")
    responsables = serializers.ListField(
        child=serializers.IntegerField(), help_text="Comptes du responsable ou des suppléants présents."
    )
    jures = serializers.ListField(
        child=serializers.IntegerField(), help_text="Participations aux jurys des membres présents, identité vérifiée."
    )


class EtatSessionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Session
        fields = ["id", "numero", "etat"]
        read_only_fields = fields


class VisiteSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = VisitePlateau
        fields = ["id", "date", "heure_debut", "duree_minutes", "responsable", "membres", "observations"]
        read_only_fields = ["id"]


class TirageSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    candidat = serializers.CharField(source="inscription.candidat.__str__", read_only=True)

    class Meta:
        model = TirageAuSort
        fields = ["id", "tire_le", "inscription", "candidat", "candidats", "motif", "par"]
        read_only_fields = fields


class NouveauTirageSerializer(serializers.Serializer):  # type: ignore[type-arg]
    motif = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Obligatoire pour un nouveau tirage."
    )


class ControlePlisSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    temoin = serializers.IntegerField(source="tirage.inscription_id", read_only=True)

    class Meta:
        model = ControlePlis
        fields = ["id", "controle_le", "plis_intacts", "observations", "tirage", "temoin", "controle_par"]
        read_only_fields = fields


class EtatPlisSerializer(serializers.Serializer):  # type: ignore[type-arg]
    tirages = TirageSerializer(many=True)
    controle = ControlePlisSerializer(allow_null=True)


class SaisieControlePlisSerializer(serializers.Serializer):  # type: ignore[type-arg]
    plis_intacts = serializers.BooleanField()
    observations = serializers.CharField(required=False, allow_blank=True, default="")


class EmargementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    mention_retard = serializers.CharField(read_only=True)

    class Meta:
        model = Emargement
        fields = [
            "id",
            "inscription",
            "date",
            "heure_arrivee",
            "piece_identite",
            "piece_numero_fin",
            "identite_verifiee",
            "adresse_confirmee",
            "adresse_corrigee",
            "retard",
            "retard_admis",
            "motif_retard",
            "mention_retard",
        ]
        read_only_fields = fields


class AdresseCorrigeeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    voie = serializers.CharField(max_length=250)
    complement = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    code_postal = serializers.CharField(max_length=10)
    commune = serializers.CharField(max_length=150)
    pays = serializers.CharField(max_length=100, required=False, default="France")


class SaisieEmargementSerializer(serializers.Serializer):  # type: ignore[type-arg]
    inscription = serializers.IntegerField()
    date = serializers.DateField(required=False)
    heure_arrivee = serializers.TimeField()
    piece_identite = serializers.ChoiceField(choices=PieceIdentite.choices)
    piece_numero_fin = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")
    identite_verifiee = serializers.BooleanField()
    nouvelle_adresse = AdresseCorrigeeSerializer(
        required=False, allow_null=True, default=None, help_text="Adresse corrigée (absente : confirmée telle quelle)."
    )
    retard = serializers.BooleanField(required=False, default=False)
    retard_admis = serializers.BooleanField(required=False, allow_null=True, default=None)
    motif_retard = serializers.CharField(required=False, allow_blank=True, default="")


class AbsenceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    a_un_justificatif = serializers.SerializerMethodField()

    class Meta:
        model = Absence
        fields = ["id", "inscription", "constatee_le", "motif", "justifiee", "justifiee_le", "a_un_justificatif"]
        read_only_fields = fields

    def get_a_un_justificatif(self, absence: Absence) -> bool:
        return bool(absence.justificatif)


class SaisieAbsenceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    inscription = serializers.IntegerField()
    date = serializers.DateField(required=False)
    justifiee = serializers.BooleanField()
    justificatif = serializers.FileField(required=False, allow_null=True, default=None)
    motif = serializers.CharField(required=False, allow_blank=True, default="")


class JustificationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    justificatif = serializers.FileField()
    motif = serializers.CharField(required=False, allow_blank=True, default="")


class IncidentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    a_un_rapport = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = ["id", "nature", "fraude", "inscription", "description", "survenu_le", "a_un_rapport", "signale_par"]
        read_only_fields = fields

    def get_a_un_rapport(self, incident: Incident) -> bool:
        return bool(incident.rapport)


class SaisieIncidentSerializer(serializers.Serializer):  # type: ignore[type-arg]
    nature = serializers.ChoiceField(choices=NatureIncident.choices)
    description = serializers.CharField()
    survenu_le = serializers.DateTimeField()
    inscription = serializers.IntegerField(required=False, allow_null=True, default=None)
    rapport = serializers.FileField(required=False, allow_null=True, default=None)


class SanctionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = SanctionFraude
        fields = ["id", "incident", "nature", "notifiee_le", "interdiction_jusqu_au", "motif", "decidee_par"]
        read_only_fields = fields


class SaisieSanctionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    nature = serializers.ChoiceField(choices=NatureSanction.choices)
    notifiee_le = serializers.DateField()
    interdiction_jusqu_au = serializers.DateField(required=False, allow_null=True, default=None)
    motif = serializers.CharField()


# -------------------------------------------------------------------------------------- views


class VueJour(AuteurAuditMixin, generics.GenericAPIView):  # type: ignore[type-arg]
    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_SESSIONS
    pagination_class = None
    parser_classes = PARSEURS


class PresencesView(VueJour):
    """Présences du jour (responsable ou suppléant, membres du jury) et contrôles de l'ouverture ; POST : les
    enregistrer (les listes remplacent celles du jour)."""

    serializer_class = PresencesSerializer
    queryset = PresenceResponsable.objects.none()

    def _etat(self, session: Session, jour: dt.date) -> Response:
        donnees = {
            "date": jour,
            "responsables": PresenceResponsable.objects.filter(session=session, date=jour),
            "jures": PresenceJure.objects.filter(participation__jury__session=session, date=jour).select_related(
                "participation__jury"
            ),
            "verdicts": services.verdicts_ouverture(session, jour=jour),
        }
        return Response(PresencesSerializer(donnees).data)

    @extend_schema(parameters=[DATE], responses=PresencesSerializer, tags=["sessions"])
    def get(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        return self._etat(session, _jour(request, session))

    @extend_schema(request=SaisiePresencesSerializer, responses=PresencesSerializer, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        _gestion(request)
        session = _session(request, pk)
        donnees = SaisiePresencesSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        d = donnees.validated_data
        jour = d.get("date") or _jour(request, session)
        responsables = list(Utilisateur.objects.filter(pk__in=d["responsables"]))
        jures = list(ParticipationJury.objects.filter(pk__in=d["jures"], jury__session=session))
        if len(responsables) != len(set(d["responsables"])) or len(jures) != len(set(d["jures"])):
            raise serializers.ValidationError("Un identifiant ne correspond à personne de cette session.")
        services.presences_enregistrer(
            session=session, auteur=request.user, jour=jour, heure=d["heure"], responsables=responsables, jures=jures
        )
        return self._etat(session, jour)


class OuvrirView(VueJour):
    """Ouvrir la session aujourd'hui (convoquée → en cours) ; refus en 422 (SES-RESPONSABLE, SES-JURY-MIN) :
    la DDETS est prévenue, la session est à reporter ou annuler."""

    roles_autorises = GESTION_SESSIONS
    serializer_class = EtatSessionSerializer
    queryset = Session.objects.none()

    @extend_schema(request=None, responses=EtatSessionSerializer, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        session = services.session_ouvrir(
            session=_session(request, pk), auteur=request.user, jour=timezone.localdate(), maintenant=timezone.now()
        )
        return Response(EtatSessionSerializer(session).data)


class VisitesView(VueJour):
    """Visites du plateau par le jury avec le responsable de session (JUR-VISITE) ; POST : en enregistrer une."""

    serializer_class = VisiteSerializer
    queryset = VisitePlateau.objects.none()

    @extend_schema(responses=VisiteSerializer(many=True), tags=["sessions"])
    def get(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        return Response(VisiteSerializer(session.visites_plateau.prefetch_related("membres"), many=True).data)

    @extend_schema(request=VisiteSerializer, responses={201: VisiteSerializer}, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        _gestion(request)
        session = _session(request, pk)
        donnees = VisiteSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        d = dict(donnees.validated_data)
        visite = services.visite_enregistrer(
            session=session,
            auteur=request.user,
            date=d["date"],
            heure_debut=d["heure_debut"],
            duree_minutes=d["duree_minutes"],
            responsable=d["responsable"],
            membres=list(d.get("membres", [])),
            observations=d.get("observations", ""),
        )
        return Response(VisiteSerializer(visite).data, status=status.HTTP_201_CREATED)


class TiragesView(VueJour):
    """Tirer au sort le candidat témoin des plis parmi les présents (un nouveau tirage exige son motif)."""

    roles_autorises = GESTION_SESSIONS
    serializer_class = NouveauTirageSerializer
    queryset = TirageAuSort.objects.none()

    @extend_schema(request=NouveauTirageSerializer, responses={201: TirageSerializer}, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        donnees = NouveauTirageSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        tirage = services.candidat_tirer_au_sort(
            session=session, auteur=request.user, maintenant=timezone.now(), motif=donnees.validated_data["motif"]
        )
        return Response(TirageSerializer(tirage).data, status=status.HTTP_201_CREATED)


class ControlePlisView(VueJour):
    """Les tirages au sort et le contrôle des plis cachetés du premier jour (SES-JOUR) ; POST : l'enregistrer."""

    serializer_class = EtatPlisSerializer
    queryset = ControlePlis.objects.none()

    def _etat(self, session: Session) -> Response:
        donnees = {
            "tirages": session.tirages.select_related("inscription__candidat"),
            "controle": ControlePlis.objects.filter(session=session).select_related("tirage").first(),
        }
        return Response(EtatPlisSerializer(donnees).data)

    @extend_schema(responses=EtatPlisSerializer, tags=["sessions"])
    def get(self, request: Request, pk: int) -> Response:
        return self._etat(_session(request, pk))

    @extend_schema(request=SaisieControlePlisSerializer, responses=EtatPlisSerializer, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        _gestion(request)
        session = _session(request, pk)
        donnees = SaisieControlePlisSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        services.plis_controler(
            session=session,
            auteur=request.user,
            jour=timezone.localdate(),
            maintenant=timezone.now(),
            **donnees.validated_data,
        )
        return self._etat(session)


class EmargementsView(VueJour):
    """Émargements d'un jour (identité, adresse CAN-ADRESSE, arrivée, retard) ; POST : faire émarger un candidat."""

    serializer_class = EmargementSerializer
    queryset = Emargement.objects.none()

    @extend_schema(parameters=[DATE], responses=EmargementSerializer(many=True), tags=["sessions"])
    def get(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        jour = _jour(request, session)
        lignes = Emargement.objects.filter(inscription__session=session, date=jour).order_by("inscription")
        return Response(EmargementSerializer(lignes, many=True).data)

    @extend_schema(request=SaisieEmargementSerializer, responses={201: EmargementSerializer}, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        _gestion(request)
        session = _session(request, pk)
        donnees = SaisieEmargementSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        d: dict[str, Any] = dict(donnees.validated_data)
        adresse = d.pop("nouvelle_adresse", None)
        emargement = services.candidat_emarger(
            inscription=_inscription(session, d.pop("inscription")),
            auteur=request.user,
            jour=d.pop("date", None) or _jour(request, session),
            nouvelle_adresse=services.NouvelleAdresse(**adresse) if adresse else None,
            **d,
        )
        return Response(EmargementSerializer(emargement).data, status=status.HTTP_201_CREATED)


class AbsencesView(VueJour):
    """Absences des candidats (justifiées avec leur justificatif, ou non) ; POST (multipart) : en enregistrer une."""

    serializer_class = AbsenceSerializer
    queryset = Absence.objects.none()

    @extend_schema(responses=AbsenceSerializer(many=True), tags=["sessions"])
    def get(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        return Response(AbsenceSerializer(Absence.objects.filter(inscription__session=session), many=True).data)

    @extend_schema(request=SaisieAbsenceSerializer, responses={201: AbsenceSerializer}, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        _gestion(request)
        session = _session(request, pk)
        donnees = SaisieAbsenceSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        d = donnees.validated_data
        absence = services.absence_enregistrer(
            inscription=_inscription(session, d["inscription"]),
            auteur=request.user,
            jour=d.get("date") or _jour(request, session),
            justifiee=d["justifiee"],
            justificatif=d.get("justificatif"),
            motif=d.get("motif", ""),
        )
        return Response(AbsenceSerializer(absence).data, status=status.HTTP_201_CREATED)


class JustifierAbsenceView(VueJour):
    """Justifier après coup une absence non justifiée (multipart), tant que la session n'est pas transmise."""

    roles_autorises = GESTION_SESSIONS
    serializer_class = JustificationSerializer
    queryset = Absence.objects.none()

    @extend_schema(request=JustificationSerializer, responses=AbsenceSerializer, tags=["sessions"])
    def post(self, request: Request, session_pk: int, pk: int) -> Response:
        session = _session(request, session_pk)
        absence = Absence.objects.filter(inscription__session=session, pk=pk).select_related("inscription").first()
        if absence is None:
            raise NotFound()
        donnees = JustificationSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        absence = services.absence_justifier(
            inscription=absence.inscription,
            auteur=request.user,
            jour=timezone.localdate(),
            justificatif=donnees.validated_data["justificatif"],
            motif=donnees.validated_data["motif"],
        )
        return Response(AbsenceSerializer(absence).data)


class IncidentsView(VueJour):
    """Incidents de la session ; POST (multipart) : en signaler un — une fraude nomme le candidat, joint le rapport
    signé et l'exclut (RES-FRAUDE-SANCTION)."""

    serializer_class = IncidentSerializer
    queryset = Incident.objects.none()

    @extend_schema(responses=IncidentSerializer(many=True), tags=["sessions"])
    def get(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        return Response(IncidentSerializer(session.incidents.all(), many=True).data)

    @extend_schema(request=SaisieIncidentSerializer, responses={201: IncidentSerializer}, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        _gestion(request)
        session = _session(request, pk)
        donnees = SaisieIncidentSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        d = donnees.validated_data
        incident = services.incident_signaler(
            session=session,
            auteur=request.user,
            survenu_le=d["survenu_le"],
            nature=d["nature"],
            description=d["description"],
            inscription=_inscription(session, d["inscription"]) if d.get("inscription") else None,
            rapport=d.get("rapport"),
        )
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)


class SanctionView(VueJour):
    """La DDETS du département décide la sanction d'une fraude (interdiction d'1 an au plus : 422 sinon)."""

    roles_autorises = DEROGATEURS_SESSIONS
    serializer_class = SaisieSanctionSerializer
    queryset = SanctionFraude.objects.none()

    @extend_schema(request=SaisieSanctionSerializer, responses={201: SanctionSerializer}, tags=["sessions"])
    def post(self, request: Request, pk: int) -> Response:
        incident = get_visible_or_404(
            Incident.objects.select_related("session__site__departement"), request.user, pk=pk
        )
        donnees = SaisieSanctionSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        sanction = services.fraude_sanctionner(
            incident=incident, auteur=request.user, jour=timezone.localdate(), **donnees.validated_data
        )
        return Response(SanctionSerializer(sanction).data, status=status.HTTP_201_CREATED)
