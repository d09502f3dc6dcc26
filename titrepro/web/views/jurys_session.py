"""The juries of a session: its panel on the session page, composition pages, and the members' answers.

The organisme's session team (responsable de session, suppléants) adds juries, searches
habilitated members and invites them, withdraws them and assigns candidates; every
write goes through ``titrepro.examens.services.jurys``. Jury members answer their
invitations in their portal (« Espace jury »), only their own (404 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from titrepro.comptes.acces import GESTION_SESSIONS, LECTEURS_SESSIONS
from titrepro.comptes.roles import Role
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import EtatParticipation, Inscription, Jury, ParticipationJury, Session
from titrepro.examens.models.jurys import ETATS_PARTICIPATION_ACTIFS
from titrepro.examens.models.sessions import ETATS_AVANT_CONVOCATION
from titrepro.examens.services import jurys as services
from titrepro.personnes.models import DemandeAmenagement
from titrepro.planning.models import EtatPlanning, Planning
from titrepro.web.forms_jurys import (
    AffectationForm,
    ConfirmationForm,
    InviterForm,
    RechercheMembresForm,
    ReponseForm,
    RetraitForm,
)
from titrepro.web.views.base import AccesReserve, FormulaireSurObjet
from titrepro.web.views.panneaux_session import panneau_session

ROLES_MEMBRE_JURY = frozenset({Role.MEMBRE_JURY})


def url_session(session: Session) -> str:
    """The session page (its jury panel), or the juries page while the session page is not there."""
    try:
        return reverse("web:session", args=[session.pk])
    except NoReverseMatch:
        return reverse("web:session_jurys", args=[session.pk])


def contexte_jurys(session: Session, request: HttpRequest) -> dict[str, Any]:
    jour = timezone.localdate()
    inscriptions = list(session.inscriptions.select_related("candidat", "jury"))
    jurys = list(session.jurys.order_by("numero"))
    return {
        "compositions": services.composition(session, jour=jour),
        "verdict_jurys": services.verdict_jury_min(session, jour=jour),
        "inscriptions_jury": [
            (
                inscription,
                AffectationForm(session=session, initial={"jury": inscription.jury_id}, prefix=f"i{inscription.pk}"),
            )
            for inscription in inscriptions
        ],
        "jurys_session": jurys,
        "jurys_modifiables": session.etat in services.ETATS_JURY_MODIFIABLE,
        "jurys_supprimables": session.etat in ETATS_AVANT_CONVOCATION,
    }


@panneau_session(ordre=20, gabarit="web/sessions/_panneau_jurys.html")
def panneau_jurys(session: Session, request: HttpRequest) -> dict[str, Any]:
    return contexte_jurys(session, request)


class JurysSession(AccesReserve, TemplateView):
    """The juries of one session (the panel alone, also reached from the session page)."""

    roles_autorises = LECTEURS_SESSIONS
    template_name = "web/sessions/jurys/jurys.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        session = get_visible_or_404(
            Session.objects.select_related("site__departement", "millesime__titre", "organisme"),
            self.request.user,
            pk=self.kwargs["pk"],
        )
        peut_gerer, _ = session.peut_gerer(self.request.user)
        return super().get_context_data(
            title=f"Jurys — session {session.numero}",
            session=session,
            peut_gerer=peut_gerer,
            url_retour=url_session(session),
            **contexte_jurys(session, self.request),
            **kwargs,
        )


class ActionSession(AccesReserve, FormView):  # type: ignore[type-arg]
    """A write of the session team on one visible session (404 outside the user's scope)."""

    roles_autorises = GESTION_SESSIONS
    template_name = "web/sessions/jurys/formulaire.html"
    session: Session
    titre = ""
    bouton = "Confirmer"

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if user.is_authenticated and user.roles & self.roles_autorises:
            self.session = get_visible_or_404(
                Session.objects.select_related("site__departement", "millesime__titre", "organisme"),
                user,
                pk=kwargs["pk"],
            )
            self.preparer(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def preparer(self, **kwargs: Any) -> None:
        """Hook: find the other objects of the URL."""

    def get_success_url(self) -> str:
        return url_session(self.session)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=f"{self.titre} — session {self.session.numero}",
            titre=self.titre,
            session=self.session,
            bouton=self.bouton,
            retour=self.get_success_url(),
            **kwargs,
        )

    def executer(self, form: Any, action: Any, succes: str) -> HttpResponse:
        try:
            action()
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        except RegleRefusee as exc:
            form.add_error(None, f"{exc.message} ({exc.regle} — {exc.source})")
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, succes)
        return HttpResponseRedirect(self.get_success_url())


