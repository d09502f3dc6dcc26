"""Candidate pages: list and search, record, creation with the duplicate check, address, parcours, accommodations."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from titrepro.comptes.acces import GESTION_CANDIDATS, GESTION_JURY, LECTEURS_CANDIDATS
from titrepro.comptes.roles import Role
from titrepro.core.audit import motif
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Session
from titrepro.organisations.models import Organisme
from titrepro.personnes import doublons, services
from titrepro.personnes.models import Candidat, DemandeAmenagement, EtatAmenagement
from titrepro.web.forms_personnes import (
    AdresseForm,
    AmenagementForm,
    ConfirmationAdresseForm,
    CreationCandidatForm,
    DecisionAmenagementForm,
    FormationForm,
    ModificationCandidatForm,
)
from titrepro.web.views.base import AccesReserve, FicheVisible, FormulaireSurObjet, ListeVisible


def millesimes() -> QuerySet[Any]:
    return (
        apps.get_model("referentiel", "Millesime")
        .objects.select_related("titre")
        .order_by("titre__intitule", "version")
    )


def organismes_geres(user: Any) -> QuerySet[Organisme]:
    """The organismes for which the user manages candidates (their own; every one for an administrator)."""
    if user.est_administrateur:
        return Organisme.objects.all()
    ids = [a.organisme_id for a in user.affectations_actives if a.role in GESTION_CANDIDATS and a.organisme_id]
    return Organisme.objects.filter(pk__in=ids)


class ListeCandidats(ListeVisible):
    model = Candidat
    roles_autorises = LECTEURS_CANDIDATS - {Role.CANDIDAT}
    template_name = "web/personnes/candidats.html"
    extra_context = {"title": "Candidats"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        peut_creer = bool(self.request.user.roles & GESTION_CANDIDATS)
        return super().get_context_data(
            recherche=self.request.GET.get("q", "").strip(), peut_creer=peut_creer, **kwargs
        )

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        recherche = self.request.GET.get("q", "").strip()
        return queryset.rechercher(recherche) if recherche else queryset  # type: ignore[attr-defined]


class FicheCandidat(FicheVisible):
    model = Candidat
    roles_autorises = LECTEURS_CANDIDATS
    template_name = "web/personnes/candidat.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        candidat: Candidat = self.object
        user = self.request.user
        jour = timezone.localdate()
        formations = list(candidat.formations.visibles_par(user).select_related("organisme", "millesime__titre"))
        parcours = []
        for formation in formations:
            parcours.append(
                {
                    "formation": formation,
                    "adresse": services.verdict_adresse(formation, jour=jour),
                    "droits": services.verdict_droits(formation, jour=jour, sessions=candidat.dates_sessions())
                    if formation.fin
                    else None,
                    "recevabilite": services.verdict_recevabilite(formation, dernier_jour_session=jour)
                    if formation.statut == "vae"
                    else None,
                    "ccp_restants": services.ccp_restants(candidat, formation.millesime),
                }
            )
        amenagements = [
            {"demande": d, "verdict": services.verdict_amenagement(d, jour=jour)}
            for d in candidat.amenagements.visibles_par(user).select_related(
                "millesime__titre", "departement", "session"
            )
        ]
        context.update(
            title=str(candidat),
            organismes=candidat.organismes.visibles_par(user),
            adresses=candidat.adresses.all(),
            confirmations=candidat.confirmations_adresse.select_related("par", "formation"),
            parcours=parcours,
            ccp_acquis=candidat.ccp_acquis.select_related("ccp__millesime__titre", "session"),
            ccs_acquis=candidat.ccs_acquis.select_related("ccs"),
            amenagements=amenagements,
            confirmations_doublon=candidat.confirmations_doublon.select_related("par"),
            peut_modifier=bool(user.roles & GESTION_CANDIDATS),
            peut_decider=bool(user.roles & GESTION_JURY),
        )
        return context


def lignes_doublons(user: Any, trouves: list[services.DoublonTrouve], organisme: Any = None) -> list[dict[str, Any]]:
    """The matches to show: a record outside the user's scope shows only the identity needed to confirm.

    ``rattachable``: the record is not held by ``organisme`` yet (the creation page offers to attach it).
    """
    ids = [t.candidat_id for t in trouves]
    visibles = set(Candidat.objects.visibles_par(user).filter(pk__in=ids).values_list("pk", flat=True))
    fiches = Candidat.objects.only(
        "pk", "nom_naissance", "nom_usage", "prenoms", "sexe", "date_naissance", "lieu_naissance", "pays_naissance"
    ).in_bulk(ids)
    tenus = (
        set(organisme.candidats.filter(pk__in=ids).values_list("pk", flat=True)) if organisme is not None else set(ids)
    )
    return [
        {
            "trouve": t,
            "candidat": fiches[t.candidat_id],
            "visible": t.candidat_id in visibles,
            "rattachable": t.candidat_id not in tenus,
        }
        for t in trouves
    ]


class FormulaireCandidat(FormulaireSurObjet):
    """Base of the forms about one visible candidate."""

    modele = Candidat
    url_fiche = "web:candidat"
    roles_autorises = GESTION_CANDIDATS
    template_name = "web/personnes/formulaire.html"

    @property
    def candidat(self) -> Candidat:
        return self.objet  # type: ignore[no-any-return]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("doublons", None)  # not extra_context: it would override the matches passed in
        kwargs.setdefault("rattacher", False)
        return super().get_context_data(**kwargs)


class CreerCandidat(AccesReserve, FormView):  # type: ignore[type-arg]
    """Creation: the duplicate check runs first; the user confirms « il s'agit d'une autre personne » to go on."""

    roles_autorises = GESTION_CANDIDATS
    template_name = "web/personnes/formulaire.html"
    form_class = CreationCandidatForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "organismes": organismes_geres(self.request.user)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("doublons", None)
        kwargs.setdefault("rattacher", False)
        return super().get_context_data(
            title="Créer une fiche candidat",
            titre="Créer une fiche candidat",
            retour=reverse("web:candidats"),
            **kwargs,
        )

    def form_valid(self, form: CreationCandidatForm) -> HttpResponse:
        donnees = form.cleaned_data
        if self.request.POST.get("rattacher"):
            return self.rattacher(form)
        adresse = {k: donnees[k] for k in ("voie", "code_postal", "commune")} if donnees.get("voie") else None
        try:
            candidat = services.candidat_creer(
                donnees=donnees,
                organisme=donnees["organisme"],
                auteur=self.request.user,
                autre_personne=donnees.get("autre_personne", False),
                adresse=adresse,
                jour=timezone.localdate(),
            )
        except services.DoublonProbable as exc:
            lignes = lignes_doublons(self.request.user, exc.trouves, donnees["organisme"])
            form.add_error(None, "Des fiches ressemblantes existent : vérifiez avant de créer (CAN-DOUBLON).")
            return self.render_to_response(self.get_context_data(form=form, doublons=lignes, rattacher=True))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, f"Fiche de {candidat} créée.")
        return redirect("web:candidat", pk=candidat.pk)

    def rattacher(self, form: CreationCandidatForm) -> HttpResponse:
        """The same person already has a record (another organisme's): attach it instead of creating a duplicate."""
        donnees = form.cleaned_data
        existant = Candidat.objects.filter(pk=int(self.request.POST["rattacher"] or 0)).first()
        if existant is None:
            form.add_error(None, "La fiche à rattacher n'existe pas.")
            return self.form_invalid(form)
        identite = doublons.Identite(
            nom_naissance=donnees["nom_naissance"],
            prenoms=donnees["prenoms"],
            date_naissance=donnees["date_naissance"],
            nom_usage=donnees.get("nom_usage", ""),
            lieu_naissance=donnees.get("lieu_naissance", ""),
        )
        try:
            services.candidat_rattacher(
                candidat=existant,
                organisme=donnees["organisme"],
                identite=identite,
                auteur=self.request.user,
                motif_rattachement=self.request.POST.get("motif_rattachement", "")[:500],
            )
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, f"Fiche de {existant} rattachée à {donnees['organisme']} : aucun doublon créé.")
        return redirect("web:candidat", pk=existant.pk)


