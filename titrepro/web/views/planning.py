"""Timetable pages: the rooms of a site, the session's planning (generate, view, adjust, import, publish, print).

Every object is found through ``visibles_par`` (404 outside the user's scope); every write goes
through ``titrepro.planning.services`` (or ``planning.imports``), which checks ``peut_<verbe>``
and validates the timetable with the solver's validator; violations are listed with their rule
codes. The computation runs in a background task: the page polls its progress with htmx.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from titrepro.agrements.models import DemandeAgrement, EtatDemande
from titrepro.comptes.acces import (
    GESTION_ORGANISME,
    GESTION_PLANNING,
    GESTION_SALLES,
    LECTEURS_PLANNING,
    LECTEURS_SALLES,
)
from titrepro.core.erreurs import RegleRefusee
from titrepro.examens.models import Session
from titrepro.organisations.models import Site
from titrepro.planning import documents, imports, lectures, prevision, services
from titrepro.planning.models import Creneau, Planning, Salle, peut_gerer_salles
from titrepro.referentiel.models import Millesime
from titrepro.web.forms_planning import DeplacerCreneauForm, ImportPlanningForm, OrganisationPrevueForm, SalleForm
from titrepro.web.views.base import AccesReserve
from titrepro.web.views.objets import exiger, objet_visible, reporter_erreur
from titrepro.web.views.panneaux_session import panneau_session

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fichier(contenu: bytes, nom: str, type_mime: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type=type_mime)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def _message_erreur(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, services.PlanningNonConforme):
        messages.error(request, f"{exc.message} ({exc.regle} — {exc.source})")
        for violation in exc.violations[:20]:
            messages.error(request, f"{violation['code']} : {violation['message']}")
    elif isinstance(exc, RegleRefusee):
        messages.error(request, f"{exc.message} ({exc.regle} — {exc.source})")
    elif isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc))


# ---------------------------------------------------------------------------------------------- rooms


class SallesSite(AccesReserve, View):
    """The rooms of a site's plateau technique."""

    roles_autorises = LECTEURS_SALLES

    def get(self, request: Any, pk: int) -> HttpResponse:
        site: Site = objet_visible(Site, request.user, pk)
        contexte = {
            "title": f"Salles du plateau — {site}",
            "site": site,
            "salles": Salle.objects.visibles_par(request.user).filter(site=site).order_by("nom"),
            "peut_gerer": peut_gerer_salles(request.user, site.organisme_id)[0],
        }
        return render(request, "web/planning/salles.html", contexte)


