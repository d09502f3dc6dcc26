"""Jury pages: members (eligibility, calendar, links), habilitations (DDETS workflow), the jury portal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, View

from titrepro.comptes.acces import DECLARANTS_LIENS, GESTION_JURY, LECTEURS_HABILITATIONS, LECTEURS_MEMBRES_JURY
from titrepro.comptes.roles import Role
from titrepro.core.audit import motif
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.visibilite import Axe, get_visible_or_404
from titrepro.organisations.models import Organisme
from titrepro.personnes import services
from titrepro.personnes.models import EtatHabilitation, Habilitation, MembreJury
from titrepro.territoires.models import Departement
from titrepro.web.forms_personnes import (
    ActionHabilitationForm,
    DisponibiliteForm,
    HabilitationForm,
    LienForm,
    MembreJuryForm,
    RechercheHabilitesForm,
)
from titrepro.web.views.base import AccesReserve, FicheVisible, FormulaireSurObjet, ListeVisible
from titrepro.web.views.personnes import millesimes


def departements_geres(user: Any) -> QuerySet[Departement]:
    if user.est_administrateur:
        return Departement.objects.all()
    return Departement.objects.filter(pk__in=user.perimetre.ids(Axe.DEPARTEMENT))


class ListeMembresJury(ListeVisible):
    model = MembreJury
    roles_autorises = LECTEURS_MEMBRES_JURY - {Role.MEMBRE_JURY}
    template_name = "web/personnes/membres_jury.html"
    extra_context = {"title": "Membres de jury"}

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("departement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(peut_creer=bool(self.request.user.roles & GESTION_JURY), **kwargs)


class FicheMembreJury(FicheVisible):
    model = MembreJury
    roles_autorises = LECTEURS_MEMBRES_JURY
    template_name = "web/personnes/membre_jury.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        membre: MembreJury = self.object
        user = self.request.user
        context.update(
            title=str(membre),
            eligibilite=services.verdict_eligibilite(membre, jour=timezone.localdate()),
            habilitations=membre.habilitations.visibles_par(user).select_related("millesime__titre"),
            liens=membre.liens.visibles_par(user).select_related("candidat", "organisme"),
            disponibilites=membre.disponibilites.all(),
            peut_gerer=bool(user.roles & GESTION_JURY),
            est_lui_meme=membre.compte_id == user.pk,
        )
        return context


class EspaceJury(AccesReserve, View):
    """The jury portal: the member's own record (habilitations, links, calendar); invitations come with sessions."""

    roles_autorises = frozenset({Role.MEMBRE_JURY})

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        membre = MembreJury.objects.filter(compte=request.user).first()
        if membre is None:
            raise PermissionDenied("Aucune fiche de membre de jury n'est rattachée à votre compte.")
        return redirect("web:membre_jury", pk=membre.pk)


class FormulaireMembre(FormulaireSurObjet):
    """Base of the forms about one visible jury member."""

    modele = MembreJury
    url_fiche = "web:membre_jury"
    template_name = "web/personnes/formulaire.html"
    extra_context = {"doublons": None}

    @property
    def membre(self) -> MembreJury:
        return self.objet  # type: ignore[no-any-return]


class CreerMembreJury(AccesReserve, FormView):  # type: ignore[type-arg]
    roles_autorises = GESTION_JURY
    template_name = "web/personnes/formulaire.html"
    form_class = MembreJuryForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "departements": departements_geres(self.request.user)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        titre = "Créer une fiche de membre de jury"
        return super().get_context_data(
            title=titre, titre=titre, retour=reverse("web:membres_jury"), doublons=None, **kwargs
        )

    def form_valid(self, form: MembreJuryForm) -> HttpResponse:
        membre = form.save()
        messages.success(self.request, f"Fiche de {membre} créée.")
        return redirect("web:membre_jury", pk=membre.pk)


class ModifierMembreJury(FormulaireMembre):
    roles_autorises = GESTION_JURY
    titre = "Modifier la fiche"
    form_class = MembreJuryForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "instance": self.membre,
            "departements": departements_geres(self.request.user),
        }

    def form_valid(self, form: MembreJuryForm) -> HttpResponse:
        return self.executer(form, form.save)


class DemanderHabilitation(FormulaireMembre):
    roles_autorises = GESTION_JURY
    titre = "Habilitation sur un titre"
    form_class = HabilitationForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "millesimes": millesimes()}

    def form_valid(self, form: HabilitationForm) -> HttpResponse:
        d = form.cleaned_data
        jour = timezone.localdate()

        def action() -> None:
            habilitation = Habilitation(membre=self.membre)
            possible, raison = habilitation.peut_decider(self.request.user)
            if not possible:
                raise PermissionDenied(raison)
            from django.db import transaction

            with transaction.atomic():
                habilitation = services.habilitation_demander(
                    membre=self.membre, millesime=d["millesime"], debut=d["debut"], fin=d["fin"], jour=jour
                )
                if d.get("accorder"):
                    services.habilitation_accorder(habilitation=habilitation, par=self.request.user, jour=jour)

        return self.executer(form, action)


