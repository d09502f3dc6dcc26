"""Pages of the DTE orders: the session panel, the organisme's order form, the GEV desk and the order page.

Every write calls a service of ``titrepro.dte.services`` (``peut_<verbe>`` first, then the rules);
rows come from ``visibles_par``. The GEV desk is the queue of every order (the GEV is national),
filtered by sector and state, submitted orders first, by session date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View

from titrepro.comptes.acces import GESTION_COMMANDES_DTE, LECTEURS_COMMANDES_DTE, TRAITEMENT_DTE
from titrepro.conformite.regles.verdict import Verdict
from titrepro.core.audit import lignes_historique
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.visibilite import get_visible_or_404
from titrepro.dte import services
from titrepro.dte.models import CommandeDte, EtatCommande
from titrepro.examens.models import Session
from titrepro.web import forms_dte as f
from titrepro.web.forms import FormulaireDsfr
from titrepro.web.views.base import AccesReserve, FicheVisible, ListeVisible
from titrepro.web.views.objets import exiger, objet_visible, reporter_erreur
from titrepro.web.views.panneaux_session import panneau_session

REFUS = (ValidationError, RegleRefusee, PermissionDenied)


def url_session(session: Session) -> str | None:
    try:
        return reverse("web:session", args=[session.pk])
    except NoReverseMatch:
        return None


def _verdicts(commande: CommandeDte, jour: Any) -> list[Verdict]:
    return [*services.verdicts_commande(commande, jour=jour), services.verdict_suivi(commande, jour=jour)]


# ---------------------------------------------------------------------------------------------- session panel


@panneau_session(ordre=30, gabarit="web/dte/_panneau_session.html")
def panneau_dte(session: Session, request: HttpRequest) -> dict[str, Any] | None:
    """The session's DTE order: state, dates, next step, rule verdicts (hidden from non-readers)."""
    user = request.user
    if not user.roles.intersection(LECTEURS_COMMANDES_DTE):  # type: ignore[union-attr]
        return None
    commandes = list(
        CommandeDte.objects.visibles_par(user).filter(session=session).select_related("session__site__departement")
    )
    commande = next((c for c in commandes if c.annulee_le is None), commandes[0] if commandes else None)
    jour = timezone.localdate()
    return {
        "commande": commande,
        "prochaine_etape": services.prochaine_etape(commande),
        "verdicts_dte": _verdicts(commande, jour) if commande is not None else [],
        "peut_commander": bool(user.roles.intersection(GESTION_COMMANDES_DTE)) and session.peut_gerer(user)[0],  # type: ignore[union-attr]
    }


# ---------------------------------------------------------------------------------------------- lists


class ListeCommandes(ListeVisible):
    """Every visible order (organisme: its own; DDETS: its département; GEV: all), filtered."""

    model = CommandeDte
    roles_autorises = LECTEURS_COMMANDES_DTE
    template_name = "web/dte/commandes.html"
    guichet = False

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        self.filtre = f.FiltreCommandesForm(self.request.GET)
        queryset = queryset.select_related(
            "session__organisme", "session__site__departement", "session__millesime__titre"
        )
        if not self.filtre.is_valid():
            return queryset.none()
        donnees = self.filtre.cleaned_data
        if donnees["secteur"]:
            queryset = queryset.filter(secteur=donnees["secteur"])
        if donnees["etat"]:
            queryset = queryset.filter(etat=donnees["etat"])
        elif self.guichet:
            queryset = queryset.exclude(etat=EtatCommande.BROUILLON)
        if donnees["q"]:
            q = donnees["q"]
            queryset = queryset.filter(
                Q(session__numero__icontains=q) | Q(session__organisme__raison_sociale__icontains=q)
            )
        if self.guichet:
            rang = Case(When(etat=EtatCommande.SOUMISE, then=Value(0)), default=Value(1), output_field=IntegerField())
            queryset = queryset.annotate(rang=rang).order_by("rang", "session__premier_jour", "pk")
        else:
            queryset = queryset.order_by("session__premier_jour", "pk")
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title="Guichet GEV — commandes de DTE" if self.guichet else "Commandes de DTE",
            filtre=self.filtre,
            guichet=self.guichet,
            traite=bool(self.request.user.roles.intersection(TRAITEMENT_DTE)),
            **kwargs,
        )


