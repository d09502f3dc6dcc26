"""Close the agrément requests whose complements are overdue (AGR-SANS-SUITE). Run daily (or by the sweep)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from titrepro.agrements.services import demandes_sans_suite_a_classer
from titrepro.core.audit import motif


class Command(BaseCommand):
    help = "Classe sans suite les demandes d'agrément dont les compléments n'ont pas été apportés à temps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jour", type=dt.date.fromisoformat, default=None, help="AAAA-MM-JJ (défaut : aujourd'hui)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        jour = options["jour"] or timezone.localdate()
        with motif("AGR-SANS-SUITE : compléments non apportés dans le délai"):
            classees = demandes_sans_suite_a_classer(jour=jour)
        for demande in classees:
            self.stdout.write(f"Classée sans suite : {demande}")
        self.stdout.write(self.style.SUCCESS(f"{len(classees)} demande(s) classée(s) sans suite."))
