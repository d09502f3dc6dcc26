"""Insertion follow-up (ORG-INSERTION): the candidate's answer page reached by the e-mailed signed link
(no sign-in), and the figures per session and per TP for the organisme (own) and the DDETS/DREETS (territory)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from titrepro.comptes.acces import LECTEURS_INSERTION
from titrepro.insertion import services
from titrepro.insertion.models import QuestionnaireInsertion
from titrepro.web.forms_insertion import ReponseInsertionForm
from titrepro.web.views.base import AccesReserve


class QuestionnaireInsertionPage(View):
    """``/insertion/questionnaire/<jeton>/``: no sign-in, the signed link is the key (forged or expired: refused)."""

    template_name = "web/insertion/questionnaire.html"

    def _questionnaire(self, jeton: str) -> tuple[QuestionnaireInsertion | None, str]:
        try:
            return services.questionnaire_du_jeton(jeton, jour=timezone.localdate()), ""
        except services.LienInvalide as exc:
            return None, " ".join(exc.messages)

    def _page(self, request: Any, questionnaire: Any, erreur: str, form: Any, statut: int = 200) -> HttpResponse:
        contexte = {
            "title": "Questionnaire d'insertion",
            "questionnaire": questionnaire,
            "erreur": erreur,
            "form": form,
            "clos": questionnaire is not None and timezone.localdate() > questionnaire.clos_le,
        }
        return render(request, self.template_name, contexte, status=statut)

    def get(self, request: Any, jeton: str) -> HttpResponse:
        questionnaire, erreur = self._questionnaire(jeton)
        initial = {}
        if questionnaire is not None and questionnaire.repondu_le:
            initial = {
                "situation": questionnaire.situation,
                "type_contrat": questionnaire.type_contrat,
                "depuis_le": questionnaire.depuis_le,
            }
        statut = 400 if questionnaire is None else 200
        return self._page(request, questionnaire, erreur, ReponseInsertionForm(initial=initial), statut=statut)

    def post(self, request: Any, jeton: str) -> HttpResponse:
        questionnaire, erreur = self._questionnaire(jeton)
        form = ReponseInsertionForm(request.POST)
        if questionnaire is None:
            return self._page(request, None, erreur, form, statut=400)
        if not form.is_valid():
            return self._page(request, questionnaire, "", form)
        try:
            services.reponse_enregistrer(questionnaire=questionnaire, jour=timezone.localdate(), **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for champ, erreurs in exc.message_dict.items():
                    form.add_error(champ if champ in form.fields else None, erreurs)
            else:
                form.add_error(None, exc.messages)
            return self._page(request, questionnaire, "", form)
        messages.success(request, "Merci : votre réponse est enregistrée. Vous pouvez la modifier avec le même lien.")
        return HttpResponseRedirect(request.path)


def _questionnaires(user: Any) -> Any:
    return QuestionnaireInsertion.objects.visibles_par(user).select_related("inscription__session__millesime__titre")


class StatistiquesInsertion(AccesReserve, TemplateView):
    roles_autorises = LECTEURS_INSERTION
    template_name = "web/insertion/statistiques.html"
    extra_context = {"title": "Suivi de l'insertion (ORG-INSERTION)"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        par_session, par_titre = services.figures(_questionnaires(self.request.user))
        return super().get_context_data(par_session=par_session, par_titre=par_titre, **kwargs)


_DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def _cellule(valeur: Any) -> str:
    """A cell a spreadsheet would run as a formula is written behind an apostrophe (CSV injection)."""
    texte = "" if valeur is None else str(valeur)
    return f"'{texte}" if texte.startswith(_DEBUTS_DE_FORMULE) else texte


class ExportInsertion(AccesReserve, View):
    roles_autorises = LECTEURS_INSERTION

    def get(self, request: Any) -> HttpResponse:
        par_session, par_titre = services.figures(_questionnaires(request.user))
        tampon = io.StringIO(newline="")
        ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
        ecrivain.writerow(
            [
                "niveau",
                "libellé",
                "questionnaires envoyés",
                "réponses",
                "taux de réponse (%)",
                "en emploi (%)",
                "dans le métier (%)",
            ]
        )
        for niveau, groupe in (("session", par_session), ("titre", par_titre)):
            for f in groupe:
                ecrivain.writerow(
                    [
                        _cellule(c)
                        for c in (
                            niveau,
                            f.libelle,
                            f.envoyes,
                            f.reponses,
                            f.taux_reponse,
                            f.part_en_emploi,
                            f.part_dans_le_metier,
                        )
                    ]
                )
        reponse = HttpResponse(tampon.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        reponse["Content-Disposition"] = 'attachment; filename="suivi-insertion.csv"'
        return reponse
