"""``python manage.py purger_archives [--jusqu-au AAAA-MM-JJ] [--simuler]``: the purge of past-retention documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from titrepro.archives.services import archives_purger
from titrepro.core import audit


def _jour(texte: str) -> dt.date:
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        raise CommandError(f"Date invalide « {texte} » : format attendu AAAA-MM-JJ.") from None


class Command(BaseCommand):
    help = (
        "Supprime les documents dont la durée de conservation (ARC-CONSERVATION) est finie, "
        "et écrit une ligne de journal par document."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jusqu-au",
            dest="jusqu_au",
            type=_jour,
            default=None,
            help="Documents dont la conservation finit au plus tard ce jour (défaut : aujourd'hui ; jamais plus tard).",
        )
        parser.add_argument("--simuler", action="store_true", help="Lister ce qui serait supprimé, sans rien toucher.")

    def handle(self, *args: Any, **options: Any) -> None:
        jusqu_au: dt.date = options["jusqu_au"] or timezone.localdate()
        bavard = options["verbosity"] >= 1

        def barre(rang: int, total: int) -> None:
            if bavard and total:
                largeur = 30
                plein = largeur * rang // total
                self.stdout.write(f"\r[{'#' * plein}{'.' * (largeur - plein)}] {rang}/{total}", ending="")
                if rang == total:
                    self.stdout.write("")

        try:
            with audit.motif(f"Purge des archives jusqu'au {jusqu_au:%d/%m/%Y}"):
                rapport = archives_purger(jusqu_au=jusqu_au, simuler=options["simuler"], progression=barre)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for document in rapport.documents:
            self.stdout.write(f"- {document.libelle} : conservation finie le {document.conserver_jusqu_au:%d/%m/%Y}")
        if options["simuler"]:
            self.stdout.write(self.style.WARNING(f"Simulation : {rapport.nombre} document(s) seraient supprimés."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Purge n°{rapport.purge.pk if rapport.purge else '-'} : {rapport.nombre} document(s) supprimé(s)."
                )
            )
