"""Journeys in a real browser: sign in through the login page, walk the main pages,
check each with axe-core (no "serious" or "critical" violation), sign out with the button.

The server is pytest-django's ``live_server`` (a real HTTP server on a thread), the
browser Debian's headless Chromium (see conftest.py). The pages run under the
production CSP (script-src 'self' + nonce): a CSP violation in the console fails too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import MOT_DE_PASSE
from tests.personas import Monde, construire_monde
from titrepro.territoires.chargement import charger_territoires
from titrepro.territoires.models import Departement, Region

pytestmark = [pytest.mark.navigateur]

IMPACTS_BLOQUANTS = {"serious", "critical"}


@pytest.fixture
def monde_navigateur(transactional_db: None) -> Monde:
    """The personas' world. A transactional test starts from a flushed database:
    the territoires loaded by the data migration are gone, so reload them first."""
    charger_territoires(Region, Departement)
    return construire_monde()


@dataclass
class Controleur:
    """Runs axe-core on each page visited and remembers the blocking problems, reported together at the end."""

    page: Any
    axe: Axe = field(default_factory=Axe)
    problemes: list[str] = field(default_factory=list)
    pages_verifiees: list[str] = field(default_factory=list)
    erreurs_console: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda erreur: self.erreurs_console.append(f"{self.page.url} : {erreur}"))

    def _console(self, message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.erreurs_console.append(f"{self.page.url} : {message.text}")

    def verifier(self, nom: str) -> None:
        self.page.wait_for_load_state("load")
        resultats = self.axe.run(self.page)
        self.pages_verifiees.append(nom)
        for violation in resultats.response["violations"]:
            if violation.get("impact") not in IMPACTS_BLOQUANTS:
                continue
            elements = "\n".join(
                f"      - {', '.join(map(str, noeud['target']))}\n"
                f"        {noeud.get('html', '').strip()[:200]}\n"
                f"        {(noeud.get('failureSummary') or '').replace(chr(10), ' ')}"
                for noeud in violation["nodes"]
            )
            self.problemes.append(
                f"[{nom}] {self.page.url}\n"
                f"  {violation['id']} ({violation['impact']}) : {violation['help']}\n"
                f"  {violation['helpUrl']}\n{elements}"
            )

    def conclure(self) -> None:
        rapport = []
        if self.problemes:
            rapport.append(
                f"{len(self.problemes)} violation(s) d'accessibilité graves ou critiques "
                f"(pages vérifiées : {', '.join(self.pages_verifiees)}) :\n\n" + "\n\n".join(self.problemes)
            )
        if self.erreurs_console:
            rapport.append("Erreurs JavaScript ou violations CSP :\n" + "\n".join(self.erreurs_console))
        assert not rapport, "\n\n".join(rapport)


def se_connecter(page: Any, base: str, email: str, *, accueil: str = "/") -> None:
    """Sign in from the home page; ``accueil`` is where the role lands (a candidate: /mon-espace/)."""
    page.goto(f"{base}/")
    page.get_by_role("link", name="Se connecter").first.click()
    page.wait_for_url(re.compile(r"/connexion/"))
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}{accueil}")


def se_deconnecter(page: Any, base: str) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("link", name="Se connecter").first.is_visible()
    # Signed out for real: a protected page sends back to the login page.
    page.goto(f"{base}/compte/")
    assert "/connexion/" in page.url


def menu(page: Any, libelle: str) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name=libelle, exact=True).click()
    page.wait_for_load_state("load")


def test_parcours_administrateur(live_server: Any, monde_navigateur: Monde, page: Any) -> None:
    base = live_server.url
    controle = Controleur(page)

    page.goto(f"{base}/")
    controle.verifier("accueil public")
    page.goto(f"{base}/connexion/")
    controle.verifier("connexion")

    se_connecter(page, base, monde_navigateur.utilisateurs["administrateur"].email)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bonjour")
    controle.verifier("tableau de bord")

    menu(page, "Référentiel")
    assert page.get_by_role("heading", level=1).is_visible()
    controle.verifier("référentiel")
    page.get_by_role("link", name=re.compile(re.escape(monde_navigateur.titre.intitule))).click()
    page.wait_for_load_state("load")
    assert monde_navigateur.titre.intitule in page.get_by_role("heading", level=1).inner_text()
    controle.verifier("fiche titre")

    menu(page, "Organismes")
    controle.verifier("organismes")
    page.get_by_role("link", name="Organisme A", exact=True).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Organisme A"
    controle.verifier("fiche organisme")
    page.get_by_role("link", name="Historique des modifications").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Historique"
    controle.verifier("historique organisme")

    menu(page, "Candidats")
    controle.verifier("candidats")
    page.get_by_role("link", name=re.compile("ALPHA")).first.click()
    page.wait_for_load_state("load")
    assert "ALPHA" in page.get_by_role("heading", level=1).inner_text()
    controle.verifier("fiche candidat")

    menu(page, "Membres de jury")
    controle.verifier("membres de jury")
    page.get_by_role("link", name=re.compile("JURY-A")).first.click()
    page.wait_for_load_state("load")
    controle.verifier("fiche membre de jury")

    page.get_by_role("link", name=re.compile(re.escape(str(monde_navigateur.utilisateurs["administrateur"])))).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Mon compte"
    controle.verifier("mon compte")

    page.get_by_role("link", name="Documentation de l'API").click()
    page.wait_for_load_state("load")
    page.locator(".swagger-ui .info").wait_for()  # Swagger UI renders the schema client-side
    controle.verifier("documentation de l'API")

    page.goto(f"{base}/")
    se_deconnecter(page, base)
    controle.verifier("accueil après déconnexion")
    controle.conclure()


def test_parcours_responsable_session(live_server: Any, monde_navigateur: Monde, page: Any) -> None:
    """An organisme's user sees its own organisme and candidates, not the other organisme's."""
    base = live_server.url
    controle = Controleur(page)
    se_connecter(page, base, monde_navigateur.utilisateurs["responsable_session"].email)
    controle.verifier("tableau de bord")

    menu(page, "Organismes")
    assert page.get_by_role("link", name="Organisme A", exact=True).is_visible()
    assert page.get_by_role("link", name="Organisme B", exact=True).count() == 0
    menu(page, "Candidats")
    assert page.get_by_role("link", name=re.compile("ALPHA")).count() >= 1
    assert page.get_by_role("link", name=re.compile("BRAVO")).count() == 0
    page.get_by_label(re.compile("^Rechercher un candidat")).fill("ALPHA")
    page.get_by_role("search").get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state("load")
    controle.verifier("recherche de candidats")

    se_deconnecter(page, base)
    controle.conclure()


def test_connexion_refusee_affiche_une_erreur_accessible(live_server: Any, monde_navigateur: Monde, page: Any) -> None:
    base = live_server.url
    controle = Controleur(page)
    page.goto(f"{base}/connexion/")
    page.get_by_label("Adresse électronique").fill("personne@exemple.fr")
    page.get_by_label("Mot de passe").fill("mauvais-mot-de-passe")
    page.locator("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("load")
    assert "/connexion/" in page.url
    assert page.get_by_text("Adresse électronique ou mot de passe incorrect.").is_visible()
    controle.verifier("connexion refusée")
    controle.conclure()
