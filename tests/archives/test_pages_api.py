"""Archives pages and API: a session's documents with their retention end, the DP consent and copy."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from titrepro.archives.models import ConsentementDossierProfessionnel, CopieDossierProfessionnel
from titrepro.examens.models import Inscription


def test_the_archives_page_lists_documents_with_their_retention_end(monde, client_de):
    page = client_de("responsable_session").get(f"/sessions/{monde.session_a.pk}/archives/").content.decode()
    assert "Feuille d&#x27;émargement signée" in page or "Feuille d'émargement signée" in page
    assert "15/06/2032" in page
    assert client_de("externe").get(f"/sessions/{monde.session_a.pk}/archives/").status_code == 404
    fiche = client_de("responsable_session").get(f"/sessions/{monde.session_a.pk}/").content.decode()
    assert "Voir les archives de la session" in fiche


def test_the_archives_api(monde):
    api = APIClient()
    api.force_authenticate(monde.utilisateurs["agent_ddets"])
    donnees = api.get(f"/api/v1/sessions/{monde.session_a.pk}/archives/").json()
    assert donnees["conserver_jusqu_au"] == "2032-06-15"
    assert "feuille_emargement" in {d["type"] for d in donnees["documents"]}
    api.force_authenticate(monde.utilisateurs["externe"])
    assert api.get(f"/api/v1/sessions/{monde.session_a.pk}/archives/").status_code == 404


def test_dp_copy_by_the_page_is_refused_without_consent_then_accepted(monde, client_de):
    client = client_de("responsable_session")
    inscription = Inscription.objects.create(
        session=monde.session_a,
        candidat=monde.candidat_a2,
        public="formation",
        inscrit_le=dt.date(2027, 1, 10),
        inscrit_par=monde.utilisateurs["responsable_session"],
    )
    pdf = b"%PDF-1.4\n%dp\n"
    reponse = client.post(
        f"/inscriptions/{inscription.pk}/dossier-professionnel/copie/",
        {"fichier": SimpleUploadedFile("dp.pdf", pdf, content_type="application/pdf")},
    )
    assert reponse.status_code == 200
    assert "ARC-DP" in reponse.content.decode()
    assert not CopieDossierProfessionnel.objects.filter(inscription=inscription).exists()
    reponse = client.post(
        f"/inscriptions/{inscription.pk}/dossier-professionnel/accord/",
        {"donne_le": "2026-11-20", "forme": "ecrit", "precision": "Formulaire signé"},
    )
    assert reponse.status_code == 302
    assert ConsentementDossierProfessionnel.objects.get(candidat=monde.candidat_a2).forme == "ecrit"
    reponse = client.post(
        f"/inscriptions/{inscription.pk}/dossier-professionnel/copie/",
        {"fichier": SimpleUploadedFile("dp.pdf", pdf, content_type="application/pdf")},
    )
    assert reponse.status_code == 302
    copie = CopieDossierProfessionnel.objects.get(inscription=inscription)
    telechargement = client.get(f"/dossiers-professionnels/{copie.pk}/")
    assert telechargement.status_code == 200
    assert client_de("externe").get(f"/dossiers-professionnels/{copie.pk}/").status_code == 404
