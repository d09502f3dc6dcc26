"""Serializers of ``/api/v1/sessions/``: the session (list and detail with read-only summaries) and its actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import serializers

from titrepro.comptes.models import Utilisateur
from titrepro.examens.models import Convocation, DecisionDte, NatureSession, Session
from titrepro.organisations.models import Site
from titrepro.referentiel.models import CCP, CCS, Millesime


class JourSerializer(serializers.Serializer):  # type: ignore[type-arg]
    date = serializers.DateField()
    heure_debut = serializers.TimeField(default=dt.time(8, 30))
    heure_fin = serializers.TimeField(default=dt.time(17, 0))


class SessionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A session as listed: state (code and French label), dates, site, agrément, responsables."""

    etat_libelle = serializers.CharField(source="get_etat_display", read_only=True)
    titre = serializers.CharField(source="millesime.titre.intitule", read_only=True)
    verrouillee = serializers.BooleanField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "numero",
            "etat",
            "etat_libelle",
            "nature",
            "organisme",
            "site",
            "millesime",
            "titre",
            "ccps",
            "ccs",
            "agrement",
            "premier_jour",
            "dernier_jour",
            "responsable",
            "suppleants",
            "creee_le",
            "programmee_le",
            "convoquee_le",
            "verrouillee",
            "annulee_le",
            "motif_annulation",
            "decision_dte",
            "autorisation_ddets",
            "pv_annulation_du",
            "observations",
        ]
        read_only_fields = fields


class SessionDetailSerializer(SessionSerializer):
    """The session with read-only summaries of its days, juries (and participations), candidates and convocations."""

    jours = serializers.SerializerMethodField()
    jurys = serializers.SerializerMethodField()
    inscriptions = serializers.SerializerMethodField()
    convocations = serializers.SerializerMethodField()
    reports = serializers.SerializerMethodField()

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "jours", "jurys", "inscriptions", "convocations", "reports"]
        read_only_fields = fields

    def get_jours(self, session: Session) -> list[dict[str, Any]]:
        return [
            {
                "date": j.date.isoformat(),
                "heure_debut": j.heure_debut.strftime("%H:%M"),
                "heure_fin": j.heure_fin.strftime("%H:%M"),
            }
            for j in session.jours.all()
        ]

    def get_jurys(self, session: Session) -> list[dict[str, Any]]:
        return [
            {
                "id": jury.pk,
                "numero": jury.numero,
                "participations": [
                    {"id": p.pk, "membre": p.membre_id, "membre_nom": str(p.membre), "etat": p.etat}
                    for p in jury.participations.all()
                ],
            }
            for jury in session.jurys.prefetch_related("participations__membre").order_by("numero")
        ]

    def get_inscriptions(self, session: Session) -> list[dict[str, Any]]:
        return [
            {
                "id": i.pk,
                "candidat": i.candidat_id,
                "candidat_nom": str(i.candidat),
                "public": i.public,
                "etat": i.etat,
                "jury": i.jury_id,
                "inscrit_le": i.inscrit_le.isoformat(),
            }
            for i in session.inscriptions.select_related("candidat").order_by("pk")
        ]

    def get_convocations(self, session: Session) -> list[dict[str, Any]]:
        return [
            {
                "id": c.pk,
                "inscription": c.inscription_id,
                "mode": c.mode,
                "envoyee_le": c.envoyee_le.isoformat() if c.envoyee_le else None,
                "numero_suivi": c.numero_suivi,
                "accuse_reception_le": c.accuse_reception_le.isoformat() if c.accuse_reception_le else None,
                "emise_le": c.emise_le.isoformat() if c.emise_le else None,
            }
            for c in Convocation.objects.filter(inscription__session=session).order_by("pk")
        ]

    def get_reports(self, session: Session) -> list[dict[str, Any]]:
        return [
            {
                "decide_le": r.decide_le.isoformat(),
                "anciennes_dates": r.anciennes_dates,
                "nouvelles_dates": r.nouvelles_dates,
                "motif": r.motif,
                "autorisation_ddets": r.autorisation_ddets,
                "plis_conserves": r.plis_conserves,
            }
            for r in session.reports.all()
        ]


class _Champs(serializers.Serializer):  # type: ignore[type-arg]
    jours = JourSerializer(many=True)
    responsable = serializers.PrimaryKeyRelatedField(
        queryset=Utilisateur.objects.filter(is_active=True), allow_null=True
    )
    suppleants = serializers.PrimaryKeyRelatedField(
        queryset=Utilisateur.objects.filter(is_active=True), many=True, required=False
    )
    observations = serializers.CharField(required=False, allow_blank=True)

    def validate_jours(self, jours: list[dict[str, Any]]) -> list[tuple[Any, Any, Any]]:
        return [(j["date"], j["heure_debut"], j["heure_fin"]) for j in jours]


class CreationSessionSerializer(_Champs):
    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.none())
    millesime = serializers.PrimaryKeyRelatedField(queryset=Millesime.objects.all())
    nature = serializers.ChoiceField(choices=NatureSession.choices, default=NatureSession.TITRE)
    ccps = serializers.PrimaryKeyRelatedField(queryset=CCP.objects.all(), many=True, required=False)
    ccs = serializers.PrimaryKeyRelatedField(queryset=CCS.objects.all(), required=False, allow_null=True)
    brouillon = serializers.BooleanField(default=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["site"].queryset = Site.objects.visibles_par(request.user)  # type: ignore[attr-defined]


class ModificationSessionSerializer(_Champs):
    """PATCH: every field optional (absent: unchanged)."""

    jours = JourSerializer(many=True, required=False)
    responsable = serializers.PrimaryKeyRelatedField(
        queryset=Utilisateur.objects.filter(is_active=True), required=False, allow_null=True
    )


class AnnulationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    motif = serializers.CharField(allow_blank=True)
    decision_dte = serializers.ChoiceField(choices=DecisionDte.choices, allow_blank=True)
    autorisation_ddets = serializers.CharField(required=False, allow_blank=True, default="")


class ReportSerializer(serializers.Serializer):  # type: ignore[type-arg]
    jours = JourSerializer(many=True)
    motif = serializers.CharField(allow_blank=True)
    autorisation_ddets = serializers.CharField(allow_blank=True)
    plis_conserves = serializers.BooleanField(default=False)

    def validate_jours(self, jours: list[dict[str, Any]]) -> list[tuple[Any, Any, Any]]:
        return [(j["date"], j["heure_debut"], j["heure_fin"]) for j in jours]
