"""PV pages: the session's panel, edition, signatures (jury portal, then responsable), transmission, the DDETS
queue and decision, the candidate's « Mes résultats » and the list of successes to post.

Every object is found through ``visibles_par`` (404 outside the user's scope); every write calls
``titrepro.proces_verbaux.services``, which checks who may act and the rules (RES-SAISIE,
RES-PV-DELAI, RES-PUBLICATION); refusals are shown as they are.
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

from titrepro.comptes.acces import (
    FILE_PV,
    GESTION_SESSIONS,
    INSTRUCTEURS_PV,
    LECTEURS_PV,
    LECTEURS_SESSIONS,
    RESULTATS_CANDIDAT,
    SIGNATAIRES_PV,
)
from titrepro.comptes.roles import Role
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.fichiers import reponse_telechargement
from titrepro.examens.models import EtatSession, Session
from titrepro.proces_verbaux import documents, services
from titrepro.proces_verbaux.lectures import exiger_publication, resultat_publie, resultats_publies
from titrepro.proces_verbaux.models import DocumentPv, ProcesVerbal, TypeDocumentPv, peut_instruire
from titrepro.web.forms_proces_verbaux import RenvoiForm, SignatureForm
from titrepro.web.views.base import AccesReserve
from titrepro.web.views.objets import objet_visible, reporter_erreur
from titrepro.web.views.panneaux_session import panneau_session


def _reponse_pdf(contenu: bytes, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def _page_session(session: Session) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("web:session", args=[session.pk]) + "#titre-pv")


def _erreur(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, RegleRefusee):
        messages.error(request, f"{exc.message} ({exc.regle}{' — ' + exc.source if exc.source else ''})")
    elif isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc))


def contexte_pv(session: Session, user: Any) -> dict[str, Any]:
    """What the panel and the pages show: the PV, its current documents, signatures, verdict, allowed actions."""
    pv = ProcesVerbal.objects.visibles_par(user).filter(session=session).first()
    jour = timezone.localdate()
    gerer = session.peut_gerer(user)[0]
    documents_courants = list(pv.documents_courants().order_by("type_document", "inscription_id")) if pv else []
    signatures = list(pv.signatures.select_related("membre").order_by("-version", "signe_le")) if pv else []
    attendus = services.membres_signataires(session) if pv and not pv.est_annulation else []
    signes = {s.membre_id for s in signatures if s.valide and pv and s.version == pv.version and s.membre_id}
    annulation_due = session.etat == EtatSession.ANNULEE and session.pv_annulation_du
    return {
        "pv": pv,
        "documents_pv": [d for d in documents_courants if d.type_document != TypeDocumentPv.INDIVIDUEL],
        "pv_individuels": [d for d in documents_courants if d.type_document == TypeDocumentPv.INDIVIDUEL],
        "signatures": signatures,
        "jures_attendus": [(m, m.pk in signes) for m in attendus],
        "verdict_delai": services.verdict_delai(session, jour=jour),
        "annulation_due": annulation_due,
        "peut_editer": gerer
        and (session.etat == EtatSession.RESULTATS_SAISIS or (annulation_due and not (pv and pv.transmis_le))),
        "peut_signer": services.peut_signer(session, user)[0],
        "peut_transmettre": gerer
        and pv is not None
        and (session.etat == EtatSession.PV_SIGNE or (pv.est_annulation and not pv.transmis_le and pv.version > 0)),
        "peut_instruire": session.etat == EtatSession.TRANSMISE and peut_instruire(session, user)[0],
        "publiee": session.etat == EtatSession.VALIDEE,
    }


@panneau_session(ordre=70, gabarit="web/proces_verbaux/_panneau_pv.html")
def panneau_pv(session: Session, request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.roles.intersection(LECTEURS_SESSIONS):  # type: ignore[union-attr]
        return None
    etats = {EtatSession.BROUILLON, EtatSession.CREEE, EtatSession.CONVOQUEE, EtatSession.EN_COURS}
    if session.etat in etats or (session.etat == EtatSession.ANNULEE and not session.pv_annulation_du):
        return None
    return contexte_pv(session, request.user)


class EditerPv(AccesReserve, View):
    """Edit the PV général and individuels (RES-SAISIE) — or the PV of cancellation."""

    roles_autorises = GESTION_SESSIONS
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        session = objet_visible(Session, request.user, pk)
        try:
            pv = services.pv_editer(session=session, auteur=request.user)
        except (ValidationError, RegleRefusee, PermissionDenied) as exc:
            _erreur(request, exc)
        else:
            messages.success(request, f"PV édité (version {pv.version}) : il attend les signatures.")
        return _page_session(session)


class SignerPv(AccesReserve, View):
    """Sign the current version of the PV: password re-entered, time, IP and the document's hash recorded."""

    roles_autorises = SIGNATAIRES_PV
    gabarit = "web/proces_verbaux/signer.html"

    def _page(self, request: Any, session: Session, form: SignatureForm, statut: int = 200) -> HttpResponse:
        retour = _retour(request, session)
        contexte = {
            "title": f"Signer le PV — session {session.numero}",
            "session": session,
            "form": form,
            "retour": retour,
            "permis": services.peut_signer(session, request.user),
            **contexte_pv(session, request.user),
        }
        return render(request, self.gabarit, contexte, status=statut)

    def get(self, request: Any, pk: int) -> HttpResponse:
        session = objet_visible(Session, request.user, pk)
        return self._page(request, session, SignatureForm())

    def post(self, request: Any, pk: int) -> HttpResponse:
        session = objet_visible(Session, request.user, pk)
        form = SignatureForm(request.POST)
        if not form.is_valid():
            return self._page(request, session, form)
        try:
            signature = services.pv_signer(
                session=session,
                signataire=request.user,
                mot_de_passe=form.cleaned_data["mot_de_passe"],
                adresse_ip=request.META.get("REMOTE_ADDR"),
            )
        except (ValidationError, RegleRefusee, PermissionDenied) as exc:
            reporter_erreur(request, form, exc)
            return self._page(request, session, form)
        messages.success(
            request,
            f"PV signé le {timezone.localtime(signature.signe_le):%d/%m/%Y à %H:%M} "
            f"(version {signature.version}, empreinte {signature.empreinte[:12]}…).",
        )
        return HttpResponseRedirect(_retour(request, session))


