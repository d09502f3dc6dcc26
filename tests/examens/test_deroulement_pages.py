"""Pages of the exam day, as the session team uses them on site (the session days are moved to today)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.examens.conftest_deroulement import construire_jour_aujourd_hui
from titrepro.examens.models import (
    EtatInscription,
    EtatSession,
    Incident,
    SanctionFraude,
    TirageAuSort,
)

PDF = b"%PDF-1.4\n%rapport\n"


@pytest.fixture
def jour(monde_session):
    return construire_jour_aujourd_hui(monde_session)


def client_de(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _presences(client, jour, jures):
    url = reverse("web:session_presences", args=[jour.session.pk])
    return client.post(
        url,
        {"responsables": [str(jour.monde.responsable.pk)], "jures": [str(p.pk) for p in jures], "heure": "08:05"},
    )


def test_team_records_presences_and_opens_the_session(jour):
    client = client_de(jour.monde.responsable)
    assert _presences(client, jour, jour.participations).status_code == 302
    page = client.get(reverse("web:session_ouvrir", args=[jour.session.pk]))
    assert "SES-JURY-MIN" in page.content.decode()
    reponse = client.post(reverse("web:session_ouvrir", args=[jour.session.pk]))
    assert reponse.status_code == 302
    jour.session.refresh_from_db()
    assert jour.session.etat == EtatSession.EN_COURS
    fiche = client.get(reverse("web:session", args=[jour.session.pk])).content.decode()
    assert "Jour de la session" in fiche


def test_refused_opening_shows_the_rule_and_offers_to_postpone_or_cancel(jour):
    client = client_de(jour.monde.responsable)
    _presences(client, jour, jour.participations[:1])
    reponse = client.post(reverse("web:session_ouvrir", args=[jour.session.pk]))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "SES-JURY-MIN" in contenu
    assert "jury 1 (1)" in contenu
    assert reverse("web:session_reporter", args=[jour.session.pk]) in contenu
    assert reverse("web:session_annuler", args=[jour.session.pk]) in contenu
    jour.session.refresh_from_db()
    assert jour.session.etat == EtatSession.CONVOQUEE


def test_another_organisme_gets_404_and_the_ddets_cannot_open(jour):
    url = reverse("web:session_ouvrir", args=[jour.session.pk])
    assert client_de(jour.monde.gestionnaire_autre).post(url).status_code == 404
    assert client_de(jour.monde.agent_ddets).post(url).status_code == 403
    assert client_de(jour.monde.agent_ddets).get(reverse("web:session_jour", args=[jour.session.pk])).status_code == 200


def _ouvrir(client, jour):
    _presences(client, jour, jour.participations)
    client.post(reverse("web:session_ouvrir", args=[jour.session.pk]))


def test_late_checkin_admitted_then_draw_and_plis(jour):
    client = client_de(jour.monde.responsable)
    _ouvrir(client, jour)
    inscription = jour.inscriptions[0]
    reponse = client.post(
        reverse("web:inscription_emarger", args=[inscription.pk]),
        {
            "heure_arrivee": "09:10",
            "identite_verifiee": "on",
            "piece_identite": "cni",
            "piece_numero_fin": "A12",
            "adresse": "confirmee",
            "retard": "on",
            "retard_admis": "oui",
            "motif_retard": "train en retard",
        },
    )
    assert reponse.status_code == 302
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.PRESENT
    page = html.unescape(client.get(reverse("web:session_jour", args=[jour.session.pk])).content.decode())
    assert "admis(e) (train en retard)" in page
    assert "fin de l'épreuve inchangée" in page
    assert client.post(reverse("web:session_tirage", args=[jour.session.pk]), {"motif": ""}).status_code == 302
    tirage = TirageAuSort.objects.get(session=jour.session)
    assert tirage.inscription == inscription
    assert (
        client.post(reverse("web:session_controle_plis", args=[jour.session.pk]), {"plis_intacts": "oui"}).status_code
        == 302
    )
    assert jour.session.controle_plis.temoin == inscription


def test_attendance_sheet_pdf(jour):
    reponse = client_de(jour.monde.responsable_organisme).get(
        reverse("web:session_feuille_emargement", args=[jour.session.pk])
    )
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")


def test_fraud_reported_with_its_signed_report_then_sanctioned_by_the_ddets(jour):
    client = client_de(jour.monde.responsable)
    _ouvrir(client, jour)
    inscription = jour.inscriptions[1]
    aujourd_hui = timezone.localdate()
    reponse = client.post(
        reverse("web:session_incident_signaler", args=[jour.session.pk]),
        {
            "nature": "fraude",
            "inscription": str(inscription.pk),
            "date": aujourd_hui.isoformat(),
            "heure": "10:30",
            "description": "Antisèche trouvée",
            "rapport": SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert reponse.status_code == 302
    incident = Incident.objects.get(session=jour.session, fraude=True)
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.EXCLU_FRAUDE
    assert client.get(reverse("web:incident_rapport", args=[incident.pk])).status_code == 200
    ddets = client_de(jour.monde.agent_ddets)
    trop_long = ddets.post(
        reverse("web:incident_sanctionner", args=[incident.pk]),
        {
            "nature": "interdiction",
            "notifiee_le": aujourd_hui.isoformat(),
            "interdiction_jusqu_au": (aujourd_hui + dt.timedelta(days=400)).isoformat(),
            "motif": "Fraude avérée",
        },
    )
    assert "RES-FRAUDE-SANCTION" in trop_long.content.decode()
    ok = ddets.post(
        reverse("web:incident_sanctionner", args=[incident.pk]),
        {
            "nature": "interdiction",
            "notifiee_le": aujourd_hui.isoformat(),
            "interdiction_jusqu_au": (aujourd_hui + dt.timedelta(days=180)).isoformat(),
            "motif": "Fraude avérée",
        },
    )
    assert ok.status_code == 302
    assert SanctionFraude.objects.get(incident=incident).nature == "interdiction"


def test_absence_then_justified_later_with_its_proof_and_signed_sheet_uploaded(jour):
    client = client_de(jour.monde.responsable)
    inscription = jour.inscriptions[2]
    assert (
        client.post(reverse("web:inscription_absence", args=[inscription.pk]), {"justifiee": "non"}).status_code == 302
    )
    _ouvrir(client, jour)
    faux = SimpleUploadedFile("certificat.pdf", b"GIF89a", content_type="application/pdf")
    refus = client.post(reverse("web:inscription_absence_justifier", args=[inscription.pk]), {"justificatif": faux})
    assert "n'est pas un fichier" in html.unescape(refus.content.decode())
    preuve = SimpleUploadedFile("certificat.pdf", PDF, content_type="application/pdf")
    reponse = client.post(
        reverse("web:inscription_absence_justifier", args=[inscription.pk]),
        {"justificatif": preuve, "motif": "hospitalisation"},
    )
    assert reponse.status_code == 302
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.ABSENT_JUSTIFIE
    assert client.get(reverse("web:absence_justificatif", args=[inscription.absence.pk])).status_code == 200
    scan = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    depot = client.post(
        reverse("web:session_feuille_deposer", args=[jour.session.pk]),
        {"date": jour.session.premier_jour.isoformat(), "fichier": scan},
    )
    assert depot.status_code == 302
    feuille = jour.session.feuilles_emargement.get()
    assert client.get(reverse("web:feuille_emargement_fichier", args=[feuille.pk])).status_code == 200


def test_plateau_visit_recorded_before_opening_clears_the_jur_visite_reminder(jour):
    client = client_de(jour.monde.responsable)
    reponse = client.post(
        reverse("web:session_visite", args=[jour.session.pk]),
        {
            "date": jour.session.premier_jour.isoformat(),
            "heure_debut": "07:00",
            "duree_minutes": "60",
            "responsable": str(jour.monde.responsable.pk),
            "membres": [str(p.pk) for p in jour.participations],
        },
    )
    assert reponse.status_code == 302
    page = html.unescape(client.get(reverse("web:session_ouvrir", args=[jour.session.pk])).content.decode())
    assert "Plateau visité par le jury le" in page


def test_a_candidate_cannot_open_nor_record_anything(jour):
    from tests import factories as f
    from titrepro.comptes.roles import Role

    candidat = f.UtilisateurFactory(email="candidat.jour@exemple.fr")
    f.AffectationFactory(utilisateur=candidat, role=Role.CANDIDAT)
    jour.inscriptions[0].candidat.compte = candidat
    jour.inscriptions[0].candidat.save()
    client = client_de(candidat)
    for nom in ("web:session_ouvrir", "web:session_presences", "web:session_tirage", "web:session_jour"):
        assert client.post(reverse(nom, args=[jour.session.pk])).status_code == 403
    assert client.post(reverse("web:inscription_emarger", args=[jour.inscriptions[0].pk])).status_code == 403
    api = APIClient()
    api.force_authenticate(candidat)
    assert api.post(f"/api/v1/sessions/{jour.session.pk}/ouvrir/").status_code == 403
    jour.session.refresh_from_db()
    assert jour.session.etat == EtatSession.CONVOQUEE
