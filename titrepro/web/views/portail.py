"""The candidate portal: ``/mon-espace/`` (the candidate's home), the address correction, and the invitation.

The candidate reads only their own record (Axe.CANDIDAT through ``visibles_par``); the
organisme's team invites them from the candidate's page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from titrepro.comptes.acces import INVITATION_CANDIDATS, PORTAIL_CANDIDAT
from titrepro.core.visibilite import get_visible_or_404
from titrepro.personnes import portail
from titrepro.personnes.models import Candidat
from titrepro.web.forms_personnes import AdresseForm
from titrepro.web.views.base import AccesReserve, FormulaireSurObjet


def lien_resultats() -> str | None:
    """``web:mes_resultats`` (the PV part of issue 7) once it exists; None before."""
    try:
        return reverse("web:mes_resultats")
    except NoReverseMatch:
        return None


class MonEspace(AccesReserve, TemplateView):
    """``/mon-espace/``: the candidate's home (their data, convocations, accommodations, results link)."""

    roles_autorises = PORTAIL_CANDIDAT
    template_name = "web/portail/mon_espace.html"
    extra_context = {"title": "Mon espace candidat"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        candidat = portail.candidat_du_compte(self.request.user)
        contexte: dict[str, Any] = {"candidat": candidat, "lien_resultats": lien_resultats()}
        if candidat is not None:
            contexte.update(portail.espace_du_candidat(candidat, self.request.user))
        return super().get_context_data(**contexte, **kwargs)


class CorrigerMonAdresse(FormulaireSurObjet):
    """The candidate declares their new postal address (history kept; the organisme is told)."""

    roles_autorises = PORTAIL_CANDIDAT
    form_class = AdresseForm
    template_name = "web/personnes/formulaire.html"
    titre = "Corriger mon adresse postale"
    modele = Candidat

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        candidat = portail.candidat_du_compte(request.user)
        kwargs["pk"] = candidat.pk if candidat is not None else 0
        if request.user.is_authenticated and request.user.roles & PORTAIL_CANDIDAT and candidat is None:
            raise Http404("Aucune fiche candidat n'est rattachée à votre compte.")
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return reverse("web:mon_espace")

    def get_initial(self) -> dict[str, Any]:
        return {"depuis": timezone.localdate(), "pays": "France"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("doublons", None)
        kwargs.setdefault("rattacher", False)
        return super().get_context_data(**kwargs)

    def form_valid(self, form: AdresseForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: portail.adresse_corriger_par_candidat(
                candidat=self.objet, par=self.request.user, **form.cleaned_data
            ),
            succes="Votre nouvelle adresse est enregistrée ; votre organisme en est informé et la vérifiera.",
        )


class InviterCandidat(AccesReserve, View):
    """POST: invite the candidate to the portal (or send the invitation again)."""

    roles_autorises = INVITATION_CANDIDATS

    def post(self, request: Any, pk: int) -> HttpResponse:
        candidat = get_visible_or_404(Candidat.objects.all(), request.user, pk=pk)
        try:
            compte = portail.candidat_inviter(candidat=candidat, par=request.user)
        except (ValidationError, PermissionDenied) as exc:
            texte = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, texte)
        else:
            messages.success(
                request, f"Invitation envoyée à {compte.email} : le lien permet de choisir un mot de passe."
            )
        return HttpResponseRedirect(reverse("web:candidat", args=[candidat.pk]))
