"""``manage.py importer_referentiel FICHIER``: load a référentiel (JSON, zip or folder of CSV tables)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from titrepro.referentiel.echange import (
    TABLES,
    DocumentInvalide,
    DocumentReferentiel,
    lire_fichier,
    tables_vers_document,
)
from titrepro.referentiel.services import referentiel_importer

LARGEUR_BARRE = 30


class Command(BaseCommand):
    help = (
        "Importe un référentiel (fichier JSON au format titrepro-referentiel, archive .zip ou dossier "
        "des tables CSV). Tout ou rien : à la moindre erreur, rien n'est écrit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fichier", help="Fichier .json, archive .zip ou dossier contenant titres.csv, etc.")
        parser.add_argument("--auteur", help="Adresse électronique du compte à qui attribuer les modifications.")
        parser.add_argument("--verifier", action="store_true", help="Vérifie le fichier sans rien écrire.")

    def handle(self, *args: Any, **options: Any) -> None:
        chemin = Path(options["fichier"])
        auteur = self._auteur(options["auteur"])
        try:
            document = _lire(chemin)
        except DocumentInvalide as exc:
            for erreur in exc.erreurs:
                self.stderr.write(f"  - {erreur}")
            raise CommandError(f"{exc} Rien n'a été importé.") from None
        if options["verifier"]:
            self.stdout.write(self.style.SUCCESS(f"{chemin} est valide ({len(document.titres)} titres)."))
            return
        rapport = referentiel_importer(document=document, auteur=auteur, progression=self._progression)
        self.stdout.write(self.style.SUCCESS(f"Référentiel importé depuis {chemin}."))
        for nom, crees, modifies, inchanges in rapport.lignes:
            self.stdout.write(f"  {nom} : {crees} créé(s), {modifies} modifié(s), {inchanges} inchangé(s)")
        if rapport.non_repris:
            self.stdout.write("Absents du fichier, conservés en base :")
            for ligne in rapport.non_repris:
                self.stdout.write(f"  - {ligne}")

    def _auteur(self, email: str | None) -> Any:
        if not email:
            return None
        modele = get_user_model()
        try:
            return modele._default_manager.get(email=email)
        except modele.DoesNotExist:
            raise CommandError(f"Aucun compte n'a l'adresse {email}.") from None

    def _progression(self, fait: int, total: int) -> None:
        pleins = LARGEUR_BARRE * fait // total
        self.stderr.write(f"\r[{'#' * pleins}{'.' * (LARGEUR_BARRE - pleins)}] {fait}/{total} titres", ending="")
        if fait == total:
            self.stderr.write("")


def _lire(chemin: Path) -> DocumentReferentiel:
    if chemin.is_dir():
        tables = {nom: (chemin / nom).read_bytes() for nom in TABLES if (chemin / nom).is_file()}
        return tables_vers_document(tables)
    try:
        contenu = chemin.read_bytes()
    except OSError as exc:
        raise CommandError(f"Lecture impossible de {chemin} : {exc.strerror}.") from None
    return lire_fichier(chemin.name, contenu)
