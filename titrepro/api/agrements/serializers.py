from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from titrepro.agrements.models import CHOIX_JUSTIFICATIFS, Agrement, DemandeAgrement, MotifRefus, PieceJointe, TypePiece
from titrepro.organisations.models import Site
from titrepro.referentiel.models import Millesime


class AgrementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    titre = serializers.CharField(source="millesime.titre.code", read_only=True)
    etat_du_jour = serializers.SerializerMethodField()

    class Meta:
        model = Agrement
        fields = [
            "id",
            "organisme",
            "site",
            "millesime",
            "titre",
            "debut",
            "fin",
            "candidats_externes",
            "etat",
            "etat_du_jour",
            "motif_etat",
            "demande",
        ]
        read_only_fields = fields

    def get_etat_du_jour(self, agrement: Agrement) -> str:
        return str(agrement.etat_le(self.context["jour"]).value)


class ChangementEtatSerializer(serializers.Serializer):  # type: ignore[type-arg]
    action = serializers.ChoiceField(choices=["suspendre", "retablir", "retirer"])
    motif = serializers.CharField()


class PieceJointeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    telechargement = serializers.SerializerMethodField()
    fichier = serializers.FileField(write_only=True)
    type = serializers.ChoiceField(choices=TypePiece.choices)
    justificatif = serializers.ChoiceField(choices=CHOIX_JUSTIFICATIFS, required=False, allow_blank=True, default="")

    class Meta:
        model = PieceJointe
        fields = [
            "id",
            "type",
            "fichier",
            "nom_original",
            "type_mime",
            "taille",
            "date_document",
            "justificatif",
            "acces_debut",
            "acces_fin",
            "legende",
            "telechargement",
        ]
        read_only_fields = ["nom_original", "type_mime", "taille"]

    def get_telechargement(self, piece: PieceJointe) -> str:
        """The audited API download (token or session; same scoping as the page)."""
        return reverse("demande-agrement-piece-fichier", kwargs={"pk": piece.demande_id, "piece_pk": piece.pk})


class DemandeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.all())
    millesimes = serializers.PrimaryKeyRelatedField(queryset=Millesime.objects.all(), many=True)
    pieces = serializers.SerializerMethodField()

    class Meta:
        model = DemandeAgrement
        fields = [
            "id",
            "organisme",
            "site",
            "millesimes",
            "premiere_session",
            "candidats_externes",
            "renouvellement",
            "observations",
            "etat",
            "deposee_le",
            "complete_le",
            "pieces_demandees_le",
            "pieces_demandees",
            "complements_recus_le",
            "instruction_le",
            "decision_le",
            "motif_refus",
            "motif_decision",
            "pieces",
        ]
        read_only_fields = [
            "organisme",
            "etat",
            "deposee_le",
            "complete_le",
            "pieces_demandees_le",
            "pieces_demandees",
            "complements_recus_le",
            "instruction_le",
            "decision_le",
            "motif_refus",
            "motif_decision",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request, "user", None) is not None:
            # Only the sites the user sees can be chosen (the service then checks the responsable).
            self.fields["site"].queryset = Site.objects.visibles_par(request.user)  # type: ignore[attr-defined]

    @extend_schema_field(PieceJointeSerializer(many=True))
    def get_pieces(self, demande: DemandeAgrement) -> list[dict[str, object]]:
        pieces = PieceJointe.objects.visibles_par(self.context["request"].user).filter(demande=demande)
        return PieceJointeSerializer(pieces, many=True).data  # type: ignore[return-value]


class ConstatCompletudeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    piece = serializers.CharField()
    ok = serializers.BooleanField()
    regle = serializers.CharField()
    message = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]


class MotifDemandeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    motif = serializers.CharField()


class InstructionDemandeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    pass


class AccepterSerializer(serializers.Serializer):  # type: ignore[type-arg]
    debut = serializers.DateField()
    fin = serializers.DateField()
    motif = serializers.CharField(required=False, allow_blank=True, default="")


class RefuserSerializer(serializers.Serializer):  # type: ignore[type-arg]
    motif_refus = serializers.ChoiceField(choices=MotifRefus.choices)
    motif = serializers.CharField(required=False, allow_blank=True, default="")