class AjouterJury(ActionSession):
    form_class = ConfirmationForm
    titre = "Ajouter un jury"
    bouton = "Ajouter le jury"

    def form_valid(self, form: ConfirmationForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: services.jury_creer(session=self.session, auteur=self.request.user),
            "Jury ajouté : invitez-y au moins 2 membres habilités (SES-JURY-MIN).",
        )


class ActionJury(ActionSession):
    jury: Jury

    def preparer(self, **kwargs: Any) -> None:
        jury = Jury.objects.filter(session=self.session, numero=kwargs["numero"]).first()
        if jury is None:
            raise Http404("Aucun jury de ce numéro dans la session.")
        self.jury = jury


class SupprimerJury(ActionJury):
    form_class = ConfirmationForm
    bouton = "Supprimer le jury"

    @property
    def titre(self) -> str:  # type: ignore[override]
        return f"Supprimer le jury {self.jury.numero}"

    def form_valid(self, form: ConfirmationForm) -> HttpResponse:
        return self.executer(
            form, lambda: services.jury_supprimer(jury=self.jury, auteur=self.request.user), "Jury supprimé."
        )


class InviterMembre(ActionJury):
    """Search habilitated, eligible, available members and invite one into the jury."""

    template_name = "web/sessions/jurys/inviter.html"
    form_class = InviterForm
    bouton = "Inviter"
    resultats: list[services.MembreSelectionnable]

    @property
    def titre(self) -> str:  # type: ignore[override]
        return f"Inviter un membre dans le jury {self.jury.numero}"

    def preparer(self, **kwargs: Any) -> None:
        super().preparer(**kwargs)
        self.recherche = RechercheMembresForm(self.request.GET or None)
        texte = self.recherche.cleaned_data.get("q", "") if self.recherche.is_valid() else ""
        try:
            self.resultats = services.membres_rechercher(
                session=self.session, auteur=self.request.user, jour=timezone.localdate(), recherche=texte
            )
        except PermissionDenied:
            self.resultats = []
            self.refus = True
        else:
            self.refus = False

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "selectionnables": {r.membre.pk for r in self.resultats}}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        candidats_jury = {i.candidat_id for i in self.jury.inscriptions.all()}
        lignes = [(r, bool(r.candidat_ids_lies & candidats_jury)) for r in self.resultats]
        return super().get_context_data(
            jury=self.jury,
            recherche=self.recherche,
            lignes=lignes,
            refus=self.refus,
            **kwargs,
        )

    def form_valid(self, form: InviterForm) -> HttpResponse:
        selection = next(r for r in self.resultats if r.membre.pk == form.cleaned_data["membre"])
        membre = selection.membre
        succes = (
            f"{membre.prenoms} {membre.nom.upper()} est invité(e) au jury {self.jury.numero} : "
            "un courriel lui est envoyé."
        )
        if membre.compte_id is None:
            succes += (
                " Ce membre n'a pas encore de compte sur le portail jury : la DDETS de son département le crée ; "
                "le courriel le lui indique."
            )
        return self.executer(
            form,
            lambda: services.membre_inviter(
                jury=self.jury, membre=membre, auteur=self.request.user, jour=timezone.localdate()
            ),
            succes,
        )


class RetirerParticipation(FormulaireSurObjet):
    roles_autorises = GESTION_SESSIONS
    modele = ParticipationJury
    template_name = "web/sessions/jurys/formulaire.html"
    form_class = RetraitForm
    titre = "Retirer un membre du jury"

    def get_success_url(self) -> str:
        return url_session(self.objet.jury.session)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(session=self.objet.jury.session, bouton="Retirer", **kwargs)

    def form_valid(self, form: RetraitForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: services.participation_retirer(
                participation=self.objet, auteur=self.request.user, motif=form.cleaned_data["motif"]
            ),
            succes="Membre retiré du jury ; un courriel l'en informe.",
        )


class AffecterCandidat(FormulaireSurObjet):
    roles_autorises = GESTION_SESSIONS
    modele = Inscription
    template_name = "web/sessions/jurys/formulaire.html"
    form_class = AffectationForm
    titre = "Affecter le candidat à un jury"

    def get_prefix(self) -> str:
        return f"i{self.objet.pk}"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "session": self.objet.session}

    def get_initial(self) -> dict[str, Any]:
        return {"jury": self.objet.jury_id}

    def get_success_url(self) -> str:
        return url_session(self.objet.session)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(session=self.objet.session, bouton="Affecter", **kwargs)

    def form_valid(self, form: AffectationForm) -> HttpResponse:
        jury = form.cleaned_data.get("jury")
        return self.executer(
            form,
            lambda: services.candidat_affecter_jury(inscription=self.objet, jury=jury, auteur=self.request.user),
            succes=f"{self.objet.candidat} : affectation au jury enregistrée.",
        )


# --------------------------------------------------------------------- the jury member's portal


