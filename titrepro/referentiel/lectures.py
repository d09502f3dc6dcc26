"""Filters shared by the référentiel pages, exports and API (applied after ``visibles_par``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from titrepro.referentiel.models import Titre


def filtrer_titres(
    titres: QuerySet[Titre],
    *,
    recherche: str = "",
    secteur: str = "",
    niveau: int | None = None,
    transport: bool | None = None,
) -> QuerySet[Titre]:
    """Narrows a (visible) queryset of titres; ``recherche`` looks in the intitulé, code and RNCP number."""
    if recherche := recherche.strip():
        titres = titres.filter(
            Q(intitule__icontains=recherche) | Q(code__icontains=recherche) | Q(rncp__icontains=recherche)
        )
    if secteur:
        titres = titres.filter(secteur=secteur)
    if niveau is not None:
        titres = titres.filter(niveau=niveau)
    if transport is not None:
        titres = titres.filter(transport=transport)
    return titres
