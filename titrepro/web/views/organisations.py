"""Pages of the organismes: record, head office, contacts (ORG-CONTACTS), SIRET change (AGR-SIRET), sites and
their plateau (AGR-PLATEAU), photos, conventions (ORG-CONVENTION) and the annual programming (ORG-PROGRAMMATION).

Reads go through ``visibles_par``; writes call ``titrepro.organisations.services`` (and
``titrepro.agrements.services.site_changer_plateau``), which check ``peut_modifier``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from titrepro.agrements.models import Agrement, DemandeAgrement
from titrepro.agrements.services import site_changer_plateau
from titrepro.comptes.acces import (
    GESTION_ORGANISME,
    INSTRUCTEURS_AGREMENTS,
    LECTEURS_ORGANISMES,
    LECTEURS_PROGRAMMATIONS,
)
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.fichiers import reponse_telechargement
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.services.sessions import lignes_export, sessions_programmees_visibles
from titrepro.organisations import exports, services
from titrepro.organisations.models import (
    ChangementSiret,
    Contact,
    Convention,
    LigneProgrammation,
    Organisme,
    PhotoSite,
    ProgrammationAnnuelle,
    Site,
)
from titrepro.referentiel.models import Millesime
from titrepro.territoires.models import Departement
from titrepro.web import forms_organisations as f
from titrepro.web.views.base import AccesReserve, FicheVisible, ListeVisible
from titrepro.web.views.objets import exiger, objet_visible, reporter_erreur

REFUS = (ValidationError, RegleRefusee, PermissionDenied)


class ListeOrganismes(ListeVisible):
    model = Organisme
    roles_autorises = LECTEURS_ORGANISMES
    template_name = "web/organisations/liste.html"
    extra_context = {"title": "Organismes"}


class FicheOrganisme(FicheVisible):
    model = Organisme
    roles_autorises = LECTEURS_ORGANISMES
    template_name = "web/organisations/fiche.html"

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.prefetch_related("sites__departement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        organisme = self.object
        context["title"] = str(organisme)
        # Everything below goes through the same scoping: a DDETS sees only the sites of its département.
        context["sites"] = organisme.sites.visibles_par(user).select_related("departement")
        context["contacts"] = Contact.objects.visibles_par(user).filter(organisme=organisme)
        context["verdict_contacts"] = services.organisme_verdict_contacts(organisme, jour=timezone.localdate())
        context["changements_siret"] = organisme.changements_siret.visibles_par(user)
        context["conventions"] = Convention.objects.visibles_par(user).filter(organisme=organisme)
        context["agrements"] = (
            Agrement.objects.visibles_par(user).filter(organisme=organisme).select_related("site", "millesime__titre")
        )
        context["demandes"] = DemandeAgrement.objects.visibles_par(user).filter(organisme=organisme)
        context["peut_modifier"] = organisme.peut_modifier(user)[0]
        context["peut_confirmer_siret"] = bool(user.roles.intersection(INSTRUCTEURS_AGREMENTS))
        context["aujourdhui"] = timezone.localdate()
        return context


class _SurObjet(AccesReserve, View):
    """A form page about one visible object of ``model``; ``verifier`` names the ``peut_<verbe>`` to call."""

    model: type[Any]
    template_name = "web/formulaire.html"
    titre = ""
    roles_autorises = GESTION_ORGANISME

    def objet(self) -> Any:
        objet = objet_visible(self.model, self.request.user, self.kwargs["pk"])
        exiger(objet.peut_modifier(self.request.user))
        return objet

    def formulaire(self, objet: Any, data: Any = None, files: Any = None) -> Any:
        raise NotImplementedError

    def executer(self, objet: Any, donnees: dict[str, Any]) -> str:
        """Do the write; return the URL to go to."""
        raise NotImplementedError

    def contexte(self, objet: Any) -> dict[str, Any]:
        return {}

    def rendre(self, objet: Any, form: Any) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {"title": self.titre, "objet": objet, "form": form, "retour": _url_de(objet), **self.contexte(objet)},
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        objet = self.objet()
        return self.rendre(objet, self.formulaire(objet))

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        objet = self.objet()
        form = self.formulaire(objet, request.POST, request.FILES)
        if form.is_valid():
            try:
                return HttpResponseRedirect(self.executer(objet, form.cleaned_data))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
        return self.rendre(objet, form)


def _url_de(objet: Any) -> str:
    if isinstance(objet, Organisme):
        return reverse("web:organisme", args=[objet.pk])
    if isinstance(objet, Site):
        return reverse("web:site", args=[objet.pk])
    if isinstance(objet, Contact | Convention):
        return reverse("web:organisme", args=[objet.organisme_id])
    if isinstance(objet, ProgrammationAnnuelle):
        return reverse("web:programmation", args=[objet.pk])
    return reverse("web:accueil")


class ModifierOrganisme(_SurObjet):
    model = Organisme
    titre = "Modifier l'organisme"

    def formulaire(self, objet: Any, data: Any = None, files: Any = None) -> Any:
        return f.OrganismeForm(data, instance=Organisme.objects.get(pk=objet.pk))

    def executer(self, objet: Any, donnees: dict[str, Any]) -> str:
        services.organisme_modifier(organisme=objet, auteur=self.request.user, **donnees)
        messages.success(self.request, "Organisme mis à jour. Un déménagement du siège n'exige pas de nouvel agrément.")
        return _url_de(objet)


class ChangerSiret(_SurObjet):
    model = Organisme
    titre = "Déclarer un changement de SIRET"

    def contexte(self, objet: Any) -> dict[str, Any]:
        return {
            "explication": "Règle AGR-SIRET : le changement est signalé à la DREETS et les sites de l'organisme sont "
            "transférés vers le nouveau SIRET. La DREETS reçoit un courriel."
        }

    def formulaire(self, objet: Any, data: Any = None, files: Any = None) -> Any:
        return f.ChangementSiretForm(data, initial={"date_effet": timezone.localdate()})

    def executer(self, objet: Any, donnees: dict[str, Any]) -> str:
        changement = services.organisme_changer_siret(
            organisme=objet, auteur=self.request.user, jour=timezone.localdate(), **donnees
        )
        messages.success(self.request, f"Changement de SIRET enregistré : {changement}. La DREETS est prévenue.")
        return _url_de(objet)


class AjouterContact(_SurObjet):
    model = Organisme
    titre = "Ajouter un contact"

    def formulaire(self, objet: Any, data: Any = None, files: Any = None) -> Any:
        return f.ContactForm(data)

    def executer(self, objet: Any, donnees: dict[str, Any]) -> str:
        services.contact_enregistrer(organisme=objet, auteur=self.request.user, **donnees)
        messages.success(self.request, "Contact enregistré.")
        return _url_de(objet)


class ModifierContact(_SurObjet):
    model = Contact
    titre = "Modifier un contact"

    def objet(self) -> Any:
        contact = objet_visible(Contact, self.request.user, self.kwargs["pk"])
        exiger(contact.organisme.peut_modifier(self.request.user))
        return contact

    def formulaire(self, objet: Any, data: Any = None, files: Any = None) -> Any:
        return f.ContactForm(data, instance=Contact.objects.get(pk=objet.pk))

    def executer(self, objet: Any, donnees: dict[str, Any]) -> str:
        services.contact_enregistrer(organisme=objet.organisme, contact=objet, auteur=self.request.user, **donnees)
        messages.success(self.request, "Contact modifié.")
        return _url_de(objet)


class SupprimerContact(AccesReserve, View):
    roles_autorises = GESTION_ORGANISME

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        contact = objet_visible(Contact, request.user, kwargs["pk"])
        services.contact_supprimer(contact=contact, auteur=request.user)
        messages.success(request, "Contact supprimé.")
        return HttpResponseRedirect(reverse("web:organisme", args=[contact.organisme_id]))


class ConfirmerTransfertSiret(AccesReserve, View):
    """AGR-SIRET: the DREETS confirms it moved the sites and agréments to the new SIRET (POST only)."""

    roles_autorises = INSTRUCTEURS_AGREMENTS

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        changement = objet_visible(ChangementSiret, request.user, kwargs["pk"])
        try:
            verdict = services.changement_siret_confirmer(
                changement=changement, auteur=request.user, jour=timezone.localdate()
            )
            messages.success(request, verdict.message)
        except REFUS as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return HttpResponseRedirect(reverse("web:organisme", args=[changement.organisme_id]))


class FicheSite(FicheVisible):
    model = Site
    roles_autorises = LECTEURS_ORGANISMES
    template_name = "web/organisations/site.html"

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organisme", "departement__region")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        site = self.object
        aujourdhui = timezone.localdate()
        agrements = list(Agrement.objects.visibles_par(user).filter(site=site).select_related("millesime__titre"))
        return super().get_context_data(
            title=str(site),
            photos=PhotoSite.objects.visibles_par(user).filter(site=site),
            agrements=[(a, a.etat_le(aujourdhui)) for a in agrements],
            changements=site.changements_plateau.visibles_par(user),
            peut_modifier=site.peut_modifier(user)[0],
            **kwargs,
        )


class ModifierSite(_SurObjet):
    model = Site
    titre = "Modifier le site"

    def contexte(self, objet: Any) -> dict[str, Any]:
        return {
            "explication": "L'adresse ou la configuration du plateau technique se change par la procédure "
            "« Déclarer un changement de plateau » (AGR-PLATEAU)."
        }

    def formulaire(self, objet: Any, data: Any = None, files: Any = None) -> Any:
        return f.SiteForm(data, instance=Site.objects.get(pk=objet.pk))

    def executer(self, objet: Any, donnees: dict[str, Any]) -> str:
        services.site_modifier(site=objet, auteur=self.request.user, **donnees)
        messages.success(self.request, "Site mis à jour.")
        return _url_de(objet)


class ChangerPlateau(_SurObjet):
    model = Site
    titre = "Déclarer un changement de plateau technique"

    def contexte(self, objet: Any) -> dict[str, Any]:
        return {
            "explication": "Règle AGR-PLATEAU : un changement d'adresse ou de configuration du plateau technique met "
            "fin aux agréments du site à la date d'effet ; une nouvelle demande d'agrément est nécessaire pour chaque "
            "titre. Le seul déménagement du siège social se déclare sur la fiche de l'organisme."
        }

    def formulaire(self, objet: Any, data: Any = None, files: Any = None) -> Any:
        return f.ChangementPlateauForm(data, initial={"date_effet": timezone.localdate()})

    def executer(self, objet: Any, donnees: dict[str, Any]) -> str:
        _changement, verdict = site_changer_plateau(
            site=objet, auteur=self.request.user, jour=timezone.localdate(), **donnees
        )
        (messages.warning if not verdict.ok else messages.success)(self.request, verdict.message)
        return _url_de(objet)


class AjouterPhoto(_SurObjet):
    model = Site
    titre = "Ajouter une photo légendée"

    def formulaire(self, objet: Any, data: Any = None, files: Any = None) -> Any:
        return f.PhotoForm(data, files)

    def executer(self, objet: Any, donnees: dict[str, Any]) -> str:
        services.photo_site_ajouter(site=objet, auteur=self.request.user, **donnees)
        messages.success(self.request, "Photo ajoutée.")
        return _url_de(objet)


class TelechargerPhoto(AccesReserve, View):
    roles_autorises = LECTEURS_ORGANISMES

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        photo = objet_visible(PhotoSite, request.user, kwargs["pk"])
        return reponse_telechargement(photo, photo.fichier, photo.nom_original, request.user)


class AjouterConvention(_SurObjet):
    model = Organisme
    titre = "Enregistrer une convention avec un organisme de formation"

    def contexte(self, objet: Any) -> dict[str, Any]:
        return {
            "explication": "Règle ORG-CONVENTION : un centre qui examine des candidats formés par un autre organisme "
            "a une convention écrite avec lui, transmise au préfet avant sa prise d'effet et mise à jour chaque année "
            "avant le 1er janvier."
        }

    def formulaire(self, objet: Any, data: Any = None, files: Any = None) -> Any:
        return f.ConventionForm(data, files, initial={"annee": timezone.localdate().year + 1})

    def executer(self, objet: Any, donnees: dict[str, Any]) -> str:
        fichier = donnees.pop("fichier", None)
        services.convention_enregistrer(organisme=objet, auteur=self.request.user, fichier=fichier, **donnees)
        messages.success(self.request, "Convention enregistrée.")
        return _url_de(objet)


class ModifierConvention(_SurObjet):
    """ORG-CONVENTION: the organisme's responsable updates a convention (yearly update, sent to the préfet, file)."""

    model = Convention
    titre = "Modifier la convention"

    def objet(self) -> Any:
        convention = objet_visible(Convention, self.request.user, self.kwargs["pk"])
        exiger(convention.organisme.peut_modifier(self.request.user))
        return convention

    def contexte(self, objet: Any) -> dict[str, Any]:
        return {
            "explication": "Règle ORG-CONVENTION : la convention est mise à jour chaque année avant le 1er janvier de "
            "l'année couverte et transmise au préfet avant sa prise d'effet. Joindre un nouveau fichier remplace "
            "l'ancien ; sans fichier, le fichier actuel est conservé."
        }

    def formulaire(self, objet: Any, data: Any = None, files: Any = None) -> Any:
        champs = f.ConventionForm.base_fields
        return f.ConventionForm(data, files, initial={nom: getattr(objet, nom) for nom in champs if nom != "fichier"})

    def executer(self, objet: Any, donnees: dict[str, Any]) -> str:
        fichier = donnees.pop("fichier", None)
        services.convention_enregistrer(
            organisme=objet.organisme, convention=objet, auteur=self.request.user, fichier=fichier, **donnees
        )
        messages.success(self.request, "Convention mise à jour.")
        return _url_de(objet)


