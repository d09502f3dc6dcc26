"""The sections of a session's page, contributed by each part of the workflow.

The session page (``web.views.sessions``) shows its own header (state, days, échéancier,
alerts, next action) then every registered panel, in ``ordre``: candidates, juries,
DTE order, convocations... Each part registers its panel where its views live::

    @panneau_session(ordre=20, gabarit="web/sessions/_panneau_jurys.html")
    def panneau_jurys(session: Session, request: HttpRequest) -> dict[str, Any]:
        return {"jurys": ...}

The function returns the template's context (the template also receives ``session``,
``request`` and ``peut_gerer``), or ``None`` to hide the panel for this user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from titrepro.examens.models import Session

ContexteDePanneau = Callable[[Session, HttpRequest], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Panneau:
    ordre: int
    gabarit: str
    contexte: ContexteDePanneau


_PANNEAUX: dict[str, Panneau] = {}


def panneau_session(*, ordre: int, gabarit: str) -> Callable[[ContexteDePanneau], ContexteDePanneau]:
    def enregistrer(fonction: ContexteDePanneau) -> ContexteDePanneau:
        _PANNEAUX[gabarit] = Panneau(ordre, gabarit, fonction)
        return fonction

    return enregistrer


def panneaux_rendus(session: Session, request: HttpRequest, *, peut_gerer: bool) -> list[SafeString]:
    """Every panel's HTML for ``session``, in order (panels returning ``None`` are left out)."""
    rendus = []
    for panneau in sorted(_PANNEAUX.values(), key=lambda p: (p.ordre, p.gabarit)):
        contexte = panneau.contexte(session, request)
        if contexte is None:
            continue
        html = render_to_string(
            panneau.gabarit, {"session": session, "peut_gerer": peut_gerer, **contexte}, request=request
        )
        rendus.append(mark_safe(html))  # noqa: S308 — our own rendered template
    return rendus
