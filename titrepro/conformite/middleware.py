"""Request-scoped memory of the rule parameters in force (see ``services.parametres_memorises``)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from titrepro.conformite.services import parametres_memorises


class ParametresMemorisesMiddleware:
    """Each request reads the parameter overrides once per (jour, région) however many rules it evaluates."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with parametres_memorises():
            return self.get_response(request)