class DeclarerLien(FormulaireMembre):
    roles_autorises = DECLARANTS_LIENS
    titre = "Déclarer un lien avec un candidat ou un organisme"
    form_class = LienForm

    def form_valid(self, form: LienForm) -> HttpResponse:
        d = form.cleaned_data
        organisme = None
        if d.get("siret"):
            organisme = Organisme.objects.filter(siret=d["siret"].replace(" ", "")).first()
            if organisme is None:
                form.add_error("siret", "Aucun organisme n'a ce SIRET.")
                return self.form_invalid(form)
        return self.executer(
            form,
            lambda: services.lien_declarer(
                membre=self.membre,
                nature=d["nature"],
                jour=timezone.localdate(),
                organisme=organisme,
                nom=d.get("nom", ""),
                prenoms=d.get("prenoms", ""),
                date_naissance=d.get("date_naissance"),
                description=d.get("description", ""),
                par=self.request.user,
            ),
            succes="Lien déclaré : vous ne serez pas appelé(e) à évaluer ces candidats.",
        )


class AjouterDisponibilite(FormulaireMembre):
    roles_autorises = frozenset({Role.MEMBRE_JURY}) | GESTION_JURY
    titre = "Ajouter une disponibilité"
    form_class = DisponibiliteForm

    def form_valid(self, form: DisponibiliteForm) -> HttpResponse:
        return self.executer(
            form, lambda: services.disponibilite_ajouter(membre=self.membre, par=self.request.user, **form.cleaned_data)
        )


class ListeHabilitations(ListeVisible):
    """Habilitations of the user's scope; « habilitated on millésime M for every day of P » when filtered."""

    model = Habilitation
    roles_autorises = LECTEURS_HABILITATIONS
    template_name = "web/personnes/habilitations.html"
    extra_context = {"title": "Habilitations des membres de jury"}

    def formulaire(self) -> RechercheHabilitesForm:
        return RechercheHabilitesForm(self.request.GET or None, millesimes=millesimes())

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = queryset.select_related("membre__departement", "millesime__titre")
        form = self.formulaire()
        if form.is_valid() and form.cleaned_data.get("millesime"):
            d = form.cleaned_data
            queryset = queryset.filter(millesime=d["millesime"])
            if d.get("debut") and d.get("fin"):
                membres = MembreJury.objects.habilites_pour(d["millesime"], d["debut"], d["fin"])
                queryset = queryset.filter(
                    membre__in=membres, etat=EtatHabilitation.ACTIVE, debut__lte=d["fin"], fin__gte=d["debut"]
                )
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(form=self.formulaire(), **kwargs)


class FicheHabilitation(AccesReserve, FormView):  # type: ignore[type-arg]
    """An habilitation and, for the DDETS of the member's département, its transitions."""

    roles_autorises = LECTEURS_HABILITATIONS
    template_name = "web/personnes/habilitation.html"
    form_class = ActionHabilitationForm
    habilitation: Habilitation

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and request.user.roles & self.roles_autorises:
            self.habilitation = get_visible_or_404(
                Habilitation.objects.select_related("membre__departement", "millesime__titre", "accordee_par"),
                request.user,
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            title=f"Habilitation — {self.habilitation.membre}",
            object=self.habilitation,
            peut_accorder=self.habilitation.peut_accorder(user),
            peut_retirer=self.habilitation.peut_retirer(user),
            verdicts=services.verdicts_habilitation(self.habilitation, jour=timezone.localdate())
            if self.habilitation.etat == EtatHabilitation.DEMANDEE
            else [],
            **kwargs,
        )

    def form_valid(self, form: ActionHabilitationForm) -> HttpResponse:
        d = form.cleaned_data
        jour = timezone.localdate()
        try:
            with motif(d.get("motif") or "Décision de la DDETS"):
                if d["action"] == "accorder":
                    services.habilitation_accorder(
                        habilitation=self.habilitation,
                        par=self.request.user,
                        jour=jour,
                        motif_accord=d.get("motif", ""),
                    )
                else:
                    services.habilitation_retirer(
                        habilitation=self.habilitation,
                        par=self.request.user,
                        jour=jour,
                        motif_retrait=d.get("motif", ""),
                    )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
            return self.form_invalid(form)
        except RegleRefusee as exc:
            form.add_error(None, f"{exc.message} ({exc.regle} — {exc.source})")
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, "Habilitation mise à jour.")
        return redirect("web:habilitation", pk=self.habilitation.pk)
