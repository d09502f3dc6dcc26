"""The sessions' alert sources (SES-CONVOCATION, SES-JURY-MIN, SES-RESPONSABLE, SES-HANDICAP) and échéancier.

Each alert is checked through the real sweep: it opens with its code, a French message with the
concrete dates and the session's scope (organisme, département, région), and resolves once fixed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests import factories as f
from tests.examens.conftest import PREMIER_JOUR, MondeSession
from tests.personas import construire_monde
from titrepro.conformite.balayage import alertes_balayer
from titrepro.conformite.models import Alerte, ParametreRegle
from titrepro.conformite.signalements import EtatEcheance, sources_remplacees
from titrepro.examens import alertes as sources
from titrepro.examens.alertes import echeances_de_session
from titrepro.examens.models import (
    Convocation,
    EtatSession,
    Inscription,
    Jury,
    ParticipationJury,
)
from titrepro.personnes.models import DemandeAmenagement

D = dt.date
# PREMIER_JOUR = 14/06/2027: convocations by 14/05/2027 (1 month), reminder window from 14/04/2027;
# medical forms by 14/03/2027 (3 months).
AVANT_FENETRE = D(2027, 3, 1)
DANS_FENETRE = D(2027, 4, 20)


def balayer(code: str, fonction: Any, jour: dt.date) -> Any:
    with sources_remplacees(alertes={code: [fonction]}), transaction.atomic():
        return alertes_balayer(jour=jour)


def ouvertes(code: str) -> list[Alerte]:
    return list(Alerte.objects.filter(code=code, etat="ouverte"))


def inscrire(session: Any, monde: MondeSession, *, envoyee_le: dt.date | None = None) -> Inscription:
    candidat = f.CandidatFactory(organismes=[monde.organisme])
    inscription = Inscription.objects.create(
        session=session, candidat=candidat, public="formation", inscrit_le=D(2027, 1, 10)
    )
    Convocation.objects.create(inscription=inscription, mode="lrar", envoyee_le=envoyee_le)
    return inscription


def test_convocation_alert_opens_in_the_window_and_resolves_when_all_are_sent(session_creee, monde_session):
    session = session_creee
    inscrire(session, monde_session, envoyee_le=D(2027, 4, 2))
    tardif = inscrire(session, monde_session)

    rapport = balayer("SES-CONVOCATION", sources.convocations_a_envoyer, AVANT_FENETRE)
    assert rapport.ouvertes == 0  # 14/05/2027 is still more than 30 days away

    balayer("SES-CONVOCATION", sources.convocations_a_envoyer, DANS_FENETRE)
    [alerte] = ouvertes("SES-CONVOCATION")
    assert alerte.sujet == session
    assert alerte.message == (
        f"Session {session.numero} du 14/06/2027 : 1 candidat(s) sur 2 sans convocation envoyée ; à convoquer au "
        "plus tard le 14/05/2027 (1 mois avant, LRAR ou main propre)."
    )
    assert alerte.echeance == D(2027, 5, 14)
    assert (alerte.organisme_id, alerte.departement_id, alerte.region_id) == (
        session.organisme_id,
        session.site.departement_id,
        session.site.departement.region_id,
    )

    # Past the deadline the message says so.
    balayer("SES-CONVOCATION", sources.convocations_a_envoyer, D(2027, 5, 20))
    assert "devaient partir au plus tard le 14/05/2027" in ouvertes("SES-CONVOCATION")[0].message

    Convocation.objects.filter(inscription=tardif).update(envoyee_le=D(2027, 5, 21))
    rapport = balayer("SES-CONVOCATION", sources.convocations_a_envoyer, D(2027, 5, 22))
    assert rapport.resolues == 1
    assert ouvertes("SES-CONVOCATION") == []


def test_convocation_alert_is_emailed_once_to_the_session_team(
    session_creee, monde_session, django_capture_on_commit_callbacks
):
    inscrire(session_creee, monde_session)
    with django_capture_on_commit_callbacks(execute=True):
        balayer("SES-CONVOCATION", sources.convocations_a_envoyer, DANS_FENETRE)
    assert sorted(m.to[0] for m in mail.outbox) == ["resp@session.fr", "supp@session.fr"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        balayer("SES-CONVOCATION", sources.convocations_a_envoyer, DANS_FENETRE + dt.timedelta(days=1))
    assert mail.outbox == []


def test_jury_min_counts_invited_and_accepted_members(session_creee):
    session = session_creee
    assert balayer("SES-JURY-MIN", sources.jurys_incomplets, AVANT_FENETRE).ouvertes == 0

    balayer("SES-JURY-MIN", sources.jurys_incomplets, DANS_FENETRE)
    [alerte] = ouvertes("SES-JURY-MIN")
    assert alerte.message.startswith(f"Session {session.numero} du 14/06/2027 : Aucun jury")
    assert alerte.echeance == PREMIER_JOUR

    jury = Jury.objects.create(session=session, numero=1)
    ParticipationJury.objects.create(jury=jury, membre=f.MembreJuryFactory(), etat="acceptee")
    ParticipationJury.objects.create(jury=jury, membre=f.MembreJuryFactory(), etat="declinee")
    balayer("SES-JURY-MIN", sources.jurys_incomplets, DANS_FENETRE)
    [alerte] = ouvertes("SES-JURY-MIN")
    assert "jury 1 (1)" in alerte.message
    assert "au moins 2 membres" in alerte.message

    ParticipationJury.objects.create(jury=jury, membre=f.MembreJuryFactory(), etat="invitee")
    rapport = balayer("SES-JURY-MIN", sources.jurys_incomplets, DANS_FENETRE)
    assert rapport.resolues == 1
    assert ouvertes("SES-JURY-MIN") == []


def test_session_without_responsable(session_creee, monde_session):
    session = session_creee
    assert balayer("SES-RESPONSABLE", sources.sessions_sans_responsable, AVANT_FENETRE).ouvertes == 0

    type(session).objects.filter(pk=session.pk).update(responsable=None)
    balayer("SES-RESPONSABLE", sources.sessions_sans_responsable, AVANT_FENETRE)
    [alerte] = ouvertes("SES-RESPONSABLE")
    assert alerte.message.startswith(f"Session {session.numero} du 14/06/2027 : aucun responsable de session désigné")
    assert alerte.organisme_id == session.organisme_id

    # A cancelled session or a session past raises nothing.
    type(session).objects.filter(pk=session.pk).update(etat=EtatSession.ANNULEE)
    assert balayer("SES-RESPONSABLE", sources.sessions_sans_responsable, AVANT_FENETRE).resolues == 1

    type(session).objects.filter(pk=session.pk).update(etat=EtatSession.CREEE, responsable=monde_session.responsable)
    assert balayer("SES-RESPONSABLE", sources.sessions_sans_responsable, AVANT_FENETRE).ouvertes == 0


def test_handicap_form_late_for_a_registered_candidate(session_creee, monde_session):
    session = session_creee
    inscription = inscrire(session, monde_session)
    demande = DemandeAmenagement.objects.create(
        candidat=inscription.candidat, millesime=session.millesime, departement=session.site.departement
    )
    assert balayer("SES-HANDICAP", sources.formulaires_handicap_en_retard, AVANT_FENETRE).ouvertes == 0

    balayer("SES-HANDICAP", sources.formulaires_handicap_en_retard, D(2027, 3, 20))
    [alerte] = ouvertes("SES-HANDICAP")
    assert alerte.sujet == inscription
    assert alerte.message == (
        f"Session {session.numero} du 14/06/2027, Alex {inscription.candidat.nom_naissance} : Formulaire médical non "
        "transmis à la DDETS : attendu au plus tard le 14/03/2027 (3 mois avant le 14/06/2027)."
    )
    assert alerte.echeance == D(2027, 3, 14)
    assert alerte.departement_id == session.site.departement_id

    # A request for another session date is not this session's.
    DemandeAmenagement.objects.filter(pk=demande.pk).update(premier_jour_session=D(2027, 9, 1))
    assert balayer("SES-HANDICAP", sources.formulaires_handicap_en_retard, D(2027, 3, 21)).resolues == 1

    DemandeAmenagement.objects.filter(pk=demande.pk).update(premier_jour_session=None, formulaire_recu_le=D(2027, 3, 1))
    assert balayer("SES-HANDICAP", sources.formulaires_handicap_en_retard, D(2027, 3, 22)).ouvertes == 0


def test_a_request_linked_to_a_session_is_not_counted_for_another_session_the_same_day(session_creee, monde_session):
    # Two sessions of the same millésime on the same days (two sites' worth of candidates, one site here).
    premiere = session_creee
    seconde = monde_session.creer()
    inscription = inscrire(premiere, monde_session)
    Inscription.objects.create(
        session=seconde, candidat=inscription.candidat, public="formation", inscrit_le=D(2027, 1, 10)
    )
    DemandeAmenagement.objects.create(
        candidat=inscription.candidat,
        millesime=premiere.millesime,
        departement=premiere.site.departement,
        session=premiere,
        premier_jour_session=premiere.premier_jour,
    )

    balayer("SES-HANDICAP", sources.formulaires_handicap_en_retard, D(2027, 3, 20))
    [alerte] = ouvertes("SES-HANDICAP")
    assert alerte.sujet == inscription  # the first session's registration only
    manquants = {
        s.pk: par_code(echeances_de_session(type(s).objects.get(pk=s.pk), jour=D(2027, 3, 20)))["SES-HANDICAP"][0]
        for s in (premiere, seconde)
    }
    assert manquants[premiere.pk].etat != EtatEcheance.FAITE
    assert manquants[seconde.pk].etat == EtatEcheance.FAITE  # nothing to send for the second session


def test_the_sources_are_set_based(session_creee, monde_session, django_assert_max_num_queries):
    for _ in range(5):
        session = monde_session.creer()
        type(session).objects.filter(pk=session.pk).update(responsable=None)
        inscrire(session, monde_session)
    for fonction in (
        sources.convocations_a_envoyer,
        sources.jurys_incomplets,
        sources.sessions_sans_responsable,
        sources.formulaires_handicap_en_retard,
    ):
        with django_assert_max_num_queries(12):
            list(fonction(DANS_FENETRE))


# ------------------------------------------------------------------------------------ échéancier


def par_code(echeances: list[Any]) -> dict[str, list[Any]]:
    resultat: dict[str, list[Any]] = {}
    for echeance in echeances:
        resultat.setdefault(echeance.code, []).append(echeance)
    return resultat


def test_session_echeancier_marks_what_is_done(session_creee, monde_session):
    session = session_creee
    echeances = echeances_de_session(session, jour=D(2027, 2, 1))
    codes = par_code(echeances)
    assert [e.date for e in echeances] == sorted(e.date for e in echeances)
    creation = codes["SES-CREATION-DELAI"][0]
    assert (creation.date, creation.etat, creation.faite_le) == (D(2027, 3, 15), EtatEcheance.FAITE, D(2027, 1, 4))
    assert codes["SES-CONVOCATION"][0].date == D(2027, 5, 14)
    assert codes["SES-CONVOCATION"][0].etat == EtatEcheance.A_VENIR
    assert codes["DTE-DELAI"][0].etat != EtatEcheance.FAITE  # the DTE desk's: not done without an order
    assert codes["SES-HANDICAP"][0].etat == EtatEcheance.FAITE  # no accommodation request: nothing to send
    assert [e.date for e in codes["SES-JOUR"]] == [PREMIER_JOUR, PREMIER_JOUR + dt.timedelta(days=1)]
    assert codes["RES-PV-DELAI"][0].date == D(2027, 6, 30)  # 15 days after the last day
    assert codes["ARC-CONSERVATION"][0].date == D(2032, 6, 15)

    type(session).objects.filter(pk=session.pk).update(convoquee_le=D(2027, 5, 2), etat=EtatSession.CONVOQUEE)
    session.refresh_from_db()
    convocation = par_code(echeances_de_session(session, jour=D(2027, 5, 3)))["SES-CONVOCATION"][0]
    assert (convocation.etat, convocation.faite_le) == (EtatEcheance.FAITE, D(2027, 5, 2))


def test_session_echeancier_follows_the_medical_forms_in_few_queries(
    session_creee, monde_session, django_assert_max_num_queries
):
    session = session_creee
    inscription = inscrire(session, monde_session)
    demande = DemandeAmenagement.objects.create(
        candidat=inscription.candidat, millesime=session.millesime, departement=session.site.departement
    )
    autre = DemandeAmenagement.objects.create(  # for another session date: not this session's
        candidat=inscription.candidat,
        millesime=session.millesime,
        departement=session.site.departement,
        premier_jour_session=D(2027, 9, 1),
    )
    fraiche = type(session).objects.get(pk=session.pk)  # as the session page reads it: no related row loaded
    # The site, the titre and the forms in one query, the parameters in force in one, the DTE order in one.
    with django_assert_max_num_queries(3):
        handicap = par_code(echeances_de_session(fraiche, jour=D(2027, 3, 20)))["SES-HANDICAP"][0]
    assert handicap.date == D(2027, 3, 14)
    assert handicap.etat == EtatEcheance.DEPASSEE
    assert handicap.details == "1 formulaire(s) médical(aux) attendu(s) par la DDETS."

    DemandeAmenagement.objects.filter(pk=demande.pk).update(formulaire_recu_le=D(2027, 3, 1))
    session.refresh_from_db()
    handicap = par_code(echeances_de_session(session, jour=D(2027, 3, 20)))["SES-HANDICAP"][0]
    assert (handicap.etat, handicap.faite_le) == (EtatEcheance.FAITE, D(2027, 3, 1))
    assert handicap.details == "Tous les formulaires médicaux sont parvenus à la DDETS."
    assert autre.formulaire_recu_le is None


def test_session_echeancier_uses_the_parameters_of_the_sites_region(session_creee):
    session = session_creee
    ParametreRegle.objects.create(
        code="SES-CREATION-DELAI",
        nom="jours",
        valeur=120,
        region=session.site.departement.region,
        effet=D(2026, 1, 1),
        motif="Délai régional d'essai",
    )
    creation = par_code(echeances_de_session(session, jour=D(2027, 2, 1)))["SES-CREATION-DELAI"][0]
    assert creation.date == D(2027, 2, 14)
    assert "120 jours" in creation.libelle


def test_cancelled_session_has_no_deadline(session_creee):
    type(session_creee).objects.filter(pk=session_creee.pk).update(etat=EtatSession.ANNULEE)
    session_creee.refresh_from_db()
    assert echeances_de_session(session_creee, jour=D(2027, 2, 1)) == []


def connecte(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_session_echeancier_page_and_ical_feed(session_creee, monde_session):
    session = session_creee
    client = connecte(monde_session.responsable)
    page = client.get(reverse("web:session_echeancier", args=[session.pk]))
    assert page.status_code == 200
    contenu = page.content.decode()
    assert f"Échéancier — session {session.numero}" in contenu
    assert "SES-CREATION-DELAI" in contenu
    assert "RES-PV-DELAI" in contenu
    assert "?jeton=" in contenu

    flux = client.get(reverse("web:session_echeancier_ics", args=[session.pk]))
    assert flux["Content-Type"].startswith("text/calendar")
    calendrier = icalendar.Calendar.from_ical(flux.content)
    assert calendrier["VERSION"] == "2.0"
    evenements = list(calendrier.walk("VEVENT"))
    resumes = [str(e["SUMMARY"]) for e in evenements]
    assert any(r.startswith("[SES-CONVOCATION] Convoquer les candidats") for r in resumes)
    jour_1 = next(e for e in evenements if str(e["SUMMARY"]).startswith("[SES-JOUR] Premier jour"))
    assert jour_1.decoded("DTSTART") == PREMIER_JOUR
    assert len({str(e["UID"]) for e in evenements}) == len(evenements)


def test_session_ical_subscription_token(session_creee, monde_session):
    session = session_creee
    autre = monde_session.creer()
    page = connecte(monde_session.responsable).get(reverse("web:session_echeancier", args=[session.pk]))
    lien = page.context["url_abonnement"]
    jeton = lien.split("?jeton=")[1]
    anonyme = Client()
    url = reverse("web:session_echeancier_ics", args=[session.pk])
    assert anonyme.get(url, {"jeton": jeton}).status_code == 200
    assert anonyme.get(reverse("web:session_echeancier_ics", args=[autre.pk]), {"jeton": jeton}).status_code == 302
    assert anonyme.get(url, {"jeton": jeton + "x"}).status_code == 302
    # An organisme token does not open a session feed (another key).
    from titrepro.web.views.echeancier import jeton_abonnement

    jeton_organisme = jeton_abonnement(monde_session.responsable, session.pk)
    assert anonyme.get(url, {"jeton": jeton_organisme}).status_code == 302
    # Losing the role ends the subscription.
    monde_session.responsable.affectations.update(active=False)
    assert anonyme.get(url, {"jeton": jeton}).status_code == 403


def test_other_organisme_does_not_see_the_echeancier(session_creee, monde_session):
    client = connecte(monde_session.gestionnaire_autre)
    assert client.get(reverse("web:session_echeancier", args=[session_creee.pk])).status_code == 404
    assert client.get(reverse("web:session_echeancier_ics", args=[session_creee.pk])).status_code == 404


def test_l_echeancier_de_la_session_est_dans_l_api(db: None, client: Client) -> None:
    """GET /api/v1/sessions/{id}/echeancier/?date=…: the same deadlines as the page, with their state that day."""
    monde = construire_monde()
    client.force_login(monde.utilisateurs["responsable_session"])
    session = monde.session_a
    reponse = client.get(f"/api/v1/sessions/{session.pk}/echeancier/?date=2027-01-04")
    assert reponse.status_code == 200
    echeances = {e["code"]: e for e in reponse.json()}
    assert echeances["SES-CREATION-DELAI"]["etat"] == "faite"  # created on 04/01/2027
    assert echeances["SES-CONVOCATION"]["etat"] == "a_venir"
    assert client.get(f"/api/v1/sessions/{session.pk}/echeancier/?date=04-01-2027").status_code == 400
    assert client.get(f"/api/v1/sessions/{monde.session_b.pk}/echeancier/").status_code == 404
