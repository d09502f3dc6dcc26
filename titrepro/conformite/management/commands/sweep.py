"""``python manage.py sweep [--jour AAAA-MM-JJ]``: the daily sweep of alerts (schedule it with cron)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from titrepro.conformite.balayage import alertes_balayer, traitements_executer
from titrepro.core import audit


def _jour(texte: str) -> dt.date:
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        raise CommandError(f"Date invalide « {texte} » : format attendu AAAA-MM-JJ.") from None


class Command(BaseCommand):
    help = "Balaye les alertes : ouvre les nouvelles (courriel unique), met à jour et résout les autres."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jour", type=_jour, default=None, help="Jour du balayage (défaut : aujourd'hui).")

    def handle(self, *args: Any, **options: Any) -> None:
        jour: dt.date = options["jour"] or timezone.localdate()
        debut = time.perf_counter()
        bavard = options["verbosity"] >= 1

        def progression(code: str, rang: int, total: int) -> None:
            if bavard:
                self.stdout.write(f"[{rang}/{total}] {code}…")

        with audit.motif(f"Balayage des alertes du {jour:%d/%m/%Y}"):
            for code, nombre in traitements_executer(jour=jour).items():
                self.stdout.write(f"{code} : {nombre} traitement(s) automatique(s).")
            rapport = alertes_balayer(jour=jour, progression=progression)
        duree = time.perf_counter() - debut
        style = self.style.WARNING if rapport.erreurs else self.style.SUCCESS
        self.stdout.write(style(f"{rapport.resume} ({duree:.2f} s)"))
        for code, erreur in sorted(rapport.erreurs.items()):
            self.stderr.write(f"  {code} : {erreur}")