class GuichetGev(ListeCommandes):
    """The GEV desk: submitted orders first, by session date; drafts hidden unless asked for."""

    roles_autorises = TRAITEMENT_DTE
    guichet = True


# ---------------------------------------------------------------------------------------------- the order


@dataclass(frozen=True)
class ActionPossible:
    nom: str
    libelle: str
    permis: bool
    raison: str


ACTIONS: dict[str, tuple[str, frozenset[str], str, type[FormulaireDsfr]]] = {
    "soumettre": ("Soumettre la commande à la GEV", GESTION_COMMANDES_DTE, "peut_soumettre", f.ConfirmerForm),
    "prendre_en_compte": ("Prendre en charge", TRAITEMENT_DTE, "peut_prendre_en_compte", f.ConfirmerForm),
    "preparer": ("Commande préparée (AR 2)", TRAITEMENT_DTE, "peut_preparer", f.PrepareeForm),
    "expedier": ("Expédier les plis", TRAITEMENT_DTE, "peut_expedier", f.ExpedierForm),
    "ouvrir_liens": ("Transmettre les liens CCP", TRAITEMENT_DTE, "peut_ouvrir_liens", f.LiensForm),
    "receptionner": ("Enregistrer la réception des plis", GESTION_COMMANDES_DTE, "peut_receptionner", f.ConfirmerForm),
    "detruire": ("Enregistrer la destruction", GESTION_COMMANDES_DTE, "peut_detruire", f.ClotureForm),
    "retourner": ("Enregistrer le retour à la GEV", GESTION_COMMANDES_DTE, "peut_retourner", f.ClotureForm),
    "annuler": ("Annuler la commande", TRAITEMENT_DTE, "peut_annuler", f.MotifForm),
}

SERVICES: dict[str, Callable[..., Any]] = {
    "soumettre": services.commande_soumettre,
    "prendre_en_compte": services.commande_prendre_en_compte,
    "preparer": services.commande_marquer_preparee,
    "expedier": services.commande_expedier,
    "ouvrir_liens": services.commande_ouvrir_liens,
    "receptionner": services.commande_receptionner,
    "detruire": services.commande_detruire,
    "retourner": services.commande_retourner,
    "annuler": services.commande_annuler,
}


