"""Pages of the exam sessions: list, creation, the session page, edit, confirm, cancel, postpone, derogation.

Every write calls a service of ``titrepro.examens.services.sessions`` (rules, permissions,
audit); sessions are found through ``visibles_par`` (404 outside the user's scope). The
session page shows its own header (state, days, agrément, rules, open alerts, next action)
then the panels other parts register in ``panneaux_session``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from titrepro.agrements.models import Agrement, EtatAgrement
from titrepro.comptes.acces import DEROGATEURS_SESSIONS, GESTION_SESSIONS, LECTEURS_SESSIONS
from titrepro.comptes.models import Utilisateur
from titrepro.conformite.models import Alerte, Derogation, EtatAlerte
from titrepro.conformite.services import derogation_accorder
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.alertes import echeances_de_session
from titrepro.examens.models import EtatSession, Session
from titrepro.examens.models.sessions import ETATS_ANNULABLES, ETATS_REPORTABLES, ROLES_GESTION_SESSIONS
from titrepro.examens.services import sessions as services
from titrepro.referentiel.models import CCP, CCS
from titrepro.web import forms_sessions as f
from titrepro.web.views.base import AccesReserve, ListeVisible
from titrepro.web.views.objets import exiger, reporter_erreur
from titrepro.web.views.panneaux_session import panneaux_rendus

REFUS = (ValidationError, RegleRefusee, PermissionDenied)
ETATS_VERIFIES = frozenset({EtatSession.BROUILLON, EtatSession.CREEE, EtatSession.CONVOQUEE})
"""States where the creation rules still matter and are shown on the page."""


def _refus_texte(exc: RegleRefusee) -> str:
    return f"{exc.message} ({exc.regle}{' — ' + exc.source if exc.source else ''})"


# ------------------------------------------------------------------------------------------- list


class ListeSessions(ListeVisible):
    model = Session
    roles_autorises = LECTEURS_SESSIONS
    template_name = "web/sessions/sessions.html"

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        self.filtre = f.FiltreSessionsForm(self.request.GET)
        queryset = queryset.select_related("organisme", "site__departement", "millesime__titre")
        if not self.filtre.is_valid():
            return queryset.none()
        donnees = self.filtre.cleaned_data
        if donnees["etat"]:
            queryset = queryset.filter(etat=donnees["etat"])
        if donnees["annee"]:
            queryset = queryset.filter(premier_jour__year=donnees["annee"])
        if donnees["titre"]:
            q = donnees["titre"]
            queryset = queryset.filter(
                Q(millesime__titre__intitule__icontains=q) | Q(millesime__titre__code__icontains=q)
            )
        return queryset.order_by("-premier_jour", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title="Sessions d'examen",
            filtre=self.filtre,
            peut_creer=bool(self.request.user.roles & GESTION_SESSIONS),
            **kwargs,
        )


# ------------------------------------------------------------------------------------------- create


def _organismes_geres(user: Any) -> list[int]:
    return [a.organisme_id for a in user.affectations_actives if a.role in ROLES_GESTION_SESSIONS and a.organisme_id]


def _gestionnaires(organismes: list[int]) -> QuerySet[Utilisateur]:
    return (
        Utilisateur.objects.filter(
            affectations__role__in=list(ROLES_GESTION_SESSIONS),
            affectations__organisme_id__in=organismes,
            affectations__active=True,
        )
        .distinct()
        .order_by("nom", "prenom", "email")
    )


def _form_session(user: Any, data: Any = None, initial: dict[str, Any] | None = None) -> f.SessionForm:
    form = f.SessionForm(data, initial=initial)
    organismes = _organismes_geres(user)
    agrements = (
        Agrement.objects.visibles_par(user)
        .filter(organisme_id__in=organismes, etat=EtatAgrement.ACTIF, fin__gte=timezone.localdate())
        .select_related("site", "millesime__titre")
        .order_by("site__nom", "millesime__titre__intitule")
    )
    form.fields["agrement"].queryset = agrements
    millesimes = agrements.values("millesime")
    form.fields["ccps"].queryset = CCP.objects.filter(millesime__in=millesimes).select_related("millesime__titre")
    form.fields["ccs"].queryset = CCS.objects.filter(millesime__in=millesimes).select_related("millesime__titre")
    form.fields["responsable"].queryset = _gestionnaires(organismes)
    form.fields["suppleants"].queryset = _gestionnaires(organismes)
    return form


class CreerSession(AccesReserve, View):
    roles_autorises = GESTION_SESSIONS

    def _rendre(self, form: Any) -> HttpResponse:
        return render(
            self.request,
            "web/sessions/formulaire.html",
            {
                "title": "Nouvelle session d'examen",
                "objet": None,
                "bouton": "Créer la session",
                "form": form,
                "retour": reverse("web:sessions"),
                "explication": "La session est créée « en préparation » si toutes les règles sont respectées : "
                "délai de création (SES-CREATION-DELAI), agrément du site pour ce titre chaque jour (AGR-PERIMETRE), "
                "fin du "
                "millésime (SES-FIN-MILLESIME), responsable désigné (SES-RESPONSABLE). Les sessions se tiennent en "
                "présentiel (SES-PRESENTIEL). Une création tardive est conservée en brouillon en attendant la "
                "dérogation de la DDETS.",
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._rendre(_form_session(request.user, initial={"responsable": request.user.pk}))

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        form = _form_session(request.user, request.POST)
        if not form.is_valid():
            return self._rendre(form)
        donnees = dict(form.cleaned_data)
        agrement = donnees.pop("agrement")
        champs = {
            "auteur": request.user,
            "organisme": agrement.organisme,
            "site": agrement.site,
            "millesime": agrement.millesime,
            "nature": donnees["nature"],
            "ccps": list(donnees["ccps"]),
            "ccs": donnees["ccs"],
            "jours": donnees["jours"],
            "responsable": donnees["responsable"],
            "suppleants": list(donnees["suppleants"]),
            "observations": donnees["observations"],
            "jour": timezone.localdate(),
        }
        try:
            session = services.session_creer(brouillon=donnees["brouillon"], **champs)
        except RegleRefusee as exc:
            if exc.regle != "SES-CREATION-DELAI":
                reporter_erreur(request, form, exc)
                return self._rendre(form)
            # Derogeable: keep the work as a draft, the DDETS may lift the refusal on it.
            try:
                session = services.session_creer(brouillon=True, **champs)
            except REFUS as autre:
                reporter_erreur(request, form, autre)
                return self._rendre(form)
            messages.error(
                request,
                f"Session enregistrée en brouillon : {_refus_texte(exc)} Seule la DDETS peut accorder une "
                "dérogation ; vous confirmerez ensuite la session.",
            )
            return HttpResponseRedirect(reverse("web:session", args=[session.pk]))
        except REFUS as exc:
            reporter_erreur(request, form, exc)
            return self._rendre(form)
        if session.etat == EtatSession.BROUILLON:
            messages.success(request, f"Brouillon {session.numero} enregistré.")
        else:
            messages.success(request, f"Session {session.numero} créée : elle est en préparation.")
        return HttpResponseRedirect(reverse("web:session", args=[session.pk]))


# ------------------------------------------------------------------------------------------- the session page


def _session(user: Any, pk: Any) -> Session:
    # What the page and its rule verdicts read (site's département, millésime, responsable): one query.
    session: Session = get_visible_or_404(
        Session.objects.select_related("site__departement", "millesime__titre", "responsable"), user, pk=pk
    )
    return session


class FicheSession(AccesReserve, View):
    roles_autorises = LECTEURS_SESSIONS

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        session = _session(request.user, kwargs["pk"])
        jour = timezone.localdate()
        peut_gerer = session.peut_gerer(request.user)[0]
        verdicts = services.verdicts_session(session, jour=jour) if session.etat in ETATS_VERIFIES else []
        alertes = (
            Alerte.objects.visibles_par(request.user)
            .filter(etat=EtatAlerte.OUVERTE)
            .filter(content_type=ContentType.objects.get_for_model(Session), object_id=session.pk)
        )
        delai = next((v for v in verdicts if v.code == "SES-CREATION-DELAI"), None)
        derogeur = bool(request.user.roles & DEROGATEURS_SESSIONS)
        return render(
            request,
            "web/sessions/session.html",
            {
                "title": str(session),
                "session": session,
                "object": session,
                "jours": list(session.jours.all()),
                "suppleants": list(session.suppleants.all()),
                "ccps": list(session.ccps.all()),
                "verdicts": verdicts,
                "alertes": list(alertes),
                "echeances": echeances_de_session(session, jour=jour) if session.etat != EtatSession.ANNULEE else [],
                "reports": list(session.reports.select_related("par")),
                "derogations": list(Derogation.objects.pour(session, "SES-CREATION-DELAI")),
                "peut_gerer": peut_gerer,
                "prochaine_action": services.prochaine_action(session, jour=jour) if peut_gerer else None,
                "peut_confirmer": peut_gerer and session.etat == EtatSession.BROUILLON,
                "peut_modifier": peut_gerer and session.etat in services.ETATS_MODIFIABLES,
                "peut_annuler": peut_gerer and session.etat in ETATS_ANNULABLES,
                "peut_reporter": peut_gerer and session.etat in ETATS_REPORTABLES,
                "delai_refuse": delai is not None and not delai.ok,
                "peut_deroger": derogeur and delai is not None and not delai.ok,
                "panneaux": panneaux_rendus(session, request, peut_gerer=peut_gerer),
            },
        )


# ------------------------------------------------------------------------------------------- actions


class ActionSession(AccesReserve, View):
    """A form about one visible session managed by the user (GET shows it, POST runs the service)."""

    roles_autorises = GESTION_SESSIONS
    titre = ""
    explication = ""
    bouton = "Enregistrer"
    formulaire: type[Any] = f.ConfirmationForm

    def session(self) -> Session:
        session = _session(self.request.user, self.kwargs["pk"])
        exiger(session.peut_gerer(self.request.user))
        return session

    def initial(self, session: Session) -> dict[str, Any]:
        return {}

    def preparer(self, form: Any, session: Session) -> Any:
        return form

    def executer(self, session: Session, donnees: dict[str, Any]) -> str:
        raise NotImplementedError

    def rendre(self, session: Session, form: Any) -> HttpResponse:
        return render(
            self.request,
            "web/sessions/formulaire.html",
            {
                "title": f"{self.titre} — session {session.numero}",
                "objet": session,
                "form": form,
                "bouton": self.bouton,
                "retour": reverse("web:session", args=[session.pk]),
                "explication": self.explication,
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        session = self.session()
        return self.rendre(session, self.preparer(self.formulaire(initial=self.initial(session)), session))

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        session = self.session()
        form = self.preparer(self.formulaire(request.POST), session)
        if form.is_valid():
            try:
                succes = self.executer(session, dict(form.cleaned_data))
            except REFUS as exc:
                reporter_erreur(request, form, exc)
            else:
                messages.success(request, succes)
                return HttpResponseRedirect(reverse("web:session", args=[session.pk]))
        return self.rendre(session, form)


class ModifierSession(ActionSession):
    titre = "Modifier la session"
    formulaire = f.ModifierSessionForm
    explication = (
        "Les jours ne se modifient plus une fois les convocations émises (SES-VERROU) : il faut alors un report "
        "autorisé par la DDETS. Les règles de création sont vérifiées à nouveau."
    )

    def initial(self, session: Session) -> dict[str, Any]:
        return {
            "jours": f.ecrire_jours(session.jours.all()),
            "responsable": session.responsable_id,
            "suppleants": list(session.suppleants.values_list("pk", flat=True)),
            "observations": session.observations,
        }

    def preparer(self, form: Any, session: Session) -> Any:
        form.fields["responsable"].queryset = _gestionnaires([session.organisme_id])
        form.fields["suppleants"].queryset = _gestionnaires([session.organisme_id])
        if session.verrouillee:
            form.fields["jours"].disabled = True
            form.fields["jours"].help_text = "Convocations émises : les dates sont verrouillées (SES-VERROU)."
        return form

    def executer(self, session: Session, donnees: dict[str, Any]) -> str:
        services.session_modifier(
            session=session,
            auteur=self.request.user,
            jour=timezone.localdate(),
            jours=None if session.verrouillee else donnees["jours"],
            responsable=donnees["responsable"],
            suppleants=list(donnees["suppleants"]),
            observations=donnees["observations"],
        )
        return "Session modifiée."


class ConfirmerSession(ActionSession):
    """POST only: the draft becomes « en préparation » once every rule passes."""

    http_method_names = ["post"]

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        session = self.session()
        try:
            services.session_confirmer(session=session, auteur=request.user, jour=timezone.localdate())
        except RegleRefusee as exc:
            messages.error(request, f"Confirmation refusée : {_refus_texte(exc)}")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, "Session confirmée : elle est en préparation.")
        return HttpResponseRedirect(reverse("web:session", args=[session.pk]))


class AnnulerSession(ActionSession):
    titre = "Annuler la session"
    bouton = "Annuler la session"
    formulaire = f.AnnulerSessionForm
    explication = (
        "L'annulation est définitive (SES-ANNULATION) : indiquez le motif et le devenir des plis d'examen. La DDETS "
        "et la GEV sont prévenues ; si les convocations ont été émises, un PV d'annulation est dû à l'UD/DDETS."
    )

    def executer(self, session: Session, donnees: dict[str, Any]) -> str:
        annulee = services.session_annuler(
            session=session, auteur=self.request.user, jour=timezone.localdate(), **donnees
        )
        if annulee.pv_annulation_du:
            return "Session annulée. Un PV d'annulation est dû à l'UD/DDETS (SES-ANNULATION)."
        return "Session annulée ; la DDETS et la GEV sont prévenues."


class ReporterSession(ActionSession):
    titre = "Reporter la session"
    bouton = "Reporter"
    formulaire = f.ReporterSessionForm
    explication = (
        "Le report exige l'autorisation de la DDETS (SES-ANNULATION). Les règles sont vérifiées sur les nouvelles "
        "dates (agrément, fin du millésime, responsable) ; le délai de création (SES-CREATION-DELAI) n'est pas "
        "réappliqué à un report autorisé par la DDETS."
    )

    def initial(self, session: Session) -> dict[str, Any]:
        return {"jours": f.ecrire_jours(session.jours.all())}

    def executer(self, session: Session, donnees: dict[str, Any]) -> str:
        report = services.session_reporter(
            session=session, auteur=self.request.user, jour=timezone.localdate(), **donnees
        )
        return f"Session reportée au {report.session.premier_jour:%d/%m/%Y}."


class DerogerSession(ActionSession):
    """The DDETS agent of the site's département lifts SES-CREATION-DELAI for this session (SES-DEROGATION)."""

    roles_autorises = DEROGATEURS_SESSIONS
    titre = "Accorder une dérogation au délai de création"
    bouton = "Accorder la dérogation"
    formulaire = f.DerogationForm
    explication = (
        "La dérogation lève le refus du délai de création (SES-CREATION-DELAI) pour cette seule session ; "
        "l'organisme pourra ensuite confirmer la session. Elle est enregistrée avec son auteur et son motif."
    )

    def session(self) -> Session:
        return _session(self.request.user, self.kwargs["pk"])

    def executer(self, session: Session, donnees: dict[str, Any]) -> str:
        derogation = derogation_accorder(
            agent=self.request.user,
            regle="SES-CREATION-DELAI",
            sujet=session,
            motif=donnees["motif"],
            departement=session.site.departement,
            accordee_le=timezone.localdate(),
        )
        return f"Dérogation n°{derogation.numero} accordée : l'organisme peut confirmer la session."
