"""Archives of a session: its documents with their retention end (ARC-CONSERVATION), the DTE destruction or
return log (DTE-DESTRUCTION), the purge log; the candidate's consent and DP copy (ARC-DP); the evaluation
documents filed per registration by the session team (ARC-CONSERVATION, SES-DOSSIER)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from titrepro.archives import services
from titrepro.archives.lectures import archives_de_session, pieces_de_session
from titrepro.archives.models import ConsentementDossierProfessionnel, CopieDossierProfessionnel, PieceConservee
from titrepro.archives.registre import PAR_CLE, PREFIXE_PURGE, conserver_jusqu_au
from titrepro.comptes.acces import DEPOT_PIECES_CONSERVEES, GESTION_ARCHIVES, LECTEURS_ARCHIVES
from titrepro.core.fichiers import reponse_telechargement
from titrepro.examens.models import Inscription, Session
from titrepro.web.forms_archives import ConsentementDpForm, CopieDpForm, PieceConserveeForm
from titrepro.web.views.base import AccesReserve, FormulaireSurObjet
from titrepro.web.views.objets import exiger, objet_visible
from titrepro.web.views.panneaux_session import panneau_session


@panneau_session(ordre=90, gabarit="web/archives/_panneau_session.html")
def panneau_archives(session: Session, request: HttpRequest) -> dict[str, Any] | None:
    if not getattr(request.user, "roles", frozenset()) & LECTEURS_ARCHIVES:
        return None
    archives = archives_de_session(session)
    return {"archives_nombre": len(archives.documents), "archives_jusqu_au": archives.conserver_jusqu_au}


class ArchivesSession(AccesReserve, TemplateView):
    roles_autorises = LECTEURS_ARCHIVES
    template_name = "web/archives/session.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        session = objet_visible(Session, self.request.user, self.kwargs["pk"])
        inscriptions = session.inscriptions.select_related("candidat").order_by("candidat__nom_naissance")
        copies = CopieDossierProfessionnel.objects.visibles_par(self.request.user).filter(inscription__session=session)
        return super().get_context_data(
            title=f"Archives — session {session.numero}",
            session=session,
            archives=archives_de_session(session),
            inscriptions=inscriptions,
            copies=copies.select_related("inscription__candidat", "consentement"),
            peut_deposer=bool(getattr(self.request.user, "roles", frozenset()) & GESTION_ARCHIVES),
            pieces=pieces_de_session(session, self.request.user),
            peut_deposer_pieces=session.peut_gerer(self.request.user)[0],
            **kwargs,
        )


class _FormulaireInscription(FormulaireSurObjet):
    modele = Inscription
    roles_autorises = GESTION_ARCHIVES
    template_name = "web/archives/formulaire.html"
    mode_depot = False

    def get_success_url(self) -> str:
        return reverse("web:session_archives", args=[self.objet.session_id])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("consentement", None)
        return super().get_context_data(objet_inscription=self.objet, mode_depot=self.mode_depot, **kwargs)


class EnregistrerConsentementDp(_FormulaireInscription):
    titre = "Accord du candidat pour garder une copie de son dossier professionnel (ARC-DP)"
    form_class = ConsentementDpForm

    def get_initial(self) -> dict[str, Any]:
        return {"donne_le": timezone.localdate()}

    def form_valid(self, form: ConsentementDpForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: services.consentement_dp_enregistrer(
                candidat=self.objet.candidat, par=self.request.user, **form.cleaned_data
            ),
            succes="Accord du candidat enregistré.",
        )


class DeposerCopieDp(_FormulaireInscription):
    titre = "Déposer la copie du dossier professionnel (ARC-DP)"
    form_class = CopieDpForm
    mode_depot = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault(
            "consentement",
            ConsentementDossierProfessionnel.objects.filter(
                candidat=self.objet.candidat, retire_le__isnull=True
            ).first(),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form: CopieDpForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: services.copie_dp_deposer(
                inscription=self.objet,
                fichier=form.cleaned_data["fichier"],
                par=self.request.user,
                jour=timezone.localdate(),
            ),
            succes="Copie du dossier professionnel déposée.",
        )


class TelechargerCopieDp(AccesReserve, View):
    """Download of a DP copy (scoped, audited)."""

    roles_autorises = LECTEURS_ARCHIVES

    def get(self, request: Any, pk: int) -> HttpResponseBase:
        copie = objet_visible(CopieDossierProfessionnel, request.user, pk)
        if not copie.fichier or str(copie.fichier.name).startswith(PREFIXE_PURGE):
            raise Http404("Ce document a été purgé à la fin de sa conservation.")
        return reponse_telechargement(copie, copie.fichier, copie.fichier_nom, request.user)


class DeposerPieceConservee(_FormulaireInscription):
    """File an evaluation document of a registration (session team of the organisme, ``Session.peut_gerer``)."""

    titre = "Déposer une pièce d'évaluation du candidat (conservée 5 ans, ARC-CONSERVATION)"
    form_class = PieceConserveeForm
    roles_autorises = DEPOT_PIECES_CONSERVEES
    template_name = "web/archives/piece.html"

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        exiger(services.peut_deposer_piece(request.user, self.objet))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: PieceConserveeForm) -> HttpResponse:
        jusqu_au = conserver_jusqu_au(PAR_CLE["piece_conservee"], PieceConservee(inscription=self.objet))
        conservation = (
            f" : elle est conservée jusqu'au {jusqu_au:%d/%m/%Y} au moins (ARC-CONSERVATION)" if jusqu_au else ""
        )
        return self.executer(
            form,
            lambda: services.piece_conservee_deposer(
                inscription=self.objet,
                nature=form.cleaned_data["nature"],
                fichier=form.cleaned_data["fichier"],
                par=self.request.user,
                jour=timezone.localdate(),
            ),
            succes=f"Pièce déposée{conservation}.",
        )


class TelechargerPieceConservee(AccesReserve, View):
    """Download of a filed evaluation document (scoped, audited)."""

    roles_autorises = LECTEURS_ARCHIVES

    def get(self, request: Any, pk: int) -> HttpResponseBase:
        piece = objet_visible(PieceConservee, request.user, pk)
        if not piece.fichier or str(piece.fichier.name).startswith(PREFIXE_PURGE):
            raise Http404("Ce document a été purgé à la fin de sa conservation.")
        return reponse_telechargement(piece, piece.fichier, piece.fichier_nom, request.user)
