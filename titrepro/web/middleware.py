"""A rule's refusal that escapes a page (the admin's delete, a guard deep in a cascade) becomes a French
message on the previous page instead of a server error. The API has its own answer (422, api.erreurs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from titrepro.core.erreurs import RegleRefusee


class RegleRefuseeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if not isinstance(exception, RegleRefusee) or request.path.startswith("/api/"):
            return None
        messages.error(request, f"{exception.message} ({exception.regle} — {exception.source})")
        retour = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(retour, allowed_hosts={request.get_host()}):
            retour = request.path
        return HttpResponseRedirect(retour)
