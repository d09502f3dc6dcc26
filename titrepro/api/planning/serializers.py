"""Serializers of the timetable API: rooms, a planning with its slots, a timetable to validate, a slot move."""

from __future__ import annotations

import re
from typing import Any

from rest_framework import serializers

from titrepro.planning.models import Creneau, CreneauJury, Planning, Salle
from titrepro.referentiel.models import TypeEpreuve

HEURE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class HeureField(serializers.CharField):
    """« HH:MM », turned into minutes since midnight."""

    default_error_messages = {"format": "Heure attendue au format HH:MM (par exemple 08:30)."}

    def to_internal_value(self, data: Any) -> int:  # type: ignore[override]
        texte = str(super().to_internal_value(data))
        correspondance = HEURE.match(texte.strip())
        if correspondance is None:
            self.fail("format")
        assert correspondance is not None  # noqa: S101 - self.fail raised otherwise
        return int(correspondance.group(1)) * 60 + int(correspondance.group(2))


class SalleSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    types_epreuves = serializers.ListField(
        child=serializers.ChoiceField(choices=TypeEpreuve.choices), required=False, default=list
    )

    class Meta:
        model = Salle
        fields = ["id", "site", "nom", "capacite", "postes", "types_epreuves", "isolee_possible", "observations"]


class CreneauSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    candidat = serializers.CharField(source="inscription.candidat", read_only=True)
    epreuve_ordre = serializers.IntegerField(source="epreuve.ordre", read_only=True)
    epreuve_libelle = serializers.CharField(source="epreuve", read_only=True)
    debut = serializers.CharField(source="debut_hhmm", read_only=True)
    fin = serializers.CharField(source="fin_hhmm", read_only=True)
    jury = serializers.IntegerField(source="jury.numero", read_only=True, allow_null=True)
    salle_nom = serializers.CharField(source="salle", read_only=True, allow_null=True)

    class Meta:
        model = Creneau
        fields = [
            "id",
            "inscription",
            "candidat",
            "epreuve_ordre",
            "epreuve_libelle",
            "jour",
            "debut",
            "fin",
            "jury",
            "salle",
            "salle_nom",
        ]


class CreneauJurySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    jury = serializers.IntegerField(source="jury.numero", read_only=True)
    debut = serializers.CharField(source="debut_hhmm", read_only=True)
    fin = serializers.CharField(source="fin_hhmm", read_only=True)

    class Meta:
        model = CreneauJury
        fields = ["id", "jury", "nature", "inscription", "jour", "debut", "fin"]


class ViolationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    message = serializers.CharField()
    inscription = serializers.IntegerField(allow_null=True)
    candidat = serializers.CharField(allow_blank=True)
    epreuve = serializers.CharField(allow_blank=True)
    jury = serializers.IntegerField(allow_null=True)
    jour = serializers.DateField(allow_null=True)


class PlanningSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    creneaux = CreneauSerializer(many=True, read_only=True)
    creneaux_jury = CreneauJurySerializer(many=True, read_only=True)
    violations = ViolationSerializer(many=True, read_only=True)
    borne_inferieure = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    objectifs = serializers.DictField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = Planning
        fields = [
            "id",
            "session",
            "version",
            "etat",
            "origine",
            "etat_calcul",
            "progression",
            "message_progression",
            "statut_solveur",
            "borne_inferieure",
            "objectifs",
            "explication",
            "violations",
            "duree_calcul",
            "genere_le",
            "publie_le",
            "creneaux",
            "creneaux_jury",
        ]
        read_only_fields = fields


class CreneauEntreeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    inscription = serializers.IntegerField(help_text="Identifiant de l'inscription du candidat.")
    epreuve = serializers.IntegerField(help_text="N° d'ordre de l'épreuve dans le RE du millésime.")
    jour = serializers.DateField()
    debut = HeureField(help_text="HH:MM")
    fin = HeureField(help_text="HH:MM")
    jury = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="N° du jury.")
    salle = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Identifiant de la salle."
    )


class LectureEntreeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    jury = serializers.IntegerField(help_text="N° du jury.")
    inscription = serializers.IntegerField()
    jour = serializers.DateField()
    debut = HeureField()
    fin = HeureField()


class PauseEntreeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    jury = serializers.IntegerField(help_text="N° du jury.")
    jour = serializers.DateField()
    debut = HeureField()
    fin = HeureField()


class ValidationEntreeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    creneaux = CreneauEntreeSerializer(many=True)
    lectures = LectureEntreeSerializer(many=True, required=False, default=list)
    pauses = PauseEntreeSerializer(many=True, required=False, default=list)


class ValidationReponseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    conforme = serializers.BooleanField()
    violations = ViolationSerializer(many=True)


class DeplacementSerializer(serializers.Serializer):  # type: ignore[type-arg]
    jour = serializers.DateField()
    debut = HeureField(help_text="HH:MM ; le créneau garde sa durée.")
    jury = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="N° du jury.")
    salle = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Identifiant de la salle."
    )


class DeplacementReponseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    creneau = CreneauSerializer()
    conforme = serializers.BooleanField()
    violations = ViolationSerializer(many=True)


class PublicationEntreeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Par défaut : la dernière version en brouillon."
    )
