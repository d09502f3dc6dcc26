from django.contrib import admin

from titrepro.organisations.models import Organisme, Site


class SiteInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Site
    extra = 0


@admin.register(Organisme)
class OrganismeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["raison_sociale", "siret", "est_cfa", "fictif"]
    search_fields = ["raison_sociale", "siret"]
    inlines = [SiteInline]
