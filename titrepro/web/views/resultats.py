"""Results of a session: its « Résultats » panel, the entry grid per jury (htmx save per row), the undoing of a
decision, the closing of the entry, the jury members' own list (espace jury) and the SES-CCP follow-up.

Every write goes through ``titrepro.resultats.services``: the session team transcribes the jury's grid, a jury
member enters for the candidates of their own jury (never one they declared a link with, SES-JURY-LIENS).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from titrepro.comptes.acces import (
    LECTEURS_RESULTATS,
    LECTEURS_SUIVI_CCP,
    PROPOSITION_CCP,
    SAISIE_RESULTATS,
)
from titrepro.comptes.roles import Role
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import EtatInscription, EtatParticipation, Inscription, ParticipationJury, Session
from titrepro.examens.models.sessions import EtatSession
from titrepro.resultats import services
from titrepro.resultats.lectures import (
    LigneGrille,
    decisions_manquantes,
    grille,
    inscriptions_de_la_grille,
    lit_comme_jure,
    reussites_partielles,
)
from titrepro.web.forms_resultats import AnnulerDecisionForm, ClotureForm, LigneResultatsForm, PropositionCCPForm
from titrepro.web.views.base import AccesReserve
from titrepro.web.views.panneaux_session import panneau_session

ETATS_AVEC_RESULTATS = frozenset(
    {
        EtatSession.EN_COURS,
        EtatSession.RESULTATS_SAISIS,
        EtatSession.PV_EDITE,
        EtatSession.PV_SIGNE,
        EtatSession.TRANSMISE,
        EtatSession.VALIDEE,
    }
)


def message_erreur(exc: Exception) -> list[str]:
    if isinstance(exc, RegleRefusee):
        return [f"{exc.message} ({exc.regle} — {exc.source})"]
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc)]


def _session_visible(user: Any, pk: int) -> Session:
    return get_visible_or_404(
        Session.objects.select_related("site__departement", "millesime__titre", "organisme"), user, pk=pk
    )


def contexte_ligne(ligne: LigneGrille, user: Any, form: LigneResultatsForm | None = None) -> dict[str, Any]:
    session = ligne.inscription.session
    peut, raison = services.peut_saisir(user, ligne.inscription)
    lie = False
    membre = services.membre_du_compte(user) if peut and not session.peut_gerer(user)[0] else None
    if membre is not None and ligne.inscription.candidat_id in membre.candidats_lies([ligne.inscription.candidat_id]):
        peut, lie = False, True
        raison = "Vous avez déclaré un lien avec ce candidat : un autre membre du jury saisit (SES-JURY-LIENS)."
    modifiable = peut and session.etat in services.ETATS_SAISIE and ligne.present
    form = form or LigneResultatsForm(ligne=ligne)

    def valeur(nom: str) -> Any:
        """What the user typed (a refused row keeps it), else what is recorded."""
        if form.is_bound:
            return form.data.get(form.add_prefix(nom), "")
        return form.initial.get(nom) or ""

    entretien = valeur("entretien_final_le")
    return {
        "ligne": ligne,
        "form": form,
        "modifiable": modifiable,
        "raison": raison if not peut else "",
        "lie": lie,
        "cellules_ccp": [
            {"cellule": c, "valeur": valeur(f"ccp_{c.ccp.pk}"), "obs": valeur(f"obs_ccp_{c.ccp.pk}")}
            for c in ligne.ccps
        ],
        "cellules_epreuves": [{"cellule": c, "valeur": valeur(f"epreuve_{c.epreuve.pk}")} for c in ligne.epreuves],
        "entretien": entretien.isoformat() if hasattr(entretien, "isoformat") else entretien,
        "observations": valeur("observations"),
    }


def _ligne_de(inscription: Inscription) -> LigneGrille:
    return grille(inscription.session, [inscription]).lignes[0]


# --------------------------------------------------------------------- the panel


@panneau_session(ordre=60, gabarit="web/resultats/_panneau_resultats.html")
def panneau_resultats(session: Session, request: HttpRequest) -> dict[str, Any] | None:
    if session.etat not in ETATS_AVEC_RESULTATS:
        return None
    inscriptions = list(inscriptions_de_la_grille(request.user, session))
    jurys: dict[int | None, dict[str, Any]] = {}
    for inscription in inscriptions:
        numero = inscription.jury.numero if inscription.jury else None
        bloc = jurys.setdefault(numero, {"numero": numero, "total": 0, "decides": 0})
        bloc["total"] += 1
        if inscription.etat not in {EtatInscription.PRESENT, EtatInscription.CONVOQUE, EtatInscription.INSCRIT}:
            bloc["decides"] += 1
    return {
        "jurys_resultats": sorted(jurys.values(), key=lambda b: (b["numero"] is None, b["numero"] or 0)),
        "manquantes": decisions_manquantes(session),
        "saisie_ouverte": session.etat in services.ETATS_SAISIE,
        "peut_cloturer": session.etat == EtatSession.EN_COURS and session.peut_gerer(request.user)[0],
    }


# --------------------------------------------------------------------- the grid


class GrilleResultats(AccesReserve, TemplateView):
    """The entry grid of a session (optionally one jury): one row per candidate, a column per CCP and épreuve."""

    roles_autorises = LECTEURS_RESULTATS
    template_name = "web/resultats/grille.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        session = _session_visible(user, self.kwargs["pk"])
        numero = self.request.GET.get("jury")
        jury_numero = int(numero) if numero and numero.isdigit() else None
        inscriptions = list(inscriptions_de_la_grille(user, session, jury_numero))
        tableau = grille(session, inscriptions)
        lignes = [contexte_ligne(ligne, user) for ligne in tableau.lignes]
        return super().get_context_data(
            title=f"Résultats — session {session.numero}",
            session=session,
            tableau=tableau,
            lignes=lignes,
            jury_numero=jury_numero,
            jurys=session.jurys.order_by("numero"),
            saisie_ouverte=session.etat in services.ETATS_SAISIE,
            peut_gerer=session.peut_gerer(user)[0],
            comme_jure=lit_comme_jure(user, session),
            url_session=reverse("web:session", args=[session.pk]),
            **kwargs,
        )


class SaisirLigne(AccesReserve, View):
    """POST one candidate's row: their results (action « resultats ») then, optionally, the decision (« decision »).

    htmx: answers the row again (with its errors); otherwise redirects to the grid with a message.
    """

    roles_autorises = SAISIE_RESULTATS
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        inscription = get_visible_or_404(
            Inscription.objects.select_related("session__millesime", "candidat", "jury"), request.user, pk=pk
        )
        if lit_comme_jure(request.user, inscription.session) and not services.peut_saisir(request.user, inscription)[0]:
            raise Http404("Ce candidat n'est pas dans votre jury.")
        ligne = _ligne_de(inscription)
        form = LigneResultatsForm(request.POST, ligne=ligne)
        erreurs: list[str] = []
        succes = ""
        if form.is_valid():
            try:
                with transaction.atomic():
                    for ccp, acquis, observations in form.resultats_ccp():
                        existant = next((c.resultat for c in ligne.ccps if c.ccp.pk == ccp.pk), None)
                        if existant is not None and existant.acquis == acquis and existant.observations == observations:
                            continue
                        services.resultat_saisir(
                            inscription=inscription, par=request.user, ccp=ccp, acquis=acquis, observations=observations
                        )
                    for epreuve, etat in form.resultats_epreuves():
                        existant_e = next((c.resultat for c in ligne.epreuves if c.epreuve.pk == epreuve.pk), None)
                        if existant_e is not None and existant_e.etat == etat:
                            continue
                        services.resultat_saisir(
                            inscription=inscription, par=request.user, epreuve=epreuve, etat_epreuve=etat
                        )
                    succes = f"Résultats de {inscription.candidat} enregistrés."
                    if form.cleaned_data.get("action") == "decision":
                        decision = services.decision_enregistrer(
                            inscription=inscription,
                            par=request.user,
                            entretien_final_le=form.entretien_final,
                            observations=form.cleaned_data.get("observations", ""),
                        )
                        succes = (
                            f"Décision enregistrée pour {inscription.candidat} : {decision.get_resultat_display()}."
                        )
            except (ValidationError, RegleRefusee, PermissionDenied) as exc:
                erreurs = message_erreur(exc)
                succes = ""
        else:
            erreurs = [
                f"{form.fields[c].label if c in form.fields else ''} : {e}" for c, es in form.errors.items() for e in es
            ]
        inscription.refresh_from_db()
        if request.headers.get("HX-Request"):
            nouvelle = _ligne_de(inscription)
            contexte = contexte_ligne(nouvelle, request.user, form if erreurs else None)
            contexte.update(
                {"erreurs": erreurs, "succes": succes, "tableau": grille(inscription.session, [inscription])}
            )
            return HttpResponse(render_to_string("web/resultats/_ligne.html", contexte, request=request))
        for erreur in erreurs:
            messages.error(request, erreur)
        if succes:
            messages.success(request, succes)
        url = reverse("web:session_resultats", args=[inscription.session_id])
        if inscription.jury:
            url += f"?jury={inscription.jury.numero}"
        return HttpResponseRedirect(url)


class AnnulerDecision(AccesReserve, FormView):  # type: ignore[type-arg]
    """Undo a candidate's decision (motivated): they are « présent » again, the CCP acquired here are removed."""

    roles_autorises = SAISIE_RESULTATS
    template_name = "web/sessions/jurys/formulaire.html"
    form_class = AnnulerDecisionForm

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if user.is_authenticated and user.roles & self.roles_autorises:
            self.inscription = get_visible_or_404(
                Inscription.objects.select_related("session__millesime__titre", "candidat", "jury"),
                user,
                pk=kwargs["pk"],
            )
            self.session = self.inscription.session
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return reverse("web:session_resultats", args=[self.session.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        titre = f"Annuler la décision du jury pour {self.inscription.candidat}"
        return super().get_context_data(
            title=titre, titre=titre, session=self.session, bouton="Annuler la décision", retour=self.get_success_url()
        )

    def form_valid(self, form: AnnulerDecisionForm) -> HttpResponse:
        try:
            services.decision_annuler(
                inscription=self.inscription, par=self.request.user, motif=form.cleaned_data["motif"]
            )
        except (ValidationError, RegleRefusee, PermissionDenied) as exc:
            for message in message_erreur(exc):
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, f"Décision annulée : {self.inscription.candidat} est de nouveau « présent ».")
        return HttpResponseRedirect(self.get_success_url())


class CloturerSaisie(AccesReserve, View):
    """POST: close the entry (en_cours → résultats saisis) once every candidate has a decision (RES-SAISIE)."""

    roles_autorises = SAISIE_RESULTATS - {Role.MEMBRE_JURY}
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        session = _session_visible(request.user, pk)
        form = ClotureForm(request.POST)
        form.is_valid()
        try:
            services.saisie_cloturer(session=session, par=request.user)
        except (ValidationError, RegleRefusee, PermissionDenied) as exc:
            for message in message_erreur(exc):
                messages.error(request, message)
        else:
            messages.success(request, "Saisie des résultats close : la session est « résultats saisis ».")
        return redirect("web:session", pk=session.pk)


# --------------------------------------------------------------------- espace jury


class MesSaisiesJury(AccesReserve, TemplateView):
    """Espace jury: the sessions where the member sits (accepted), with their candidates to enter."""

    roles_autorises = frozenset({Role.MEMBRE_JURY})
    template_name = "web/resultats/espace_jury.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        participations = list(
            ParticipationJury.objects.filter(membre__compte=self.request.user, etat=EtatParticipation.ACCEPTEE)  # type: ignore[misc]
            .filter(jury__session__etat__in=ETATS_AVEC_RESULTATS)
            .select_related("jury__session__millesime__titre", "jury__session__site")
            .order_by("-jury__session__premier_jour")
        )
        blocs = []
        for participation in participations:
            session = participation.jury.session
            inscriptions = list(
                Inscription.objects.filter(jury=participation.jury)
                .select_related("candidat")
                .order_by("candidat__nom_naissance", "candidat__prenoms")
            )
            blocs.append(
                {
                    "session": session,
                    "jury": participation.jury,
                    "inscriptions": inscriptions,
                    "a_saisir": sum(1 for i in inscriptions if i.etat == EtatInscription.PRESENT),
                    "saisie_ouverte": session.etat in services.ETATS_SAISIE,
                }
            )
        return super().get_context_data(title="Résultats à saisir", blocs=blocs, **kwargs)


