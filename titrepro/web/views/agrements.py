"""Pages of the agréments and of the agrément requests (organisme side and DREETS back office).

The DREETS's queue is the list of requests of its région (``visibles_par``), filtered by
state, département, organisme or titre. Every action calls a service of
``titrepro.agrements.services``, which checks ``peut_<verbe>`` and the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from titrepro.agrements import services
from titrepro.agrements.lectures import completude
from titrepro.agrements.models import Agrement, DemandeAgrement, PieceJointe
from titrepro.comptes.acces import GESTION_ORGANISME, INSTRUCTEURS_AGREMENTS, LECTEURS_AGREMENTS
from titrepro.core.audit import lignes_historique
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.fichiers import reponse_telechargement, telechargements
from titrepro.organisations.models import Organisme, Site
from titrepro.referentiel.models import Millesime
from titrepro.territoires.models import Departement
from titrepro.web import forms_agrements as f
from titrepro.web.views.base import AccesReserve, FicheVisible, ListeVisible
from titrepro.web.views.objets import exiger, objet_visible, reporter_erreur

REFUS = (ValidationError, RegleRefusee, PermissionDenied)


class ListeAgrements(ListeVisible):
    model = Agrement
    roles_autorises = LECTEURS_AGREMENTS
    template_name = "web/agrements/agrements.html"
    extra_context = {"title": "Agréments"}

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organisme", "site__departement", "millesime__titre")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        jour = timezone.localdate()
        context["lignes"] = [(a, a.etat_le(jour)) for a in context["object_list"]]
        return context


class FicheAgrement(AccesReserve, View):
    """The agrément; the DREETS of the site's région suspends, restores or withdraws it here."""

    roles_autorises = LECTEURS_AGREMENTS

    def _rendre(self, agrement: Agrement, form: Any) -> HttpResponse:
        return render(
            self.request,
            "web/agrements/agrement.html",
            {
                "title": str(agrement),
                "agrement": agrement,
                "etat": agrement.etat_le(timezone.localdate()),
                "form": form,
                "peut_changer": agrement.peut_changer_etat(self.request.user)[0],
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        agrement = objet_visible(Agrement, request.user, kwargs["pk"])
        return self._rendre(agrement, f.EtatAgrementForm())

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        agrement = objet_visible(Agrement, request.user, kwargs["pk"])
        exiger(agrement.peut_changer_etat(request.user))
        form = f.EtatAgrementForm(request.POST)
        if form.is_valid():
            try:
                services.agrement_changer_etat(agrement=agrement, auteur=request.user, **form.cleaned_data)
                messages.success(request, f"Agrément désormais {agrement.get_etat_display().lower()}.")
                return HttpResponseRedirect(reverse("web:agrement", args=[agrement.pk]))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
        return self._rendre(agrement, form)


class ListeDemandes(ListeVisible):
    """The organisme's requests; for the DREETS, the instruction queue of its région."""

    model = DemandeAgrement
    roles_autorises = LECTEURS_AGREMENTS
    template_name = "web/agrements/demandes.html"

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        self.filtre = f.FiltreDemandesForm(self.request.GET)
        self.filtre.fields["departement"].queryset = Departement.objects.filter(
            pk__in=queryset.values("site__departement")
        )
        queryset = queryset.select_related("organisme", "site__departement").prefetch_related("millesimes__titre")
        if not self.filtre.is_valid():
            return queryset.none()
        donnees = self.filtre.cleaned_data
        if donnees["etat"]:
            queryset = queryset.filter(etat=donnees["etat"])
        if donnees["departement"]:
            queryset = queryset.filter(site__departement=donnees["departement"])
        if donnees["q"]:
            q = donnees["q"]
            queryset = queryset.filter(
                Q(organisme__raison_sociale__icontains=q)
                | Q(millesimes__titre__intitule__icontains=q)
                | Q(millesimes__titre__code__icontains=q)
            ).distinct()
        if donnees["attente"]:
            queryset = queryset.filter(pieces_demandees_le__isnull=False, complements_recus_le__isnull=True)
        return queryset.order_by("etat", "deposee_le", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        instructeur = bool(user.roles.intersection(INSTRUCTEURS_AGREMENTS))
        return super().get_context_data(
            title="File d'instruction des demandes d'agrément" if instructeur else "Demandes d'agrément",
            filtre=self.filtre,
            parametres=self.request.GET.urlencode(),
            peut_creer=bool(user.roles.intersection(GESTION_ORGANISME)),
            **kwargs,
        )


def _organismes_geres(user: Any) -> list[Organisme]:
    return [o for o in Organisme.objects.visibles_par(user) if o.peut_modifier(user)[0]]


def _form_demande(user: Any, data: Any = None, initial: dict[str, Any] | None = None) -> f.DemandeForm:
    form = f.DemandeForm(data, initial=initial)
    form.fields["site"].queryset = Site.objects.visibles_par(user).filter(organisme__in=_organismes_geres(user))
    jour = timezone.localdate()
    form.fields["millesimes"].queryset = Millesime.objects.filter(fin_validite__gte=jour).select_related("titre")
    return form


class CreerDemande(AccesReserve, View):
    roles_autorises = GESTION_ORGANISME

    def _rendre(self, form: Any) -> HttpResponse:
        return render(
            self.request,
            "web/formulaire.html",
            {
                "title": "Nouvelle demande d'agrément",
                "objet": None,
                "form": form,
                "retour": reverse("web:demandes_agrement"),
                "explication": "Une demande porte sur un site et un ou plusieurs titres. Elle reste « en construction »"
                " tant que vous la complétez ; vous joindrez ensuite les pièces (AGR-PIECES) puis la déposerez.",
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._rendre(_form_demande(request.user))

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        form = _form_demande(request.user, request.POST)
        if form.is_valid():
            site = form.cleaned_data.pop("site")
            try:
                demande = services.demande_creer(
                    organisme=site.organisme, site=site, auteur=request.user, **form.cleaned_data
                )
                messages.success(request, "Demande créée : joignez maintenant les pièces.")
                return HttpResponseRedirect(reverse("web:demande_agrement", args=[demande.pk]))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
        return self._rendre(form)


@dataclass(frozen=True)
class ActionPossible:
    nom: str
    libelle: str
    permis: bool
    raison: str


ACTIONS = {
    "deposer": ("Déposer la demande", GESTION_ORGANISME, "peut_deposer"),
    "demander_pieces": ("Demander des compléments", INSTRUCTEURS_AGREMENTS, "peut_demander_pieces"),
    "passer_en_instruction": ("Passer en instruction", INSTRUCTEURS_AGREMENTS, "peut_passer_en_instruction"),
    "accepter": ("Accepter", INSTRUCTEURS_AGREMENTS, "peut_accepter"),
    "refuser": ("Refuser", INSTRUCTEURS_AGREMENTS, "peut_refuser"),
    "classer_sans_suite": ("Classer sans suite", INSTRUCTEURS_AGREMENTS, "peut_classer_sans_suite"),
}


class FicheDemande(FicheVisible):
    """The request: completeness piece by piece, pieces, actions with their reason when refused, history."""

    model = DemandeAgrement
    roles_autorises = LECTEURS_AGREMENTS
    template_name = "web/agrements/demande.html"

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organisme", "site__departement__region")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        demande = self.object
        jour = timezone.localdate()
        actions = []
        for nom, (libelle, roles, verifier) in ACTIONS.items():
            if not user.roles.intersection(roles):
                continue
            permis, raison = getattr(demande, verifier)(user)
            actions.append(ActionPossible(nom, libelle, permis, raison))
        pieces = PieceJointe.objects.visibles_par(user).filter(demande=demande)
        return super().get_context_data(
            title=str(demande),
            millesimes=list(demande.millesimes.select_related("titre")),
            constats=completude(demande, jour=jour),
            pieces=pieces,
            telechargements=sum(telechargements(p).count() for p in pieces),
            actions=actions,
            peut_modifier=demande.peut_modifier(user),
            agrements=Agrement.objects.visibles_par(user).filter(demande=demande).select_related("millesime"),
            historique=lignes_historique(demande, limite=50),
            **kwargs,
        )


class ModifierDemande(AccesReserve, View):
    roles_autorises = GESTION_ORGANISME

    def _demande(self) -> DemandeAgrement:
        demande: DemandeAgrement = objet_visible(DemandeAgrement, self.request.user, self.kwargs["pk"])
        exiger(demande.peut_modifier(self.request.user))
        return demande

    def _rendre(self, demande: DemandeAgrement, form: Any) -> HttpResponse:
        return render(
            self.request,
            "web/formulaire.html",
            {
                "title": f"Modifier la {demande}",
                "objet": demande,
                "form": form,
                "retour": reverse("web:demande_agrement", args=[demande.pk]),
                "explication": "",
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        demande = self._demande()
        initial = {
            "site": demande.site,
            "millesimes": list(demande.millesimes.all()),
            "premiere_session": demande.premiere_session,
            "candidats_externes": demande.candidats_externes,
            "renouvellement": demande.renouvellement,
            "observations": demande.observations,
        }
        form = _form_demande(request.user, initial=initial)
        form.fields["site"].disabled = True
        return self._rendre(demande, form)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        demande = self._demande()
        form = _form_demande(request.user, request.POST, initial={"site": demande.site})
        form.fields["site"].disabled = True
        if form.is_valid():
            donnees = form.cleaned_data
            donnees.pop("site")
            try:
                services.demande_modifier(demande=demande, auteur=request.user, **donnees)
                messages.success(request, "Demande modifiée.")
                return HttpResponseRedirect(reverse("web:demande_agrement", args=[demande.pk]))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
        return self._rendre(demande, form)


class AjouterPiece(AccesReserve, View):
    roles_autorises = GESTION_ORGANISME

    def _demande(self) -> DemandeAgrement:
        demande: DemandeAgrement = objet_visible(DemandeAgrement, self.request.user, self.kwargs["pk"])
        exiger(demande.peut_modifier(self.request.user))
        return demande

    def _rendre(self, demande: DemandeAgrement, form: Any) -> HttpResponse:
        return render(
            self.request,
            "web/formulaire.html",
            {
                "title": "Joindre une pièce",
                "objet": demande,
                "form": form,
                "retour": reverse("web:demande_agrement", args=[demande.pk]),
                "explication": (
                    "PDF, PNG ou JPEG (le type est vérifié sur le contenu du fichier). KBIS : indiquez sa date "
                    "(moins de 6 mois au dépôt). Bail : sa nature et sa validité (il doit couvrir la première "
                    "session ; factures et quittances ne sont pas des justificatifs valables). Photos : une légende "
                    "chacune."
                ),
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._rendre(self._demande(), f.PieceForm())

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        demande = self._demande()
        form = f.PieceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.piece_ajouter(demande=demande, auteur=request.user, **form.cleaned_data)
                messages.success(request, "Pièce jointe.")
                return HttpResponseRedirect(reverse("web:demande_agrement", args=[demande.pk]))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
        return self._rendre(demande, form)


class TelechargerPiece(AccesReserve, View):
    """Served only to users who may see the request; every download is written to the audit trail."""

    roles_autorises = LECTEURS_AGREMENTS

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        piece = objet_visible(PieceJointe, request.user, kwargs["pk"])
        if not piece.fichier:
            raise Http404("Fichier absent.")
        return reponse_telechargement(piece, piece.fichier, piece.nom_original, request.user)


class SupprimerPiece(AccesReserve, View):
    roles_autorises = GESTION_ORGANISME

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        piece = objet_visible(PieceJointe, request.user, kwargs["pk"])
        services.piece_supprimer(piece=piece, auteur=request.user)
        messages.success(request, "Pièce retirée.")
        return HttpResponseRedirect(reverse("web:demande_agrement", args=[piece.demande_id]))


FORMULAIRES_ACTION = {
    "deposer": f.DeposerForm,
    "demander_pieces": f.MotifForm,
    "passer_en_instruction": f.InstructionForm,
    "accepter": f.AccepterForm,
    "refuser": f.RefuserForm,
    "classer_sans_suite": f.MotifForm,
}


class ActionDemande(AccesReserve, View):
    """One transition of the request: GET shows what it needs (or why it is refused), POST does it."""

    roles_autorises = GESTION_ORGANISME | INSTRUCTEURS_AGREMENTS

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        action = kwargs.get("action", "")
        if action not in ACTIONS:
            raise Http404("Action inconnue.")
        self.libelle, roles, self.verifier = ACTIONS[action]
        if request.user.is_authenticated and not request.user.roles.intersection(roles):
            raise PermissionDenied("Votre rôle ne permet pas cette action.")
        return super().dispatch(request, *args, **kwargs)

    def _demande(self) -> DemandeAgrement:
        demande: DemandeAgrement = objet_visible(DemandeAgrement, self.request.user, self.kwargs["pk"])
        exiger(getattr(demande, self.verifier)(self.request.user))
        return demande

    def _rendre(self, demande: DemandeAgrement, form: Any) -> HttpResponse:
        jour = timezone.localdate()
        return render(
            self.request,
            "web/agrements/action.html",
            {
                "title": f"{self.libelle} — {demande}",
                "demande": demande,
                "libelle": self.libelle,
                "form": form,
                "constats": completude(demande, jour=jour) if self.kwargs["action"] == "deposer" else [],
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        demande = self._demande()
        initial = {}
        if kwargs["action"] == "accepter":
            jour = timezone.localdate()
            fin = min(m.fin_validite for m in demande.millesimes.all()) if demande.millesimes.exists() else jour
            initial = {"debut": jour, "fin": fin}
        return self._rendre(demande, FORMULAIRES_ACTION[kwargs["action"]](initial=initial))

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        demande = self._demande()
        action = kwargs["action"]
        form = FORMULAIRES_ACTION[action](request.POST)
        if form.is_valid():
            jour = timezone.localdate()
            donnees = dict(form.cleaned_data)
            if action == "passer_en_instruction":
                donnees.pop("motif", None)
            try:
                getattr(services, f"demande_{action}")(demande=demande, auteur=request.user, jour=jour, **donnees)
                messages.success(request, f"{self.libelle} : fait.")
                return HttpResponseRedirect(reverse("web:demande_agrement", args=[demande.pk]))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
        return self._rendre(demande, form)
