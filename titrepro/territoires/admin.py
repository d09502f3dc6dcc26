from django.contrib import admin

from titrepro.territoires.models import Departement, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    search_fields = ["code", "nom"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "nom", "region", "subdivision_feries"]
    search_fields = ["code", "nom"]
