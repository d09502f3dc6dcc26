"""Abstract bases shared by every domain model. No business rule lives here."""

from __future__ import annotations

from django.db import models

from titrepro.core.audit import Audite


class Horodate(Audite):
    """Creation and modification timestamps, plus the audit hooks."""

    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True
