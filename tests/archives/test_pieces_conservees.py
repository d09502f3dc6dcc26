"""Evaluation documents of a registration (ARC-CONSERVATION): filed by the session team among the natures the RE
names (SES-DOSSIER), kept 5 years after the session's last day, never deleted before, purged after."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from rest_framework.test import APIClient

from titrepro.archives import services
from titrepro.archives.models import LignePurge, PieceConservee
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.fichiers import telechargements
from titrepro.examens.models import Inscription, Session

PDF = b"%PDF-1.4\n%fiche d'evaluation\n"
AUJOURD_HUI = dt.date(2026, 12, 5)
# Session A of the persona world ends on 15/06/2027: its pieces are kept until 15/06/2032.


@pytest.fixture(autouse=True)
def _aujourd_hui(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AUJOURD_HUI)


def _deposer(
    monde, nature: str = "fiche_evaluation", contenu: bytes = PDF, nom: str = "fiche.pdf", inscription=None
) -> PieceConservee:
    return services.piece_conservee_deposer(
        inscription=inscription or monde.inscription_a,
        nature=nature,
        fichier=ContentFile(contenu, name=nom),
        par=monde.utilisateurs["responsable_session"],
        jour=AUJOURD_HUI,
    )


def _url_depot(inscription: Inscription) -> str:
    return f"/inscriptions/{inscription.pk}/pieces-conservees/deposer/"


def _envoi(nature: str = "fiche_evaluation", contenu: bytes = PDF, nom: str = "fiche.pdf") -> dict[str, object]:
    return {"nature": nature, "fichier": SimpleUploadedFile(nom, contenu, content_type="application/pdf")}


def test_the_session_team_files_a_sheet_listed_with_its_retention_end_and_downloaded_audited(monde, client_de):
    client = client_de("responsable_session")
    formulaire = client.get(_url_depot(monde.inscription_a)).content.decode()
    assert "SES-DOSSIER" in formulaire
    reponse = client.post(_url_depot(monde.inscription_a), _envoi(nom="fiche Martin.pdf"))
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/sessions/{monde.session_a.pk}/archives/"
    piece = PieceConservee.objects.get(inscription=monde.inscription_a)
    assert piece.nature == "fiche_evaluation"
    assert piece.deposee_le == AUJOURD_HUI
    assert piece.deposee_par == monde.utilisateurs["responsable_session"]
    assert piece.fichier_nom == "fiche Martin.pdf"

    page = client.get(f"/sessions/{monde.session_a.pk}/archives/").content.decode()
    assert "Fiche d&#x27;évaluation individuelle" in page
    assert "15/06/2032" in page
    assert "SES-DOSSIER" in page
    assert f"/pieces-conservees/{piece.pk}/" in page

    telechargement = client_de("agent_ddets").get(f"/pieces-conservees/{piece.pk}/")
    assert telechargement.status_code == 200
    assert b"".join(telechargement.streaming_content) == PDF
    assert telechargements(piece).count() == 1
    assert client_de("externe").get(f"/pieces-conservees/{piece.pk}/").status_code == 404
    assert client_de("candidat").get(f"/pieces-conservees/{piece.pk}/").status_code == 403


def test_a_file_whose_content_is_not_a_pdf_or_an_image_is_refused(monde, client_de):
    reponse = client_de("suppleant").post(_url_depot(monde.inscription_a), _envoi(contenu=b"Bonjour", nom="grille.pdf"))
    assert reponse.status_code == 200
    assert "n&#x27;est pas un fichier PDF, PNG, JPEG" in reponse.content.decode()
    assert not PieceConservee.objects.exists()


def test_another_organisme_gets_404_and_the_candidate_403(monde, client_de):
    assert client_de("externe").post(_url_depot(monde.inscription_a), _envoi()).status_code == 404
    assert client_de("responsable_session").post(_url_depot(monde.inscription_b), _envoi()).status_code == 404
    assert client_de("candidat").post(_url_depot(monde.inscription_a), _envoi()).status_code == 403
    # The DDETS reads the archives but files nothing.
    assert client_de("agent_ddets").post(_url_depot(monde.inscription_a), _envoi()).status_code == 403
    assert not PieceConservee.objects.exists()
    with pytest.raises(PermissionDenied, match="suppléants"):
        services.piece_conservee_deposer(
            inscription=monde.inscription_a,
            nature="grille_jury",
            fichier=ContentFile(PDF, name="grille.pdf"),
            par=monde.utilisateurs["externe"],
            jour=AUJOURD_HUI,
        )


def test_a_cv_is_refused_because_it_is_not_a_listed_nature(monde, client_de):
    with pytest.raises(RegleRefusee, match="ni CV") as refus:
        _deposer(monde, nature="cv", nom="cv.pdf")
    assert refus.value.regle == "SES-DOSSIER"
    reponse = client_de("responsable_session").post(_url_depot(monde.inscription_a), _envoi(nature="cv", nom="cv.pdf"))
    assert reponse.status_code == 200
    assert "« cv » n&#x27;est pas une pièce prévue par le référentiel d&#x27;évaluation" in reponse.content.decode()
    api = APIClient()
    api.force_authenticate(monde.utilisateurs["responsable_session"])
    corps = {"inscription": monde.inscription_a.pk, **_envoi(nature="rapport_de_stage", nom="rapport.pdf")}
    reponse = api.post(f"/api/v1/sessions/{monde.session_a.pk}/archives/pieces/", corps, format="multipart")
    assert reponse.status_code == 400
    refus_api = str(reponse.json()["champs"]["nature"])
    assert "« rapport_de_stage » n'est pas une pièce prévue" in refus_api
    assert "SES-DOSSIER" in refus_api
    assert not PieceConservee.objects.exists()


def test_vae_admissibility_only_for_a_vae_candidate(monde):
    with pytest.raises(ValidationError, match="pas inscrit\\(e\\) par la VAE"):
        _deposer(monde, nature="recevabilite_vae")
    assert _deposer(monde, nature="livret_ecf").get_nature_display().startswith("Livret ECF")


def test_deleting_a_piece_before_its_retention_end_is_refused(monde):
    # A registration of its own (candidat_a2), holding nothing else: only the piece protects it.
    inscription = Inscription.objects.create(
        session=monde.session_a,
        candidat=monde.candidat_a2,
        public="formation",
        inscrit_le=dt.date(2027, 1, 10),
        inscrit_par=monde.utilisateurs["responsable_session"],
    )
    piece = _deposer(monde, nature="grille_jury", inscription=inscription)
    with pytest.raises(RegleRefusee, match="15/06/2032") as refus, transaction.atomic():
        piece.delete()
    assert refus.value.regle == "ARC-CONSERVATION"
    with pytest.raises(RegleRefusee, match="15/06/2032"), transaction.atomic():  # through the registration's cascade
        Inscription.objects.get(pk=inscription.pk).delete()
    assert Inscription.objects.filter(pk=inscription.pk).exists()
    piece.fichier = ""
    with pytest.raises(RegleRefusee), transaction.atomic():  # emptying the file outside the purge
        piece.save()
    assert PieceConservee.objects.get(pk=piece.pk).fichier


def test_the_purge_deletes_the_file_after_the_retention_end_and_logs_it(
    monde, client_de, django_capture_on_commit_callbacks
):
    piece = _deposer(monde, nature="grille_jury", nom="grille.pdf")
    nom_stocke = piece.fichier.name
    # Session A ended on 15/06/2021 instead: its pieces were kept until 15/06/2026, before today (05/12/2026).
    Session.objects.filter(pk=monde.session_a.pk).update(
        premier_jour=dt.date(2021, 6, 14), dernier_jour=dt.date(2021, 6, 15)
    )
    with django_capture_on_commit_callbacks(execute=True):
        rapport = services.archives_purger(jusqu_au=AUJOURD_HUI)
    assert piece.pk in {d.objet.pk for d in rapport.documents if d.type_document.cle == "piece_conservee"}
    piece.refresh_from_db()
    assert not piece.fichier  # the row stays as the trace
    assert not default_storage.exists(nom_stocke)
    ligne = LignePurge.objects.get(type_document="piece_conservee", objet_id=piece.pk)
    assert ligne.conserver_jusqu_au == dt.date(2026, 6, 15)
    assert ligne.action == "fichier_supprime"
    assert "15/06/2026" in ligne.motif
    assert ligne.session == monde.session_a
    page = client_de("responsable_session").get(f"/sessions/{monde.session_a.pk}/archives/").content.decode()
    assert "fichier supprimé à la fin de sa conservation" in page
    assert client_de("responsable_session").get(f"/pieces-conservees/{piece.pk}/").status_code == 404
    piece.delete()  # retention over: the trace may go
    assert not PieceConservee.objects.filter(pk=piece.pk).exists()


def test_the_api_lists_and_files_pieces(monde):
    api = APIClient()
    url = f"/api/v1/sessions/{monde.session_a.pk}/archives/pieces/"
    api.force_authenticate(monde.utilisateurs["suppleant"])
    reponse = api.post(
        url,
        {"inscription": monde.inscription_a.pk, **_envoi(nature="fiche_evaluation")},
        format="multipart",
    )
    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["conserver_jusqu_au"] == "2032-06-15"
    reponse = api.post(
        url,
        {"inscription": monde.inscription_a.pk, **_envoi(contenu=b"pas un pdf")},
        format="multipart",
    )
    assert reponse.status_code == 400
    assert "PDF" in reponse.json()["message"] + str(reponse.json()["champs"])

    api.force_authenticate(monde.utilisateurs["agent_ddets"])
    lignes = api.get(url).json()
    assert [(p["nature"], p["conserver_jusqu_au"], p["purgee"]) for p in lignes] == [
        ("fiche_evaluation", "2032-06-15", False)
    ]
    assert api.post(url, {"inscription": monde.inscription_a.pk, **_envoi()}, format="multipart").status_code == 403

    api.force_authenticate(monde.utilisateurs["externe"])
    assert api.get(url).status_code == 404
    assert api.post(url, {"inscription": monde.inscription_a.pk, **_envoi()}, format="multipart").status_code == 404
    api.force_authenticate(monde.utilisateurs["candidat"])
    assert api.post(url, {"inscription": monde.inscription_a.pk, **_envoi()}, format="multipart").status_code == 403
    assert PieceConservee.objects.count() == 1
