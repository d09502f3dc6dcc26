from django.contrib import admin

from titrepro.agrements.models import Agrement, DemandeAgrement, PieceJointe


@admin.register(Agrement)
class AgrementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["millesime", "site", "organisme", "debut", "fin", "etat"]
    list_filter = ["etat"]


CHAMPS_PIECE = ["type", "nom_original", "date_document", "justificatif", "acces_debut", "acces_fin", "legende"]


class PieceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PieceJointe
    extra = 0
    fields = CHAMPS_PIECE  # type: ignore[assignment]
    readonly_fields = CHAMPS_PIECE


@admin.register(DemandeAgrement)
class DemandeAgrementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["pk", "organisme", "site", "etat", "deposee_le"]
    list_filter = ["etat"]
    readonly_fields = ["etat"]
    inlines = [PieceInline]
