"""The few view bases every page uses: sign-in, role check, and scoped querysets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, ListView

from titrepro.core.erreurs import RegleRefusee
from titrepro.core.visibilite import VisibleQuerySet, get_visible_or_404


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


class FormulaireSurObjet(AccesReserve, FormView):  # type: ignore[type-arg]
    """Base of the forms about one visible object (a candidate, a jury member...).

    The object is found by ``pk`` through the scoping mechanism (404 outside the user's
    scope) once the role check passed; the form then returns to the object's page.
    """

    modele: type[Model]
    url_fiche: str  # URL name of the object's page, e.g. "web:candidat"
    titre = ""
    objet: Any

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if user.is_authenticated and (self.roles_autorises is None or user.roles & self.roles_autorises):
            queryset = self.modele._default_manager.all()
            self.objet = get_visible_or_404(queryset, user, pk=kwargs["pk"])  # type: ignore[arg-type]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=f"{self.titre} — {self.objet}", titre=self.titre, retour=self.get_success_url(), **kwargs
        )

    def get_success_url(self) -> str:
        return reverse(self.url_fiche, args=[self.objet.pk])

    def executer(self, form: Any, action: Callable[[], object], succes: str = "Enregistré.") -> HttpResponse:
        """Run a service call; a refusal is shown on the form as is (a rule's refusal with its code and source)."""
        try:
            action()
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        except RegleRefusee as exc:
            form.add_error(None, f"{exc.message} ({exc.regle} — {exc.source})")
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, succes)
        return HttpResponseRedirect(self.get_success_url())
