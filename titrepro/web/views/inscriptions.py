"""The candidates of a session: their panel on the session page, the registration page, the withdrawal.

The session team (responsable de session, suppléants) searches the organisme's visible
candidates, chooses the public and the CCP, and registers through
``titrepro.examens.services.inscriptions``: a refusal shows the rule's code and source, a
CAN-DROITS alert asks for a confirmation, homonyms (CAN-DOUBLON) are shown as a warning.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View

from titrepro.comptes.acces import GESTION_SESSIONS
from titrepro.conformite.moteur import evaluer
from titrepro.conformite.regles.verdict import Verdict
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Inscription, Session
from titrepro.examens.models.sessions import ETATS_AVANT_CONVOCATION
from titrepro.examens.services import inscriptions as services
from titrepro.personnes.models import Candidat, DemandeAmenagement
from titrepro.web import forms_inscriptions as f
from titrepro.web.views.base import AccesReserve
from titrepro.web.views.objets import reporter_erreur
from titrepro.web.views.panneaux_session import panneau_session

REFUS = (ValidationError, RegleRefusee, PermissionDenied)
RESULTATS_MAX = 20


def url_session(session: Session) -> str:
    """The session page, or the registration page while the session page is not there."""
    try:
        return reverse("web:session", args=[session.pk])
    except NoReverseMatch:  # pragma: no cover - the session page belongs to another part of issue 6
        return reverse("web:session_candidat_ajouter", args=[session.pk])


def _verdict_adresse(inscription: Inscription, session: Session, jour: Any) -> Verdict | None:
    """CAN-ADRESSE at the start of the session: the diploma is posted to this address."""
    formation = inscription.formation
    if formation is None or formation.debut is None or formation.fin is None:
        return None
    return evaluer(
        "CAN-ADRESSE",
        jour_de_reference=jour,
        debut_formation=formation.debut,
        fin_formation=formation.fin,
        confirmees=frozenset(formation.confirmations_adresse.values_list("moment", flat=True)),
        jour=jour,
        premier_jour_session=session.premier_jour,
    )


def lignes_candidats(session: Session, request: HttpRequest) -> list[dict[str, Any]]:
    """One row per registration the user may see: CCP, jury, state, CAN-DROITS, accommodations, CAN-ADRESSE."""
    jour = timezone.localdate()
    inscriptions = (
        Inscription.objects.visibles_par(request.user)
        .filter(session=session)
        .select_related("candidat", "jury", "formation")
        .prefetch_related("ccps")
        .order_by("candidat__nom_naissance", "candidat__prenoms")
    )
    # Granted for this session, or for its millésime with no session named (recorded before the session existed).
    amenagements = DemandeAmenagement.objects.accordees().pour_session(session).visibles_par(request.user)
    lignes = []
    for inscription in inscriptions:
        candidat = inscription.candidat
        lignes.append(
            {
                "inscription": inscription,
                "ccps": list(inscription.ccps.all()),
                "droits": services.verdicts_droits(candidat, session, jour=jour, nouvelle=False),
                "amenagements": [a for a in amenagements if a.candidat_id == candidat.pk],
                "adresse": _verdict_adresse(inscription, session, jour),
            }
        )
    return lignes


@panneau_session(ordre=10, gabarit="web/sessions/_panneau_candidats.html")
def panneau_candidats(session: Session, request: HttpRequest) -> dict[str, Any]:
    peut_gerer, _ = session.peut_gerer(request.user)
    return {
        "lignes_candidats": lignes_candidats(session, request),
        "candidats_modifiables": peut_gerer and session.etat in ETATS_AVANT_CONVOCATION,
    }


def _session(request: HttpRequest, pk: int) -> Session:
    session = get_visible_or_404(
        Session.objects.select_related("site__departement", "millesime__titre", "organisme", "agrement__site"),
        request.user,
        pk=pk,
    )
    permis, raison = session.peut_gerer(request.user)
    if not permis:
        raise PermissionDenied(raison)
    return session


class AjouterCandidat(AccesReserve, View):
    """Search the organisme's visible candidates, then register one: public, CCP, confirmations."""

    roles_autorises = GESTION_SESSIONS

    def _candidats(self) -> Any:
        return Candidat.objects.visibles_par(self.request.user)

    def _rendre(
        self, session: Session, form: f.InscriptionForm | None, candidat: Candidat | None, **extra: Any
    ) -> HttpResponse:
        recherche = f.RechercheCandidatForm(self.request.GET or None)
        resultats: list[Candidat] = []
        if recherche.is_valid() and recherche.cleaned_data["q"]:
            resultats = list(self._candidats().rechercher(recherche.cleaned_data["q"])[:RESULTATS_MAX])
        jour = timezone.localdate()
        contexte: dict[str, Any] = {
            "title": f"Inscrire un candidat — session {session.numero}",
            "session": session,
            "recherche": recherche,
            "resultats": resultats,
            "recherche_faite": recherche.is_valid() and bool(recherche.cleaned_data["q"]),
            "form": form,
            "candidat": candidat,
            "homonymes": [],
            "droits": [],
            "inscriptions_ouvertes": session.etat in ETATS_AVANT_CONVOCATION,
            "retour": url_session(session),
            "refus": None,
            **extra,
        }
        if candidat is not None:
            trouves = services.homonymes(candidat)
            fiches = Candidat.objects.in_bulk([t.candidat_id for t in trouves])
            visibles = set(self._candidats().filter(pk__in=fiches).values_list("pk", flat=True))
            contexte["homonymes"] = [
                {"trouve": t, "fiche": fiches.get(t.candidat_id), "visible": t.candidat_id in visibles} for t in trouves
            ]
            contexte["droits"] = services.verdicts_droits(candidat, session, jour=jour, nouvelle=True)
        return render(self.request, "web/sessions/inscriptions/ajouter.html", contexte)

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        session = _session(request, kwargs["pk"])
        candidat = None
        form = None
        identifiant = request.GET.get("candidat", "")
        if identifiant.isdigit():
            candidat = get_visible_or_404(self._candidats(), request.user, pk=int(identifiant))
            form = f.InscriptionForm(session=session, candidats=self._candidats(), initial={"candidat": candidat.pk})
        return self._rendre(session, form, candidat)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        session = _session(request, kwargs["pk"])
        form = f.InscriptionForm(request.POST, session=session, candidats=self._candidats())
        candidat = None
        refus = None
        if form.is_valid():
            donnees = form.cleaned_data
            candidat = donnees["candidat"]
            try:
                resultat = services.inscription_ajouter(
                    session=session,
                    candidat=candidat,
                    public=donnees["public"],
                    ccps=donnees["ccps"],
                    auteur=request.user,
                    jour=timezone.localdate(),
                    confirmer_droits=donnees["confirmer_droits"],
                )
            except RegleRefusee as exc:
                refus = exc
                form.add_error(None, f"{exc.message} ({exc.regle} — {exc.source})")
            except REFUS as exc:
                reporter_erreur(request, form, exc)
            else:
                message = f"{candidat.nom_affiche} {candidat.prenoms} est inscrit(e) à la session {session.numero}."
                if resultat.homonymes:
                    message += (
                        f" Attention : {len(resultat.homonymes)} fiche(s) ressemblante(s) (CAN-DOUBLON), vérifiez "
                        "qu'il ne s'agit pas de la même personne."
                    )
                    messages.warning(request, message)
                else:
                    messages.success(request, message)
                return HttpResponseRedirect(url_session(session))
        elif form.data.get("candidat", "").isdigit():
            candidat = self._candidats().filter(pk=int(form.data["candidat"])).first()
        return self._rendre(session, form, candidat, refus=refus)


