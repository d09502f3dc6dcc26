"""Échéanciers: the DSFR page and the iCalendar feed of an organisme and of a session.

Each is visible to whoever sees its subject (scoping) with a reader role; the feed is also
fetched by calendar apps with the signed ``?jeton=`` of the page's subscription link.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from titrepro.comptes.acces import LECTEURS_ORGANISMES, LECTEURS_SESSIONS
from titrepro.conformite.echeancier import calendrier_ics, echeancier
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.alertes import echeances_de_session
from titrepro.examens.models import Session
from titrepro.organisations.models import Organisme
from titrepro.web.views.base import FicheVisible


class EcheancierOrganisme(FicheVisible):
    model = Organisme
    roles_autorises = LECTEURS_ORGANISMES
    template_name = "web/conformite/echeancier.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        jour = timezone.localdate()
        context["title"] = f"Échéancier — {self.object}"
        context["jour"] = jour
        context["echeances"] = echeancier(self.object, jour=jour)
        url = reverse("web:organisme_echeancier_ics", args=[self.object.pk])
        context["url_ics"] = url
        jeton = jeton_abonnement(self.request.user, self.object.pk)
        context["url_abonnement"] = self.request.build_absolute_uri(f"{url}?jeton={jeton}")
        return context


SEL_ABONNEMENT = "titrepro.echeancier.ics"


def jeton_abonnement(user: Any, organisme_id: int) -> str:
    """A signed token for calendar apps, which cannot sign in: it names the user and the organisme.

    Access is checked again at every fetch (role and scope of that user today): losing the
    access ends the subscription.
    """
    return signing.dumps({"u": user.pk, "o": organisme_id}, salt=SEL_ABONNEMENT)


def jeton_abonnement_session(user: Any, session_id: int) -> str:
    """Same as ``jeton_abonnement`` for a session's feed (another key: a session token opens no organisme)."""
    return signing.dumps({"u": user.pk, "s": session_id}, salt=SEL_ABONNEMENT)


def _abonne(request: HttpRequest, pk: int, cle: str = "o") -> Any | None:
    jeton = request.GET.get("jeton", "")
    if not jeton:
        return None
    try:
        donnees = signing.loads(jeton, salt=SEL_ABONNEMENT)
    except signing.BadSignature:
        return None
    if donnees.get(cle) != pk:
        return None
    return get_user_model().objects.filter(pk=donnees.get("u"), is_active=True).first()


class EcheancierOrganismeIcs(View):
    """``/organismes/<pk>/echeancier.ics``: RFC 5545, one all-day event per deadline.

    Signed in (session) or with the ``?jeton=`` of the page's subscription link.
    """

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: Any = request.user if request.user.is_authenticated else _abonne(request, pk)
        if user is None:
            return redirect_to_login(request.get_full_path())
        if not user.roles.intersection(LECTEURS_ORGANISMES):
            raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
        organisme: Organisme = get_visible_or_404(Organisme.objects.all(), user, pk=pk)
        contenu = calendrier_ics(
            echeancier(organisme, jour=timezone.localdate()),
            nom=f"Titrepro — échéances de {organisme}",
            url_regles=request.build_absolute_uri(reverse("web:regles")),
        )
        reponse = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
        reponse["Content-Disposition"] = f'inline; filename="echeancier-{slugify(str(organisme)) or pk}.ics"'
        return reponse


def _sessions() -> Any:
    return Session.objects.select_related("millesime__titre", "site__departement", "organisme")


class EcheancierSession(FicheVisible):
    """``/sessions/<pk>/echeancier/``: every deadline of the session with its state (SES-*, DTE-*, RES-*, ARC-*)."""

    model = Session
    roles_autorises = LECTEURS_SESSIONS
    template_name = "web/conformite/echeancier_session.html"

    def affiner(self, queryset: Any) -> Any:
        return queryset.select_related("millesime__titre", "site__departement", "organisme")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        jour = timezone.localdate()
        context["title"] = f"Échéancier — session {self.object.numero}"
        context["jour"] = jour
        context["echeances"] = echeances_de_session(self.object, jour=jour)
        url = reverse("web:session_echeancier_ics", args=[self.object.pk])
        context["url_ics"] = url
        jeton = jeton_abonnement_session(self.request.user, self.object.pk)
        context["url_abonnement"] = self.request.build_absolute_uri(f"{url}?jeton={jeton}")
        return context


class EcheancierSessionIcs(View):
    """``/sessions/<pk>/echeancier.ics``: RFC 5545, one all-day event per deadline of the session.

    Signed in (session) or with the ``?jeton=`` of the page's subscription link; role and scope
    are checked again at every fetch.
    """

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: Any = request.user if request.user.is_authenticated else _abonne(request, pk, "s")
        if user is None:
            return redirect_to_login(request.get_full_path())
        if not user.roles.intersection(LECTEURS_SESSIONS):
            raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
        session: Session = get_visible_or_404(_sessions(), user, pk=pk)
        contenu = calendrier_ics(
            echeances_de_session(session, jour=timezone.localdate()),
            nom=f"Titrepro — échéances de la session {session.numero}",
            url_regles=request.build_absolute_uri(reverse("web:regles")),
        )
        reponse = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
        reponse["Content-Disposition"] = f'inline; filename="echeancier-session-{slugify(session.numero) or pk}.ics"'
        return reponse
