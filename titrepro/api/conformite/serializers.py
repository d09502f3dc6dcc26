from __future__ import annotations

from typing import Any

from rest_framework import serializers

from titrepro.conformite.models import Alerte
from titrepro.conformite.signalements import Echeance, EtatEcheance


class AlerteSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    sujet_type = serializers.SerializerMethodField(help_text="app_label.modele du sujet (organisations.organisme…).")
    sujet_id = serializers.IntegerField(source="object_id", read_only=True)
    sujet = serializers.SerializerMethodField(help_text="Libellé du sujet.")

    class Meta:
        model = Alerte
        fields = [
            "id",
            "code",
            "niveau",
            "message",
            "echeance",
            "etat",
            "sujet_type",
            "sujet_id",
            "sujet",
            "organisme",
            "departement",
            "region",
            "ouverte_le",
            "resolue_le",
            "derniere_vue_le",
        ]

    def get_sujet_type(self, alerte: Alerte) -> str:
        return f"{alerte.content_type.app_label}.{alerte.content_type.model}"

    def get_sujet(self, alerte: Alerte) -> str:
        return str(alerte.sujet) if alerte.sujet is not None else ""


class EcheanceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField(help_text="Code de la règle qui fixe l'échéance.")
    libelle = serializers.CharField()
    date = serializers.DateField(help_text="Dernier jour dans les délais (inclus).")
    etat = serializers.ChoiceField(choices=[(e.value, e.libelle) for e in EtatEcheance])
    details = serializers.CharField()
    faite_le = serializers.DateField(allow_null=True)

    def to_representation(self, instance: Echeance) -> dict[str, Any]:
        return {
            "code": instance.code,
            "libelle": instance.libelle,
            "date": instance.date.isoformat(),
            "etat": instance.etat.value,
            "details": instance.details,
            "faite_le": instance.faite_le.isoformat() if instance.faite_le else None,
        }
