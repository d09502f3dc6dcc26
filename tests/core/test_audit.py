"""The audit trail: who, when, what changed, from which state to which, and why."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories as f
from tests.fsm.models import Dossier
from titrepro.core.audit import auteur, lignes_historique, motif


def test_an_update_records_author_fields_and_reason(monde):
    organisme = monde.organisme_a
    agent = monde.utilisateurs["administrateur"]
    with auteur(agent), motif("Correction de la raison sociale sur pièce"):
        organisme.raison_sociale = "Organisme A corrigé"
        organisme.save()

    entree = LogEntry.objects.get_for_object(organisme).latest("timestamp")
    assert entree.actor == agent
    assert entree.changes_dict["raison_sociale"] == ["Organisme A", "Organisme A corrigé"]
    assert entree.additional_data == {"motif": "Correction de la raison sociale sur pièce"}


def test_creation_and_deletion_are_recorded(db):
    candidat = f.CandidatFactory(nom_naissance="EFFACE")
    pk = candidat.pk
    candidat.delete()
    actions = set(
        LogEntry.objects.filter(content_type__model="candidat", object_id=pk).values_list("action", flat=True)
    )
    assert actions == {LogEntry.Action.CREATE, LogEntry.Action.DELETE}


def test_a_workflow_transition_records_its_name_states_and_reason(monde):
    dossier = Dossier.objects.create()
    with auteur(monde.utilisateurs["agent_ddets"]):
        dossier.deposer(motif="Pièces complètes")
        dossier.save()

    [ligne] = [ligne for ligne in lignes_historique(dossier) if ligne.transition]
    assert ligne.transition == {"nom": "deposer", "de": "brouillon", "vers": "depose", "motif": "Pièces complètes"}
    assert ligne.motif == "Pièces complètes"
    assert ligne.auteur == str(monde.utilisateurs["agent_ddets"])
    assert ligne.action == "Transition « deposer »"


def test_history_page_shows_author_change_and_reason(monde, client_de):
    with auteur(monde.utilisateurs["administrateur"]), motif("Mise à jour du statut CFA"):
        monde.organisme_a.est_cfa = True
        monde.organisme_a.save()
    reponse = client_de("agent_ddets").get(
        reverse("web:historique", args=["organisations.organisme", monde.organisme_a.pk])
    )
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Mise à jour du statut CFA" in contenu
    assert str(monde.utilisateurs["administrateur"]) in contenu
    assert "centre de formation d&#x27;apprentis (CFA)" in contenu


def test_history_of_an_object_outside_the_scope_is_not_found(monde, client_de):
    url = reverse("web:historique", args=["organisations.organisme", monde.organisme_b.pk])
    assert client_de("responsable_session").get(url).status_code == 404


@pytest.mark.parametrize("modele", ["auth.permission", "inconnu.modele", "pasunmodele"])
def test_history_of_unscoped_or_unknown_models_is_refused(modele, client_de):
    assert client_de("administrateur").get(reverse("web:historique", args=[modele, 1])).status_code == 404


@pytest.mark.urls("tests.core.urls_audit")
def test_a_write_through_the_api_with_a_token_names_its_author(monde):
    agent = monde.utilisateurs["administrateur"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent).key}")
    reponse = client.post("/creer/")
    assert reponse.status_code == 200
    entree = LogEntry.objects.get(content_type__model="organisme", object_id=reponse.json()["id"])
    assert entree.actor == agent
