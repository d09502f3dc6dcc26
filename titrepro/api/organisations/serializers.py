from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from titrepro.organisations.models import Contact, NatureChangementPlateau, Organisme, RoleContact, Site


class SiteSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    departement = serializers.CharField(source="departement.code", read_only=True)

    class Meta:
        model = Site
        fields = [
            "id",
            "organisme",
            "nom",
            "adresse",
            "code_postal",
            "commune",
            "departement",
            "description",
            "equipements",
        ]
        read_only_fields = ["organisme", "adresse", "code_postal", "commune"]


class ContactSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    role = serializers.ChoiceField(choices=RoleContact.choices)

    class Meta:
        model = Contact
        fields = ["id", "role", "prenom", "nom", "email", "telephone"]


class OrganismeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    sites = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()

    class Meta:
        model = Organisme
        fields = [
            "id",
            "raison_sociale",
            "siret",
            "siren",
            "est_cfa",
            "fictif",
            "siege_adresse",
            "siege_code_postal",
            "siege_commune",
            "email",
            "sites",
            "contacts",
        ]
        read_only_fields = ["siret", "siren", "fictif"]

    @extend_schema_field(SiteSerializer(many=True))
    def get_sites(self, organisme: Organisme) -> list[dict[str, object]]:
        # Nested sites go through the same scoping as everything else.
        sites = organisme.sites.visibles_par(self.context["request"].user).select_related("departement")
        return SiteSerializer(sites, many=True).data  # type: ignore[return-value]

    @extend_schema_field(ContactSerializer(many=True))
    def get_contacts(self, organisme: Organisme) -> list[dict[str, object]]:
        contacts = Contact.objects.visibles_par(self.context["request"].user).filter(organisme=organisme)
        return ContactSerializer(contacts, many=True).data  # type: ignore[return-value]


class ChangementSiretEntreeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    nouveau_siret = serializers.CharField(max_length=20)
    date_effet = serializers.DateField()
    motif = serializers.CharField(required=False, allow_blank=True, default="")


class ChangementPlateauSerializer(serializers.Serializer):  # type: ignore[type-arg]
    nature = serializers.ChoiceField(choices=NatureChangementPlateau.choices)
    date_effet = serializers.DateField()
    description = serializers.CharField()
    adresse = serializers.CharField(required=False, allow_blank=True, default="")
    code_postal = serializers.CharField(required=False, allow_blank=True, default="")
    commune = serializers.CharField(required=False, allow_blank=True, default="")
    departement = serializers.CharField(required=False, allow_blank=True, default="", help_text="Code du département")


class ConstatRegleSerializer(serializers.Serializer):  # type: ignore[type-arg]
    regle = serializers.CharField()
    message = serializers.CharField()
