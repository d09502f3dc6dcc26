"""Background tasks of conformité (django-tasks; a database queue worked by ``db_worker``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from titrepro.conformite.balayage import alertes_balayer, traitements_executer


@task()
def balayer_alertes(*, jour: str | None = None) -> str:
    """The daily sweep as a queued job (``balayer_alertes.enqueue()``); returns its French summary.

    ``jour``: ISO date (AAAA-MM-JJ); default: today. Task arguments must be JSON: hence a string.
    """
    jour_balaye = dt.date.fromisoformat(jour) if jour else timezone.localdate()
    traitements_executer(jour=jour_balaye)
    rapport = alertes_balayer(jour=jour_balaye)
    return rapport.resume
