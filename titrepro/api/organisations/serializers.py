from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from titrepro.organisations.models import Organisme, Site


class SiteSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    departement = serializers.CharField(source="departement.code", read_only=True)

    class Meta:
        model = Site
        fields = ["id", "nom", "adresse", "code_postal", "commune", "departement"]


class OrganismeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    sites = serializers.SerializerMethodField()

    class Meta:
        model = Organisme
        fields = ["id", "raison_sociale", "siret", "siren", "est_cfa", "fictif", "sites"]

    @extend_schema_field(SiteSerializer(many=True))
    def get_sites(self, organisme: Organisme) -> list[dict[str, object]]:
        # Nested sites go through the same scoping as everything else.
        sites = organisme.sites.visibles_par(self.context["request"].user).select_related("departement")
        return SiteSerializer(sites, many=True).data  # type: ignore[return-value]