class RetirerCandidat(AccesReserve, View):
    """Withdraw a registered candidate before the convocations, with a motive (SES-VERROU after)."""

    roles_autorises = GESTION_SESSIONS

    def _inscription(self, request: Any, pk: int) -> Inscription:
        inscription = get_visible_or_404(
            Inscription.objects.select_related("session__millesime__titre", "candidat"), request.user, pk=pk
        )
        permis, raison = inscription.session.peut_gerer(request.user)
        if not permis:
            raise PermissionDenied(raison)
        return inscription

    def _rendre(self, inscription: Inscription, form: f.RetraitForm) -> HttpResponse:
        session = inscription.session
        return render(
            self.request,
            "web/sessions/inscriptions/retirer.html",
            {
                "title": f"Retirer {inscription.candidat} de la session {session.numero}",
                "inscription": inscription,
                "session": session,
                "form": form,
                "retour": url_session(session),
            },
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._rendre(self._inscription(request, kwargs["pk"]), f.RetraitForm())

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        inscription = self._inscription(request, kwargs["pk"])
        form = f.RetraitForm(request.POST)
        if form.is_valid():
            session = inscription.session
            nom = str(inscription.candidat)
            try:
                services.inscription_retirer(
                    inscription=inscription,
                    auteur=request.user,
                    jour=timezone.localdate(),
                    motif=form.cleaned_data["motif"],
                )
            except REFUS as exc:
                reporter_erreur(request, form, exc)
            else:
                messages.success(request, f"{nom} est retiré(e) de la session {session.numero}.")
                return HttpResponseRedirect(url_session(session))
        return self._rendre(inscription, form)
