"""Every API error has the same JSON shape:

``{"code": "...", "message": "...", "champs": {...}, "regle": "...", "source": "..."}``

``code`` is stable (clients branch on it), ``message`` is French for people,
``champs`` holds field errors, and ``regle``/``source`` name the catalogue rule
when a rule refused the request.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from titrepro.core.erreurs import RegleRefusee

_CODES = {
    exceptions.NotAuthenticated: ("non_authentifie", "Authentification requise."),
    exceptions.AuthenticationFailed: ("authentification_echouee", "Identifiants ou jeton invalides."),
    exceptions.PermissionDenied: ("acces_refuse", "Vous n'avez pas le droit de faire cette action."),
    exceptions.NotFound: ("introuvable", "Aucune ressource visible ne correspond à cette adresse."),
    exceptions.MethodNotAllowed: ("methode_non_autorisee", "Méthode non autorisée sur cette ressource."),
    exceptions.NotAcceptable: ("format_non_disponible", "Format de réponse non disponible."),
    exceptions.UnsupportedMediaType: ("format_non_pris_en_charge", "Type de contenu non pris en charge."),
    exceptions.Throttled: ("trop_de_requetes", "Trop de requêtes : réessayez plus tard."),
    exceptions.ParseError: ("requete_illisible", "Le corps de la requête est illisible (JSON invalide ?)."),
    exceptions.ValidationError: ("donnees_invalides", "Les données envoyées ne sont pas valides."),
}


def corps_erreur(code: str, message: str, champs: Any = None, regle: str = "", source: str = "") -> dict[str, Any]:
    corps: dict[str, Any] = {"code": code, "message": message, "champs": champs or {}}
    if regle:
        corps["regle"] = regle
        corps["source"] = source
    return corps


def gestionnaire_erreurs(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RegleRefusee):
        return Response(
            corps_erreur("regle_refusee", exc.message, regle=exc.regle, source=exc.source),
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    code, message = next(
        ((c, m) for classe, (c, m) in _CODES.items() if isinstance(exc, classe)),
        ("erreur", "La requête n'a pas pu aboutir."),
    )
    champs: Any = {}
    if isinstance(exc, exceptions.ValidationError):
        champs = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
    elif isinstance(exc, exceptions.APIException) and isinstance(exc.detail, str) and exc.detail != exc.default_detail:
        message = str(exc.detail)
    response.data = corps_erreur(code, message, champs)
    return response
