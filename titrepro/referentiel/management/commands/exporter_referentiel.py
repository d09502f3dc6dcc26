"""``manage.py exporter_referentiel``: write the référentiel as JSON or as CSV tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from titrepro.referentiel.echange import document_vers_json, document_vers_tables, document_vers_zip
from titrepro.referentiel.models import Titre
from titrepro.referentiel.services import referentiel_exporter


class Command(BaseCommand):
    help = (
        "Exporte le référentiel : JSON (sur la sortie standard ou dans --sortie) ou tables CSV "
        "(--sortie : un dossier, ou un fichier .zip)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "csv"], default="json", dest="format_sortie")
        parser.add_argument("--sortie", help="Fichier JSON, dossier ou archive .zip des tables CSV.")
        parser.add_argument("--titre", action="append", default=[], help="Code d'un titre à exporter (répétable).")

    def handle(self, *args: Any, **options: Any) -> None:
        titres = Titre.objects.all()
        if options["titre"]:
            titres = titres.filter(code__in=options["titre"])
            inconnus = set(options["titre"]) - set(titres.values_list("code", flat=True))
            if inconnus:
                raise CommandError(f"Titre(s) inconnu(s) : {', '.join(sorted(inconnus))}.")
        document = referentiel_exporter(titres)
        sortie = Path(options["sortie"]) if options["sortie"] else None
        if options["format_sortie"] == "json":
            texte = document_vers_json(document)
            if sortie is None:
                self.stdout.write(texte, ending="")
                return
            sortie.write_text(texte, encoding="utf-8")
        elif sortie is None:
            raise CommandError("--sortie est obligatoire en CSV (un dossier ou un fichier .zip).")
        elif sortie.suffix.lower() == ".zip":
            sortie.write_bytes(document_vers_zip(document))
        else:
            sortie.mkdir(parents=True, exist_ok=True)
            for nom, contenu in document_vers_tables(document).items():
                (sortie / nom).write_bytes(contenu)
        self.stderr.write(f"{len(document.titres)} titre(s) exporté(s) dans {sortie}.")