class TelechargerConvention(AccesReserve, View):
    roles_autorises = LECTEURS_ORGANISMES

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        convention = objet_visible(Convention, request.user, kwargs["pk"])
        if not convention.fichier:
            raise Http404("Aucun fichier joint à cette convention.")
        return reponse_telechargement(convention, convention.fichier, convention.nom_fichier, request.user)


# ------------------------------------------------------------------------------------------ programmation


class ListeProgrammations(ListeVisible):
    model = ProgrammationAnnuelle
    roles_autorises = LECTEURS_PROGRAMMATIONS
    template_name = "web/organisations/programmations.html"
    extra_context = {"title": "Programmations annuelles"}

    def get_queryset(self) -> QuerySet[Any]:
        # The UD/DDETS sees only what it received (transmitted programmings).
        return ProgrammationAnnuelle.objects.pour_lecteur(self.request.user).select_related("organisme", "departement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            peut_creer=bool(self.request.user.roles.intersection(GESTION_ORGANISME)), **kwargs
        )


def _programmation_visible(user: Any, pk: Any) -> ProgrammationAnnuelle:
    return get_visible_or_404(ProgrammationAnnuelle.objects.pour_lecteur(user), user, pk=pk)


class CreerProgrammation(AccesReserve, View):
    roles_autorises = GESTION_ORGANISME

    def _form(self, data: Any = None) -> f.ProgrammationForm:
        form = f.ProgrammationForm(data, initial={"annee": timezone.localdate().year + 1})
        sites = Site.objects.visibles_par(self.request.user).filter(organisme__in=self._organismes())
        form.fields["departement"].queryset = Departement.objects.filter(sites__in=sites).distinct()
        return form

    def _organismes(self) -> list[Organisme]:
        return [o for o in Organisme.objects.visibles_par(self.request.user) if o.peut_modifier(self.request.user)[0]]

    def _rendre(self, form: Any) -> HttpResponse:
        return render(
            self.request,
            "web/formulaire.html",
            {
                "title": "Nouvelle programmation annuelle",
                "objet": None,
                "form": form,
                "retour": reverse("web:programmations"),
                "explication": "Une programmation par année et par département : elle est transmise à l'UD/DDETS dont "
                "relèvent les sites (ORG-PROGRAMMATION, au plus tard le 31 janvier).",
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._rendre(self._form())

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        organismes = self._organismes()
        if form.is_valid() and organismes:
            departement = form.cleaned_data["departement"]
            organisme = next((o for o in organismes if o.sites.filter(departement=departement).exists()), organismes[0])
            try:
                programmation = services.programmation_creer(
                    organisme=organisme,
                    departement=departement,
                    annee=form.cleaned_data["annee"],
                    periode=form.cleaned_data["periode"],
                    auteur=request.user,
                )
                return HttpResponseRedirect(reverse("web:programmation", args=[programmation.pk]))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
        return self._rendre(form)


def _sessions_reelles(user: Any, programmation: ProgrammationAnnuelle) -> list[Any]:
    """Issue 6: the sessions really created that year in that département, next to the provisional lines."""
    return sessions_programmees_visibles(
        user,
        organisme_id=programmation.organisme_id,
        departement_id=programmation.departement_id,
        annee=programmation.annee,
    )


class FicheProgrammation(AccesReserve, View):
    roles_autorises = LECTEURS_PROGRAMMATIONS

    def _form(self, programmation: ProgrammationAnnuelle, data: Any = None) -> f.LigneProgrammationForm:
        form = f.LigneProgrammationForm(data)
        form.fields["site"].queryset = Site.objects.visibles_par(self.request.user).filter(
            organisme=programmation.organisme, departement=programmation.departement
        )
        form.fields["millesime"].queryset = Millesime.objects.select_related("titre")
        return form

    def _rendre(self, programmation: ProgrammationAnnuelle, form: Any) -> HttpResponse:
        user = self.request.user
        return render(
            self.request,
            "web/organisations/programmation.html",
            {
                "title": str(programmation),
                "programmation": programmation,
                "lignes": LigneProgrammation.objects.visibles_par(user)
                .filter(programmation=programmation)
                .select_related("site", "millesime__titre"),
                "form": form,
                "peut_modifier": programmation.peut_modifier(user)[0],
                "peut_transmettre": programmation.peut_transmettre(user),
                "sessions_reelles": _sessions_reelles(user, programmation),
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        programmation = _programmation_visible(request.user, kwargs["pk"])
        return self._rendre(programmation, self._form(programmation))

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        programmation = _programmation_visible(request.user, kwargs["pk"])
        exiger(programmation.peut_modifier(request.user))
        form = self._form(programmation, request.POST)
        if form.is_valid():
            try:
                services.ligne_programmation_enregistrer(
                    programmation=programmation, auteur=request.user, **form.cleaned_data
                )
                messages.success(request, "Session ajoutée à la programmation.")
                return HttpResponseRedirect(reverse("web:programmation", args=[programmation.pk]))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
        return self._rendre(programmation, form)


class TransmettreProgrammation(AccesReserve, View):
    roles_autorises = GESTION_ORGANISME

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        programmation = _programmation_visible(request.user, kwargs["pk"])
        verdict = services.programmation_transmettre(
            programmation=programmation, auteur=request.user, jour=timezone.localdate()
        )
        (messages.success if verdict.ok else messages.warning)(request, verdict.message)
        return HttpResponseRedirect(reverse("web:programmation", args=[programmation.pk]))


class SupprimerLigneProgrammation(AccesReserve, View):
    roles_autorises = GESTION_ORGANISME

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        ligne = objet_visible(LigneProgrammation, request.user, kwargs["pk"])
        services.ligne_programmation_supprimer(ligne=ligne, auteur=request.user)
        messages.success(request, "Session retirée de la programmation.")
        return HttpResponseRedirect(reverse("web:programmation", args=[ligne.programmation_id]))


class ExporterProgrammation(AccesReserve, View):
    roles_autorises = LECTEURS_PROGRAMMATIONS
    format_export = "pdf"

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        programmation = _programmation_visible(request.user, kwargs["pk"])
        lignes = list(
            LigneProgrammation.objects.visibles_par(request.user)
            .filter(programmation=programmation)
            .select_related("site", "millesime__titre")
        )
        sessions = lignes_export(_sessions_reelles(request.user, programmation))
        nom = f"programmation-{programmation.annee}-{programmation.organisme.siret}-{programmation.departement.code}"
        if self.format_export == "xlsx":
            contenu = exports.programmation_xlsx(programmation, lignes, sessions)
            reponse = HttpResponse(
                contenu, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        else:
            contenu = exports.programmation_pdf(programmation, lignes, sessions)
            reponse = HttpResponse(contenu, content_type="application/pdf")
        reponse["Content-Disposition"] = f'attachment; filename="{nom}.{self.format_export}"'
        return reponse
