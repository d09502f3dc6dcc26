from __future__ import annotations

from rest_framework import serializers

from titrepro.referentiel.models import CCP, CCS, Epreuve, Millesime, Titre


class CCPSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CCP
        fields = ["id", "numero", "code", "intitule"]


class CCSSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CCS
        fields = ["id", "code", "intitule"]


class EpreuveSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    ccps: serializers.SlugRelatedField[CCP] = serializers.SlugRelatedField(
        slug_field="numero", many=True, read_only=True, help_text="Numéros des CCP pour lesquels l'épreuve est passée."
    )

    class Meta:
        model = Epreuve
        fields = [
            "id",
            "ordre",
            "type",
            "libelle",
            "duree_minutes",
            "collective",
            "avec_jury",
            "pour_session_titre",
            "ccps",
            "duree_demo",
        ]


class MillesimeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    ccps = CCPSerializer(many=True, read_only=True)
    ccss = CCSSerializer(many=True, read_only=True)
    epreuves = EpreuveSerializer(many=True, read_only=True)

    class Meta:
        model = Millesime
        fields = [
            "id",
            "version",
            "date_effet",
            "fin_validite",
            "arrete",
            "duree_lecture_dossier",
            "donnees_demo",
            "ccps",
            "ccss",
            "epreuves",
        ]


class TitreSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    millesimes = MillesimeSerializer(many=True, read_only=True)

    class Meta:
        model = Titre
        fields = ["id", "code", "intitule", "rncp", "niveau", "secteur", "transport", "millesimes"]
