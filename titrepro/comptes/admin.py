"""Django's admin: a technical back office for administrators (national scope, audited)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from titrepro.comptes.models import Affectation, Utilisateur


class AffectationInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Affectation
    extra = 0
    autocomplete_fields = ["organisme", "departement", "region"]


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):  # type: ignore[type-arg]
    ordering = ["email"]
    list_display = ["email", "prenom", "nom", "is_active", "is_staff"]
    search_fields = ["email", "prenom", "nom"]
    inlines = [AffectationInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("prenom", "nom")}),
        ("Droits techniques", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ()
    list_filter = ["is_active", "is_staff", "affectations__role"]
