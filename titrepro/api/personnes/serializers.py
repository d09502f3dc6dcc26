from typing import Any

from rest_framework import serializers

from titrepro.personnes.models import (
    Adresse,
    Candidat,
    ConfirmationAdresse,
    DemandeAmenagement,
    Disponibilite,
    Formation,
    Habilitation,
    LienJury,
    MembreJury,
)
from titrepro.territoires.models import Departement


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


# --------------------------------------------------------------------- issue 5, part 3: edit, attach, sub-resources


class ModificationCandidatSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    autre_personne = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text="Vrai pour enregistrer un état civil modifié malgré des doublons probables (confirmation tracée).",
    )

    class Meta:
        model = Candidat
        fields = [
            "nom_naissance",
            "nom_usage",
            "prenoms",
            "sexe",
            "date_naissance",
            "lieu_naissance",
            "pays_naissance",
            "email",
            "telephone",
            "autre_personne",
        ]


class IdentiteDoublonSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Just what is needed to confirm it is the same person: names, birth date and place."""

    nom_naissance = serializers.CharField()
    nom_usage = serializers.CharField()
    prenoms = serializers.CharField()
    date_naissance = serializers.DateField()
    lieu_naissance = serializers.CharField()


class DoublonDetailleSerializer(DoublonSerializer):
    identite = IdentiteDoublonSerializer(help_text="État civil de la fiche ressemblante, pour vérifier.")
    rattachable = serializers.BooleanField(
        help_text="Vrai : la fiche n'est pas encore rattachée à l'organisme demandé (voir /candidats/rattacher/)."
    )


class RattachementSerializer(RechercheDoublonsSerializer):
    candidat = serializers.IntegerField(help_text="La fiche existante trouvée par la recherche de doublons.")
    organisme = serializers.IntegerField(help_text="Votre organisme, auquel rattacher la fiche.")
    motif = serializers.CharField(required=False, default="", allow_blank=True, max_length=500)


class AdresseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Adresse
        fields = ["id", "voie", "complement", "code_postal", "commune", "pays", "depuis", "jusqu_au"]
        read_only_fields = ["jusqu_au"]
        extra_kwargs = {"complement": {"default": ""}, "pays": {"default": "France"}}


class ConfirmationAdresseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    adresse: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(read_only=True)
    formation = serializers.IntegerField(source="formation_id", required=False, allow_null=True, default=None)

    class Meta:
        model = ConfirmationAdresse
        fields = ["id", "adresse", "formation", "moment", "confirmee_le"]


class FormationEcritureSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    organisme = serializers.IntegerField(help_text="Identifiant de votre organisme.")
    formateurs = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text="Affectations de formateurs."
    )

    class Meta:
        model = Formation
        fields = [
            "id",
            "organisme",
            "millesime",
            "statut",
            "debut",
            "fin",
            "recevabilite_vae_le",
            "information_handicap_le",
            "formateurs",
        ]


class AmenagementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    departement = serializers.SlugRelatedField(
        slug_field="code", queryset=Departement.objects.all(), help_text="Code du département (DDETS destinataire)."
    )
    candidat = serializers.IntegerField(source="candidat_id", help_text="Identifiant du candidat (de votre périmètre).")
    session = serializers.IntegerField(
        source="session_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="Identifiant d'une session où le candidat est inscrit (facultatif) : la demande en prend "
        "le premier jour et, s'il n'est pas donné, le millésime.",
    )
    resume = serializers.CharField(read_only=True)

    class Meta:
        model = DemandeAmenagement
        fields = [
            "id",
            "candidat",
            "session",
            "millesime",
            "premier_jour_session",
            "departement",
            "temps_majore",
            "majoration_pourcent",
            "assistance",
            "materiel",
            "epreuve_adaptee",
            "salle_isolee",
            "formulaire_recu_le",
            "etat",
            "decision_le",
            "motif_decision",
            "resume",
        ]
        read_only_fields = ["etat", "decision_le", "motif_decision"]
        extra_kwargs = {"millesime": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("millesime") and not attrs.get("session_id"):
            raise serializers.ValidationError({"millesime": ["Indiquez le millésime du titre ou une session."]})
        return attrs


class DecisionAmenagementSerializer(serializers.Serializer):  # type: ignore[type-arg]
    accorde = serializers.BooleanField(help_text="Vrai : accordé ; faux : refusé (motif obligatoire).")
    motif = serializers.CharField(required=False, default="", allow_blank=True)
    formulaire_recu_le = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Date de réception du formulaire médical."
    )


class LienSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    organisme = serializers.IntegerField(source="organisme_id", required=False, allow_null=True, default=None)
    candidat = serializers.IntegerField(source="candidat_id", read_only=True)
    avec = serializers.CharField(read_only=True)

    class Meta:
        model = LienJury
        fields = [
            "id",
            "nature",
            "organisme",
            "candidat",
            "nom_declare",
            "prenoms_declares",
            "date_naissance_declaree",
            "description",
            "declare_le",
            "avec",
        ]
        read_only_fields = ["declare_le"]
        extra_kwargs = {
            "nom_declare": {"default": ""},
            "prenoms_declares": {"default": ""},
            "date_naissance_declaree": {"default": None},
            "description": {"default": ""},
        }


class DisponibiliteSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Disponibilite
        fields = ["id", "debut", "fin", "remarque"]
        extra_kwargs = {"remarque": {"default": ""}}
