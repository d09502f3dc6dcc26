"""The one scoping mechanism: what a user may see.

Every view, API endpoint, export and file download gets its rows through
``Model.objects.visibles_par(user)`` (or ``get_visible_or_404``). Nothing filters
by organisme by hand.

How it works, in two halves that meet here:

* each user has a ``Perimetre``: for every ``Axe`` the ids it reaches (its
  organismes, départements, région, its own candidate record...). It is computed
  from the user's memberships in ``titrepro.comptes``;
* each scoped model declares ``VISIBILITE = Visibilite(...)``: for every axis, the
  ORM path from the model to the id the axis speaks of.

A row is visible when one of the user's axes reaches it through the model's path.
A model that declares no path for an axis is invisible along that axis: adding a
role never widens what existing models show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Axe(StrEnum):
    """The ways a user can reach a row."""

    ORGANISME = "organisme"  # responsable de l'organisme, responsable de session, suppléant: organisme ids
    FORMATION = "formation"  # formateur: organisme ids (reads its own trainees only)
    FORMATEUR = "formateur"  # formateur: ids of their own formateur memberships (their trainees)
    DEPARTEMENT = "departement"  # agent DDETS/UD: département ids
    REGION = "region"  # agent DREETS: région ids
    CANDIDAT = "candidat"  # a candidate: their own Candidat id
    JURY = "jury"  # a jury member: their own MembreJury id
    GEV = "gev"  # agent GEV: national, on the models that declare it


TOUT = "*"
"""Path meaning "every row" for an axis (e.g. the GEV sees every DTE order)."""


@dataclass(frozen=True)
class Perimetre:
    """What one user reaches, axis by axis. ``national`` is the administrator's."""

    national: bool = False
    valeurs: Mapping[Axe, frozenset[int]] = field(default_factory=dict)

    def ids(self, axe: Axe) -> frozenset[int]:
        return self.valeurs.get(axe, frozenset())

    @property
    def vide(self) -> bool:
        return not self.national and not any(self.valeurs.values())


PERIMETRE_VIDE = Perimetre()


@dataclass(frozen=True)
class Visibilite:
    """Declared on a model: for each axis, the path from the model to the axis' id.

    ``publique`` marks national reference data (the référentiel) that every
    signed-in user may read. ``distinct`` is needed when a path crosses a
    many-valued relation (it would otherwise repeat rows). ``conditions`` narrows
    what one axis reaches (e.g. a jury member reads only the published timetable).
    """

    chemins: Mapping[Axe, str] = field(default_factory=dict)
    publique: bool = False
    distinct: bool = False
    conditions: Mapping[Axe, Q] = field(default_factory=dict)

    def filtre(self, perimetre: Perimetre) -> Q | None:
        """The Q selecting the visible rows, or None when every row is visible."""
        condition = Q(pk__in=[])
        for axe, chemin in self.chemins.items():
            ids = perimetre.ids(axe)
            if not ids:
                continue
            if chemin == TOUT and axe not in self.conditions:
                return None
            atteint = Q() if chemin == TOUT else Q(**{f"{chemin}__in": sorted(ids)})
            condition |= atteint & self.conditions.get(axe, Q())
        return condition


class AvecPerimetre(Protocol):
    is_authenticated: bool

    @property
    def perimetre(self) -> Perimetre: ...


def perimetre_de(user: AvecPerimetre | AnonymousUser | None) -> Perimetre:
    if user is None or not user.is_authenticated:
        return PERIMETRE_VIDE
    return user.perimetre


_M = TypeVar("_M", bound=models.Model)


class VisibleQuerySet(models.QuerySet[_M], Generic[_M]):
    """Base queryset of every scoped model."""

    def visibles_par(self, user: Any) -> VisibleQuerySet[_M]:
        visibilite: Visibilite | None = getattr(self.model, "VISIBILITE", None)
        if visibilite is None:
            raise TypeError(f"{self.model.__name__} ne déclare pas VISIBILITE.")
        if user is None or not user.is_authenticated:
            return self.none()
        perimetre = perimetre_de(user)
        if perimetre.national or visibilite.publique:
            return self
        condition = visibilite.filtre(perimetre)
        if condition is None:
            return self
        visibles = self.filter(condition)
        return visibles.distinct() if visibilite.distinct else visibles


def get_visible_or_404(queryset: VisibleQuerySet[_M], user: Any, **lookup: Any) -> _M:
    """The object if the user may see it; 404 otherwise (never 403: existence is not disclosed)."""
    try:
        return queryset.visibles_par(user).get(**lookup)
    except (ObjectDoesNotExist, ValueError):
        raise Http404("Aucun objet visible ne correspond à cette adresse.") from None


def modeles_visibles() -> list[type[models.Model]]:
    """Every installed model that declares VISIBILITE (used by the test matrix)."""
    from django.apps import apps

    return [model for model in apps.get_models() if isinstance(getattr(model, "VISIBILITE", None), Visibilite)]
