"""The few view bases every page uses: sign-in, role check, and scoped querysets."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.views.generic import DetailView, ListView

from titrepro.core.visibilite import VisibleQuerySet


class AccesReserve(LoginRequiredMixin):
    """Signed-in users holding one of ``roles_autorises`` (None: every signed-in user)."""

    roles_autorises: frozenset[str] | None = None

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.roles_autorises is not None and not request.user.roles.intersection(self.roles_autorises):
            raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
        return super().dispatch(request, *args, **kwargs)


class Visibles:
    """Rows come from ``model.objects.visibles_par(user)``: the one scoping mechanism."""

    model: type[Model]
    request: Any

    def get_queryset(self) -> QuerySet[Any]:
        manager = self.model._default_manager
        queryset = manager.all()
        if not isinstance(queryset, VisibleQuerySet):
            raise TypeError(f"{self.model.__name__} n'a pas de VisibleQuerySet")
        return self.affiner(queryset.visibles_par(self.request.user))

    def affiner(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Hook for select_related / filters; never widens what visibles_par returned."""
        return queryset


class ListeVisible(AccesReserve, Visibles, ListView):  # type: ignore[type-arg,misc]
    paginate_by = 50


class FicheVisible(AccesReserve, Visibles, DetailView):  # type: ignore[type-arg]
    """A detail page; an object outside the user's scope is a 404, never a 403."""
