"""Pages of the référentiel: read-only for every signed-in user but candidates; import for administrators.

The reading, checking and writing live in ``titrepro.referentiel`` (``echange``,
``services``, ``lectures``): these views only parse the request and render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import FormView, View

from titrepro.comptes.acces import GESTION_REFERENTIEL, LECTEURS_REFERENTIEL
from titrepro.referentiel.echange import DocumentInvalide, document_vers_json, document_vers_zip, lire_fichier
from titrepro.referentiel.lectures import filtrer_titres
from titrepro.referentiel.models import CCP, EtatMillesime, Millesime, Secteur, Titre
from titrepro.referentiel.services import referentiel_exporter, referentiel_importer
from titrepro.web.forms import FormulaireDsfr
from titrepro.web.views.base import AccesReserve, FicheVisible, ListeVisible, Visibles

TAILLE_MAX_IMPORT = 5 * 1024 * 1024
NIVEAUX = [(str(n), f"Niveau {n}") for n in range(3, 8)]


class FiltreTitresForm(FormulaireDsfr):
    q = forms.CharField(label="Rechercher", required=False, help_text="Intitulé, code ou numéro RNCP")
    secteur = forms.ChoiceField(label="Secteur", required=False, choices=[("", "Tous les secteurs"), *Secteur.choices])
    niveau = forms.TypedChoiceField(
        label="Niveau", required=False, choices=[("", "Tous les niveaux"), *NIVEAUX], coerce=int, empty_value=None
    )

    def filtrer(self, titres: QuerySet[Titre]) -> QuerySet[Titre]:
        if not self.is_valid():
            return titres.none()
        donnees = self.cleaned_data
        return filtrer_titres(titres, recherche=donnees["q"], secteur=donnees["secteur"], niveau=donnees["niveau"])


class ListeTitres(ListeVisible):
    model = Titre
    roles_autorises = LECTEURS_REFERENTIEL
    template_name = "web/referentiel/titres.html"
    extra_context = {"title": "Référentiel des titres professionnels"}

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        self.filtre = FiltreTitresForm(self.request.GET)
        return self.filtre.filtrer(queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            filtre=self.filtre,
            filtre_actif=any(self.request.GET.get(champ) for champ in self.filtre.fields),
            parametres=self.request.GET.urlencode(),
            peut_importer=bool(self.request.user.roles.intersection(GESTION_REFERENTIEL)),
            **kwargs,
        )


@dataclass(frozen=True)
class MillesimeAffiche:
    millesime: Millesime
    etat: EtatMillesime


class FicheTitre(FicheVisible):
    model = Titre
    roles_autorises = LECTEURS_REFERENTIEL
    template_name = "web/referentiel/titre.html"

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return (
            queryset.prefetch_related(
                Prefetch("millesimes", queryset=Millesime.objects.order_by("-date_effet", "-version")),
                "millesimes__ccps",
                "millesimes__ccss",
                "millesimes__epreuves",
            )
            # A separate call: the stubs type one prefetch_related call with one queryset type.
            .prefetch_related(Prefetch("millesimes__epreuves__ccps", queryset=CCP.objects.order_by("numero")))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        aujourdhui = timezone.localdate()
        return super().get_context_data(
            title=str(self.object),
            aujourdhui=aujourdhui,
            millesimes=[MillesimeAffiche(m, m.etat_le(aujourdhui)) for m in self.object.millesimes.all()],
            breadcrumb_data={
                "links": [{"url": reverse("web:titres"), "title": "Référentiel"}],
                "current": self.object.intitule,
            },
            **kwargs,
        )


class ExportReferentiel(AccesReserve, Visibles, View):
    """Download of the visible titres (narrowed by the list's filters) as JSON or as a zip of CSV tables."""

    model = Titre
    roles_autorises = LECTEURS_REFERENTIEL
    format_export = "json"

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return FiltreTitresForm(self.request.GET).filtrer(queryset)

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        document = referentiel_exporter(self.get_queryset())
        return _telechargement(document, self.format_export, f"referentiel-{timezone.localdate().isoformat()}")


class ExportTitre(ExportReferentiel):
    """One titre as JSON; 404 when it is not visible."""

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk=self.kwargs["pk"])

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        titres = self.get_queryset()
        titre = titres.first()
        if titre is None:
            raise Http404("Aucun titre visible ne correspond à cette adresse.")
        return _telechargement(referentiel_exporter(titres), "json", f"referentiel-{titre.code}")


def _telechargement(document: Any, format_export: str, nom: str) -> HttpResponse:
    if format_export == "csv":
        reponse = HttpResponse(document_vers_zip(document), content_type="application/zip")
        reponse["Content-Disposition"] = f'attachment; filename="{nom}-tables-csv.zip"'
    else:
        reponse = HttpResponse(document_vers_json(document), content_type="application/json; charset=utf-8")
        reponse["Content-Disposition"] = f'attachment; filename="{nom}.json"'
    return reponse


class ImportReferentielForm(FormulaireDsfr):
    fichier = forms.FileField(
        label="Fichier du référentiel",
        help_text="Fichier .json au format titrepro-referentiel, ou archive .zip des tables CSV ; 5 Mo au plus.",
    )

    def clean_fichier(self) -> Any:
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX_IMPORT:
            raise forms.ValidationError("Le fichier dépasse 5 Mo.")
        return fichier


class ImportReferentiel(AccesReserve, FormView):  # type: ignore[type-arg]
    """Import by an administrator: the whole list of errors and nothing written, or the report."""

    roles_autorises = GESTION_REFERENTIEL
    template_name = "web/referentiel/import.html"
    form_class = ImportReferentielForm
    extra_context = {
        "title": "Importer un référentiel",
        "breadcrumb_data": {
            "links": [{"url": reverse_lazy("web:titres"), "title": "Référentiel"}],
            "current": "Import",
        },
    }

    def form_valid(self, form: ImportReferentielForm) -> HttpResponse:
        fichier = form.cleaned_data["fichier"]
        try:
            document = lire_fichier(fichier.name, fichier.read())
            rapport = referentiel_importer(document=document, auteur=self.request.user)
        except DocumentInvalide as exc:
            return self.render_to_response(self.get_context_data(form=form, erreurs=exc.erreurs))
        return self.render_to_response(self.get_context_data(form=ImportReferentielForm(), rapport=rapport))