class FicheCommande(FicheVisible):
    """The order: dates of each step, rule verdicts, next step, the actions of the user's side, history."""

    model = CommandeDte
    roles_autorises = LECTEURS_COMMANDES_DTE
    template_name = "web/dte/commande.html"

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related(
            "session__organisme", "session__site__departement", "session__millesime__titre", "traitee_par"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        commande = self.object
        actions = []
        for nom, (libelle, roles, verifier, _form) in ACTIONS.items():
            if not user.roles.intersection(roles):
                continue
            permis, raison = getattr(commande, verifier)(user)
            actions.append(ActionPossible(nom, libelle, permis, raison))
        return super().get_context_data(
            title=str(commande),
            verdicts=_verdicts(commande, timezone.localdate()),
            prochaine_etape=services.prochaine_etape(commande),
            boite_gev=services.boite_gev(commande),
            actions=actions,
            peut_modifier=commande.peut_modifier(user)[0],
            url_session=url_session(commande.session),
            historique=lignes_historique(commande, limite=50),
            **kwargs,
        )


class CommandeSession(AccesReserve, View):
    """The order form of a session: creates the draft, or edits it while it is a draft."""

    roles_autorises = GESTION_COMMANDES_DTE

    def _session(self) -> Session:
        session: Session = get_visible_or_404(
            Session.objects.select_related("site__departement", "millesime__titre", "organisme"),
            self.request.user,
            pk=self.kwargs["pk"],
        )
        exiger(session.peut_gerer(self.request.user))
        return session

    def _rendre(self, session: Session, form: Any, commande: CommandeDte | None) -> HttpResponse:
        retour = (reverse("web:commande_dte", args=[commande.pk]) if commande else url_session(session)) or reverse(
            "web:commandes_dte"
        )
        return render(
            self.request,
            "web/formulaire.html",
            {
                "title": f"Commande de DTE — session {session.numero}",
                "objet": session,
                "form": form,
                "retour": retour,
                "explication": (
                    "Commande enregistrée en brouillon ; à la soumission sont vérifiés le délai (3 mois + 1 jour "
                    "avant la session, DTE-DELAI), le nombre de sujets (candidats + 1 ou 2, DTE-QUANTITE), la "
                    "complétude et les adresses de livraison (DTE-COMPLETUDE) et, pour une session CCP, la "
                    "demande de grille d'entretien final (SES-ENTRETIEN-FINAL)."
                ),
            },
        )

    def _commande(self, session: Session) -> CommandeDte | None:
        visibles = CommandeDte.objects.visibles_par(self.request.user)
        commande: CommandeDte | None = visibles.filter(session=session, annulee_le__isnull=True).first()
        return commande

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        session = self._session()
        commande = self._commande(session)
        if commande is not None and commande.etat != EtatCommande.BROUILLON:
            return HttpResponseRedirect(reverse("web:commande_dte", args=[commande.pk]))
        if commande is None:
            initial = services.valeurs_initiales(session)
        else:
            initial = {champ: getattr(commande, champ) for champ in services.CHAMPS_MODIFIABLES}
        return self._rendre(session, f.CommandeForm(initial=initial), commande)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        session = self._session()
        commande = self._commande(session)
        form = f.CommandeForm(request.POST)
        if form.is_valid():
            try:
                if commande is None:
                    commande = services.commande_creer(session=session, auteur=request.user, **form.cleaned_data)
                else:
                    services.commande_modifier(commande=commande, auteur=request.user, **form.cleaned_data)
                messages.success(
                    request, "Commande enregistrée (brouillon) : soumettez-la à la GEV quand elle est prête."
                )
                return HttpResponseRedirect(reverse("web:commande_dte", args=[commande.pk]))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
        return self._rendre(session, form, commande)


class ActionCommande(AccesReserve, View):
    """One step of the order: GET shows what it needs (or why it is refused), POST does it."""

    roles_autorises = GESTION_COMMANDES_DTE | TRAITEMENT_DTE

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        action = kwargs.get("action", "")
        if action not in ACTIONS:
            raise Http404("Action inconnue.")
        self.libelle, roles, self.verifier, self.formulaire = ACTIONS[action]
        if request.user.is_authenticated and not request.user.roles.intersection(roles):
            raise PermissionDenied("Votre rôle ne permet pas cette action.")
        return super().dispatch(request, *args, **kwargs)

    def _commande(self) -> CommandeDte:
        commande: CommandeDte = objet_visible(CommandeDte, self.request.user, self.kwargs["pk"])
        exiger(getattr(commande, self.verifier)(self.request.user))
        return commande

    def _rendre(self, commande: CommandeDte, form: Any) -> HttpResponse:
        jour = timezone.localdate()
        return render(
            self.request,
            "web/dte/action.html",
            {
                "title": f"{self.libelle} — {commande}",
                "commande": commande,
                "libelle": self.libelle,
                "form": form,
                "verdicts": _verdicts(commande, jour) if self.kwargs["action"] == "soumettre" else [],
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._rendre(self._commande(), self.formulaire())

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        commande = self._commande()
        form = self.formulaire(request.POST)
        if form.is_valid():
            try:
                SERVICES[kwargs["action"]](
                    commande=commande, auteur=request.user, jour=timezone.localdate(), **form.cleaned_data
                )
                messages.success(request, f"{self.libelle} : fait.")
                return HttpResponseRedirect(reverse("web:commande_dte", args=[commande.pk]))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
        return self._rendre(commande, form)
