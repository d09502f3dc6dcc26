"""Convocation pages: the session's panel, record one convocation, PDFs (one or all, with progress), issue them.

Every object is found through ``visibles_par`` (404 outside the user's scope); every write
calls ``titrepro.examens.services.convocations``, which checks ``peut_gerer`` and the rules
(SES-CONVOCATION, SES-VERROU). Candidates have their own page, « Mes convocations », that
lists the convocations issued to them, and download only their own.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from titrepro.comptes.acces import GESTION_SESSIONS, LECTEURS_SESSIONS
from titrepro.comptes.roles import Role
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.fichiers import reponse_telechargement
from titrepro.examens.documents import convocation_pdf
from titrepro.examens.models import (
    Convocation,
    DocumentConvocations,
    EtatSession,
    Inscription,
    ModeConvocation,
    Session,
)
from titrepro.examens.services import convocations as services
from titrepro.web.forms_convocations import ConvocationForm
from titrepro.web.views.base import AccesReserve
from titrepro.web.views.objets import objet_visible, reporter_erreur
from titrepro.web.views.panneaux_session import panneau_session

CANDIDATS = frozenset({Role.CANDIDAT})
ETATS_CONVOQUES = [
    EtatSession.CONVOQUEE,
    EtatSession.EN_COURS,
    EtatSession.RESULTATS_SAISIS,
    EtatSession.PV_EDITE,
    EtatSession.PV_SIGNE,
    EtatSession.TRANSMISE,
    EtatSession.VALIDEE,
]
"""Sessions whose convocations were issued: their candidates see and download them."""


def _reponse_pdf(contenu: bytes, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def _nom_pdf(inscription: Inscription) -> str:
    return f"convocation-{inscription.session.numero}-{inscription.candidat.nom_naissance.lower()}.pdf"


def contexte_convocations(session: Session, request: HttpRequest) -> dict[str, Any]:
    """Per candidate: the convocation recorded, the SES-CONVOCATION verdict; the last bulk PDF job."""
    jour = timezone.localdate()
    inscriptions = (
        Inscription.objects.visibles_par(request.user)
        .filter(session=session)
        .select_related("candidat", "convocation", "session__site__departement")
        .order_by("candidat__nom_naissance", "candidat__prenoms", "pk")
    )
    lignes = []
    for inscription in inscriptions:
        convocation = getattr(inscription, "convocation", None)
        lignes.append(
            {
                "inscription": inscription,
                "convocation": convocation if convocation and convocation.mode else None,
                "verdict": services.verdict_convocation(inscription, jour=jour),
            }
        )
    lot = DocumentConvocations.objects.visibles_par(request.user).filter(session=session).first()
    peut_gerer = session.peut_gerer(request.user)[0]
    return {
        "lignes": lignes,
        "date_limite": services.date_limite_convocation(session, jour=jour),
        "lot": lot,
        "peut_gerer_convocations": peut_gerer and session.etat in services.ETATS_SESSION_CONVOCATION,
        "peut_emettre": peut_gerer and session.etat == EtatSession.CREEE and bool(lignes),
        "peut_lot": peut_gerer and bool(lignes),
    }


@panneau_session(ordre=40, gabarit="web/sessions/_panneau_convocations.html")
def panneau_convocations(session: Session, request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.roles.intersection(LECTEURS_SESSIONS):  # type: ignore[union-attr]
        return None
    return contexte_convocations(session, request)


class ConvocationsSession(AccesReserve, View):
    """The convocations of one session (the session page's panel, on its own page)."""

    roles_autorises = LECTEURS_SESSIONS

    def get(self, request: Any, pk: int) -> HttpResponse:
        session = objet_visible(Session, request.user, pk)
        contexte = {
            "title": f"Convocations — session {session.numero}",
            "session": session,
            "peut_gerer": session.peut_gerer(request.user)[0],
            **contexte_convocations(session, request),
        }
        return render(request, "web/sessions/convocations/session.html", contexte)


class EnregistrerConvocation(AccesReserve, View):
    """Record how one candidate was summoned: mode, dates, tracking number or signed receipt."""

    roles_autorises = GESTION_SESSIONS
    gabarit = "web/sessions/convocations/enregistrer.html"

    def _page(self, request: Any, inscription: Inscription, form: ConvocationForm, statut: int = 200) -> HttpResponse:
        contexte = {
            "title": f"Convocation de {inscription.candidat} — session {inscription.session.numero}",
            "inscription": inscription,
            "convocation": getattr(inscription, "convocation", None),
            "date_limite": services.date_limite_convocation(inscription.session, jour=timezone.localdate()),
            "form": form,
            "retour": reverse("web:session_convocations", args=[inscription.session_id]),
        }
        return render(request, self.gabarit, contexte, status=statut)

    def _inscription(self, request: Any, pk: int) -> Inscription:
        inscription: Inscription = objet_visible(Inscription, request.user, pk)
        permis, raison = inscription.session.peut_gerer(request.user)
        if not permis:
            raise PermissionDenied(raison)
        return inscription

    def get(self, request: Any, pk: int) -> HttpResponse:
        inscription = self._inscription(request, pk)
        convocation = Convocation.objects.filter(inscription=inscription).first()
        initial: dict[str, Any] = {"mode": ModeConvocation.LRAR}
        if convocation is not None:
            initial = {
                "mode": convocation.mode or ModeConvocation.LRAR,
                "envoyee_le": convocation.envoyee_le,
                "numero_suivi": convocation.numero_suivi,
                "accuse_reception_le": convocation.accuse_reception_le,
            }
        return self._page(request, inscription, ConvocationForm(initial=initial))

    def post(self, request: Any, pk: int) -> HttpResponse:
        inscription = self._inscription(request, pk)
        form = ConvocationForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, inscription, form)
        try:
            services.convocation_enregistrer(inscription=inscription, auteur=request.user, **form.cleaned_data)
        except (ValidationError, RegleRefusee, PermissionDenied) as exc:
            reporter_erreur(request, form, exc)
            return self._page(request, inscription, form)
        messages.success(request, f"Convocation de {inscription.candidat} enregistrée.")
        return HttpResponseRedirect(reverse("web:session_convocations", args=[inscription.session_id]))


