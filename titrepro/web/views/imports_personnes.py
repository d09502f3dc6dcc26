"""Import pages: upload, preview with per-row errors and duplicates, progress, commit, error report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, View

from titrepro.comptes.acces import IMPORT_PERSONNES
from titrepro.comptes.roles import Role
from titrepro.personnes.imports import FichierIllisible, import_preparer, modele_csv, peut_executer, rapport_erreurs_csv
from titrepro.personnes.models import ImportPersonnes, NatureImport
from titrepro.personnes.taches import executer_import
from titrepro.web.forms_personnes import ImportPersonnesForm
from titrepro.web.views.base import AccesReserve, Visibles

ROLES_ORGANISME_IMPORT = {Role.RESPONSABLE_ORGANISME, Role.RESPONSABLE_SESSION, Role.SUPPLEANT}


def _structures(user: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The natures the user may import and the structures they import for (« o12 » organisme, « d5 » département)."""
    natures: list[tuple[str, str]] = []
    structures: list[tuple[str, str]] = []
    organismes = [a.organisme for a in user.affectations_actives if a.role in ROLES_ORGANISME_IMPORT and a.organisme]
    departements = [a.departement for a in user.affectations_actives if a.role == Role.AGENT_DDETS and a.departement]
    if organismes:
        natures.append((str(NatureImport.CANDIDATS.value), str(NatureImport.CANDIDATS.label)))
        structures += [(f"o{o.pk}", str(o)) for o in dict.fromkeys(organismes)]
    if departements:
        natures += [(str(n.value), str(n.label)) for n in (NatureImport.JURES, NatureImport.HABILITATIONS)]
        structures += [(f"d{d.pk}", f"DDETS — {d}") for d in dict.fromkeys(departements)]
    return natures, structures


class ImporterPersonnes(AccesReserve, FormView):  # type: ignore[type-arg]
    roles_autorises = IMPORT_PERSONNES
    template_name = "web/personnes/import.html"
    form_class = ImportPersonnesForm
    extra_context = {"title": "Importer des candidats, des membres de jury ou des habilitations"}

    def get_form_kwargs(self) -> dict[str, Any]:
        natures, structures = _structures(self.request.user)
        return {**super().get_form_kwargs(), "natures": natures, "structures": structures}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        imports = ImportPersonnes.objects.visibles_par(self.request.user)[:10]
        return super().get_context_data(imports=imports, natures=NatureImport.choices, **kwargs)

    def form_valid(self, form: ImportPersonnesForm) -> HttpResponse:
        d = form.cleaned_data
        structure = d["structure"]
        cible: dict[str, Any] = {}
        user: Any = self.request.user
        affectations = user.affectations_actives
        if structure.startswith("o"):
            cible["organisme"] = next(
                a.organisme for a in affectations if a.organisme and f"o{a.organisme_id}" == structure
            )
        else:
            cible["departement"] = next(
                a.departement for a in affectations if a.departement and f"d{a.departement_id}" == structure
            )
        if (d["nature"] == NatureImport.CANDIDATS) != ("organisme" in cible):
            form.add_error("structure", "Les candidats s'importent pour un organisme, les jurys pour une DDETS.")
            return self.form_invalid(form)
        fichier = d["fichier"]
        try:
            imp = import_preparer(
                nature=d["nature"], nom_fichier=fichier.name, contenu=fichier.read(), auteur=self.request.user, **cible
            )
        except FichierIllisible as exc:
            form.add_error("fichier", str(exc))
            return self.form_invalid(form)
        return redirect("web:import_personnes_suivi", pk=imp.pk)


class SuiviImport(AccesReserve, Visibles, DetailView):  # type: ignore[type-arg]
    """Progress, then the preview: every row, its errors and its probable duplicates."""

    model = ImportPersonnes
    roles_autorises = IMPORT_PERSONNES
    template_name = "web/personnes/import_suivi.html"

    def get_template_names(self) -> list[str]:
        if self.request.headers.get("HX-Request"):
            return ["web/personnes/_import_progression.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        imp: ImportPersonnes = self.object
        erreurs_par_ligne: dict[int, list[str]] = {}
        for erreur in imp.erreurs:
            erreurs_par_ligne.setdefault(erreur["ligne"], []).append(
                f"{erreur['champ']} : {erreur['message']}" if erreur["champ"] else erreur["message"]
            )
        lignes = [{**ligne, "erreurs": erreurs_par_ligne.get(ligne["ligne"], [])} for ligne in imp.apercu[:1000]]
        return super().get_context_data(
            title=str(imp),
            lignes=lignes,
            erreurs_fichier=erreurs_par_ligne.get(1, []),
            peut_executer=peut_executer(imp)[0],
            **kwargs,
        )


class ExecuterImport(AccesReserve, Visibles, View):
    model = ImportPersonnes
    roles_autorises = IMPORT_PERSONNES
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        imp = self.get_queryset().filter(pk=pk).first()
        if imp is None:
            raise Http404("Aucun import visible ne correspond à cette adresse.")
        possible, raison = peut_executer(imp)
        if not possible:
            messages.error(request, raison)
        else:
            try:
                executer_import.enqueue(import_id=imp.pk, auteur_id=request.user.pk)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect("web:import_personnes_suivi", pk=pk)


class RapportImport(AccesReserve, Visibles, View):
    model = ImportPersonnes
    roles_autorises = IMPORT_PERSONNES

    def get(self, request: Any, pk: int) -> HttpResponse:
        imp = self.get_queryset().filter(pk=pk).first()
        if imp is None:
            raise Http404("Aucun import visible ne correspond à cette adresse.")
        reponse = HttpResponse(rapport_erreurs_csv(imp), content_type="text/csv; charset=utf-8")
        reponse["Content-Disposition"] = f'attachment; filename="erreurs-import-{imp.pk}.csv"'
        return reponse


class ModeleImport(AccesReserve, View):
    roles_autorises = IMPORT_PERSONNES

    def get(self, request: Any, nature: str) -> HttpResponse:
        if nature not in NatureImport.values:
            raise Http404("Type d'import inconnu.")
        reponse = HttpResponse(modele_csv(nature), content_type="text/csv; charset=utf-8")
        reponse["Content-Disposition"] = f'attachment; filename="modele-{nature}.csv"'
        return reponse
