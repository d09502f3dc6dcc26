"""The exam day's journey in a real browser (issue 7): from a convened session on its first day to the candidate
reading their validated result.

The world: the persona world plus a session of organisme A (site in Paris) held today and tomorrow, put in the
database where the convocations leave it (« convoquée », a jury of two members who accepted, each with a portal
account, ALPHA and CHARLIE convened by registered letter), and a TP of two CCP. Every step from there goes through
the pages: the responsable de session records the presences (themselves and both jury members), the plateau visit,
opens the session, checks ALPHA in (identity, corrected address), records CHARLIE absent, draws the witness and
checks the sealed plis; the jury member enters ALPHA's results and decision in their portal; the responsable reads
the grid, closes the entry and edits the PV; each jury member signs it (password re-entered), then the
responsable, who transmits it; the DDETS of Paris validates it from its queue; ALPHA signs in (their own space),
opens « Mes résultats », sees « Titre obtenu » and downloads the attestation. Every page is checked with axe-core.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from tests import factories as f
from tests.navigateur.test_parcours import Controleur, menu, monde_navigateur, se_connecter, se_deconnecter
from tests.navigateur.test_parcours_resultats import connecter, signer, soumettre
from tests.personas import Monde
from titrepro.comptes.roles import Role
from titrepro.examens.models import (
    Convocation,
    EtatInscription,
    EtatParticipation,
    EtatSession,
    Inscription,
    JourSession,
    Jury,
    ParticipationJury,
    Session,
)
from titrepro.referentiel.models import Epreuve

pytestmark = [pytest.mark.navigateur]

__all__ = ["monde_navigateur"]  # the fixture, shared with test_parcours.py

SECOND_JURE = "membre_jury_2@exemple.fr"


@dataclass
class SessionDuJour:
    session: Session
    alpha: Inscription
    charlie: Inscription
    ccps: list[Any]


def _session_convoquee(monde: Monde) -> SessionDuJour:
    """A session of organisme A whose first day is today, convened: what the convocations journey leaves."""
    aujourd_hui = timezone.localdate()
    responsable = monde.utilisateurs["responsable_session"]
    ccps = [
        f.CCPFactory(millesime=monde.millesime, numero=1, intitule="Préparer les travaux"),
        f.CCPFactory(millesime=monde.millesime, numero=2, intitule="Réaliser les travaux"),
    ]
    session = Session.objects.create(
        organisme=monde.organisme_a,
        site=monde.site_a,
        agrement=monde.agrement_a,
        millesime=monde.millesime,
        premier_jour=aujourd_hui,
        dernier_jour=aujourd_hui + dt.timedelta(days=1),
        responsable=responsable,
        etat=EtatSession.CONVOQUEE,
        creee_le=aujourd_hui - dt.timedelta(days=150),
        programmee_le=aujourd_hui - dt.timedelta(days=150),
        convoquee_le=aujourd_hui - dt.timedelta(days=35),
    )
    for decalage in (0, 1):
        JourSession.objects.create(session=session, date=aujourd_hui + dt.timedelta(days=decalage))
    jury = Jury.objects.create(session=session, numero=1)
    second = f.MembreJuryFactory(nom="JURY-C", email="jury-c@exemple.fr")
    compte = f.UtilisateurFactory(email=SECOND_JURE, prenom="membre_jury_2")
    f.AffectationFactory(utilisateur=compte, role=Role.MEMBRE_JURY)
    second.compte = compte
    second.save()
    for membre in (monde.jury_a, second):
        ParticipationJury.objects.create(jury=jury, membre=membre, etat=EtatParticipation.ACCEPTEE)
    charlie = f.CandidatFactory(nom_naissance="CHARLIE", organismes=[monde.organisme_a])
    inscriptions = []
    for rang, candidat in enumerate((monde.candidat_a, charlie), start=1):
        inscription = Inscription.objects.create(
            session=session,
            candidat=candidat,
            public="formation",
            jury=jury,
            inscrit_le=aujourd_hui - dt.timedelta(days=60),
            inscrit_par=responsable,
            etat=EtatInscription.CONVOQUE,
        )
        Convocation.objects.create(
            inscription=inscription,
            mode="lrar",
            envoyee_le=aujourd_hui - dt.timedelta(days=35),
            numero_suivi=f"1A{rang:011d}",
        )
        inscriptions.append(inscription)
    return SessionDuJour(session, inscriptions[0], inscriptions[1], ccps)


def cocher(page: Any, case: Any) -> None:
    """Tick a DSFR checkbox or radio button through its label (the label covers the input)."""
    if not case.is_checked():
        page.locator(f"label[for='{case.get_attribute('id')}']").click()
    assert case.is_checked()


def test_parcours_du_jour_de_session_a_la_publication(live_server: Any, monde_navigateur: Monde, page: Any) -> None:
    base = live_server.url
    monde = monde_navigateur
    controle = Controleur(page)
    jour = _session_convoquee(monde)
    session = jour.session
    aujourd_hui = timezone.localdate()

    # 1. The responsable reaches the day's page from the session page.
    connecter(page, base, monde.utilisateurs["responsable_session"].email)
    page.goto(f"{base}/sessions/{session.pk}/")
    controle.verifier("fiche session (convoquée)")
    page.get_by_role("link", name=re.compile("^Accéder au jour de la session")).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == f"Jour de la session {session.numero}"
    controle.verifier("jour de la session (avant l'ouverture)")

    # 2. Presences: the responsable and both jury members (identity checked).
    page.get_by_role("link", name="Enregistrer les présences").click()
    page.wait_for_load_state("load")
    cocher(page, page.locator("input[name=responsables]").first)
    cocher(page, page.get_by_label(re.compile("JURY-A")))
    cocher(page, page.get_by_label(re.compile("JURY-C")))
    controle.verifier("présences du jour")
    soumettre(page, page.get_by_role("button", name="Enregistrer les présences"))
    assert page.get_by_text(f"Présences du {aujourd_hui:%d/%m/%Y} enregistrées.").is_visible()
    presents = page.get_by_text(re.compile("^Membres du jury présents")).inner_text()
    assert "jury 1 — Dominique JURY-A" in presents
    assert "jury 1 — Dominique JURY-C" in presents

    # 3. The plateau visit, this morning, with both members.
    page.get_by_role("link", name="Enregistrer la visite du plateau").click()
    page.wait_for_load_state("load")
    page.locator("input[name=heure_debut]").fill("07:00")
    for case in page.locator("input[name=membres]").all():
        cocher(page, case)
    page.locator("textarea[name=observations]").fill("Plateau conforme au référentiel d'évaluation.")
    controle.verifier("visite du plateau")
    soumettre(page, page.get_by_role("button", name="Enregistrer la visite"))
    assert page.get_by_text("Visite du plateau enregistrée.").is_visible()
    assert page.get_by_text(f"Visite du plateau le {aujourd_hui:%d/%m/%Y} à 07:00 (60 min)").is_visible()

    # 4. Opening: the checks pass, the session is « en cours ».
    page.get_by_role("link", name="Ouvrir la session").click()
    page.wait_for_load_state("load")
    controle.verifier("ouverture de la session")
    soumettre(page, page.get_by_role("button", name="Ouvrir la session"))
    assert page.get_by_text(f"Session ouverte le {aujourd_hui:%d/%m/%Y}.").is_visible()
    session.refresh_from_db()
    assert session.etat == EtatSession.EN_COURS

    # 5. ALPHA checks in: identity document checked, postal address corrected.
    page.get_by_role("link", name=re.compile(r"^Émarger .*ALPHA")).click()
    page.wait_for_load_state("load")
    page.locator("select[name=piece_identite]").select_option("cni")
    page.locator("input[name=piece_numero_fin]").fill("4821")
    cocher(page, page.locator("input[name=identite_verifiee]"))
    cocher(page, page.locator("input[name=adresse][value=corrigee]"))
    page.locator("input[name=voie]").fill("12 rue des Lilas")
    page.locator("input[name=code_postal]").fill("75011")
    page.locator("input[name=commune]").fill("Paris")
    controle.verifier("émargement d'un candidat")
    soumettre(page, page.get_by_role("button", name="Enregistrer l'arrivée"))
    assert page.get_by_text(re.compile("ALPHA.* : émargement enregistré.")).is_visible()
    jour.alpha.refresh_from_db()
    assert jour.alpha.etat == EtatInscription.PRESENT
    adresse = monde.candidat_a.adresse_actuelle
    assert (adresse.voie, adresse.code_postal, adresse.commune) == ("12 rue des Lilas", "75011", "Paris")

    # 6. CHARLIE does not come: absence not justified.
    page.get_by_role("link", name=re.compile(r"^Absent : .*CHARLIE")).click()
    page.wait_for_load_state("load")
    page.locator("textarea[name=motif]").fill("Absent à l'ouverture, sans nouvelles.")
    controle.verifier("absence d'un candidat")
    soumettre(page, page.get_by_role("button", name="Enregistrer l'absence"))
    assert page.get_by_text(re.compile("CHARLIE.* : absence enregistrée.")).is_visible()
    jour.charlie.refresh_from_db()
    assert jour.charlie.etat == EtatInscription.ABSENT_NON_JUSTIFIE

    # 7. The witness drawn by lot among the present (ALPHA only), then the sealed plis checked.
    page.get_by_role("link", name="Tirer au sort le témoin").click()
    page.wait_for_load_state("load")
    controle.verifier("tirage au sort du témoin")
    soumettre(page, page.get_by_role("button", name="Tirer au sort"))
    assert page.get_by_text(re.compile("Candidat tiré au sort : ALPHA")).is_visible()
    page.get_by_role("link", name="Contrôler les plis").click()
    page.wait_for_load_state("load")
    assert page.get_by_text(re.compile("Témoin : ALPHA")).is_visible()
    cocher(page, page.locator("input[name=plis_intacts][value=oui]"))
    controle.verifier("contrôle des plis")
    soumettre(page, page.get_by_role("button", name="Enregistrer le contrôle"))
    assert page.get_by_text("Contrôle des plis enregistré.").is_visible()
    assert page.get_by_text(re.compile(r"Plis contrôlés le .* : intacts, témoin ALPHA")).is_visible()
    controle.verifier("jour de la session (ouverte)")
    se_deconnecter(page, base)

    # 8. The jury member enters ALPHA's results and decision in their portal.
    connecter(page, base, monde.utilisateurs["membre_jury"].email)
    menu(page, "Résultats à saisir")
    controle.verifier("espace jury : résultats à saisir")
    page.get_by_role("link", name=f"Saisir les résultats de la session {session.numero}").click()
    page.wait_for_load_state("load")
    controle.verifier("grille de résultats (jury)")
    pk = jour.alpha.pk
    for ccp in jour.ccps:
        page.locator(f"#id_i{pk}-ccp_{ccp.pk}").select_option("acquis")
    for epreuve in Epreuve.objects.filter(millesime=monde.millesime):
        champ = page.locator(f"#id_i{pk}-epreuve_{epreuve.pk}")
        if champ.count():
            champ.select_option("passee")
    page.locator(f"#id_i{pk}-observations").fill("Maîtrise des gestes et de la sécurité.")
    page.get_by_role("button", name=re.compile(r"^Enregistrer la décision pour .*ALPHA")).click()  # htmx: the row only
    page.get_by_text(re.compile("Décision enregistrée pour ALPHA.* : Titre obtenu")).wait_for()
    controle.verifier("grille de résultats (décision saisie)")
    jour.alpha.refresh_from_db()
    assert jour.alpha.etat == EtatInscription.TITRE_OBTENU
    se_deconnecter(page, base)

    # 9. The responsable reads the grid, closes the entry and edits the PV.
    connecter(page, base, monde.utilisateurs["responsable_session"].email)
    page.goto(f"{base}/sessions/{session.pk}/")
    page.get_by_role("link", name="Saisir les résultats du jury 1").click()
    page.wait_for_load_state("load")
    assert page.get_by_text(re.compile("Saisi par")).first.is_visible()
    controle.verifier("grille de résultats (équipe de la session)")
    page.goto(f"{base}/sessions/{session.pk}/")
    soumettre(page, page.get_by_role("button", name="Clore la saisie des résultats"))
    assert page.get_by_text("Saisie des résultats close : la session est « résultats saisis ».").is_visible()
    controle.verifier("fiche session (résultats saisis)")
    soumettre(page, page.get_by_role("button", name="Éditer les PV"))
    assert page.get_by_text("PV édité (version 1)").is_visible()
    assert page.get_by_role("link", name="PV général — version 1").is_visible()
    controle.verifier("fiche session (PV édité)")
    se_deconnecter(page, base)

    # 10. Each jury member signs in their portal (password re-entered).
    for numero, email in enumerate((monde.utilisateurs["membre_jury"].email, SECOND_JURE), start=1):
        connecter(page, base, email)
        menu(page, "PV à signer")
        controle.verifier(f"espace jury : PV à signer ({numero})")
        page.get_by_role("link", name=f"Lire et signer le PV de la session {session.numero}").click()
        page.wait_for_load_state("load")
        controle.verifier(f"signature du PV (membre {numero})")
        signer(page)
        assert page.get_by_text("PV signé le").is_visible()
        se_deconnecter(page, base)

    # 11. The responsable signs last, then transmits to the DDETS.
    connecter(page, base, monde.utilisateurs["responsable_session"].email)
    page.goto(f"{base}/sessions/{session.pk}/")
    page.get_by_role("link", name="Signer le PV").click()
    page.wait_for_load_state("load")
    controle.verifier("signature du PV (responsable)")
    signer(page)
    soumettre(page, page.get_by_role("button", name="Transmettre le PV à la DDETS"))
    assert page.get_by_text(f"PV transmis à la DDETS le {aujourd_hui:%d/%m/%Y}").first.is_visible()
    session.refresh_from_db()
    assert session.etat == EtatSession.TRANSMISE
    se_deconnecter(page, base)

    # 12. The DDETS of Paris validates it from its queue.
    connecter(page, base, monde.utilisateurs["agent_ddets"].email)
    menu(page, "PV à valider")
    controle.verifier("file des PV à valider")
    page.get_by_role("link", name=f"Lire le PV et décider — session {session.numero}").click()
    page.wait_for_load_state("load")
    controle.verifier("décision sur le PV (DDETS)")
    soumettre(page, page.get_by_role("button", name="Valider la session"))
    assert page.get_by_text("Aucun PV en attente de validation.").is_visible()
    session.refresh_from_db()
    assert session.etat == EtatSession.VALIDEE
    se_deconnecter(page, base)

    # 13. ALPHA lands on their own space, reads the result and downloads the attestation.
    se_connecter(page, base, monde.utilisateurs["candidat"].email, accueil="/mon-espace/")
    controle.verifier("mon espace (candidat)")
    menu(page, "Mes résultats")
    assert page.get_by_text(session.numero).first.is_visible()
    assert page.get_by_role("cell", name="Titre obtenu").is_visible()
    assert page.get_by_text(re.compile("Réaliser les travaux : acquis")).is_visible()
    controle.verifier("mes résultats (validés)")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Attestation de réussite").click()
    assert telechargement.value.suggested_filename == f"attestation-{session.numero}.pdf"
    se_deconnecter(page, base)
    controle.conclure()
