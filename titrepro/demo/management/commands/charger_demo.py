"""`manage.py charger_demo`: load the fictitious demo world and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from titrepro.demo.monde import MOT_DE_PASSE_DEMO, Bilan, charger_monde_demo


class Command(BaseCommand):
    help = (
        "Charge (ou recharge) le monde de démonstration, entièrement fictif : référentiel, organismes, "
        "candidats, membres de jury et un compte par rôle. Sans doublon si on la relance."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        bilan = charger_monde_demo()
        for avertissement in bilan.avertissements:
            self.stderr.write(self.style.WARNING(avertissement))
        self.stdout.write(formater_bilan(bilan))


def formater_bilan(bilan: Bilan) -> str:
    """The summary shown by `make run`: counts, then one line per demo login."""
    lignes = [
        "Données de démonstration chargées (toutes fictives).",
        (
            f"  Référentiel : {bilan.titres} titres, {bilan.millesimes} millésimes."
            if bilan.referentiel_importe
            else "  Référentiel : non chargé (voir l'avertissement ci-dessus)."
        ),
        (
            f"  {bilan.organismes} organismes, {bilan.sites} sites, {bilan.candidats} candidats, "
            f"{bilan.membres_jury} membres de jury, {len(bilan.comptes)} comptes."
        ),
        "",
        f"Comptes de démonstration — mot de passe commun : {MOT_DE_PASSE_DEMO}",
        "",
    ]
    entetes = ("Adresse électronique", "Rôle", "Rattachement")
    rangees = [(c.email, c.role, c.rattachement) for c in bilan.comptes]
    largeurs = [max(len(r[i]) for r in [entetes, *rangees]) for i in range(2)]

    def rangee(valeurs: tuple[str, str, str]) -> str:
        return f"  {valeurs[0]:<{largeurs[0]}}  {valeurs[1]:<{largeurs[1]}}  {valeurs[2]}".rstrip()

    lignes.append(rangee(entetes))
    lignes.append(rangee(("-" * largeurs[0], "-" * largeurs[1], "-" * max(len(r[2]) for r in [entetes, *rangees]))))
    lignes.extend(rangee(r) for r in rangees)
    return "\n".join(lignes)
