"""Background task of the archives (django-tasks): the purge, as a queued job."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from titrepro.archives.services import archives_purger
from titrepro.core.audit import motif


@task()
def purger_archives(*, jusqu_au: str | None = None) -> str:
    """Purge the documents past their retention end (ISO date, default today); returns a French summary."""
    jour = dt.date.fromisoformat(jusqu_au) if jusqu_au else timezone.localdate()
    with motif(f"Purge des archives jusqu'au {jour:%d/%m/%Y}"):
        rapport = archives_purger(jusqu_au=jour)
    return f"{rapport.nombre} document(s) supprimé(s) (conservation finie au plus tard le {jour:%d/%m/%Y})."
