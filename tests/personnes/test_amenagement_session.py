"""Accommodations and acquired CCP linked to a session; the jury told of granted accommodations (SES-HANDICAP)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories as f
from titrepro.examens import alertes as alertes_examens
from titrepro.examens.models import Inscription, Session
from titrepro.personnes import alertes, services
from titrepro.personnes.models import DemandeAmenagement

JSON = "application/json"
PREMIER_JOUR = dt.date(2027, 6, 14)  # session A and B of the persona world (tests/personas_sessions.py)


def _demander(monde, **champs):
    return services.amenagement_demander(
        candidat=monde.candidat_a,
        par=monde.utilisateurs["responsable_session"],
        departement=monde.session_a.site.departement,
        **{"temps_majore": True, "majoration_pourcent": 33, **champs},
    )


def _accorder(demande, resume_champs=None):
    DemandeAmenagement.objects.filter(pk=demande.pk).update(etat="accordee", **(resume_champs or {}))


# --------------------------------------------------------------------- the request follows its session


def test_a_request_linked_to_a_session_takes_its_millesime_and_first_day(monde):
    demande = _demander(monde, session=monde.session_a, premier_jour_session=dt.date(2027, 1, 1))
    assert demande.session == monde.session_a
    assert demande.millesime == monde.session_a.millesime
    assert demande.premier_jour_session == PREMIER_JOUR
    # The session is moved (report): the request follows its first day.
    session = Session.objects.get(pk=monde.session_a.pk)
    session.premier_jour, session.dernier_jour = dt.date(2027, 7, 5), dt.date(2027, 7, 6)
    session.save()
    demande.refresh_from_db()
    assert demande.premier_jour_session == dt.date(2027, 7, 5)


def test_a_request_names_only_a_session_of_the_candidate(monde):
    with pytest.raises(ValidationError) as refus:
        _demander(monde, session=monde.session_b)  # candidat_a is not registered there
    assert refus.value.message_dict["session"] == ["Le candidat n'est pas inscrit à cette session."]
    autre_millesime = f.MillesimeFactory()
    with pytest.raises(ValidationError) as refus:
        _demander(monde, session=monde.session_a, millesime=autre_millesime)
    assert "millésime" in refus.value.message_dict["session"][0]
    assert not DemandeAmenagement.objects.filter(session__isnull=False).exists()


def test_the_api_creates_a_request_for_one_of_the_candidate_sessions(client_de, monde):
    client = client_de("responsable_session")
    corps = {
        "candidat": monde.candidat_a.pk,
        "session": monde.session_a.pk,
        "departement": monde.session_a.site.departement.code,
        "assistance": "Secrétaire pour l'écrit",
    }
    cree = client.post(reverse("amenagement-list"), corps, content_type=JSON)
    assert cree.status_code == 201, cree.json()
    assert cree.json()["session"] == monde.session_a.pk
    assert cree.json()["millesime"] == monde.session_a.millesime_id
    assert cree.json()["premier_jour_session"] == PREMIER_JOUR.isoformat()
    # Another organisme's session is not named, even for the candidate.
    ailleurs = client.post(reverse("amenagement-list"), {**corps, "session": monde.session_b.pk}, content_type=JSON)
    assert ailleurs.status_code == 400
    assert ailleurs.json()["champs"]["session"] == ["Session inconnue ou hors de votre périmètre."]
    sans_rien = {k: v for k, v in corps.items() if k != "session"}
    vide = client.post(reverse("amenagement-list"), sans_rien, content_type=JSON)
    assert vide.status_code == 400
    assert "millesime" in vide.json()["champs"]


def test_the_page_offers_the_candidate_sessions(client_de, monde):
    client = client_de("responsable_session")
    url = reverse("web:candidat_amenagement", args=[monde.candidat_a.pk])
    page = client.get(url).content.decode()
    [choix] = re.findall(r'<select name="session".*?</select>', page, flags=re.S)
    assert f"Session {monde.session_a.numero}" in choix
    assert f'value="{monde.session_a.pk}"' in choix
    assert f'value="{monde.session_b.pk}"' not in choix  # another organisme's session
    reponse = client.post(
        url,
        {
            "session": monde.session_a.pk,
            "departement": monde.session_a.site.departement.pk,
            "materiel": "Écran agrandi",
        },
    )
    assert reponse.status_code == 302
    demande = DemandeAmenagement.objects.get(materiel="Écran agrandi")
    assert (demande.session, demande.premier_jour_session) == (monde.session_a, PREMIER_JOUR)
    fiche = client.get(reverse("web:candidat", args=[monde.candidat_a.pk])).content.decode()
    assert f"session n°{monde.session_a.numero} du 14/06/2027" in fiche
    # Neither a session nor a millésime: a clear message, nothing recorded.
    rien = client.post(url, {"departement": monde.session_a.site.departement.pk, "materiel": "Autre"})
    assert rien.status_code == 200
    assert "Choisissez le millésime du titre ou une session du candidat." in rien.content.decode()
    assert not DemandeAmenagement.objects.filter(materiel="Autre").exists()


def test_a_separate_room_is_a_box_of_the_request_its_page_and_the_api(client_de, monde):
    client = client_de("responsable_session")
    url = reverse("web:candidat_amenagement", args=[monde.candidat_a.pk])
    page = client.get(url).content.decode()
    assert 'name="salle_isolee"' in page
    assert "Salle à part" in page
    # The box alone is an accommodation: no other field needed.
    reponse = client.post(
        url, {"session": monde.session_a.pk, "departement": monde.session_a.site.departement.pk, "salle_isolee": "on"}
    )
    assert reponse.status_code == 302
    demande = DemandeAmenagement.objects.get(candidat=monde.candidat_a, salle_isolee=True)
    assert demande.resume == "Salle à part"
    assert (demande.session, demande.premier_jour_session) == (monde.session_a, PREMIER_JOUR)
    # Through the API too; read back with the request.
    corps = {
        "candidat": monde.candidat_a.pk,
        "session": monde.session_a.pk,
        "departement": monde.session_a.site.departement.code,
        "temps_majore": True,
        "majoration_pourcent": 33,
        "salle_isolee": True,
    }
    cree = client.post(reverse("amenagement-list"), corps, content_type=JSON)
    assert cree.status_code == 201, cree.json()
    assert cree.json()["salle_isolee"] is True
    assert cree.json()["resume"] == "Temps majoré de 33 % ; salle à part"
    # Unticked by default.
    sans = client.post(reverse("amenagement-list"), {**corps, "salle_isolee": False}, content_type=JSON)
    assert sans.json()["salle_isolee"] is False
    assert DemandeAmenagement.objects.get(pk=sans.json()["id"]).salle_isolee is False


# --------------------------------------------------------------------- the session's candidates panel


def test_the_panel_shows_the_accommodations_granted_for_this_session(client_de, monde):
    Inscription.objects.create(
        session=monde.session_b, candidat=monde.candidat_a, public="formation", inscrit_le=dt.date(2027, 1, 10)
    )
    pour_a = _demander(monde, session=monde.session_a, assistance="Pour la session A")
    pour_b = _demander(monde, session=monde.session_b, assistance="Pour la session B")
    sans_session = _demander(monde, millesime=monde.millesime, assistance="Sans session")
    for demande in (pour_a, pour_b, sans_session):
        _accorder(demande)
    page = client_de("responsable_session").get(reverse("web:session", args=[monde.session_a.pk])).content.decode()
    assert "assistance : Pour la session A" in page
    assert "assistance : Sans session" in page  # same millésime, no session named: as before
    assert "Pour la session B" not in page


# --------------------------------------------------------------------- the jury is told (espace jury)


def test_the_jury_member_sees_the_granted_accommodations_of_their_jury(client_de, monde):
    client = client_de("membre_jury")
    url = reverse("web:espace_jury_invitations")
    page = client.get(url).content.decode()
    assert "Aménagements des épreuves accordés (SES-HANDICAP)" in page
    assert "Aucun aménagement accordé pour les candidats de ce jury." in page
    demande = _demander(monde, session=monde.session_a, assistance="Interprète LSF")
    page = client.get(url).content.decode()
    assert "Interprète LSF" not in page  # requested, not granted yet
    _accorder(demande)
    refusee = _demander(monde, session=monde.session_a, materiel="Refusé")
    DemandeAmenagement.objects.filter(pk=refusee.pk).update(etat="refusee")
    page = client.get(url).content.decode()
    assert "Temps majoré de 33 % ; assistance : Interprète LSF" in page
    assert str(monde.candidat_a) in page
    assert "Refusé" not in page
    assert monde.candidat_a.date_naissance.strftime("%d/%m/%Y") not in page  # no other personal data
    # Session B's candidates (another jury) are not shown.
    autre = services.amenagement_demander(
        candidat=monde.candidat_b,
        par=monde.utilisateurs["externe"],
        session=monde.session_b,
        departement=monde.session_b.site.departement,
        epreuve_adaptee="Pour le jury B",
    )
    _accorder(autre)
    assert "Pour le jury B" not in client.get(url).content.decode()
    # A declined invitation no longer shows its candidates.
    type(monde.participation_a).objects.filter(pk=monde.participation_a.pk).update(etat="declinee")
    assert "Interprète LSF" not in client.get(url).content.decode()


# --------------------------------------------------------------------- acquired CCP with their session


def test_the_parcours_shows_the_session_where_a_ccp_was_acquired(client_de, monde):
    ccp = f.CCPFactory(millesime=monde.millesime)
    monde.candidat_a.ccp_acquis.create(ccp=ccp, obtenu_le=dt.date(2027, 6, 15), session=monde.session_a)
    page = client_de("responsable_session").get(reverse("web:candidat", args=[monde.candidat_a.pk])).content.decode()
    assert f"obtenu le 15/06/2027 (session n°{monde.session_a.numero} du 14/06/2027)" in page


# --------------------------------------------------------------------- one SES-HANDICAP alert, not two


def test_a_request_linked_to_a_session_is_alerted_once_by_the_sessions_source(monde):
    jour = dt.date(2027, 3, 20)  # less than 3 months before 14/06/2027, no medical form
    demande = _demander(monde, session=monde.session_a)
    assert demande.pk not in {a.sujet.pk for a in alertes.formulaires_handicap_tardifs(jour)}
    [alerte] = [a for a in alertes_examens.formulaires_handicap_en_retard(jour) if a.sujet.pk == monde.inscription_a.pk]
    assert str(monde.candidat_a.prenoms) in alerte.message
    # A request named by its date only is still the personnes source's.
    seule = _demander(monde, millesime=monde.millesime, premier_jour_session=dt.date(2027, 5, 3))
    assert seule.pk in {a.sujet.pk for a in alertes.formulaires_handicap_tardifs(jour)}