def _retour(request: Any, session: Session) -> str:
    if session.peut_gerer(request.user)[0]:
        return reverse("web:session", args=[session.pk]) + "#titre-pv"
    return reverse("web:espace_jury_pv")


class TransmettrePv(AccesReserve, View):
    roles_autorises = GESTION_SESSIONS
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        session = objet_visible(Session, request.user, pk)
        try:
            pv = services.pv_transmettre(session=session, auteur=request.user, jour=timezone.localdate())
        except (ValidationError, RegleRefusee, PermissionDenied) as exc:
            _erreur(request, exc)
        else:
            messages.success(request, f"PV transmis à la DDETS le {pv.transmis_le:%d/%m/%Y}.")
        return _page_session(session)


class ValiderSession(AccesReserve, View):
    """The DDETS validates: the results are published to the candidates (RES-PUBLICATION)."""

    roles_autorises = INSTRUCTEURS_PV
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        session = objet_visible(Session, request.user, pk)
        try:
            services.pv_valider(session=session, agent=request.user, jour=timezone.localdate())
        except (ValidationError, RegleRefusee, PermissionDenied) as exc:
            _erreur(request, exc)
            return _page_session(session)
        messages.success(request, f"Session {session.numero} validée : les résultats sont publiés aux candidats.")
        return HttpResponseRedirect(reverse("web:pv_a_valider"))


class RenvoyerSession(AccesReserve, View):
    """The DDETS sends the PV back for correction, with a motive (the session returns to results entry)."""

    roles_autorises = INSTRUCTEURS_PV
    gabarit = "web/proces_verbaux/renvoyer.html"

    def _page(self, request: Any, session: Session, form: RenvoiForm) -> HttpResponse:
        contexte = {
            "title": f"Renvoyer pour correction — session {session.numero}",
            "session": session,
            "form": form,
            "permis": peut_instruire(session, request.user),
        }
        return render(request, self.gabarit, contexte)

    def get(self, request: Any, pk: int) -> HttpResponse:
        return self._page(request, objet_visible(Session, request.user, pk), RenvoiForm())

    def post(self, request: Any, pk: int) -> HttpResponse:
        session = objet_visible(Session, request.user, pk)
        form = RenvoiForm(request.POST)
        if not form.is_valid():
            return self._page(request, session, form)
        try:
            services.pv_renvoyer(
                session=session, agent=request.user, motif=form.cleaned_data["motif"], jour=timezone.localdate()
            )
        except (ValidationError, RegleRefusee, PermissionDenied) as exc:
            reporter_erreur(request, form, exc)
            return self._page(request, session, form)
        messages.success(request, f"PV de la session {session.numero} renvoyé pour correction à l'organisme.")
        return HttpResponseRedirect(reverse("web:pv_a_valider"))


