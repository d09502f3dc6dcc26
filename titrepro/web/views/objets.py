"""Small helpers for pages that act on one visible object: find it in scope, check ``peut_<verbe>``, report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.forms import Form

from titrepro.core.erreurs import RegleRefusee
from titrepro.core.permissions import exiger_permission
from titrepro.core.visibilite import VisibleQuerySet, get_visible_or_404


def objet_visible(model: type[Model], user: Any, pk: Any) -> Any:
    """The object if ``user`` may see it (404 otherwise): the one scoping mechanism."""
    queryset = model._default_manager.all()
    if not isinstance(queryset, VisibleQuerySet):
        raise TypeError(f"{model.__name__} n'a pas de VisibleQuerySet")
    return get_visible_or_404(queryset, user, pk=pk)


exiger = exiger_permission
"""``peut_<verbe>`` said no: 403 with its reason, shown as is."""


def reporter_erreur(request: Any, form: Form, exc: Exception) -> None:
    """A refusal from the domain, onto the form (field errors) or as a message (rules, permissions)."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for champ, erreurs in exc.message_dict.items():
                form.add_error(champ if champ in form.fields else None, erreurs)
        else:
            form.add_error(None, exc.messages)
    elif isinstance(exc, RegleRefusee):
        form.add_error(None, f"{exc.message} ({exc.regle}{' — ' + exc.source if exc.source else ''})")
    elif isinstance(exc, PermissionDenied):
        messages.error(request, str(exc))
        form.add_error(None, str(exc))
    else:  # pragma: no cover - only the three kinds above are expected
        raise exc
