"""A session manager's journey in a real browser (issue 6): create a session, register a candidate,
compose its jury, order its DTE and issue the convocations — then the candidate sees their convocation.

Every page visited is checked with axe-core (see test_parcours.py). The dates are relative to
today: the session is about four months ahead, so every delay rule passes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.navigateur.test_parcours import Controleur, menu, monde_navigateur, se_connecter, se_deconnecter
from tests.personas import Monde
from titrepro.examens.models import EtatSession, Session
from titrepro.personnes.models import Disponibilite

pytestmark = [pytest.mark.navigateur]

__all__ = ["monde_navigateur"]  # the fixture, shared with test_parcours.py


def soumettre(page: Any, bouton: Any) -> None:
    """Click a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        bouton.click()
    page.wait_for_load_state("load")


def _premier_lundi_apres(jour: dt.date) -> dt.date:
    return jour + dt.timedelta(days=(7 - jour.weekday()) % 7 or 7)


def _jury_disponible(monde: Monde, premier: dt.date) -> None:
    """JURY-A, habilitated on the world's millésime, is made eligible (JUR-ELIGIBILITE) and available."""
    jure = monde.jury_a
    jure.experience_annees = 12
    jure.professionnalisation_le = dt.date(2025, 1, 15)
    jure.save()
    Disponibilite.objects.create(membre=jure, debut=premier - dt.timedelta(days=7), fin=premier + dt.timedelta(days=7))


def test_parcours_session_de_la_creation_aux_convocations(live_server: Any, monde_navigateur: Monde, page: Any) -> None:
    base = live_server.url
    monde = monde_navigateur
    controle = Controleur(page)
    premier = _premier_lundi_apres(dt.date.today() + dt.timedelta(days=120))
    _jury_disponible(monde, premier)

    se_connecter(page, base, monde.utilisateurs["responsable_session"].email)
    menu(page, "Sessions")
    assert page.get_by_role("link", name=monde.session_a.numero).is_visible()
    assert page.get_by_role("link", name=monde.session_b.numero).count() == 0
    controle.verifier("sessions")

    # 1. Create the session.
    page.get_by_role("link", name="Nouvelle session").click()
    page.wait_for_load_state("load")
    page.locator("select[name=agrement]").select_option(index=1)
    page.locator("textarea[name=jours]").fill(
        f"{premier:%d/%m/%Y} 08:30-17:00\n{premier + dt.timedelta(days=1):%d/%m/%Y} 08:30-16:30"
    )
    page.locator("select[name=responsable]").select_option(index=1)
    controle.verifier("nouvelle session")
    page.get_by_role("button", name="Créer la session").click()
    page.wait_for_load_state("load")
    session = Session.objects.exclude(pk__in=[monde.session_a.pk, monde.session_b.pk]).get()
    assert session.etat == EtatSession.CREEE
    assert session.numero in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("En préparation").first.is_visible()
    controle.verifier("fiche session")

    # 2. Register the organisme's trainee.
    page.get_by_role("link", name="Inscrire un candidat").click()
    page.wait_for_load_state("load")
    page.get_by_label(re.compile("Rechercher un candidat")).fill("ALPHA")
    page.get_by_role("search").get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state("load")
    page.get_by_role("link", name=re.compile(r"Choisir ALPHA\b")).first.click()
    page.wait_for_load_state("load")
    page.get_by_label("Formé(e) au titre").check()
    controle.verifier("inscription d'un candidat")
    page.get_by_role("button", name="Inscrire", exact=True).click()
    page.wait_for_load_state("load")
    assert session.inscriptions.filter(candidat=monde.candidat_a).exists()

    # 3. Compose the jury: add one, invite the habilitated, available member.
    page.goto(f"{base}/sessions/{session.pk}/")
    page.get_by_role("button", name="Ajouter un jury").click()
    page.wait_for_load_state("load")
    page.get_by_role("link", name=re.compile("^Rechercher et inviter un membre")).first.click()
    page.wait_for_load_state("load")
    controle.verifier("recherche de membres de jury")
    page.get_by_role("button", name=re.compile("^Inviter .*JURY-A")).click()
    page.wait_for_load_state("load")
    assert session.jurys.get().participations.filter(membre=monde.jury_a).exists()

    # 4. Order the DTE and submit the order to the GEV.
    page.goto(f"{base}/sessions/{session.pk}/")
    page.get_by_role("link", name="Commander les DTE").click()
    page.wait_for_load_state("load")
    page.get_by_label("Téléphone du destinataire").fill("06 39 98 00 01")
    controle.verifier("commande de DTE")
    soumettre(page, page.get_by_role("button", name="Enregistrer", exact=True))
    page.get_by_role("link", name="Soumettre la commande à la GEV").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Soumettre la commande à la GEV").click()
    page.wait_for_load_state("load")
    assert session.commandes_dte.get().etat == "soumise"

    # 5. Record the convocation (registered letter) and issue the convocations: the session locks.
    page.goto(f"{base}/sessions/{session.pk}/")
    page.get_by_role("link", name=re.compile("^Enregistrer la convocation")).first.click()
    page.wait_for_load_state("load")
    page.get_by_label("Lettre recommandée avec accusé de réception").check()
    page.get_by_label("Lettre déposée ou convocation remise le").fill(dt.date.today().isoformat())
    page.get_by_label("Numéro de suivi (lettre recommandée)").fill("1A00000000017")
    controle.verifier("enregistrement d'une convocation")
    soumettre(page, page.get_by_role("button", name="Enregistrer", exact=True))
    page.goto(f"{base}/sessions/{session.pk}/")
    page.get_by_role("button", name="Émettre les convocations").click()
    page.wait_for_load_state("load")
    session.refresh_from_db()
    assert session.etat == EtatSession.CONVOQUEE
    assert page.get_by_text("Convocations envoyées").first.is_visible()
    controle.verifier("session convoquée")
    se_deconnecter(page, base)

    # 6. The candidate finds their convocation in their own space.
    se_connecter(page, base, monde.utilisateurs["candidat"].email, accueil="/mon-espace/")
    menu(page, "Mes convocations")
    assert page.get_by_text(session.numero).first.is_visible()
    controle.verifier("mes convocations")
    se_deconnecter(page, base)
    controle.conclure()
