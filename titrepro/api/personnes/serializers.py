from rest_framework import serializers

from titrepro.personnes.models import Candidat, MembreJury


class CandidatSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Candidat
        fields = [
            "id",
            "nom_naissance",
            "nom_usage",
            "prenoms",
            "sexe",
            "date_naissance",
            "lieu_naissance",
            "email",
            "telephone",
            "fictif",
        ]


class MembreJurySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    departement = serializers.CharField(source="departement.code", read_only=True)

    class Meta:
        model = MembreJury
        fields = ["id", "nom", "prenoms", "email", "telephone", "metier", "departement", "fictif"]
