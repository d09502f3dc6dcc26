"""Template context shared by every page: the site's identity and the user's navigation."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from titrepro.web.navigation import navigation_pour

# django-dsfr's own context processor reads a DsfrConfig row on every request;
# the site's identity is fixed, so it lives in settings instead.
_SITE = SimpleNamespace(
    site_title=settings.SITE_TITLE,
    site_tagline=settings.SITE_TAGLINE,
    header_brand_html="Ministère<br>du Travail",
    footer_brand_html="Ministère<br>du Travail",
    footer_description=(
        "Titrepro, système d'information libre des sessions d'examen du titre professionnel "
        "pour les centres agréés et les services de l'État."
    ),
    beta_tag=True,
    mourning=False,
    notice_title="",
    notice_description="",
    accessibility_status="NOT",
    operator_logo_file=None,
    operator_logo_alt="",
    operator_logo_width=0,
)


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_CONFIG": _SITE,
        "navigation": navigation_pour(request.user, request.path),
        "skiplinks_titrepro": _LIENS_EVITEMENT,
    }


_LIENS_EVITEMENT = [
    {"link": "#content", "label": "Contenu"},
    {"link": "#navigation", "label": "Menu"},
    {"link": "#pied-de-page", "label": "Pied de page"},
]