class ModifierCandidat(FormulaireCandidat):
    """Edit the état civil: a changed name or birth datum runs the duplicate check again (CAN-DOUBLON)."""

    titre = "Modifier l'état civil"
    form_class = ModificationCandidatForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.candidat}

    def form_valid(self, form: ModificationCandidatForm) -> HttpResponse:
        d = dict(form.cleaned_data)
        autre_personne = d.pop("autre_personne", False)
        trouves: list[services.DoublonTrouve] = []

        def modifier() -> None:
            try:
                services.candidat_modifier(
                    candidat=self.candidat, donnees=d, auteur=self.request.user, autre_personne=autre_personne
                )
            except services.DoublonProbable as exc:
                trouves.extend(exc.trouves)
                raise

        reponse = self.executer(form, modifier)
        if trouves:  # the refusal is on the form; show the matches above it
            lignes = lignes_doublons(self.request.user, trouves)
            return self.render_to_response(self.get_context_data(form=form, doublons=lignes))
        return reponse


class ChangerAdresse(FormulaireCandidat):
    titre = "Nouvelle adresse postale"
    form_class = AdresseForm

    def form_valid(self, form: AdresseForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: services.adresse_changer(candidat=self.candidat, par=self.request.user, **form.cleaned_data),
        )


class ConfirmerAdresse(FormulaireCandidat):
    titre = "Confirmer l'adresse postale"
    form_class = ConfirmationAdresseForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "candidat": self.candidat,
            "initial": {"confirmee_le": timezone.localdate()},
        }

    def form_valid(self, form: ConfirmationAdresseForm) -> HttpResponse:
        d = form.cleaned_data
        return self.executer(
            form,
            lambda: services.adresse_confirmer(
                candidat=self.candidat,
                moment=d["moment"],
                jour=d["confirmee_le"],
                par=self.request.user,
                formation=d.get("formation"),
            ),
        )


