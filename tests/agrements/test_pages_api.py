"""Pages and API of organismes, agréments and programming: same services, same rules, same scoping."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories as f
from titrepro.agrements.models import DemandeAgrement, EtatDemande
from titrepro.demo.monde import siret_fictif
from titrepro.organisations import services as org
from titrepro.organisations.models import ChangementSiret, Contact


def test_dreets_queue_lists_its_region_with_filters(monde, client_de):
    client = client_de("agent_dreets")
    page = client.get(reverse("web:demandes_agrement"), {"etat": "en_construction"}).content.decode()
    assert "File d&#x27;instruction" in page or "File d'instruction" in page
    assert f'href="/demandes-agrement/{monde.demande_a.pk}/"' in page
    assert f'href="/demandes-agrement/{monde.demande_b.pk}/"' not in page
    vide = client.get(reverse("web:demandes_agrement"), {"etat": "acceptee"}).content.decode()
    assert f'href="/demandes-agrement/{monde.demande_a.pk}/"' not in vide


def test_request_page_shows_completeness_and_refusal_reasons(monde, client_de):
    page = client_de("agent_dreets").get(reverse("web:demande_agrement", args=[monde.demande_a.pk])).content.decode()
    assert "Complétude, pièce par pièce" in page
    assert "AGR-PIECES" in page
    assert "ORG-CONTACTS" in page
    assert "Des compléments" not in page  # nothing asked yet
    assert "La demande n&#x27;a pas encore" not in page  # submitted: the DREETS may act


def test_dreets_asks_for_pieces_through_the_page(monde, client_de):
    client = client_de("agent_dreets")
    url = reverse("web:demande_agrement_action", args=[monde.demande_a.pk, "demander_pieces"])
    reponse = client.post(url, {"motif": "Le bail manque."})
    assert reponse.status_code == 302
    monde.demande_a.refresh_from_db()
    assert monde.demande_a.attend_complements
    assert monde.demande_a.pieces_demandees == "Le bail manque."


def test_organisme_cannot_act_for_the_dreets(monde, client_de):
    url = reverse("web:demande_agrement_action", args=[monde.demande_a.pk, "accepter"])
    assert client_de("responsable_organisme").post(url, {}).status_code == 403


def test_api_submission_refused_with_rule_in_json(monde, client_de):
    reponse = client_de("responsable_organisme").post(
        reverse("demande-agrement-deposer", args=[monde.demande_a.pk]), {}, content_type="application/json"
    )
    assert reponse.status_code == 422
    corps = reponse.json()
    assert corps["code"] == "regle_refusee"
    assert corps["regle"] in {"AGR-PIECES", "ORG-CONTACTS"}


def test_api_create_request_and_instruction_rights(monde, client_de):
    client = client_de("responsable_organisme")
    reponse = client.post(
        reverse("demande-agrement-list"),
        {"site": monde.site_a.pk, "millesimes": [f.MillesimeFactory().pk], "premiere_session": "2027-10-01"},
        content_type="application/json",
    )
    assert reponse.status_code == 201, reponse.json()
    demande = DemandeAgrement.objects.get(pk=reponse.json()["id"])
    assert demande.organisme == monde.organisme_a
    assert demande.etat == EtatDemande.EN_CONSTRUCTION
    # The site of organisme B is not even selectable.
    autre = client.post(
        reverse("demande-agrement-list"),
        {"site": monde.site_b.pk, "millesimes": [monde.millesime.pk], "premiere_session": "2027-10-01"},
        content_type="application/json",
    )
    assert autre.status_code == 400
    refus = client_de("responsable_session").post(
        reverse("demande-agrement-passer-en-instruction", args=[demande.pk]), {}, content_type="application/json"
    )
    assert refus.status_code == 403
    assert refus.json()["code"] == "acces_refuse"


def test_api_completeness_piece_by_piece(monde, client_de):
    lignes = client_de("agent_ddets").get(reverse("demande-agrement-completude", args=[monde.demande_a.pk])).json()
    assert {"piece", "ok", "regle", "message", "source"} <= set(lignes[0])
    assert any(ligne["regle"] == "AGR-PIECES" and not ligne["ok"] for ligne in lignes)


def test_programming_exports_pdf_and_xlsx(monde, client_de):
    client = client_de("agent_ddets")
    pdf = client.get(reverse("web:programmation_export_pdf", args=[monde.programmation_a.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("web:programmation_export_xlsx", args=[monde.programmation_a.pk]))
    feuille = load_workbook(io.BytesIO(xlsx.content)).active
    valeurs = list(feuille.iter_rows(values_only=True))
    assert valeurs[4][0] == "Type de session"
    assert valeurs[5][0] == "Session titre"


def test_ddets_only_sees_transmitted_programming(monde, client_de):
    monde.programmation_a.transmise_le = None
    monde.programmation_a.save()
    assert (
        client_de("agent_ddets").get(reverse("web:programmation", args=[monde.programmation_a.pk])).status_code == 404
    )
    assert (
        client_de("responsable_session").get(reverse("web:programmation", args=[monde.programmation_a.pk])).status_code
        == 200
    )


def test_programming_transmitted_emails_the_ud(monde, client_de, mailoutbox, django_capture_on_commit_callbacks):
    monde.programmation_a.transmise_le = None
    monde.programmation_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_de("responsable_organisme").post(
            reverse("web:programmation_transmettre", args=[monde.programmation_a.pk])
        )
    assert reponse.status_code == 302
    assert mailoutbox[-1].to == [monde.utilisateurs["agent_ddets"].email]


def test_siret_change_validated_recorded_and_reported(monde, django_capture_on_commit_callbacks, mailoutbox):
    resp = monde.utilisateurs["responsable_organisme"]
    ancien = monde.organisme_a.siret
    faux = ancien[:-1] + str((int(ancien[-1]) + 1) % 10)
    with pytest.raises(ValidationError, match="n'est pas valide"):
        org.organisme_changer_siret(
            organisme=monde.organisme_a,
            nouveau_siret=faux,
            date_effet=dt.date(2027, 1, 1),
            motif="",
            auteur=resp,
            jour=dt.date(2027, 1, 1),
        )
    assert not ChangementSiret.objects.exists()
    nouveau = siret_fictif("55500000", "0001")
    with django_capture_on_commit_callbacks(execute=True):
        changement = org.organisme_changer_siret(
            organisme=monde.organisme_a,
            nouveau_siret=nouveau,
            date_effet=dt.date(2027, 1, 1),
            motif="Fusion",
            auteur=resp,
            jour=dt.date(2027, 1, 1),
        )
    monde.organisme_a.refresh_from_db()
    assert monde.organisme_a.siret == nouveau
    assert changement.ancien_siret == ancien
    assert "Site A" in changement.sites_transferes
    assert monde.utilisateurs["agent_dreets"].email in mailoutbox[-1].to


def test_contact_phone_normalised_and_checked(monde):
    resp = monde.utilisateurs["responsable_organisme"]
    contact = org.contact_enregistrer(
        organisme=monde.organisme_a,
        auteur=resp,
        role="suppleant",
        prenom="Eva",
        nom="Durand",
        email="eva@exemple.fr",
        telephone="06 39 98 01 02",
    )
    assert contact.telephone == "+33639980102"
    assert contact.telephone_affiche == "06 39 98 01 02"
    with pytest.raises(ValidationError, match="numéro de téléphone valide"):
        org.contact_enregistrer(
            organisme=monde.organisme_a,
            auteur=resp,
            role="suppleant",
            prenom="X",
            nom="Y",
            email="x@exemple.fr",
            telephone="12",
        )
    assert Contact.objects.filter(organisme=monde.organisme_a).count() == 2


def test_head_office_move_is_an_update_through_the_api(monde, client_de):
    reponse = client_de("responsable_organisme").patch(
        reverse("organisme-detail", args=[monde.organisme_a.pk]),
        {"siege_adresse": "3 rue Neuve", "siege_code_postal": "75002", "siege_commune": "Paris"},
        content_type="application/json",
    )
    assert reponse.status_code == 200
    monde.organisme_a.refresh_from_db()
    assert monde.organisme_a.siege == "3 rue Neuve, 75002 Paris"
    refus = client_de("responsable_session").patch(
        reverse("organisme-detail", args=[monde.organisme_a.pk]), {"email": "x@x.fr"}, content_type="application/json"
    )
    assert refus.status_code == 403