class TelechargerDocumentPv(AccesReserve, View):
    """One PV document (scoped, audited); its SHA-256 is checked again and a mismatch is said."""

    roles_autorises = LECTEURS_PV

    def get(self, request: Any, pk: int) -> HttpResponseBase:
        document: DocumentPv = objet_visible(DocumentPv, request.user, pk)
        reponse = reponse_telechargement(document, document.fichier, document.nom, request.user)
        reponse["X-Empreinte-SHA256"] = document.empreinte
        return reponse


class FilePvAValider(AccesReserve, TemplateView):
    """The DDETS queue: sessions transmitted in its départements, oldest transmission first, with RES-PV-DELAI."""

    roles_autorises = FILE_PV
    template_name = "web/proces_verbaux/a_valider.html"
    extra_context = {"title": "PV à valider"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        jour = timezone.localdate()
        sessions = (
            Session.objects.visibles_par(self.request.user)
            .filter(etat=EtatSession.TRANSMISE)
            .select_related("organisme", "site__departement", "millesime__titre", "proces_verbal")
            .order_by("proces_verbal__transmis_le", "dernier_jour", "pk")
        )
        lignes = [(s, services.verdict_delai(s, jour=jour)) for s in sessions]
        return super().get_context_data(lignes=lignes, **kwargs)


class EspaceJuryPv(AccesReserve, TemplateView):
    """The jury member's PVs: those awaiting their signature, and those they signed."""

    roles_autorises = frozenset({Role.MEMBRE_JURY})
    template_name = "web/proces_verbaux/espace_jury.html"
    extra_context = {"title": "PV à signer"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        sessions = (
            Session.objects.visibles_par(user)
            .filter(proces_verbal__version__gt=0)
            .exclude(etat=EtatSession.ANNULEE)
            .select_related("site", "millesime__titre", "proces_verbal")
            .order_by("-dernier_jour", "pk")
        )
        lignes = []
        for session in sessions:
            if services.qualite_signataire(session, user) is None:
                continue
            pv = session.proces_verbal
            signee = pv.signatures_valides().filter(signataire_id=user.pk).first()
            lignes.append((session, pv, signee, services.peut_signer(session, user)[0]))
        return super().get_context_data(lignes=lignes, **kwargs)


class MesResultats(AccesReserve, TemplateView):
    """The candidate's results, only once the DDETS validated the session (RES-PUBLICATION)."""

    roles_autorises = RESULTATS_CANDIDAT
    template_name = "web/proces_verbaux/mes_resultats.html"
    extra_context = {"title": "Mes résultats"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(resultats=resultats_publies(self.request.user), **kwargs)


class MonAttestation(AccesReserve, View):
    """The candidate's attestation de réussite for one validated session (404 for anything else)."""

    roles_autorises = RESULTATS_CANDIDAT

    def get(self, request: Any, pk: int) -> HttpResponse:
        publie = resultat_publie(request.user, pk)
        if publie is None or not publie.a_une_attestation:
            raise Http404("Aucun résultat validé ne correspond à cette adresse.")
        contenu = documents.attestation_pdf(publie.ligne, validee_le=publie.validee_le, jour=timezone.localdate())
        return _reponse_pdf(contenu, f"attestation-{publie.session.numero}.pdf")


class MonLivret(AccesReserve, View):
    """« Livret de certification » summary: the candidate's validated results and acquired CCP."""

    roles_autorises = RESULTATS_CANDIDAT

    def get(self, request: Any) -> HttpResponse:
        publies = resultats_publies(request.user)
        if not publies:
            raise Http404("Aucun résultat validé : le livret de certification est vide.")
        candidat = publies[0].ligne.candidat
        contenu = documents.livret_pdf(candidat, [(p.ligne, p.validee_le) for p in publies], jour=timezone.localdate())
        return _reponse_pdf(contenu, "livret-de-certification.pdf")


class ListeAffichage(AccesReserve, View):
    """The organisme's printable list of successes and partial successes (names and TP only), after validation."""

    roles_autorises = LECTEURS_SESSIONS

    def get(self, request: Any, pk: int) -> HttpResponse:
        session = objet_visible(Session, request.user, pk)
        try:
            validee_le = exiger_publication(session)
        except RegleRefusee as exc:
            _erreur(request, exc)
            return _page_session(session)
        contenu = documents.liste_affichage_pdf(session, validee_le=validee_le, jour=timezone.localdate())
        return _reponse_pdf(contenu, f"resultats-{session.numero}.pdf")