# --------------------------------------------------------------------- SES-CCP follow-up


class SuiviReussitesPartielles(AccesReserve, TemplateView):
    """SES-CCP: candidates in partial success per TP, the CCP they lack, the organisme's upcoming CCP sessions."""

    roles_autorises = LECTEURS_SUIVI_CCP
    template_name = "web/resultats/suivi_ccp.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        jour = timezone.localdate()
        inscriptions = (
            Inscription.objects.visibles_par(self.request.user)
            .filter(etat__in=[EtatInscription.REUSSITE_PARTIELLE, EtatInscription.CCP_NON_ACQUIS])
            .select_related("candidat", "session__millesime__titre", "session__organisme")
        )
        suivis = reussites_partielles(inscriptions, jour=jour)
        par_titre: dict[str, list[Any]] = {}
        for suivi in suivis:
            par_titre.setdefault(str(suivi.inscription.session.millesime), []).append(suivi)
        peut_proposer = bool(self.request.user.roles & PROPOSITION_CCP)  # type: ignore[union-attr]
        return super().get_context_data(
            title="Suivi des réussites partielles (SES-CCP)",
            par_titre=sorted(par_titre.items()),
            peut_proposer=peut_proposer,
            **kwargs,
        )


class ProposerSessionCCP(AccesReserve, FormView):  # type: ignore[type-arg]
    """Propose one of the organisme's upcoming CCP sessions to a candidate in partial success (an e-mail)."""

    roles_autorises = PROPOSITION_CCP
    template_name = "web/resultats/formulaire.html"
    form_class = PropositionCCPForm

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if user.is_authenticated and user.roles & self.roles_autorises:
            self.inscription = get_visible_or_404(
                Inscription.objects.select_related("session__millesime__titre", "candidat"), user, pk=kwargs["pk"]
            )
            self.session = self.inscription.session
            suivis = reussites_partielles([self.inscription], jour=timezone.localdate())
            if not suivis:
                raise Http404("Ce candidat n'est pas en réussite partielle.")
            self.suivi = suivis[0]
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "sessions": self.suivi.sessions_a_venir}

    def get_success_url(self) -> str:
        return reverse("web:suivi_ccp")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        titre = f"Proposer une session CCP à {self.inscription.candidat}"
        manquants = ", ".join(str(c) for c in self.suivi.ccps_manquants)
        return super().get_context_data(
            title=titre,
            titre=titre,
            session=self.session,
            bouton="Proposer et prévenir le candidat",
            retour=self.get_success_url(),
            aide=f"CCP à acquérir : {manquants}.",
            **kwargs,
        )

    def form_valid(self, form: PropositionCCPForm) -> HttpResponse:
        try:
            services.proposition_ccp_envoyer(
                inscription=self.inscription,
                session_proposee=form.cleaned_data["session"],
                par=self.request.user,
                message=form.cleaned_data.get("message", ""),
            )
        except (ValidationError, RegleRefusee, PermissionDenied) as exc:
            for message in message_erreur(exc):
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, f"Session proposée à {self.inscription.candidat} : un courriel lui est envoyé.")
        return HttpResponseRedirect(self.get_success_url())
