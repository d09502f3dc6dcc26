"""Pages: the « Résultats » panel, the grid (htmx row save), the jury member's own rows, closing, SES-CCP follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.resultats.conftest import creer_session, present
from titrepro.examens.models import EtatInscription, EtatSession, Jury, NatureSession
from titrepro.personnes.models import CCPAcquis
from titrepro.resultats.models import PropositionCCP, ResultatCCP

pytestmark = pytest.mark.django_db


def client_pour(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def donnees_ligne(monde, inscription, ccp1: str, ccp2: str, action: str = "resultats", **autres) -> dict[str, str]:
    p = f"i{inscription.pk}-"
    donnees = {
        f"{p}ccp_{monde.ccp1.pk}": ccp1,
        f"{p}ccp_{monde.ccp2.pk}": ccp2,
        f"{p}obs_ccp_{monde.ccp1.pk}": "Maîtrise des gestes",
        f"{p}action": action,
    }
    donnees.update({f"{p}{k}": v for k, v in autres.items()})
    return donnees


def test_panel_and_grid_show_every_candidate_to_the_session_team(monde):
    client = client_pour(monde.base.responsable)
    page = client.get(reverse("web:session", args=[monde.session.pk]))
    assert page.status_code == 200
    contenu = page.content.decode()
    assert "Avancement de la saisie par jury" in contenu
    assert "Clore la saisie des résultats" in contenu
    grille = client.get(reverse("web:session_resultats", args=[monde.session.pk]))
    html = grille.content.decode()
    assert "<caption>Résultats par candidat</caption>" in html
    for inscription in (monde.lea, monde.hugo, monde.lie):
        assert str(inscription.candidat) in html


def test_htmx_row_save_then_decision(monde):
    client = client_pour(monde.base.responsable)
    url = reverse("web:inscription_resultats", args=[monde.lea.pk])
    reponse = client.post(url, donnees_ligne(monde, monde.lea, "acquis", "non_acquis"), HTTP_HX_REQUEST="true")
    assert reponse.status_code == 200
    assert f'id="ligne-{monde.lea.pk}"' in reponse.content.decode()
    assert "Résultats de" in reponse.content.decode()
    resultat = ResultatCCP.objects.get(inscription=monde.lea, ccp=monde.ccp1)
    assert resultat.acquis
    assert resultat.transcrit
    assert resultat.observations == "Maîtrise des gestes"

    reponse = client.post(
        url, donnees_ligne(monde, monde.lea, "acquis", "non_acquis", action="decision"), HTTP_HX_REQUEST="true"
    )
    assert "Décision enregistrée" in reponse.content.decode()
    assert "Réussite partielle" in reponse.content.decode()
    monde.lea.refresh_from_db()
    assert monde.lea.etat == EtatInscription.REUSSITE_PARTIELLE


def test_refused_row_keeps_what_was_typed_with_a_french_message(monde):
    client = client_pour(monde.base.responsable)
    url = reverse("web:inscription_resultats", args=[monde.lea.pk])
    reponse = client.post(url, donnees_ligne(monde, monde.lea, "acquis", "", action="decision"), HTTP_HX_REQUEST="true")
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Saisissez d&#x27;abord le résultat de chaque CCP" in html
    assert '<option value="acquis" selected>' in html
    monde.lea.refresh_from_db()
    assert monde.lea.etat == EtatInscription.PRESENT


def test_jury_member_sees_and_enters_only_their_jury(monde):
    autre_jury = Jury.objects.create(session=monde.session, numero=2)
    ailleurs = present(monde.session, "GIRARD", autre_jury)
    client = client_pour(monde.jure.compte)
    html = client.get(reverse("web:session_resultats", args=[monde.session.pk])).content.decode()
    assert str(monde.lea.candidat) in html
    assert str(ailleurs.candidat) not in html
    reponse = client.post(
        reverse("web:inscription_resultats", args=[ailleurs.pk]), donnees_ligne(monde, ailleurs, "acquis", "acquis")
    )
    assert reponse.status_code == 404
    assert not ResultatCCP.objects.filter(inscription=ailleurs).exists()
    espace = client.get(reverse("web:espace_jury_resultats")).content.decode()
    assert monde.session.numero in espace


def test_linked_member_cannot_enter_for_that_candidate(monde):
    client = client_pour(monde.jure_lie.compte)
    html = client.get(reverse("web:session_resultats", args=[monde.session.pk])).content.decode()
    assert "un autre membre du jury saisit (SES-JURY-LIENS)" in html
    reponse = client.post(
        reverse("web:inscription_resultats", args=[monde.lie.pk]), donnees_ligne(monde, monde.lie, "acquis", "acquis")
    )
    assert reponse.status_code == 302
    assert not ResultatCCP.objects.filter(inscription=monde.lie).exists()


def test_other_organisme_gets_404(monde):
    client = client_pour(monde.base.gestionnaire_autre)
    assert client.get(reverse("web:session_resultats", args=[monde.session.pk])).status_code == 404
    reponse = client.post(
        reverse("web:inscription_resultats", args=[monde.lea.pk]), donnees_ligne(monde, monde.lea, "acquis", "acquis")
    )
    assert reponse.status_code == 404


def test_closing_from_the_panel(monde):
    client = client_pour(monde.base.responsable)
    reponse = client.post(reverse("web:session_cloturer_saisie", args=[monde.session.pk]), follow=True)
    assert "RES-SAISIE" in reponse.content.decode()
    for inscription in (monde.lea, monde.hugo, monde.lie):
        client.post(
            reverse("web:inscription_resultats", args=[inscription.pk]),
            donnees_ligne(monde, inscription, "acquis", "acquis", action="decision"),
        )
    reponse = client.post(reverse("web:session_cloturer_saisie", args=[monde.session.pk]), follow=True)
    assert "résultats saisis" in reponse.content.decode()
    monde.session.refresh_from_db()
    assert monde.session.etat == EtatSession.RESULTATS_SAISIS


def test_undo_decision_page(monde):
    client = client_pour(monde.base.responsable)
    client.post(
        reverse("web:inscription_resultats", args=[monde.lea.pk]),
        donnees_ligne(monde, monde.lea, "acquis", "acquis", action="decision"),
    )
    assert CCPAcquis.objects.filter(candidat=monde.lea.candidat).count() == 2
    url = reverse("web:inscription_decision_annuler", args=[monde.lea.pk])
    assert client.post(url, {"motif": ""}).status_code == 200  # motive required: the form again
    client.post(url, {"motif": "Erreur de report de la grille"})
    monde.lea.refresh_from_db()
    assert monde.lea.etat == EtatInscription.PRESENT
    assert not CCPAcquis.objects.filter(candidat=monde.lea.candidat).exists()


def test_partial_success_follow_up_and_proposal_email(monde, django_capture_on_commit_callbacks):
    client = client_pour(monde.base.responsable)
    client.post(
        reverse("web:inscription_resultats", args=[monde.lea.pk]),
        donnees_ligne(monde, monde.lea, "acquis", "non_acquis", action="decision"),
    )
    monde.lea.candidat.email = "lea@exemple.fr"
    monde.lea.candidat.save()
    ccp_session = creer_session(
        monde.base,
        nature=NatureSession.CCP,
        etat=EtatSession.CREEE,
        premier_jour=dt.date(2027, 10, 4),
        dernier_jour=dt.date(2027, 10, 5),
    )
    ccp_session.ccps.set([monde.ccp2])
    page = client.get(reverse("web:suivi_ccp")).content.decode()
    assert str(monde.lea.candidat) in page
    assert ccp_session.numero in page
    # the DDETS reads, the other organisme does not see the candidate
    assert str(monde.lea.candidat) in client_pour(monde.base.agent_ddets).get(reverse("web:suivi_ccp")).content.decode()
    autre = client_pour(monde.base.gestionnaire_autre).get(reverse("web:suivi_ccp")).content.decode()
    assert str(monde.lea.candidat) not in autre

    url = reverse("web:proposer_session_ccp", args=[monde.lea.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url, {"session": str(ccp_session.pk), "message": "Places disponibles."})
    assert reponse.status_code == 302
    assert PropositionCCP.objects.get(inscription=monde.lea).session_proposee == ccp_session
    courriel = mail.outbox[-1]
    assert courriel.to == ["lea@exemple.fr"]
    assert ccp_session.numero in courriel.subject
    assert "04/10/2027" in courriel.body
    assert str(monde.ccp2) in courriel.body
    # not in partial success: 404
    assert client.get(reverse("web:proposer_session_ccp", args=[monde.hugo.pk])).status_code == 404


def test_ddets_reads_the_grid_without_entry_and_frozen_once_transmitted(monde):
    client = client_pour(monde.base.responsable)
    client.post(
        reverse("web:inscription_resultats", args=[monde.lea.pk]),
        donnees_ligne(monde, monde.lea, "acquis", "acquis", action="decision"),
    )
    html = client_pour(monde.base.agent_ddets).get(reverse("web:session_resultats", args=[monde.session.pk]))
    contenu = html.content.decode()
    assert html.status_code == 200
    assert "Titre obtenu" in contenu
    assert f'id="form-ligne-{monde.lea.pk}"' not in contenu
    monde.session.etat = EtatSession.TRANSMISE
    monde.session.save()
    contenu = client.get(reverse("web:session_resultats", args=[monde.session.pk])).content.decode()
    assert "les résultats ne changent plus" in contenu
    assert f'id="form-ligne-{monde.lea.pk}"' not in contenu