class AjouterFormation(FormulaireCandidat):
    titre = "Ajouter une formation au parcours"
    form_class = FormationForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "organismes": organismes_geres(self.request.user),
            "millesimes": millesimes(),
        }

    def form_valid(self, form: FormationForm) -> HttpResponse:
        d = dict(form.cleaned_data)
        formateurs = d.pop("formateurs", [])
        organisme = d.pop("organisme")
        return self.executer(
            form,
            lambda: services.formation_ajouter(
                candidat=self.candidat, organisme=organisme, formateurs=formateurs, par=self.request.user, **d
            ),
        )


class DemanderAmenagement(FormulaireCandidat):
    titre = "Demande d'aménagement des épreuves"
    form_class = AmenagementForm

    def get_form_kwargs(self) -> dict[str, Any]:
        sessions = (
            Session.objects.visibles_par(self.request.user)
            .filter(inscriptions__candidat=self.candidat)
            .select_related("millesime__titre")
        )
        kwargs = {
            **super().get_form_kwargs(),
            "millesimes": millesimes(),
            "sessions": sessions.distinct().order_by("-premier_jour"),
        }
        kwargs["instance"] = DemandeAmenagement(candidat=self.candidat)
        return kwargs

    def form_valid(self, form: AmenagementForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: services.amenagement_demander(candidat=self.candidat, par=self.request.user, **form.cleaned_data),
        )


class DeciderAmenagement(AccesReserve, FormView):  # type: ignore[type-arg]
    """The DDETS decision on an accommodation request (SES-HANDICAP)."""

    roles_autorises = GESTION_JURY
    template_name = "web/personnes/formulaire.html"
    form_class = DecisionAmenagementForm
    demande: DemandeAmenagement

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and request.user.roles & self.roles_autorises:
            self.demande = get_visible_or_404(DemandeAmenagement.objects.all(), request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"formulaire_recu_le": self.demande.formulaire_recu_le}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        titre = f"Décision sur l'aménagement : {self.demande.resume}"
        return super().get_context_data(
            title=titre,
            titre=titre,
            retour=reverse("web:candidat", args=[self.demande.candidat_id]),
            doublons=None,
            **kwargs,
        )

    def form_valid(self, form: DecisionAmenagementForm) -> HttpResponse:
        d = form.cleaned_data
        if self.demande.etat != EtatAmenagement.DEMANDEE:
            form.add_error(None, f"La demande est déjà {self.demande.get_etat_display().lower()}.")
            return self.form_invalid(form)
        try:
            with motif(d.get("motif") or "Décision de la DDETS"):
                if d.get("formulaire_recu_le") and not self.demande.formulaire_recu_le:
                    self.demande.formulaire_recu_le = d["formulaire_recu_le"]
                    self.demande.save(update_fields=["formulaire_recu_le", "modifie_le"])
                services.amenagement_decider(
                    demande=self.demande,
                    par=self.request.user,
                    jour=timezone.localdate(),
                    accorde=d["decision"] == "accorder",
                    motif_decision=d.get("motif", ""),
                )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            return self.form_invalid(form)
        messages.success(self.request, "Décision enregistrée.")
        return redirect("web:candidat", pk=self.demande.candidat_id)
