from rest_framework import serializers

from titrepro.dte.models import CommandeDte
from titrepro.examens.models import Session

CHAMPS_SAISIS = [
    "nombre_candidats",
    "nombre_sujets",
    "courriel_livraison",
    "contact_livraison",
    "telephone_livraison",
    "adresse_livraison",
    "code_postal_livraison",
    "commune_livraison",
    "grille_entretien_final",
    "commentaire",
]


class CommandeDteSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())
    numero_session = serializers.CharField(source="session.numero", read_only=True)
    premier_jour = serializers.DateField(source="session.premier_jour", read_only=True)
    etat_libelle = serializers.CharField(source="get_etat_display", read_only=True)

    class Meta:
        model = CommandeDte
        fields = [
            "id",
            "session",
            "numero_session",
            "premier_jour",
            "secteur",
            "etat",
            "etat_libelle",
            *CHAMPS_SAISIS,
            "soumise_le",
            "prise_en_compte_le",
            "preparee_le",
            "lien_dto",
            "lien_zo",
            "expediee_le",
            "reference_envoi",
            "destinataires_envoi",
            "liens_transmis_le",
            "organisateur_disponible_le",
            "organisateur_actif_a",
            "jury_disponible_le",
            "jury_actif_a",
            "recue_le",
            "annulee_le",
            "motif_annulation",
            "plis_a_detruire",
            "cloturee_le",
            "observations_cloture",
        ]
        read_only_fields = [f for f in fields if f not in {"session", *CHAMPS_SAISIS}]
        extra_kwargs = {f: {"required": False} for f in CHAMPS_SAISIS}


class PrepareeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    lien_dto = serializers.CharField()
    lien_zo = serializers.CharField()


class ExpedierSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reference = serializers.CharField(required=False, allow_blank=True, default="")


class LiensSerializer(serializers.Serializer):  # type: ignore[type-arg]
    heure = serializers.TimeField(required=False, allow_null=True, default=None)


class ClotureSerializer(serializers.Serializer):  # type: ignore[type-arg]
    observations = serializers.CharField()


class MotifCommandeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    motif = serializers.CharField()
