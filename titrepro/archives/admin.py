from django.contrib import admin

from titrepro.archives.models import (
    ConsentementDossierProfessionnel,
    CopieDossierProfessionnel,
    LignePurge,
    PieceConservee,
)


@admin.register(ConsentementDossierProfessionnel)
class ConsentementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["candidat", "donne_le", "forme", "retire_le"]
    raw_id_fields = ["candidat", "enregistre_par"]


@admin.register(CopieDossierProfessionnel)
class CopieDossierProfessionnelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Deleting a copy here is refused while its retention runs (ARC-CONSERVATION, titrepro.archives.garde)."""

    list_display = ["inscription", "fichier_nom", "deposee_le"]
    raw_id_fields = ["inscription", "consentement", "deposee_par"]


@admin.register(PieceConservee)
class PieceConserveeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Deleting a piece here is refused while its retention runs (ARC-CONSERVATION, titrepro.archives.garde)."""

    list_display = ["inscription", "nature", "fichier_nom", "deposee_le"]
    list_filter = ["nature"]
    raw_id_fields = ["inscription", "deposee_par"]


@admin.register(LignePurge)
class LignePurgeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["libelle", "action", "conserver_jusqu_au", "purge", "cree_le"]
    readonly_fields = [f.name for f in LignePurge._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
