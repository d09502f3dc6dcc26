"""The GEV desk, the order pages and the API: same services, rule-coded refusals, scoping."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.dte.conftest import creer_session
from titrepro.dte import services
from titrepro.dte.models import CommandeDte, EtatCommande
from titrepro.web.views.dte import panneau_dte


def test_gev_desk_lists_submitted_orders_first_and_filters_by_sector(monde, client_de):
    equipe = monde.utilisateurs["responsable_session"]
    gev = monde.utilisateurs["agent_gev"]
    preparee = creer_session(monde, premier_jour=dt.date(2027, 9, 6))
    lointaine = creer_session(monde, premier_jour=dt.date(2027, 10, 4))
    ccp = creer_session(monde, premier_jour=dt.date(2027, 9, 20), nature="ccp")
    brouillon = creer_session(monde, premier_jour=dt.date(2027, 9, 1))
    champs = {"telephone_livraison": "0102030405", "courriel_livraison": "l@exemple.fr"}
    commandes = {
        s: services.commande_creer(session=s, auteur=equipe, **champs) for s in (preparee, lointaine, ccp, brouillon)
    }
    for session in (preparee, lointaine, ccp):
        services.commande_soumettre(commande=commandes[session], auteur=equipe, jour=dt.date(2027, 5, 3))
    services.commande_marquer_preparee(
        commande=commandes[preparee], auteur=gev, jour=dt.date(2027, 5, 4), lien_dto="D", lien_zo="Z"
    )
    client = client_de("agent_gev")
    contenu = client.get(reverse("web:gev_commandes")).content.decode()
    positions = [contenu.index(f">n°{commandes[s].pk}<") for s in (ccp, lointaine, preparee)]
    assert positions == sorted(positions)  # submitted first, by session date; then the others
    assert f">n°{commandes[brouillon].pk}<" not in contenu  # drafts hidden on the desk
    page = client.get(reverse("web:gev_commandes"), {"secteur": "ccp"}).content.decode()
    assert f">n°{commandes[ccp].pk}<" in page
    assert f">n°{commandes[lointaine].pk}<" not in page
    page = client.get(reverse("web:gev_commandes"), {"etat": "brouillon"}).content.decode()
    assert f">n°{commandes[brouillon].pk}<" in page
    assert client_de("responsable_session").get(reverse("web:gev_commandes")).status_code == 403
    # the organisme's list shows its own orders only
    assert (
        f">n°{monde.commande_b.pk}<"
        not in client_de("responsable_session").get(reverse("web:commandes_dte")).content.decode()
    )


def test_gev_prepares_from_the_order_page(monde, client_de):
    equipe = monde.utilisateurs["responsable_session"]
    session = creer_session(monde, premier_jour=dt.date(2027, 9, 6))
    commande = services.commande_creer(
        session=session, auteur=equipe, telephone_livraison="0102030405", courriel_livraison="l@exemple.fr"
    )
    client = client_de("responsable_session")
    reponse = client.post(reverse("web:commande_dte_action", args=[commande.pk, "soumettre"]))
    assert reponse.status_code == 302
    gev = client_de("agent_gev")
    fiche = gev.get(reverse("web:commande_dte", args=[commande.pk])).content.decode()
    assert "Commande préparée (AR 2)" in fiche
    reponse = gev.post(
        reverse("web:commande_dte_action", args=[commande.pk, "preparer"]), {"lien_dto": "DTO-1", "lien_zo": ""}
    )
    assert reponse.status_code == 200
    assert "lien ZO" in reponse.content.decode()
    gev.post(reverse("web:commande_dte_action", args=[commande.pk, "preparer"]), {"lien_dto": "D", "lien_zo": "Z"})
    commande.refresh_from_db()
    assert commande.etat == EtatCommande.PREPAREE


def test_order_form_shows_the_rule_refusal(monde, client_de):
    session = creer_session(monde, premier_jour=timezone.localdate() + dt.timedelta(days=200))
    client = client_de("responsable_session")
    reponse = client.post(
        reverse("web:commande_dte_session", args=[session.pk]),
        {"nombre_candidats": 1, "nombre_sujets": 2, "courriel_livraison": "x@exemple.fr", "telephone_livraison": "01"},
    )
    commande = CommandeDte.objects.get(session=session)
    assert reponse.status_code == 302
    reponse = client.post(reverse("web:commande_dte_action", args=[commande.pk, "soumettre"]))
    assert reponse.status_code == 200
    assert "DTE-COMPLETUDE" in reponse.content.decode()
    commande.refresh_from_db()
    assert commande.etat == EtatCommande.BROUILLON


def test_session_panel_for_readers_only(monde, rf):
    requete = rf.get("/")
    requete.user = monde.utilisateurs["agent_ddets"]
    contexte = panneau_dte(monde.session_a, requete)
    assert contexte is not None
    assert contexte["commande"] == monde.commande_a
    requete.user = monde.utilisateurs["agent_dreets"]
    assert panneau_dte(monde.session_a, requete) is None


def test_api_submit_refused_with_rule_code_and_gev_actions(monde, client_de):
    session = creer_session(monde, premier_jour=timezone.localdate() + dt.timedelta(days=200))
    client = client_de("responsable_session")
    reponse = client.post(
        reverse("commande-dte-list"),
        {"session": session.pk, "nombre_sujets": 9, "telephone_livraison": "01", "courriel_livraison": "a@b.fr"},
        content_type="application/json",
    )
    assert reponse.status_code == 201, reponse.content
    pk = reponse.json()["id"]
    reponse = client.post(reverse("commande-dte-soumettre", args=[pk]), content_type="application/json")
    assert reponse.status_code == 422
    assert reponse.json()["regle"] == "DTE-QUANTITE"
    assert (
        client_de("agent_gev").post(reverse("commande-dte-annuler", args=[pk]), {"motif": "Demande DDETS"}).status_code
        == 200
    )
    assert client_de("externe").get(reverse("commande-dte-detail", args=[pk])).status_code == 404


def test_session_page_shows_the_dte_panel(monde, client_de):
    reponse = client_de("responsable_session").get(reverse("web:session", args=[monde.session_a.pk]))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Commande de DTE" in contenu
    assert reverse("web:commande_dte", args=[monde.commande_a.pk]) in contenu
    assert reverse("web:commande_dte_session", args=[monde.session_a.pk]) in contenu
    dreets = client_de("agent_dreets").get(reverse("web:session", args=[monde.session_a.pk])).content.decode()
    assert reverse("web:commande_dte", args=[monde.commande_a.pk]) not in dreets