class ConvocationPdf(AccesReserve, View):
    """One candidate's convocation as PDF, for the session's team and the State services."""

    roles_autorises = LECTEURS_SESSIONS

    def get(self, request: Any, pk: int) -> HttpResponse:
        inscription: Inscription = objet_visible(Inscription, request.user, pk)
        return _reponse_pdf(convocation_pdf(inscription, jour=timezone.localdate()), _nom_pdf(inscription))


class PreuveConvocation(AccesReserve, View):
    """The proof of a convocation (scanned receipt or signed hand-delivery receipt), audited."""

    roles_autorises = LECTEURS_SESSIONS

    def get(self, request: Any, pk: int) -> HttpResponseBase:
        convocation: Convocation = objet_visible(Convocation, request.user, pk)
        if not convocation.preuve:
            raise Http404("Aucune preuve déposée pour cette convocation.")
        return reponse_telechargement(convocation, convocation.preuve, convocation.preuve_nom, request.user)


class EmettreConvocations(AccesReserve, View):
    """Issue the session's convocations (SES-CONVOCATION, then SES-VERROU); refusals list each candidate."""

    roles_autorises = GESTION_SESSIONS
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        session = objet_visible(Session, request.user, pk)
        try:
            services.convocations_emettre(session=session, auteur=request.user, jour=timezone.localdate())
        except services.ConvocationsRefusees as exc:
            messages.error(request, f"Les convocations ne peuvent pas être émises ({exc.regle} — {exc.source}).")
            for manquement in exc.manquements:
                messages.error(request, f"{manquement.inscription.candidat} : {manquement.message} ({exc.regle})")
        except RegleRefusee as exc:
            messages.error(request, f"{exc.message} ({exc.regle} — {exc.source})")
        except (ValidationError, PermissionDenied) as exc:
            texte = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, texte)
        else:
            messages.success(
                request, "Convocations émises : les candidats et les dates de la session sont verrouillés (SES-VERROU)."
            )
        return HttpResponseRedirect(reverse("web:session_convocations", args=[session.pk]))


class DemanderLotConvocations(AccesReserve, View):
    """Start building all the session's convocations as one PDF (background task)."""

    roles_autorises = GESTION_SESSIONS
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        session = objet_visible(Session, request.user, pk)
        try:
            lot = services.convocations_lot_demander(session=session, auteur=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
            return HttpResponseRedirect(reverse("web:session_convocations", args=[session.pk]))
        return HttpResponseRedirect(reverse("web:convocations_lot", args=[lot.pk]))


class SuiviLotConvocations(AccesReserve, View):
    """Progress of the bulk PDF; htmx polls the fragment every second until the file is ready."""

    roles_autorises = LECTEURS_SESSIONS

    def get(self, request: Any, pk: int) -> HttpResponse:
        lot: DocumentConvocations = objet_visible(DocumentConvocations, request.user, pk)
        contexte = {"title": f"Toutes les convocations — session {lot.session.numero}", "lot": lot}
        if request.headers.get("HX-Request"):
            return render(request, "web/sessions/convocations/_progression_lot.html", contexte)
        return render(request, "web/sessions/convocations/lot.html", contexte)


class FichierLotConvocations(AccesReserve, View):
    roles_autorises = LECTEURS_SESSIONS

    def get(self, request: Any, pk: int) -> HttpResponseBase:
        lot: DocumentConvocations = objet_visible(DocumentConvocations, request.user, pk)
        if not lot.fichier:
            raise Http404("Le fichier n'est pas encore prêt.")
        return reponse_telechargement(lot, lot.fichier, lot.nom_fichier, request.user)


# ----------------------------------------------------------------------------------------- candidate side


def _mes_inscriptions(user: Any) -> Any:
    """The candidate's own registrations whose convocations were issued (scoping: the CANDIDAT axis)."""
    return (
        Inscription.objects.visibles_par(user)
        .filter(session__etat__in=ETATS_CONVOQUES, candidat__compte=user)
        .select_related("session__site", "session__millesime__titre", "convocation")
        .order_by("-session__premier_jour", "pk")
    )


class MesConvocations(AccesReserve, TemplateView):
    roles_autorises = CANDIDATS
    template_name = "web/sessions/convocations/mes_convocations.html"
    extra_context = {"title": "Mes convocations"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        inscriptions = _mes_inscriptions(self.request.user)
        lignes = [(i, getattr(i, "convocation", None), services.horaires_du_candidat(i)) for i in inscriptions]
        return super().get_context_data(lignes=lignes, **kwargs)


class MaConvocationPdf(AccesReserve, View):
    """A candidate downloads their own convocation, once issued (404 for anyone else's)."""

    roles_autorises = CANDIDATS

    def get(self, request: Any, pk: int) -> HttpResponse:
        inscription = _mes_inscriptions(request.user).filter(pk=pk).first()
        if inscription is None:
            raise Http404("Aucune convocation émise ne correspond à cette adresse.")
        return _reponse_pdf(convocation_pdf(inscription, jour=timezone.localdate()), _nom_pdf(inscription))
