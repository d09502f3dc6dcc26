"""PV pages: the session panel, the jury portal signature, the DDETS queue, « Mes résultats » (RES-PUBLICATION)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f
from tests.proces_verbaux.conftest import MOT_DE_PASSE, SessionDecidee
from titrepro.comptes.roles import Role
from titrepro.examens.models import EtatSession
from titrepro.proces_verbaux import services
from titrepro.proces_verbaux.models import DocumentPv

pytestmark = pytest.mark.django_db


def client_de(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def candidat_avec_compte(d: SessionDecidee) -> Any:
    compte = f.UtilisateurFactory(email="alice@exemple.fr", prenom="Alice")
    f.AffectationFactory(utilisateur=compte, role=Role.CANDIDAT)
    candidat = d.inscriptions[0].candidat
    candidat.compte = compte
    candidat.save()
    return compte


def jusqu_a_transmise(d: SessionDecidee) -> None:
    services.pv_editer(session=d.session, auteur=d.monde.responsable)
    for jure in d.jures:
        services.pv_signer(session=d.session, signataire=jure, mot_de_passe=MOT_DE_PASSE)
    services.pv_signer(session=d.session, signataire=d.monde.responsable, mot_de_passe=MOT_DE_PASSE)
    services.pv_transmettre(session=d.session, auteur=d.monde.responsable, jour=dt.date(2027, 6, 20))


def test_editer_depuis_la_page_puis_signer_dans_l_espace_jury(decidee: SessionDecidee) -> None:
    responsable = client_de(decidee.monde.responsable)
    page = responsable.get(reverse("web:session", args=[decidee.session.pk]))
    assert "Éditer les PV" in page.content.decode()
    reponse = responsable.post(reverse("web:session_pv_editer", args=[decidee.session.pk]), follow=True)
    assert "PV édité (version 1)" in reponse.content.decode()
    jure = client_de(decidee.jures[0])
    liste = jure.get(reverse("web:espace_jury_pv"))
    assert f"Session {decidee.session.numero}" in liste.content.decode()
    url = reverse("web:pv_signer", args=[decidee.session.pk])
    page = jure.get(url)
    assert page.status_code == 200
    assert "Signer le PV" in page.content.decode()
    faux = jure.post(url, {"mot_de_passe": "faux", "confirmation": "on"})
    assert "Mot de passe incorrect" in faux.content.decode()
    ok = jure.post(url, {"mot_de_passe": MOT_DE_PASSE, "confirmation": "on"}, follow=True)
    assert "PV signé le" in ok.content.decode()
    # The responsable cannot sign before Paul.
    refus = responsable.post(url, {"mot_de_passe": MOT_DE_PASSE, "confirmation": "on"})
    assert "Chaque membre du jury signe, puis le responsable de session" in refus.content.decode()
    assert "RES-SAISIE" in refus.content.decode()


def test_document_telecharge_et_audite_refuse_au_candidat(decidee: SessionDecidee) -> None:
    services.pv_editer(session=decidee.session, auteur=decidee.monde.responsable)
    document = DocumentPv.objects.get(type_document="general")
    reponse = client_de(decidee.jures[1]).get(reverse("web:pv_document", args=[document.pk]))
    assert reponse.status_code == 200
    assert reponse["X-Empreinte-SHA256"] == document.empreinte
    from titrepro.core.fichiers import telechargements

    assert telechargements(document).get().actor == decidee.jures[1]  # the download is audited
    compte = candidat_avec_compte(decidee)
    assert client_de(compte).get(reverse("web:pv_document", args=[document.pk])).status_code == 403


def test_file_ddets_valider_et_resultats_visibles_seulement_ensuite(decidee: SessionDecidee) -> None:
    compte = candidat_avec_compte(decidee)
    candidat = client_de(compte)
    jusqu_a_transmise(decidee)
    # Before validation: nothing on the page, no attestation, no list to post.
    page = candidat.get(reverse("web:mes_resultats"))
    assert "Aucun résultat publié" in page.content.decode()
    assert "Titre obtenu" not in page.content.decode()
    inscription = decidee.inscriptions[0]
    assert candidat.get(reverse("web:mes_resultats_attestation", args=[inscription.pk])).status_code == 404
    assert candidat.get(reverse("web:mes_resultats_livret")).status_code == 404
    responsable = client_de(decidee.monde.responsable)
    refus = responsable.get(reverse("web:session_liste_affichage", args=[decidee.session.pk]), follow=True)
    assert "RES-PUBLICATION" in refus.content.decode()
    # A DDETS of another département does not see the session.
    autre = f.UtilisateurFactory(email="ddets69@exemple.fr")
    f.AffectationFactory(utilisateur=autre, role=Role.AGENT_DDETS, departement=f.departement("69"))
    assert decidee.session.numero not in client_de(autre).get(reverse("web:pv_a_valider")).content.decode()
    assert client_de(autre).post(reverse("web:session_valider", args=[decidee.session.pk])).status_code == 404
    ddets = client_de(decidee.monde.agent_ddets)
    file = ddets.get(reverse("web:pv_a_valider")).content.decode()
    assert f"Session {decidee.session.numero}" in file
    assert "transmis le 20/06/2027, dans le délai" in file
    ddets.post(reverse("web:session_valider", args=[decidee.session.pk]))
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.VALIDEE
    page = candidat.get(reverse("web:mes_resultats")).content.decode()
    assert "Titre obtenu" in page
    assert "Réussite partielle" not in page
    pdf = candidat.get(reverse("web:mes_resultats_attestation", args=[inscription.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    autre_inscription = decidee.inscriptions[1]
    assert candidat.get(reverse("web:mes_resultats_attestation", args=[autre_inscription.pk])).status_code == 404
    assert candidat.get(reverse("web:mes_resultats_livret")).content.startswith(b"%PDF-")
    liste = responsable.get(reverse("web:session_liste_affichage", args=[decidee.session.pk]))
    assert liste.status_code == 200
    assert liste.content.startswith(b"%PDF-")


def test_renvoi_par_la_page_motif_obligatoire(decidee: SessionDecidee) -> None:
    jusqu_a_transmise(decidee)
    ddets = client_de(decidee.monde.agent_ddets)
    url = reverse("web:session_renvoyer", args=[decidee.session.pk])
    vide = ddets.post(url, {"motif": ""})
    assert "Indiquez le motif du renvoi" in vide.content.decode()
    ddets.post(url, {"motif": "CCP 2 de MARTIN Bruno : résultat manquant"})
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.RESULTATS_SAISIS
    page = client_de(decidee.monde.responsable).get(reverse("web:session", args=[decidee.session.pk])).content.decode()
    assert "CCP 2 de MARTIN Bruno : résultat manquant" in page
    assert "Annulée" in page
