"""API writes of issue 4's end: contacts (ORG-CONTACTS verdict), conventions, annual/semestrial programming."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from titrepro.organisations.models import Contact, Convention, LigneProgrammation, ProgrammationAnnuelle

PDF = b"%PDF-1.4\n%fictif\n"


@pytest.fixture
def api_de(monde):
    def connecter(persona: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(monde.utilisateurs[persona])
        return client

    return connecter


# ------------------------------------------------------------------------------------------------ contacts


def test_responsable_adds_a_contact_and_gets_the_org_contacts_verdict(monde, api_de):
    reponse = api_de("responsable_organisme").post(
        reverse("contact-list"),
        {
            "organisme": monde.organisme_a.pk,
            "role": "responsable_plateau",
            "prenom": "Dominique",
            "nom": "PLATEAU",
            "email": "plateau@exemple.fr",
            "telephone": "06 39 98 01 02",
        },
        format="json",
    )
    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    contact = Contact.objects.get(pk=corps["id"])
    assert contact.telephone == "+33639980102"  # normalised (phonenumbers)
    verdict = corps["verdict_contacts"]
    assert verdict["regle"] == "ORG-CONTACTS"
    assert verdict["ok"] is False  # responsable de session and suppléant still missing
    assert "responsable de session" in verdict["message"]


def test_contact_with_a_wrong_phone_is_refused_in_french_and_nothing_saved(monde, api_de):
    avant = Contact.objects.count()
    reponse = api_de("responsable_organisme").post(
        reverse("contact-list"),
        {
            "organisme": monde.organisme_a.pk,
            "role": "responsable_session",
            "prenom": "Sam",
            "nom": "SESSION",
            "email": "session@exemple.fr",
            "telephone": "12",
        },
        format="json",
    )
    assert reponse.status_code == 400
    assert "n'est pas un numéro de téléphone valide" in str(reponse.json()["champs"]["telephone"])
    assert Contact.objects.count() == avant


def test_contact_update_and_delete_return_the_verdict(monde, api_de):
    client = api_de("responsable_organisme")
    url = reverse("contact-detail", args=[monde.contact_a.pk])
    reponse = client.patch(url, {"nom": "NOUVEAU"}, format="json")
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["nom"] == "NOUVEAU"
    assert reponse.json()["verdict_contacts"]["regle"] == "ORG-CONTACTS"
    suppression = client.delete(url)
    assert suppression.status_code == 200
    assert suppression.json()["regle"] == "ORG-CONTACTS"
    assert "Responsable de l'organisme : contact manquant" in suppression.json()["message"]
    assert not Contact.objects.filter(pk=monde.contact_a.pk).exists()


def test_contact_writes_are_for_the_organisme_responsable_only(monde, api_de):
    url = reverse("contact-detail", args=[monde.contact_a.pk])
    assert api_de("responsable_session").patch(url, {"nom": "X"}, format="json").status_code == 403
    assert api_de("agent_ddets").delete(url).status_code == 403
    # Another organisme's contact is not even found; its organisme cannot be chosen.
    assert api_de("externe").patch(url, {"nom": "X"}, format="json").status_code == 404
    autre = api_de("externe").post(
        reverse("contact-list"),
        {"organisme": monde.organisme_a.pk, "role": "suppleant", "prenom": "A", "nom": "B", "email": "a@b.fr"},
        format="json",
    )
    assert autre.status_code == 400
    Contact.objects.get(pk=monde.contact_a.pk)


def test_a_second_contact_for_a_single_role_is_refused(monde, api_de):
    reponse = api_de("responsable_organisme").post(
        reverse("contact-list"),
        {
            "organisme": monde.organisme_a.pk,
            "role": "responsable_organisme",
            "prenom": "Doublon",
            "nom": "DOUBLON",
            "email": "d@exemple.fr",
            "telephone": "+33639980103",
        },
        format="json",
    )
    assert reponse.status_code == 400
    assert "Ce rôle a déjà un contact" in str(reponse.json())


# ------------------------------------------------------------------------------------------------ conventions


def test_convention_api_update_by_the_responsable(monde, api_de):
    url = reverse("convention-detail", args=[monde.convention_a.pk])
    lecture = api_de("agent_ddets").get(url)
    assert lecture.status_code == 200
    assert lecture.json()["telechargement"] == reverse("web:convention_fichier", args=[monde.convention_a.pk])
    reponse = api_de("responsable_organisme").patch(
        url, {"mise_a_jour_le": "2025-12-15", "effectif_prevu": 20}, format="json"
    )
    assert reponse.status_code == 200, reponse.json()
    monde.convention_a.refresh_from_db()
    assert monde.convention_a.mise_a_jour_le == dt.date(2025, 12, 15)
    assert monde.convention_a.effectif_prevu == 20


def test_convention_api_refuses_others_and_bad_files(monde, api_de):
    url = reverse("convention-detail", args=[monde.convention_a.pk])
    assert api_de("agent_dreets").patch(url, {"effectif_prevu": 1}, format="json").status_code == 403
    assert api_de("externe").patch(url, {"effectif_prevu": 1}, format="json").status_code == 404
    from django.core.files.uploadedfile import SimpleUploadedFile

    faux = SimpleUploadedFile("convention.pdf", b"pas un pdf", content_type="application/pdf")
    reponse = api_de("responsable_organisme").patch(url, {"fichier": faux}, format="multipart")
    assert reponse.status_code == 400
    assert "fichier" in reponse.json()["champs"]
    vrai = SimpleUploadedFile("signee.pdf", PDF, content_type="application/pdf")
    assert api_de("responsable_organisme").patch(url, {"fichier": vrai}, format="multipart").status_code == 200
    assert Convention.objects.get(pk=monde.convention_a.pk).nom_fichier == "signee.pdf"


def test_convention_api_refuses_a_wrong_partner_siret(monde, api_de):
    url = reverse("convention-detail", args=[monde.convention_a.pk])
    reponse = api_de("responsable_organisme").patch(url, {"partenaire_siret": "12345678901234"}, format="json")
    assert reponse.status_code == 400
    assert "n'est pas valide" in str(reponse.json()["champs"])


# ------------------------------------------------------------------------------------------------ programming


def test_ddets_lists_only_the_programmings_it_received(monde, api_de):
    brouillon = ProgrammationAnnuelle.objects.create(
        organisme=monde.organisme_a, departement=monde.site_a.departement, annee=2027
    )
    ids = {p["id"] for p in api_de("agent_ddets").get(reverse("programmation-list")).json()["results"]}
    assert ids == {monde.programmation_a.pk}
    ids = {p["id"] for p in api_de("responsable_organisme").get(reverse("programmation-list")).json()["results"]}
    assert ids == {monde.programmation_a.pk, brouillon.pk}


def test_api_builds_and_transmits_a_programming(monde, api_de, django_capture_on_commit_callbacks):
    client = api_de("responsable_organisme")
    creee = client.post(
        reverse("programmation-list"), {"departement": "75", "annee": 2027, "periode": "s2"}, format="json"
    )
    assert creee.status_code == 201, creee.json()
    corps = creee.json()
    assert corps["organisme"] == monde.organisme_a.pk
    assert corps["periode"] == "s2"
    assert corps["echeance"] == "2027-07-31"
    pk = corps["id"]
    ligne = {
        "site": monde.site_a.pk,
        "millesime": monde.millesime.pk,
        "type_session": "ccp",
        "ccps": "CCP 1",
        "debut": "2027-03-01",
        "fin": "2027-03-02",
        "candidats_prevus": 8,
    }
    hors_periode = client.post(reverse("programmation-lignes", args=[pk]), ligne, format="json")
    assert hors_periode.status_code == 400
    assert "01/07/2027" in str(hors_periode.json()["champs"]["debut"])
    ligne.update(debut="2027-09-06", fin="2027-09-07")
    ajoutee = client.post(reverse("programmation-lignes", args=[pk]), ligne, format="json")
    assert ajoutee.status_code == 201, ajoutee.json()
    ligne_pk = ajoutee.json()["id"]
    modifiee = client.patch(
        reverse("programmation-ligne", args=[pk, ligne_pk]), {"candidats_prevus": 12}, format="json"
    )
    assert modifiee.status_code == 200, modifiee.json()
    assert LigneProgrammation.objects.get(pk=ligne_pk).candidats_prevus == 12
    with django_capture_on_commit_callbacks(execute=True):
        transmise = client.post(reverse("programmation-transmettre", args=[pk]), format="json")
    assert transmise.status_code == 200, transmise.json()
    assert transmise.json()["verdict"]["regle"] == "ORG-PROGRAMMATION"
    assert transmise.json()["programmation"]["transmise_le"] is not None
    # The DDETS now sees it, with its line; it cannot change it.
    ddets = api_de("agent_ddets")
    assert ddets.get(reverse("programmation-detail", args=[pk])).json()["lignes"][0]["id"] == ligne_pk
    assert ddets.delete(reverse("programmation-ligne", args=[pk, ligne_pk])).status_code == 403
    assert client.delete(reverse("programmation-ligne", args=[pk, ligne_pk])).status_code == 204
    assert not LigneProgrammation.objects.filter(pk=ligne_pk).exists()


def test_api_programming_refusals(monde, api_de):
    client = api_de("responsable_organisme")
    # No site of organisme A in the Rhône.
    assert (
        client.post(reverse("programmation-list"), {"departement": "69", "annee": 2027}, format="json").status_code
        == 403
    )
    # Annual and semestrial do not mix for one year and one département.
    assert (
        client.post(
            reverse("programmation-list"), {"departement": "75", "annee": 2026, "periode": "s1"}, format="json"
        ).status_code
        == 400
    )
    vide = client.post(reverse("programmation-list"), {"departement": "75", "annee": 2028}, format="json").json()
    refus = client.post(reverse("programmation-transmettre", args=[vide["id"]]), format="json")
    assert refus.status_code == 403
    # Organisme B's programming is not found.
    assert client.post(reverse("programmation-transmettre", args=[monde.programmation_b.pk])).status_code == 404
