from django.contrib import admin

from titrepro.personnes.models import Candidat, MembreJury


@admin.register(Candidat)
class CandidatAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["nom_naissance", "nom_usage", "prenoms", "date_naissance", "fictif"]
    search_fields = ["nom_naissance", "nom_usage", "prenoms"]
    autocomplete_fields = ["organismes"]
    raw_id_fields = ["compte"]


@admin.register(MembreJury)
class MembreJuryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["nom", "prenoms", "metier", "departement", "fictif"]
    search_fields = ["nom", "prenoms", "email"]
    raw_id_fields = ["compte"]
