"""ORG-CONVENTION: the organisme's responsable edits a convention through the page (same service as the API)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from titrepro.organisations.models import Convention


def _donnees(convention, **changes):
    donnees = {
        "partenaire_raison_sociale": convention.partenaire_raison_sociale,
        "partenaire_siret": convention.partenaire_siret,
        "titres": convention.titres,
        "modalites_inscription": "",
        "effectif_prevu": "15",
        "annee": str(convention.annee),
        "date_effet": "2026-01-01",
        "transmise_prefet_le": "2025-12-01",
        "mise_a_jour_le": "2025-12-10",
    }
    donnees.update(changes)
    return donnees


def test_responsable_edits_the_convention_and_keeps_its_file(monde, client_de):
    client = client_de("responsable_organisme")
    url = reverse("web:convention_modifier", args=[monde.convention_a.pk])
    formulaire = client.get(url)
    assert formulaire.status_code == 200
    assert "Partenaire A" in formulaire.content.decode()
    assert "ORG-CONVENTION" in formulaire.content.decode()
    reponse = client.post(url, _donnees(monde.convention_a))
    assert reponse.status_code == 302
    convention = Convention.objects.get(pk=monde.convention_a.pk)
    assert convention.effectif_prevu == 15
    assert convention.mise_a_jour_le == dt.date(2025, 12, 10)
    assert convention.nom_fichier == "convention.pdf"  # no new file: the signed one stays
    fiche = client.get(reverse("web:organisme", args=[monde.organisme_a.pk])).content.decode()
    assert url in fiche


def test_bad_input_keeps_everything_and_says_why(monde, client_de):
    client = client_de("responsable_organisme")
    url = reverse("web:convention_modifier", args=[monde.convention_a.pk])
    faux = SimpleUploadedFile("x.pdf", b"pas un PDF", content_type="application/pdf")
    reponse = client.post(url, {**_donnees(monde.convention_a, partenaire_siret="123"), "fichier": faux})
    assert reponse.status_code == 200
    assert "n&#x27;est pas valide" in reponse.content.decode()
    assert Convention.objects.get(pk=monde.convention_a.pk).effectif_prevu == 12


def test_others_cannot_edit(monde, client_de):
    url = reverse("web:convention_modifier", args=[monde.convention_a.pk])
    assert client_de("agent_ddets").get(url).status_code == 403
    assert client_de("responsable_session").get(url).status_code == 403
    fiche = client_de("agent_ddets").get(reverse("web:organisme", args=[monde.organisme_a.pk])).content.decode()
    assert url not in fiche
