"""Convocation pages and API: the panel, recording with a proof, issuing with refusals, bulk PDF, candidate side."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from titrepro.examens.models import Convocation, DocumentConvocations, EtatDocument, EtatSession, Inscription
from titrepro.web.views import convocations as vues_convocations
from titrepro.web.views.panneaux_session import panneaux_rendus

PDF = b"%PDF-1.4\n% recu signe\n"


def _contenu(reponse) -> bytes:
    return b"".join(reponse.streaming_content) if reponse.streaming else reponse.content


def _enregistrer(client, inscription, **donnees):
    valeurs = {"mode": "lrar", "envoyee_le": "2027-05-03", "numero_suivi": "1A 234", **donnees}
    return client.post(reverse("web:convocation_enregistrer", args=[inscription.pk]), valeurs)


def test_the_panel_shows_each_candidate_the_deadline_and_the_actions(monde):
    request = HttpRequest()
    request.user = monde.utilisateurs["responsable_session"]
    assert vues_convocations.panneau_convocations  # registered when the views are imported
    html = "".join(
        panneaux_rendus(monde.objets["session_a"], request, peut_gerer=True)
    )  # every panel of the session page, ours included
    assert "Convocations" in html
    assert "au plus tard le <strong>14/05/2027</strong>" in html
    assert "ALPHA" in html
    assert reverse("web:convocation_enregistrer", args=[monde.objets["inscription_a"].pk]) in html
    assert reverse("web:convocation_preuve", args=[monde.objets["convocation_a"].pk]) in html
    assert "Toutes les convocations (PDF)" in html
    assert "Émettre les convocations" in html


def test_the_session_page_shows_the_convocations_panel(monde, client_de):
    session = monde.objets["session_a"]
    reponse = client_de("responsable_session").get(reverse("web:session", args=[session.pk]))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Émettre les convocations" in contenu
    assert reverse("web:convocation_pdf", args=[monde.objets["inscription_a"].pk]) in contenu


def test_readers_see_the_panel_without_the_buttons(monde, client_de):
    reponse = client_de("agent_ddets").get(reverse("web:session_convocations", args=[monde.objets["session_a"].pk]))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "ALPHA" in contenu
    assert "Émettre les convocations" not in contenu
    assert "Enregistrer la convocation" not in contenu


def test_recording_a_hand_delivery_with_its_signed_receipt(monde, client_de):
    client = client_de("responsable_session")
    inscription = monde.objets["inscription_a"]
    Convocation.objects.filter(inscription=inscription).update(preuve="", preuve_nom="")
    reponse = _enregistrer(client, inscription, mode="main_propre", numero_suivi="")
    assert reponse.status_code == 200
    assert "récépissé de remise signé" in reponse.content.decode()
    recu = SimpleUploadedFile("recu-signe.pdf", PDF, content_type="application/pdf")
    reponse = _enregistrer(client, inscription, mode="main_propre", numero_suivi="", preuve=recu)
    assert reponse.status_code == 302
    convocation = Convocation.objects.get(inscription=inscription)
    assert (convocation.mode, convocation.envoyee_le, convocation.preuve_nom) == (
        "main_propre",
        dt.date(2027, 5, 3),
        "recu-signe.pdf",
    )
    preuve = client.get(reverse("web:convocation_preuve", args=[convocation.pk]))
    assert preuve.status_code == 200
    assert _contenu(preuve) == PDF


def test_a_bad_proof_file_is_refused_on_the_form(monde, client_de):
    faux = SimpleUploadedFile("recu.pdf", b"texte", content_type="application/pdf")
    reponse = _enregistrer(client_de("responsable_session"), monde.objets["inscription_a"], preuve=faux)
    assert reponse.status_code == 200
    assert "n&#x27;est pas un fichier" in reponse.content.decode()


def test_issuing_from_the_page_shows_the_refusals_with_their_code(monde, client_de):
    client = client_de("responsable_session")
    session = monde.objets["session_a"]
    _enregistrer(client, monde.objets["inscription_a"], envoyee_le="2027-06-01")
    reponse = client.post(reverse("web:convocations_emettre", args=[session.pk]), follow=True)
    contenu = reponse.content.decode()
    assert "SES-CONVOCATION" in contenu
    assert "ALPHA" in contenu
    assert "14/05/2027" in contenu
    session.refresh_from_db()
    assert session.etat == EtatSession.CREEE


def test_issuing_from_the_page_locks_the_session(monde, client_de):
    client = client_de("responsable_session")
    session = monde.objets["session_a"]
    assert _enregistrer(client, monde.objets["inscription_a"]).status_code == 302
    reponse = client.post(reverse("web:convocations_emettre", args=[session.pk]), follow=True)
    assert "SES-VERROU" in reponse.content.decode()
    session.refresh_from_db()
    assert session.etat == EtatSession.CONVOQUEE
    assert Inscription.objects.get(pk=monde.objets["inscription_a"].pk).etat == "convoque"


def test_the_bulk_pdf_page_polls_then_offers_the_file(monde, client_de, django_capture_on_commit_callbacks):
    client = client_de("responsable_session")
    session = monde.objets["session_a"]
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("web:convocations_lot_demander", args=[session.pk]))
    lot = DocumentConvocations.objects.filter(session=session).order_by("-pk").first()
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("web:convocations_lot", args=[lot.pk])
    assert lot.etat == EtatDocument.TERMINE
    assert lot.progression == 100

    fragment = client.get(reverse("web:convocations_lot", args=[lot.pk]), headers={"HX-Request": "true"})
    assert 'value="100"' in fragment.content.decode()
    assert "<h1>" not in fragment.content.decode()
    fichier = client.get(reverse("web:convocations_lot_fichier", args=[lot.pk]))
    assert fichier.status_code == 200
    assert _contenu(fichier).startswith(b"%PDF-")


def test_a_running_job_asks_htmx_to_poll_every_second(monde, client_de):
    lot = DocumentConvocations.objects.create(
        session=monde.objets["session_a"], etat=EtatDocument.EN_COURS, total=4, traites=1
    )
    contenu = client_de("suppleant").get(reverse("web:convocations_lot", args=[lot.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in contenu
    assert 'value="25"' in contenu


def test_the_candidate_downloads_only_their_own_issued_convocation(monde, client_de):
    gestion = client_de("responsable_session")
    assert _enregistrer(gestion, monde.objets["inscription_a"]).status_code == 302
    candidat = client_de("candidat")
    a, b = monde.objets["inscription_a"], monde.objets["inscription_b"]
    assert candidat.get(reverse("web:ma_convocation_pdf", args=[a.pk])).status_code == 404  # not issued yet
    assert "pas encore de convocation" in candidat.get(reverse("web:mes_convocations")).content.decode()

    gestion.post(reverse("web:convocations_emettre", args=[monde.objets["session_a"].pk]))

    page = candidat.get(reverse("web:mes_convocations")).content.decode()
    assert monde.objets["session_a"].numero in page
    assert monde.objets["session_b"].numero not in page
    pdf = candidat.get(reverse("web:ma_convocation_pdf", args=[a.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert candidat.get(reverse("web:ma_convocation_pdf", args=[b.pk])).status_code == 404
    assert candidat.get(reverse("web:convocation_pdf", args=[a.pk])).status_code == 403
    assert "Mes convocations" in page


# ------------------------------------------------------------------------------------------------------ API


def test_api_lists_and_records_convocations(monde, client_de):
    client = client_de("responsable_session")
    session = monde.objets["session_a"]
    inscription = monde.objets["inscription_a"]
    liste = client.get(reverse("session-convocations", args=[session.pk])).json()
    assert [ligne["id"] for ligne in liste["results"]] == [inscription.pk]
    assert liste["results"][0]["verdict"] is None

    url = reverse("session-convocation-detail", kwargs={"session_pk": session.pk, "pk": inscription.pk})
    reponse = client.put(
        url, {"mode": "lrar", "envoyee_le": "2027-05-02", "numero_suivi": "1A"}, content_type="application/json"
    )
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["verdict"]["ok"] is True
    reponse = client.patch(url, {"accuse_reception_le": "2027-05-04"}, content_type="application/json")
    assert reponse.status_code == 200
    assert reponse.json()["accuse_reception_le"] == "2027-05-04"
    recu = SimpleUploadedFile("recu.pdf", PDF, content_type="application/pdf")
    multipart = encode_multipart(BOUNDARY, {"mode": "main_propre", "envoyee_le": "2027-05-02", "preuve": recu})
    reponse = client.put(url, multipart, content_type=MULTIPART_CONTENT)
    assert reponse.status_code == 200
    assert reponse.json()["preuve_nom"] == "recu.pdf"
    autre = reverse(
        "session-convocation-detail", kwargs={"session_pk": session.pk, "pk": monde.objets["inscription_b"].pk}
    )
    assert client.put(autre, {"mode": "lrar"}, content_type="application/json").status_code == 404


def test_api_issue_refusal_is_a_422_naming_each_candidate(monde, client_de):
    client = client_de("responsable_session")
    session = monde.objets["session_a"]
    url = reverse("session-emettre-convocations", args=[session.pk])
    reponse = client.post(url)
    assert reponse.status_code == 422
    corps = reponse.json()
    assert corps["code"] == "regle_refusee"
    assert corps["regle"] == "SES-CONVOCATION"
    assert corps["source"]
    assert list(corps["champs"]["inscriptions"]) == [str(monde.objets["inscription_a"].pk)]

    detail = reverse(
        "session-convocation-detail", kwargs={"session_pk": session.pk, "pk": monde.objets["inscription_a"].pk}
    )
    client.put(
        detail, {"mode": "lrar", "envoyee_le": "2027-05-02", "numero_suivi": "1A"}, content_type="application/json"
    )
    reponse = client.post(url)
    assert reponse.status_code == 200
    assert reponse.json()["etat"] == "convoquee"
    assert client_de("agent_ddets").post(url).status_code == 403