class _FormulaireSalle(AccesReserve, View):
    roles_autorises = GESTION_SALLES

    def _page(self, request: Any, site: Site, form: SalleForm, titre: str) -> HttpResponse:
        contexte = {
            "title": titre,
            "objet": site,
            "form": form,
            "retour": reverse("web:site_salles", args=[site.pk]),
            "explication": "Les salles servent au calcul du planning des sessions du site (SES-PLANNING) : "
            "capacité, épreuves accueillies, salle isolée pour un aménagement accordé (SES-HANDICAP).",
        }
        return render(request, "web/formulaire.html", contexte)

    def _enregistrer(self, request: Any, site: Site, salle: Salle | None, titre: str) -> HttpResponse:
        form = SalleForm(request.POST, instance=salle or Salle(site=site))
        if not form.is_valid():
            return self._page(request, site, form, titre)
        try:
            services.salle_enregistrer(site=site, auteur=request.user, salle=salle, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            reporter_erreur(request, form, exc)
            return self._page(request, site, form, titre)
        messages.success(request, f"Salle « {form.cleaned_data['nom']} » enregistrée.")
        return HttpResponseRedirect(reverse("web:site_salles", args=[site.pk]))


class AjouterSalle(_FormulaireSalle):
    def _site(self, request: Any, pk: int) -> Site:
        site: Site = objet_visible(Site, request.user, pk)
        exiger(peut_gerer_salles(request.user, site.organisme_id))
        return site

    def get(self, request: Any, pk: int) -> HttpResponse:
        site = self._site(request, pk)
        return self._page(request, site, SalleForm(initial={"capacite": 1}), "Ajouter une salle")

    def post(self, request: Any, pk: int) -> HttpResponse:
        return self._enregistrer(request, self._site(request, pk), None, "Ajouter une salle")


class ModifierSalle(_FormulaireSalle):
    def _salle(self, request: Any, pk: int) -> Salle:
        salle: Salle = objet_visible(Salle, request.user, pk)
        exiger(salle.peut_gerer(request.user))
        return salle

    def get(self, request: Any, pk: int) -> HttpResponse:
        salle = self._salle(request, pk)
        return self._page(request, salle.site, SalleForm(instance=salle), f"Modifier la salle « {salle} »")

    def post(self, request: Any, pk: int) -> HttpResponse:
        salle = self._salle(request, pk)
        return self._enregistrer(request, salle.site, salle, f"Modifier la salle « {salle} »")


class SupprimerSalle(AccesReserve, View):
    roles_autorises = GESTION_SALLES
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        salle: Salle = objet_visible(Salle, request.user, pk)
        site_id = salle.site_id
        try:
            services.salle_supprimer(salle=salle, auteur=request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Salle « {salle.nom} » supprimée.")
        return HttpResponseRedirect(reverse("web:site_salles", args=[site_id]))


# ------------------------------------------------------------------------------------------- planning


def _lecteur_planning(request: HttpRequest) -> bool:
    return bool(request.user.roles.intersection(LECTEURS_PLANNING))  # type: ignore[union-attr]


@panneau_session(ordre=35, gabarit="web/sessions/_panneau_planning.html")
def panneau_planning(session: Session, request: HttpRequest) -> dict[str, Any] | None:
    if not _lecteur_planning(request):
        return None
    return {"planning_courant": services.planning_courant(session, request.user)}


def _contexte_planning(request: Any, planning: Planning, vue: str) -> dict[str, Any]:
    session = planning.session
    vue = vue if vue in lectures.VUES else "temps"
    versions = Planning.objects.visibles_par(request.user).filter(session=session).order_by("-version")
    return {
        "title": f"Planning — session {session.numero}",
        "session": session,
        "planning": planning,
        "versions": versions,
        "vue": vue,
        "vues": lectures.VUES,
        "groupes": lectures.groupes(planning, vue) if not planning.en_calcul else [],
        "peut_gerer": session.peut_gerer(request.user)[0],
        "peut_modifier": planning.peut_modifier(request.user)[0],
        "peut_publier": planning.peut_publier(request.user)[0] and not planning.violations,
        "demandes_agrement": _demandes_a_completer(request.user, session),
    }


def _demandes_a_completer(user: Any, session: Session) -> list[DemandeAgrement]:
    """The agrément requests of the session's site that ``user`` may still complete (the organisme's responsable)."""
    if not user.roles.intersection(GESTION_ORGANISME):
        return []
    demandes = DemandeAgrement.objects.visibles_par(user).filter(site=session.site_id, etat=EtatDemande.EN_CONSTRUCTION)
    return [d for d in demandes if d.peut_modifier(user)[0]]


class PlanningSession(AccesReserve, View):
    """The session's timetable: the published one, else the latest version; generate or import one."""

    roles_autorises = LECTEURS_PLANNING

    def get(self, request: Any, pk: int) -> HttpResponse:
        session: Session = objet_visible(Session, request.user, pk)
        planning = services.planning_courant(session, request.user)
        if planning is not None:
            return HttpResponseRedirect(reverse("web:planning", args=[planning.pk]))
        contexte = {
            "title": f"Planning — session {session.numero}",
            "session": session,
            "peut_gerer": session.peut_gerer(request.user)[0],
        }
        return render(request, "web/planning/aucun.html", contexte)


class FichePlanning(AccesReserve, View):
    """One version of the timetable, in one of four views; polled by htmx while it is being computed."""

    roles_autorises = LECTEURS_PLANNING

    def get(self, request: Any, pk: int) -> HttpResponse:
        planning: Planning = objet_visible(Planning, request.user, pk)
        contexte = _contexte_planning(request, planning, request.GET.get("vue", "temps"))
        if request.headers.get("HX-Request"):
            reponse = render(request, "web/planning/_progression.html", contexte)
            if not planning.en_calcul:
                reponse["HX-Refresh"] = "true"  # the computed timetable replaces the progress bar
            return reponse
        return render(request, "web/planning/planning.html", contexte)


class GenererPlanning(AccesReserve, View):
    roles_autorises = GESTION_PLANNING
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        session: Session = objet_visible(Session, request.user, pk)
        try:
            planning = services.planning_generer(session=session, auteur=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _message_erreur(request, exc)
            return HttpResponseRedirect(reverse("web:session_planning", args=[session.pk]))
        return HttpResponseRedirect(reverse("web:planning", args=[planning.pk]))


class PublierPlanning(AccesReserve, View):
    roles_autorises = GESTION_PLANNING
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        planning: Planning = objet_visible(Planning, request.user, pk)
        try:
            services.planning_publier(planning=planning, auteur=request.user)
        except (RegleRefusee, ValidationError, PermissionDenied) as exc:
            _message_erreur(request, exc)
        else:
            messages.success(
                request,
                f"Planning version {planning.version} publié : chaque convocation donne ses horaires au candidat.",
            )
        return HttpResponseRedirect(reverse("web:planning", args=[planning.pk]))


class CopierPlanning(AccesReserve, View):
    roles_autorises = GESTION_PLANNING
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        planning: Planning = objet_visible(Planning, request.user, pk)
        try:
            copie = services.planning_copier(planning=planning, auteur=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _message_erreur(request, exc)
            return HttpResponseRedirect(reverse("web:planning", args=[planning.pk]))
        messages.success(request, f"Version {copie.version} créée : modifiez-la puis publiez-la.")
        return HttpResponseRedirect(reverse("web:planning", args=[copie.pk]))


class DeplacerCreneau(AccesReserve, View):
    """Move one slot by hand (day, start, jury, room); the whole timetable is re-validated at once."""

    roles_autorises = GESTION_PLANNING

    def _creneau(self, request: Any, pk: int) -> Creneau:
        creneau: Creneau = objet_visible(Creneau, request.user, pk)
        exiger(creneau.planning.peut_modifier(request.user))
        return creneau

    def _form(self, creneau: Creneau, data: Any = None) -> DeplacerCreneauForm:
        session = creneau.planning.session
        initial = {
            "jour": creneau.jour.isoformat(),
            "debut": creneau.heure_debut,
            "jury": creneau.jury_id,
            "salle": creneau.salle_id,
        }
        return DeplacerCreneauForm(
            data,
            initial=initial,
            jours=list(session.jours.values_list("date", flat=True)),
            jurys=list(session.jurys.order_by("numero")),
            salles=list(Salle.objects.filter(site=session.site_id).order_by("nom")),
        )

    def _page(self, request: Any, creneau: Creneau, form: DeplacerCreneauForm) -> HttpResponse:
        contexte = {
            "title": "Déplacer un créneau",
            "objet": f"{creneau.inscription.candidat} — {creneau.epreuve} — {creneau.jour:%d/%m/%Y} {creneau.horaire}",
            "form": form,
            "retour": reverse("web:planning", args=[creneau.planning_id]),
            "explication": "Le créneau garde sa durée. Le planning entier est revérifié aussitôt ; les manquements "
            "sont listés avec leur code et empêchent la publication tant qu'ils demeurent.",
        }
        return render(request, "web/formulaire.html", contexte)

    def get(self, request: Any, pk: int) -> HttpResponse:
        creneau = self._creneau(request, pk)
        return self._page(request, creneau, self._form(creneau))

    def post(self, request: Any, pk: int) -> HttpResponse:
        creneau = self._creneau(request, pk)
        form = self._form(creneau, request.POST)
        if not form.is_valid():
            return self._page(request, creneau, form)
        session = creneau.planning.session
        donnees = form.cleaned_data
        debut: dt.time = donnees["debut"]
        try:
            violations = services.creneau_deplacer(
                creneau=creneau,
                auteur=request.user,
                jour=donnees["jour"],
                debut=debut.hour * 60 + debut.minute,
                jury=session.jurys.filter(pk=donnees["jury"]).first() if donnees["jury"] else None,
                salle=Salle.objects.filter(site=session.site_id, pk=donnees["salle"]).first()
                if donnees["salle"]
                else None,
            )
        except (ValidationError, PermissionDenied) as exc:
            reporter_erreur(request, form, exc)
            return self._page(request, creneau, form)
        if violations:
            messages.warning(
                request, f"Créneau déplacé ; le planning présente {len(violations)} manquement(s) aux règles."
            )
        else:
            messages.success(request, "Créneau déplacé ; le planning respecte toutes les règles.")
        return HttpResponseRedirect(reverse("web:planning", args=[creneau.planning_id]))


class ImporterPlanning(AccesReserve, View):
    """Import a hand-made timetable from the XLSX template (all or nothing, errors per row)."""

    roles_autorises = GESTION_PLANNING

    def _session(self, request: Any, pk: int) -> Session:
        session: Session = objet_visible(Session, request.user, pk)
        exiger(session.peut_gerer(request.user))
        return session

    def _page(
        self, request: Any, session: Session, form: ImportPlanningForm, erreurs: list[Any] | None = None
    ) -> HttpResponse:
        contexte = {
            "title": f"Importer un planning — session {session.numero}",
            "session": session,
            "form": form,
            "erreurs": erreurs or [],
        }
        return render(request, "web/planning/importer.html", contexte)

    def get(self, request: Any, pk: int) -> HttpResponse:
        return self._page(request, self._session(request, pk), ImportPlanningForm())

    def post(self, request: Any, pk: int) -> HttpResponse:
        session = self._session(request, pk)
        form = ImportPlanningForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, session, form)
        fichier = form.cleaned_data["fichier"]
        if fichier.size > imports.TAILLE_MAX:
            form.add_error("fichier", "Le fichier dépasse 2 Mo.")
            return self._page(request, session, form)
        try:
            planning = imports.planning_importer(session=session, auteur=request.user, contenu=fichier.read())
        except imports.ImportRefuse as exc:
            form.add_error("fichier", f"Rien n'a été importé : {len(exc.erreurs)} erreur(s), détaillées ci-dessous.")
            return self._page(request, session, form, exc.erreurs)
        except (ValidationError, PermissionDenied) as exc:
            reporter_erreur(request, form, exc)
            return self._page(request, session, form)
        if planning.violations:
            messages.warning(
                request,
                f"Planning importé (version {planning.version}) ; "
                f"il présente {len(planning.violations)} manquement(s).",
            )
        else:
            messages.success(request, f"Planning importé (version {planning.version}) ; il respecte toutes les règles.")
        return HttpResponseRedirect(reverse("web:planning", args=[planning.pk]))


class JoindreOrganisation(AccesReserve, View):
    """Attach the « organisation détaillée » (PDF) to an agrément request of the site (AGR-PIECES, AGR-REFUS)."""

    roles_autorises = GESTION_ORGANISME
    http_method_names = ["post"]

    def post(self, request: Any, pk: int) -> HttpResponse:
        planning: Planning = objet_visible(Planning, request.user, pk)
        demande: DemandeAgrement = objet_visible(DemandeAgrement, request.user, request.POST.get("demande") or 0)
        try:
            services.planning_joindre_a_demande(planning=planning, demande=demande, auteur=request.user)
        except (RegleRefusee, ValidationError, PermissionDenied) as exc:
            _message_erreur(request, exc)
            return HttpResponseRedirect(reverse("web:planning", args=[planning.pk]))
        messages.success(request, "L'organisation détaillée est jointe à la demande d'agrément.")
        return HttpResponseRedirect(reverse("web:demande_agrement", args=[demande.pk]))


class OrganisationPrevue(AccesReserve, View):
    """The planned « organisation détaillée » of a typical session (PDF), for an agrément request (AGR-PIECES)."""

    roles_autorises = GESTION_SALLES

    def _form(self, request: Any, data: Any = None) -> OrganisationPrevueForm:
        organismes = [
            a.organisme_id for a in request.user.affectations_actives if a.role in GESTION_SALLES and a.organisme_id
        ]
        return OrganisationPrevueForm(
            data,
            millesimes=Millesime.objects.select_related("titre").filter(epreuves__isnull=False).distinct(),
            sites=Site.objects.visibles_par(request.user).filter(organisme__in=organismes),
            initial={"premier_jour": timezone.localdate() + dt.timedelta(days=90)},
        )

    def _page(self, request: Any, form: OrganisationPrevueForm) -> HttpResponse:
        contexte = {
            "title": "Organisation détaillée prévue (demande d'agrément)",
            "form": form,
            "retour": reverse("web:demandes_agrement"),
            "explication": "La demande d'agrément joint l'organisation détaillée d'une session : quel candidat passe "
            "quelle épreuve devant quel jury et sur quel créneau horaire. Elle est calculée ici d'après le référentiel "
            "d'évaluation du titre et les salles du site, avec des candidats fictifs ; une organisation qui ne "
            "respecterait pas les épreuves et leurs durées ferait refuser la demande (AGR-REFUS).",
        }
        return render(request, "web/formulaire.html", contexte)

    def get(self, request: Any) -> HttpResponse:
        return self._page(request, self._form(request))

    def post(self, request: Any) -> HttpResponse:
        form = self._form(request, request.POST)
        if not form.is_valid():
            return self._page(request, form)
        organisation = prevision.organisation_prevue(**form.cleaned_data)
        if organisation.explication:
            form.add_error(None, f"Aucune organisation possible : {organisation.explication} (SES-PLANNING)")
            return self._page(request, form)
        contenu = prevision.organisation_prevue_pdf(organisation, jour=timezone.localdate())
        nom = f"organisation-detaillee-prevue-{form.cleaned_data['millesime'].titre.code}.pdf"
        return _fichier(contenu, nom, "application/pdf")


class ModeleImportPlanning(AccesReserve, View):
    roles_autorises = GESTION_PLANNING

    def get(self, request: Any, pk: int) -> HttpResponse:
        session: Session = objet_visible(Session, request.user, pk)
        return _fichier(documents.modele_import_xlsx(session), f"modele-planning-{session.numero}.xlsx", XLSX)


class AffichePlanningPdf(AccesReserve, View):
    """The timetable to post on site (PDF)."""

    roles_autorises = LECTEURS_PLANNING

    def get(self, request: Any, pk: int) -> HttpResponse:
        planning: Planning = objet_visible(Planning, request.user, pk)
        contenu = documents.affiche_pdf(planning, jour=timezone.localdate())
        return _fichier(contenu, f"planning-{planning.session.numero}-v{planning.version}.pdf", "application/pdf")


class OrganisationPdf(AccesReserve, View):
    roles_autorises = LECTEURS_PLANNING

    def get(self, request: Any, pk: int) -> HttpResponse:
        planning: Planning = objet_visible(Planning, request.user, pk)
        contenu = documents.organisation_pdf(planning, jour=timezone.localdate())
        nom = f"organisation-detaillee-{planning.session.numero}-v{planning.version}.pdf"
        return _fichier(contenu, nom, "application/pdf")


class OrganisationXlsx(AccesReserve, View):
    roles_autorises = LECTEURS_PLANNING

    def get(self, request: Any, pk: int) -> HttpResponse:
        planning: Planning = objet_visible(Planning, request.user, pk)
        nom = f"organisation-detaillee-{planning.session.numero}-v{planning.version}.xlsx"
        return _fichier(documents.organisation_xlsx(planning), nom, XLSX)
