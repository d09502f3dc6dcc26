"""Public page « Règles appliquées »: the catalogue with the parameters in force today.

Public on purpose: the rules the product applies, their sources and where the texts
disagree must be readable by anyone, with or without an account (REGLES.md).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from titrepro.conformite.lectures import catalogue_en_vigueur


def regles(request: HttpRequest) -> HttpResponse:
    jour = timezone.localdate()
    return render(
        request,
        "web/conformite/regles.html",
        {"title": "Règles appliquées", "jour": jour, "regles": catalogue_en_vigueur(jour=jour)},
    )
