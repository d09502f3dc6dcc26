from django.contrib import admin

from titrepro.conformite.models import Derogation, ParametreRegle


@admin.register(ParametreRegle)
class ParametreRegleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "nom", "valeur", "unite", "region", "effet", "fin"]
    list_filter = ["code", "region"]
    search_fields = ["code", "nom", "motif"]


@admin.register(Derogation)
class DerogationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: derogations are granted through the service, by a DDETS agent."""

    list_display = ["regle", "accordee_le", "accordee_par", "departement"]
    list_filter = ["regle", "departement"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
