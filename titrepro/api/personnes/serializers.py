from typing import Any

from rest_framework import serializers

from titrepro.personnes.models import Candidat, Formation, Habilitation, MembreJury


class FormationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    titre = serializers.CharField(source="millesime.titre.code", read_only=True)
    millesime = serializers.CharField(source="millesime.version", read_only=True)
    organisme = serializers.CharField(source="organisme.siret", read_only=True)

    class Meta:
        model = Formation
        fields = ["id", "titre", "millesime", "organisme", "statut", "debut", "fin", "recevabilite_vae_le"]


class CandidatSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    formations = FormationSerializer(many=True, read_only=True)

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
            "pays_naissance",
            "email",
            "telephone",
            "fictif",
            "formations",
        ]
        read_only_fields = ["fictif"]


class CreationCandidatSerializer(CandidatSerializer):
    organisme = serializers.IntegerField(
        write_only=True, help_text="Identifiant de l'organisme qui inscrit le candidat."
    )
    autre_personne = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text="Vrai pour créer malgré des doublons probables : « il s'agit d'une autre personne » (enregistré).",
    )

    class Meta(CandidatSerializer.Meta):
        fields = [*CandidatSerializer.Meta.fields, "organisme", "autre_personne"]


class RechercheDoublonsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    nom_naissance = serializers.CharField(max_length=150)
    nom_usage = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    prenoms = serializers.CharField(max_length=200)
    date_naissance = serializers.DateField()
    lieu_naissance = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)


class DoublonSerializer(serializers.Serializer):  # type: ignore[type-arg]
    candidat = serializers.IntegerField(help_text="Identifiant de la fiche ressemblante.")
    visible = serializers.BooleanField(help_text="Faux : la fiche est tenue par un organisme hors de votre périmètre.")
    score = serializers.FloatField()
    raison = serializers.CharField()


class MembreJurySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    departement = serializers.CharField(source="departement.code", read_only=True)

    class Meta:
        model = MembreJury
        fields = [
            "id",
            "nom",
            "prenoms",
            "email",
            "telephone",
            "metier",
            "employeur",
            "experience_annees",
            "quitte_metier_le",
            "professionnalisation_le",
            "departement",
            "fictif",
        ]


class HabilitationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    titre = serializers.CharField(source="millesime.titre.code", read_only=True)
    version = serializers.CharField(source="millesime.version", read_only=True)

    class Meta:
        model = Habilitation
        fields = [
            "id",
            "membre",
            "millesime",
            "titre",
            "version",
            "debut",
            "fin",
            "etat",
            "demandee_le",
            "accordee_le",
            "retiree_le",
            "motif_retrait",
        ]
        read_only_fields = ["etat", "demandee_le", "accordee_le", "retiree_le", "motif_retrait"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["fin"] < attrs["debut"]:
            raise serializers.ValidationError({"fin": "La fin de l'habilitation précède son début."})
        return attrs


class MotifSerializer(serializers.Serializer):  # type: ignore[type-arg]
    motif = serializers.CharField(required=False, default="", allow_blank=True)
