"""Accounts: e-mail sign-in, sign-out, password reset by e-mail, memberships consistent with roles."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests import factories as f
from tests.factories import MOT_DE_PASSE
from titrepro.comptes.models import Affectation, Utilisateur
from titrepro.comptes.roles import Role
from titrepro.territoires.models import Departement


def test_sign_in_with_email_whatever_its_case(monde, client):
    reponse = client.post(reverse("web:connexion"), {"username": "Agent_DDETS@exemple.fr", "password": MOT_DE_PASSE})
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("web:accueil")
    assert "Agent DDETS / UD" in client.get(reverse("web:accueil")).content.decode()


def test_wrong_password_says_so_in_french(monde, client):
    reponse = client.post(reverse("web:connexion"), {"username": "agent_ddets@exemple.fr", "password": "non"})
    assert reponse.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in reponse.content.decode()


def test_sign_out_is_a_post(monde, client_de):
    client = client_de("candidat")
    assert client.get(reverse("web:deconnexion")).status_code == 405
    client.post(reverse("web:deconnexion"))
    assert client.get(reverse("web:mon_compte")).status_code == 302


def test_password_reset_by_email_end_to_end(monde, client):
    client.post(reverse("web:mot_de_passe_oubli"), {"email": "formateur@exemple.fr"})
    [message] = mail.outbox
    assert message.subject == "Titrepro : réinitialisation de votre mot de passe"
    lien = re.search(r"http://testserver(/mot-de-passe/nouveau/\S+)", message.body).group(1)
    formulaire = client.get(lien, follow=True)
    assert "Choisir un nouveau mot de passe" in formulaire.content.decode()
    nouveau = "un-nouveau-mot-de-passe-solide"
    reponse = client.post(formulaire.redirect_chain[-1][0], {"new_password1": nouveau, "new_password2": nouveau})
    assert reponse.status_code == 302
    assert client.login(username="formateur@exemple.fr", password=nouveau)


def test_reset_for_an_unknown_address_reveals_nothing(db, client):
    reponse = client.post(reverse("web:mot_de_passe_oubli"), {"email": "inconnu@exemple.fr"})
    assert reponse.status_code == 302
    assert mail.outbox == []


def test_emails_are_stored_lowercase_and_unique(db):
    Utilisateur.objects.create_user("Marie.Curie@Exemple.FR", "x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Utilisateur.objects.create_user("marie.curie@exemple.fr", "y")


@pytest.mark.parametrize(
    ("role", "cible"),
    [
        (Role.AGENT_DDETS, "organisme"),  # a DDETS agent belongs to a département
        (Role.RESPONSABLE_SESSION, "departement"),  # a session manager belongs to an organisme
        (Role.AGENT_GEV, "organisme"),  # national roles belong to no structure
        (Role.AGENT_DREETS, None),  # a DREETS agent needs its région
    ],
)
def test_a_membership_must_match_its_role(role, cible, monde):
    valeurs = {"organisme": monde.organisme_a, "departement": Departement.objects.get(code="75")}
    kwargs = {cible: valeurs[cible]} if cible else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        Affectation.objects.create(utilisateur=monde.utilisateurs["sans_role"], role=role, **kwargs)


def test_the_same_role_twice_in_the_same_structure_is_refused(monde):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.AffectationFactory(
            utilisateur=monde.utilisateurs["responsable_session"],
            role=Role.RESPONSABLE_SESSION,
            organisme=monde.organisme_a,
        )


def test_account_page_lists_roles(monde, client_de):
    contenu = client_de("agent_dreets").get(reverse("web:mon_compte")).content.decode()
    assert "Agent DREETS — Île-de-France" in contenu


@pytest.mark.parametrize(
    ("url", "libelles"),
    [
        ("web:connexion", ["Adresse électronique", "Mot de passe"]),
        ("web:mot_de_passe_oubli", ["Adresse électronique du compte"]),
    ],
)
def test_forms_are_labelled_in_french(url, libelles, db, client):
    contenu = client.get(reverse(url)).content.decode()
    for libelle in libelles:
        assert re.search(rf"<label[^>]*>\s*{re.escape(libelle)}", contenu), libelle
    assert "Username" not in contenu
    assert "Email" not in contenu
