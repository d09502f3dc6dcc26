"""Alerts of the sweep: the list page (filters: code, niveau, état) within the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from titrepro.comptes.acces import LECTEURS_ALERTES
from titrepro.conformite.models import CHOIX_NIVEAUX, Alerte, EtatAlerte
from titrepro.conformite.regles.catalogue import CODES
from titrepro.web.views.base import ListeVisible

PAGES_DES_SUJETS = {
    "organisations.organisme": "web:organisme",
    "agrements.agrement": "web:agrement",
    "agrements.demandeagrement": "web:demande_agrement",
    "personnes.candidat": "web:candidat",
    "personnes.habilitation": "web:habilitation",
    "examens.session": "web:session",
    "dte.commandedte": "web:commande_dte",
}
"""Where a subject's page is (app_label.model → URL name, the page taking the subject's pk)."""


def lier_sujets(alertes: list[Alerte]) -> list[Alerte]:
    """Set ``lien_sujet`` (the subject's page, or "") and ``libelle_sujet`` on each alert (subjects prefetched)."""
    for alerte in alertes:
        sujet = alerte.sujet
        alerte.libelle_sujet = str(sujet) if sujet is not None else "(supprimé)"  # type: ignore[attr-defined]
        nom = PAGES_DES_SUJETS.get(sujet._meta.label_lower if sujet is not None else "")
        try:
            lien = reverse(nom, args=[alerte.object_id]) if nom else ""
        except NoReverseMatch:
            lien = ""
        alerte.lien_sujet = lien  # type: ignore[attr-defined]
    return alertes


class ListeAlertes(ListeVisible):
    model = Alerte
    roles_autorises = LECTEURS_ALERTES
    template_name = "web/conformite/alertes.html"
    extra_context = {"title": "Alertes"}

    def filtres(self) -> dict[str, str]:
        donnees = self.request.GET
        code = donnees.get("code", "")
        niveau = donnees.get("niveau", "")
        etat = donnees.get("etat", EtatAlerte.OUVERTE)
        return {
            "code": code if code in CODES else "",
            "niveau": niveau if niveau in dict(CHOIX_NIVEAUX) else "",
            "etat": etat if etat in EtatAlerte.values else "",
        }

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        criteres = {nom: valeur for nom, valeur in self.filtres().items() if valeur}
        return queryset.filter(**criteres).prefetch_related("sujet").order_by("echeance", "code", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object_list"] = lier_sujets(list(context["object_list"]))
        context["filtres"] = self.filtres()
        context["choix_codes"] = CODES
        context["choix_niveaux"] = CHOIX_NIVEAUX
        context["choix_etats"] = EtatAlerte.choices
        return context
