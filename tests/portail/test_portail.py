"""The candidate portal: invitation by the organisme, the candidate's space, the address correction."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from titrepro.comptes.roles import Role
from titrepro.personnes import portail, services
from titrepro.personnes.models import Adresse, Candidat


def _lien(corps: str) -> str:
    return re.search(r"https?://\S+|/mot-de-passe/nouveau/\S+", corps).group(0)


def test_invitation_creates_the_account_attached_to_this_candidate_only(
    monde, client, mailoutbox, django_capture_on_commit_callbacks
):
    candidat = monde.candidat_a2
    candidat.email = "Sam.Alpha@exemple.fr"
    candidat.save()
    with django_capture_on_commit_callbacks(execute=True):
        compte = portail.candidat_inviter(candidat=candidat, par=monde.utilisateurs["responsable_session"])
    candidat.refresh_from_db()
    assert candidat.compte == compte
    assert compte.email == "sam.alpha@exemple.fr"
    assert compte.roles == frozenset({Role.CANDIDAT})
    assert not compte.has_usable_password()
    # The account reaches this candidate, not candidat_a (the persona's) nor B's.
    assert list(Candidat.objects.visibles_par(compte)) == [candidat]
    [message] = mailoutbox
    assert message.to == ["sam.alpha@exemple.fr"]
    lien = _lien(message.body)
    # The set-password link works with the existing DSFR page.
    chemin = lien[lien.index("/mot-de-passe/") :]
    reponse = client.get(chemin, follow=True)
    assert reponse.status_code == 200
    reponse = client.post(
        reponse.redirect_chain[-1][0],
        {"new_password1": "Un-mot-de-passe-solide-2026", "new_password2": "Un-mot-de-passe-solide-2026"},
    )
    assert reponse.status_code == 302
    assert authenticate(username="sam.alpha@exemple.fr", password="Un-mot-de-passe-solide-2026") == compte


def test_inviting_again_is_idempotent_and_resends_a_link(monde, mailoutbox, django_capture_on_commit_callbacks):
    candidat = monde.candidat_a2
    candidat.email = "sam@exemple.fr"
    candidat.save()
    par = monde.utilisateurs["responsable_session"]
    with django_capture_on_commit_callbacks(execute=True):
        premier = portail.candidat_inviter(candidat=candidat, par=par)
        second = portail.candidat_inviter(candidat=candidat, par=par)
    assert premier == second
    assert premier.affectations.filter(role=Role.CANDIDAT).count() == 1
    assert len(mailoutbox) == 2


def test_invitation_refusals_are_clear(monde):
    candidat = monde.candidat_a2
    par = monde.utilisateurs["responsable_session"]
    with pytest.raises(ValidationError, match="n'a pas d'adresse électronique"):
        portail.candidat_inviter(candidat=candidat, par=par)
    candidat.email = "sam@exemple.fr"
    candidat.save()
    with pytest.raises(PermissionDenied, match="Seul un organisme"):
        portail.candidat_inviter(candidat=candidat, par=monde.utilisateurs["externe"])
    # An address already used by a professional account is never turned into a candidate account.
    candidat.email = monde.utilisateurs["agent_ddets"].email
    candidat.save()
    with pytest.raises(ValidationError, match="compte professionnel"):
        portail.candidat_inviter(candidat=candidat, par=par)


def test_invitation_page_shows_the_missing_email_message(monde, client_de):
    client = client_de("responsable_session")
    reponse = client.post(f"/candidats/{monde.candidat_a2.pk}/inviter/", follow=True)
    assert any("pas d'adresse électronique" in str(m) for m in reponse.context["messages"])
    assert client_de("externe").post(f"/candidats/{monde.candidat_a2.pk}/inviter/").status_code == 404


def test_my_space_shows_my_data_and_never_another_candidates(monde, client_de):
    services.adresse_changer(
        candidat=monde.candidat_a,
        depuis=dt.date(2026, 1, 5),
        voie="3 rue des Lilas",
        code_postal="75011",
        commune="Paris",
    )
    services.adresse_changer(
        candidat=monde.candidat_a2,
        depuis=dt.date(2026, 1, 5),
        voie="9 rue Cachée",
        code_postal="75012",
        commune="Paris",
    )
    client = client_de("candidat")
    page = client.get("/mon-espace/").content.decode()
    assert "3 rue des Lilas" in page
    assert "9 rue Cachée" not in page
    assert "Mes convocations" in page
    api = APIClient()
    api.force_authenticate(monde.utilisateurs["candidat"])
    donnees = api.get("/api/v1/mon-espace/").json()
    assert donnees["id"] == monde.candidat_a.pk
    assert [a["voie"] for a in donnees["adresses"]] == ["3 rue des Lilas"]
    assert "etat" not in donnees["inscriptions"][0]  # the decision is published by web:mes_resultats only
    # Another candidate's record is a 404 for the candidate, on the page and in the API.
    assert client.get(f"/candidats/{monde.candidat_a2.pk}/").status_code == 404
    assert api.get(f"/api/v1/candidats/{monde.candidat_a2.pk}/").status_code == 404


def test_address_correction_keeps_the_history_and_flags_the_organisme(
    monde, client_de, mailoutbox, django_capture_on_commit_callbacks
):
    candidat = monde.candidat_a
    services.adresse_changer(
        candidat=candidat, depuis=dt.date(2026, 1, 5), voie="3 rue des Lilas", code_postal="75011", commune="Paris"
    )
    client = client_de("candidat")
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            "/mon-espace/adresse/",
            {
                "voie": "12 avenue du Port",
                "code_postal": "13002",
                "commune": "Marseille",
                "pays": "France",
                "depuis": "2026-12-01",
            },
        )
    assert reponse.status_code == 302
    ancienne, nouvelle = Adresse.objects.filter(candidat=candidat).order_by("depuis")
    assert ancienne.voie == "3 rue des Lilas"
    assert ancienne.jusqu_au == dt.date(2026, 11, 30)
    assert nouvelle.declaree_par_candidat
    assert nouvelle.a_verifier
    assert nouvelle.jusqu_au is None
    [message] = mailoutbox
    assert monde.utilisateurs["responsable_session"].email in message.to
    assert "12 avenue du Port" in message.body
    fiche = client_de("responsable_session").get(f"/candidats/{candidat.pk}/").content.decode()
    assert "Corrigée par le candidat : à vérifier" in fiche
    # Once the organisme confirms it, the mark says so.
    services.adresse_confirmer(
        candidat=candidat,
        moment="debut_session",
        jour=dt.date(2026, 12, 2),
        par=monde.utilisateurs["responsable_session"],
    )
    assert not Adresse.objects.get(pk=nouvelle.pk).a_verifier
    # Nobody else corrects the candidate's address through this path.
    with pytest.raises(PermissionDenied):
        portail.adresse_corriger_par_candidat(
            candidat=candidat,
            par=monde.utilisateurs["responsable_session"],
            depuis=dt.date(2026, 12, 3),
            voie="x",
            code_postal="75001",
            commune="Paris",
        )


def test_address_correction_by_the_api(monde):
    api = APIClient()
    api.force_authenticate(monde.utilisateurs["candidat"])
    reponse = api.post(
        "/api/v1/mon-espace/adresse/",
        {"voie": "5 place Bellecour", "code_postal": "69002", "commune": "Lyon", "depuis": "2026-12-01"},
        format="json",
    )
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["declaree_par_candidat"] is True
    assert api.post("/api/v1/mon-espace/adresse/", {"voie": ""}, format="json").status_code == 400


def test_my_space_links_to_my_results_page(client_de):
    page = client_de("candidat").get("/mon-espace/").content.decode()
    assert 'href="/mes-resultats/"' in page
