"""Bases of every API view: scoped querysets and the audit's acting user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from titrepro.core.audit import attribuer_auteur
from titrepro.core.visibilite import VisibleQuerySet


class AuteurAuditMixin:
    """The API authenticates after the middleware: name the actor for the audit trail once known."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        attribuer_auteur(request.user)


class RoleAutorise(permissions.IsAuthenticated):
    """The view's ``roles_autorises`` (from titrepro.comptes.acces), as on the pages."""

    message = "Votre rôle ne donne pas accès à cette ressource."

    def has_permission(self, request: Any, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        roles: frozenset[str] | None = getattr(view, "roles_autorises", None)
        return roles is None or bool(request.user.roles.intersection(roles))


class VisiblesMixin(AuteurAuditMixin):
    """Rows come from ``visibles_par(request.user)``: the one scoping mechanism."""

    queryset: QuerySet[Any]
    request: Any

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.queryset.all()
        if not isinstance(queryset, VisibleQuerySet):
            raise TypeError(f"{queryset.model.__name__} n'a pas de VisibleQuerySet")
        return self.affiner(queryset.visibles_par(self.request.user))

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset


class LectureVisibleViewSet(VisiblesMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg,misc]
    """List + retrieve, scoped; an object outside the scope is a 404."""

    permission_classes = [RoleAutorise]
    roles_autorises: frozenset[str] | None = None
