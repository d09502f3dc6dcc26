"""An organisme's échéancier: the DSFR page and the iCalendar feed (visible to whoever sees the organisme)."""

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

from titrepro.comptes.acces import LECTEURS_ORGANISMES
from titrepro.conformite.echeancier import calendrier_ics, echeancier
from titrepro.core.visibilite import get_visible_or_404
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


def _abonne(request: HttpRequest, pk: int) -> Any | None:
    jeton = request.GET.get("jeton", "")
    if not jeton:
        return None
    try:
        donnees = signing.loads(jeton, salt=SEL_ABONNEMENT)
    except signing.BadSignature:
        return None
    if donnees.get("o") != pk:
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
