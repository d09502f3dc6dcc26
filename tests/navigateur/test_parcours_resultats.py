"""The PV's journey in a real browser (issue 7, part PV): from results entered to the candidate reading them.

Session A of the persona world is put, in the database, where the exam day and the results entry leave
it (held 10 and 9 days ago, « résultats saisis », its jury member has accepted, candidat_a « titre
obtenu »): the opening and the results entry have their own journeys. Then, in the browser: the
responsable de session edits the PV; the jury member signs it in their portal (password re-entered);
the responsable signs and transmits it; the candidate still sees nothing (RES-PUBLICATION); the DDETS
of the site's département validates it from its queue; the candidate reads the result and downloads
the attestation. Every page visited is checked with axe-core.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.factories import MOT_DE_PASSE
from tests.navigateur.test_parcours import Controleur, menu, monde_navigateur, se_deconnecter
from tests.personas import Monde
from titrepro.examens.models import EtatParticipation, EtatSession, Inscription, JourSession, ParticipationJury, Session

pytestmark = [pytest.mark.navigateur]

__all__ = ["monde_navigateur"]


def soumettre(page: Any, bouton: Any) -> None:
    with page.expect_navigation():
        bouton.click()
    page.wait_for_load_state("load")


def _session_decidee(monde: Monde) -> Session:
    session: Session = monde.session_a
    premier = dt.date.today() - dt.timedelta(days=10)
    JourSession.objects.filter(session=session).delete()
    for decalage in (0, 1):
        JourSession.objects.create(session=session, date=premier + dt.timedelta(days=decalage))
    Session.objects.filter(pk=session.pk).update(
        etat=EtatSession.RESULTATS_SAISIS, premier_jour=premier, dernier_jour=premier + dt.timedelta(days=1)
    )
    ParticipationJury.objects.filter(pk=monde.participation_a.pk).update(etat=EtatParticipation.ACCEPTEE)
    Inscription.objects.filter(pk=monde.inscription_a.pk).update(etat="titre_obtenu")
    session.refresh_from_db()
    return session


def connecter(page: Any, base: str, email: str) -> None:
    """Sign in from the sign-in page (a candidate lands on their own space, the others on the home page)."""
    page.goto(f"{base}/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/connexion/" not in url)
    page.wait_for_load_state("load")


def signer(page: Any) -> None:
    page.get_by_label("Votre mot de passe").fill(MOT_DE_PASSE)
    page.locator("label[for=id_confirmation]").click()  # the DSFR label covers its checkbox
    soumettre(page, page.get_by_role("button", name="Signer le PV"))


def test_parcours_pv_de_l_edition_a_la_publication(live_server: Any, monde_navigateur: Monde, page: Any) -> None:
    base = live_server.url
    monde = monde_navigateur
    controle = Controleur(page)
    session = _session_decidee(monde)

    # 1. The responsable edits the PV from the session page.
    connecter(page, base, monde.utilisateurs["responsable_session"].email)
    page.goto(f"{base}/sessions/{session.pk}/")
    controle.verifier("fiche session (résultats saisis)")
    soumettre(page, page.get_by_role("button", name="Éditer les PV"))
    assert page.get_by_text("PV édité (version 2)").is_visible()
    assert page.get_by_role("link", name="PV général — version 2").is_visible()
    controle.verifier("fiche session (PV édité)")
    se_deconnecter(page, base)

    # 2. The jury member signs in their portal.
    connecter(page, base, monde.utilisateurs["membre_jury"].email)
    menu(page, "PV à signer")
    controle.verifier("espace jury : PV à signer")
    page.get_by_role("link", name=f"Lire et signer le PV de la session {session.numero}").click()
    page.wait_for_load_state("load")
    controle.verifier("signature du PV (jury)")
    signer(page)
    assert page.get_by_text("PV signé le").is_visible()
    se_deconnecter(page, base)

    # 3. The responsable signs last, then transmits.
    connecter(page, base, monde.utilisateurs["responsable_session"].email)
    page.goto(f"{base}/sessions/{session.pk}/")
    page.get_by_role("link", name="Signer le PV").click()
    page.wait_for_load_state("load")
    controle.verifier("signature du PV (responsable)")
    signer(page)
    soumettre(page, page.get_by_role("button", name="Transmettre le PV à la DDETS"))
    assert page.get_by_text(f"PV transmis à la DDETS le {dt.date.today():%d/%m/%Y}").first.is_visible()
    controle.verifier("fiche session (transmise)")
    se_deconnecter(page, base)

    # 4. Nothing for the candidate before validation.
    connecter(page, base, monde.utilisateurs["candidat"].email)
    menu(page, "Mes résultats")
    assert page.get_by_text("Aucun résultat publié pour l'instant.").is_visible()
    controle.verifier("mes résultats (avant validation)")
    se_deconnecter(page, base)

    # 5. The DDETS validates from its queue.
    connecter(page, base, monde.utilisateurs["agent_ddets"].email)
    menu(page, "PV à valider")
    controle.verifier("file des PV à valider")
    page.get_by_role("link", name=f"Lire le PV et décider — session {session.numero}").click()
    page.wait_for_load_state("load")
    soumettre(page, page.get_by_role("button", name="Valider la session"))
    assert page.get_by_text("Aucun PV en attente de validation.").is_visible()
    session.refresh_from_db()
    assert session.etat == EtatSession.VALIDEE
    se_deconnecter(page, base)

    # 6. The candidate reads the result and downloads the attestation.
    connecter(page, base, monde.utilisateurs["candidat"].email)
    menu(page, "Mes résultats")
    assert page.get_by_role("cell", name="Titre obtenu").is_visible()
    controle.verifier("mes résultats (validés)")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Attestation de réussite").click()
    assert telechargement.value.suggested_filename == f"attestation-{session.numero}.pdf"
    controle.conclure()
