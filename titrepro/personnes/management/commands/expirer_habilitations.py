"""Daily: active habilitations whose period has ended become « expirée » (JUR-HABILITATION)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from titrepro.personnes.services import habilitations_expirer


class Command(BaseCommand):
    help = "Passe à l'état « expirée » les habilitations actives dont la période est finie."

    def handle(self, *args: Any, **options: Any) -> None:
        nombre = habilitations_expirer(jour=timezone.localdate())
        self.stdout.write(f"{nombre} habilitation(s) expirée(s).")