def invitations_du_membre(user: Any) -> list[ParticipationJury]:
    return list(
        ParticipationJury.objects.visibles_par(user)
        .filter(membre__compte=user)
        .select_related(
            "jury__session__site__departement", "jury__session__millesime__titre", "jury__session__organisme"
        )
        .prefetch_related("jury__session__jours")
        .order_by("-jury__session__premier_jour", "jury__numero")
    )


class InvitationsJury(AccesReserve, TemplateView):
    """Espace jury: the member's invitations (session, site, days, titre) and their answers."""

    roles_autorises = ROLES_MEMBRE_JURY
    template_name = "web/sessions/jurys/invitations.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        participations = invitations_du_membre(self.request.user)
        self.plannings_publies(participations, self.request.user)
        return super().get_context_data(
            title="Mes invitations aux jurys",
            a_repondre=[p for p in participations if p.etat == EtatParticipation.INVITEE],
            autres=[p for p in participations if p.etat != EtatParticipation.INVITEE],
            amenagements_jurys=self.amenagements_jurys(participations),
            **kwargs,
        )

    @staticmethod
    def plannings_publies(participations: list[ParticipationJury], user: Any) -> None:
        """Each participation still holding a seat gets ``planning_publie``: its session's published timetable."""
        actives = [p for p in participations if p.etat in ETATS_PARTICIPATION_ACTIFS]
        publies = {
            planning.session_id: planning
            for planning in Planning.objects.visibles_par(user).filter(
                session_id__in={p.jury.session_id for p in actives}, etat=EtatPlanning.PUBLIE
            )
        }
        for participation in participations:
            participation.planning_publie = (  # type: ignore[attr-defined]
                publies.get(participation.jury.session_id) if participation in actives else None
            )

    @staticmethod
    def amenagements_jurys(participations: list[ParticipationJury]) -> list[dict[str, Any]]:
        """SES-HANDICAP: for each jury the member is invited to or sits in, its candidates' granted accommodations.

        Scoped by the member's own active participations; only the candidate's name and the
        accommodation's summary reach the page (no other personal or medical data).
        """
        actives = [p for p in participations if p.etat in ETATS_PARTICIPATION_ACTIFS]
        if not actives:
            return []
        inscriptions = list(
            Inscription.objects.filter(jury_id__in=[p.jury_id for p in actives])
            .select_related("candidat")
            .order_by("candidat__nom_naissance", "candidat__prenoms")
        )
        accordees: dict[int, list[DemandeAmenagement]] = {}
        for demande in DemandeAmenagement.objects.accordees().filter(
            candidat_id__in={i.candidat_id for i in inscriptions}
        ):
            accordees.setdefault(demande.candidat_id, []).append(demande)
        resultat = []
        for participation in actives:
            session = participation.jury.session
            lignes = [
                {"candidat": str(inscription.candidat), "resume": demande.resume}
                for inscription in inscriptions
                if inscription.jury_id == participation.jury_id
                for demande in accordees.get(inscription.candidat_id, [])
                if demande.session_id == session.pk
                or (demande.session_id is None and demande.millesime_id == session.millesime_id)
            ]
            resultat.append({"participation": participation, "session": session, "lignes": lignes})
        return resultat


class RepondreInvitation(AccesReserve, FormView):  # type: ignore[type-arg]
    """The member accepts or declines one of their own invitations (another's is a 404)."""

    roles_autorises = ROLES_MEMBRE_JURY
    template_name = "web/sessions/jurys/repondre.html"
    form_class = ReponseForm
    participation: ParticipationJury

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if user.is_authenticated and user.roles & self.roles_autorises:
            self.participation = get_visible_or_404(
                ParticipationJury.objects.filter(membre__compte=user).select_related(
                    "jury__session__site__departement", "jury__session__millesime__titre", "jury__session__organisme"
                ),
                user,
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        session = self.participation.jury.session
        return super().get_context_data(
            title=f"Invitation au jury — session {session.numero}",
            participation=self.participation,
            session=session,
            peut_repondre=self.participation.etat in ETATS_PARTICIPATION_ACTIFS,
            **kwargs,
        )

    def form_valid(self, form: ReponseForm) -> HttpResponse:
        accepte = form.cleaned_data["reponse"] == "accepter"
        try:
            services.participation_repondre(
                participation=self.participation,
                auteur=self.request.user,
                accepte=accepte,
                motif=form.cleaned_data.get("motif", ""),
            )
        except (ValidationError, PermissionDenied) as exc:
            messages_erreur = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            for message in messages_erreur:
                form.add_error(None, message)
            return self.form_invalid(form)
        if accepte:
            messages.success(self.request, "Merci : votre participation au jury est enregistrée.")
        else:
            messages.success(self.request, "Votre refus est enregistré ; le responsable de la session en est informé.")
        return redirect("web:espace_jury_invitations")
