"""The audit history of any scoped object, for those who may see the object."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from titrepro.core.audit import lignes_historique
from titrepro.core.visibilite import VisibleQuerySet, get_visible_or_404


@login_required
def historique_objet(request: HttpRequest, modele: str, pk: int) -> HttpResponse:
    """``modele`` is ``app_label.model_name`` (e.g. ``organisations.organisme``)."""
    try:
        model = apps.get_model(modele)
    except (LookupError, ValueError):
        raise Http404("Type d'objet inconnu.") from None
    queryset = model._default_manager.all()
    if not isinstance(queryset, VisibleQuerySet):
        raise Http404("Ce type d'objet n'a pas d'historique consultable.")
    objet = get_visible_or_404(queryset, request.user, pk=pk)
    return render(
        request,
        "web/historique.html",
        {
            "title": f"Historique — {objet}",
            "objet": objet,
            "type_objet": model._meta.verbose_name,
            "lignes": lignes_historique(objet),
        },
    )
