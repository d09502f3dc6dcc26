"""The refusal of a ``peut_<verbe>(user) -> (bool, raison)`` check, raised the same way everywhere."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def exiger_permission(resultat: tuple[bool, str]) -> None:
    """Raise ``PermissionDenied`` with the reason of a ``peut_<verbe>`` check that says no.

    The reason reaches the user verbatim (pages show it, the API answers 403 ``acces_refuse``).
    """
    permis, raison = resultat
    if not permis:
        raise PermissionDenied(raison)
