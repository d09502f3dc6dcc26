"""The session services: creation rules and their codes, the derogation path, edit, cancel, postpone, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories as f
from tests.examens.conftest import JOUR, PREMIER_JOUR, jours
from titrepro.comptes.roles import Role
from titrepro.conformite.services import derogation_accorder
from titrepro.core.erreurs import RegleRefusee
from titrepro.examens.models import DecisionDte, EtatSession, ReportSession, Session
from titrepro.examens.services import sessions as services
from titrepro.examens.signaux import session_annulee, session_reportee
from titrepro.organisations.models import LigneProgrammation, ProgrammationAnnuelle

pytestmark = pytest.mark.django_db


def refus(exc_info: pytest.ExceptionInfo[RegleRefusee]) -> str:
    return exc_info.value.regle


# ------------------------------------------------------------------------------------------- creation


def test_a_session_is_created_en_preparation_with_its_days_and_agrement(monde_session):
    session = monde_session.creer()
    session.refresh_from_db()
    assert session.etat == EtatSession.CREEE
    assert session.get_etat_display() == "En préparation"
    assert session.numero.startswith("S2027-")
    assert (session.premier_jour, session.dernier_jour) == (PREMIER_JOUR, PREMIER_JOUR + dt.timedelta(days=1))
    assert session.dates == [PREMIER_JOUR, PREMIER_JOUR + dt.timedelta(days=1)]
    assert session.agrement == monde_session.agrement
    assert session.creee_le == JOUR
    assert session.programmee_le == JOUR
    assert list(session.suppleants.all()) == [monde_session.suppleant]


def test_creation_is_recorded_in_the_audit_with_the_transition(monde_session):
    session = monde_session.creer()
    transitions = [
        e.additional_data["transition"]
        for e in LogEntry.objects.get_for_object(session)
        if e.additional_data and "transition" in e.additional_data
    ]
    assert transitions == [{"nom": "creer", "de": "brouillon", "vers": "creee", "motif": "Session créée"}]


def test_late_creation_is_refused_with_ses_creation_delai(monde_session):
    with pytest.raises(RegleRefusee) as exc:
        monde_session.creer(jours=jours(JOUR + dt.timedelta(days=60)))
    assert refus(exc) == "SES-CREATION-DELAI"
    assert "devait être créée au plus tard" in exc.value.message
    assert exc.value.source
    assert not Session.objects.exists()


def test_late_session_kept_as_draft_then_derogation_then_confirmation(monde_session):
    session = monde_session.creer(jours=jours(JOUR + dt.timedelta(days=60)), brouillon=True)
    assert session.etat == EtatSession.BROUILLON
    with pytest.raises(RegleRefusee) as exc:
        services.session_confirmer(session=session, auteur=monde_session.responsable, jour=JOUR)
    assert refus(exc) == "SES-CREATION-DELAI"
    derogation_accorder(
        agent=monde_session.agent_ddets,
        regle="SES-CREATION-DELAI",
        sujet=session,
        motif="Jury indisponible à la date initiale, indépendant du centre",
        accordee_le=JOUR,
    )
    session = services.session_confirmer(session=session, auteur=monde_session.responsable, jour=JOUR)
    assert session.etat == EtatSession.CREEE
    verdict = next(v for v in services.verdicts_session(session, jour=JOUR) if v.code == "SES-CREATION-DELAI")
    assert verdict.ok
    assert "dérogation n°" in verdict.message


def test_session_without_agrement_is_refused_agr_perimetre(monde_session):
    autre_site = f.SiteFactory(organisme=monde_session.organisme, nom="Sans agrément")
    with pytest.raises(RegleRefusee) as exc:
        monde_session.creer(site=autre_site)
    assert refus(exc) == "AGR-PERIMETRE"


def test_session_beyond_the_agrement_is_refused_agr_perimetre(monde_session):
    with pytest.raises(RegleRefusee) as exc:
        monde_session.creer(jours=jours(dt.date(2028, 12, 31)))
    assert refus(exc) == "AGR-PERIMETRE"


def test_session_on_a_millesime_not_held_is_refused_agr_millesime(monde_session):
    nouveau = f.MillesimeFactory(titre=monde_session.millesime.titre)
    with pytest.raises(RegleRefusee) as exc:
        monde_session.creer(millesime=nouveau)
    assert refus(exc) == "AGR-MILLESIME"


def test_session_after_the_end_of_the_millesime_is_refused_unless_programmed(monde_session):
    millesime = monde_session.millesime
    millesime.fin_validite = dt.date(2027, 2, 1)
    millesime.save()
    with pytest.raises(RegleRefusee) as exc:
        monde_session.creer(jour=dt.date(2027, 3, 1), jours=jours(dt.date(2027, 6, 14)))
    assert refus(exc) == "SES-FIN-MILLESIME"
    # Programmed on the annual programming before the end: accepted, programmee_le is that day.
    programmation = ProgrammationAnnuelle.objects.create(
        organisme=monde_session.organisme, departement=monde_session.site.departement, annee=2027
    )
    ligne = LigneProgrammation.objects.create(
        programmation=programmation,
        site=monde_session.site,
        millesime=millesime,
        type_session="titre",
        debut=dt.date(2027, 6, 14),
        fin=dt.date(2027, 6, 15),
        candidats_prevus=8,
    )
    LigneProgrammation.objects.filter(pk=ligne.pk).update(cree_le=dt.datetime(2027, 1, 10, 12, tzinfo=dt.UTC))
    session = monde_session.creer(jour=dt.date(2027, 3, 1), jours=jours(dt.date(2027, 6, 14)))
    assert session.programmee_le == dt.date(2027, 1, 10)


def test_a_responsable_must_be_named_and_of_the_organisme(monde_session):
    with pytest.raises(RegleRefusee) as exc:
        monde_session.creer(responsable=None)
    assert refus(exc) == "SES-RESPONSABLE"
    with pytest.raises(RegleRefusee) as exc:
        monde_session.creer(responsable=monde_session.responsable_organisme)
    assert refus(exc) == "SES-RESPONSABLE"
    with pytest.raises(RegleRefusee) as exc:
        monde_session.creer(suppleants=[monde_session.gestionnaire_autre])
    assert refus(exc) == "SES-RESPONSABLE"
    assert "autre" in exc.value.message.lower() or "suppléant" in exc.value.message


def test_nature_ccp_and_ccs(monde_session):
    with pytest.raises(ValidationError) as exc:
        monde_session.creer(nature="ccp")
    assert "ccps" in exc.value.message_dict
    session = monde_session.creer(nature="ccp", ccps=monde_session.ccps[:1])
    assert list(session.ccps.all()) == monde_session.ccps[:1]
    with pytest.raises(RegleRefusee) as refus_ccs:
        monde_session.creer(nature="ccs")
    assert refus(refus_ccs) == "CAN-CCS"
    autre_ccs = f.MillesimeFactory().ccss.create(code="X", intitule="CCS d'un autre titre")
    with pytest.raises(RegleRefusee) as refus_ccs:
        monde_session.creer(nature="ccs", ccs=autre_ccs)
    assert refus(refus_ccs) == "CAN-CCS"
    assert monde_session.creer(nature="ccs", ccs=monde_session.ccs).etat == EtatSession.CREEE


def test_days_are_distinct_at_least_one_and_site_of_the_organisme(monde_session):
    with pytest.raises(ValidationError):
        monde_session.creer(jours=[])
    with pytest.raises(ValidationError):
        monde_session.creer(jours=jours(nombre=1) * 2)
    with pytest.raises(ValidationError):
        monde_session.creer(jours=[(PREMIER_JOUR, dt.time(17), dt.time(8))])
    autre_site = f.SiteFactory(organisme=monde_session.autre_organisme)
    with pytest.raises(ValidationError):
        monde_session.creer(site=autre_site)


def test_only_the_session_team_of_the_organisme_creates(monde_session):
    for intrus in (monde_session.responsable_organisme, monde_session.gestionnaire_autre, monde_session.agent_ddets):
        with pytest.raises(PermissionDenied):
            monde_session.creer(auteur=intrus)


# ------------------------------------------------------------------------------------------- edit


def test_edit_days_reponsables_and_lock_after_convocation(session_creee, monde_session):
    nouveaux = jours(PREMIER_JOUR + dt.timedelta(days=7), 3)
    session = services.session_modifier(
        session=session_creee, auteur=monde_session.suppleant, jour=JOUR, jours=nouveaux, observations="Salle 2"
    )
    assert session.dates == [d for d, _, _ in nouveaux]
    assert session.dernier_jour == nouveaux[-1][0]
    with pytest.raises(RegleRefusee) as exc:
        services.session_modifier(
            session=session,
            auteur=monde_session.suppleant,
            jour=JOUR,
            responsable=None,
            suppleants=[monde_session.responsable_organisme],
        )
    assert refus(exc) == "SES-RESPONSABLE"
    Session.objects.filter(pk=session.pk).update(etat=EtatSession.CONVOQUEE, convoquee_le=JOUR)
    with pytest.raises(RegleRefusee) as exc:
        services.session_modifier(session=session, auteur=monde_session.responsable, jour=JOUR, jours=jours())
    assert refus(exc) == "SES-VERROU"
    # Observations still change once convoquée.
    services.session_modifier(session=session, auteur=monde_session.responsable, jour=JOUR, observations="ok")


# ------------------------------------------------------------------------------------------- cancel


@pytest.mark.parametrize("decision", [DecisionDte.SANS_OBJET, DecisionDte.RETOUR, DecisionDte.DESTRUCTION])
def test_cancellation_with_each_decision_sends_the_signal_and_the_mails(
    decision, session_creee, monde_session, django_capture_on_commit_callbacks
):
    recus = []

    def ecouter(sender, **kwargs):
        recus.append(kwargs)

    session_annulee.connect(ecouter)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            session = services.session_annuler(
                session=session_creee,
                auteur=monde_session.responsable,
                jour=JOUR,
                motif="Jury absent",
                decision_dte=decision,
            )
    finally:
        session_annulee.disconnect(ecouter)
    assert session.etat == EtatSession.ANNULEE
    assert session.decision_dte == decision
    assert not session.pv_annulation_du
    assert recus
    assert recus[0]["decision_dte"] == decision
    assert recus[0]["session"] == session
    adresses = {a for m in mail.outbox for a in m.to}
    assert "ddets@session.fr" in adresses
    assert "epreuves-tertiaire@afpa.fr" in adresses
    assert any("Jury absent" in m.body for m in mail.outbox)
    entree = LogEntry.objects.get_for_object(session).order_by("-pk").first()
    assert entree.additional_data["transition"]["vers"] == "annulee"
    assert entree.additional_data["motif"] == "Jury absent"


def test_cancellation_conservation_needs_the_ddets_authorisation_and_a_pv_when_convoquee(session_creee, monde_session):
    with pytest.raises(RegleRefusee) as exc:
        services.session_annuler(
            session=session_creee,
            auteur=monde_session.responsable,
            jour=JOUR,
            motif="Salle inondée",
            decision_dte=DecisionDte.CONSERVATION,
        )
    assert refus(exc) == "SES-ANNULATION"
    with pytest.raises(RegleRefusee) as exc:
        services.session_annuler(
            session=session_creee,
            auteur=monde_session.responsable,
            jour=JOUR,
            motif=" ",
            decision_dte=DecisionDte.RETOUR,
        )
    assert refus(exc) == "SES-ANNULATION"
    with pytest.raises(RegleRefusee) as exc:
        services.session_annuler(
            session=session_creee, auteur=monde_session.responsable, jour=JOUR, motif="x", decision_dte=""
        )
    assert refus(exc) == "SES-ANNULATION"
    Session.objects.filter(pk=session_creee.pk).update(etat=EtatSession.CONVOQUEE, convoquee_le=JOUR)
    session = services.session_annuler(
        session=session_creee,
        auteur=monde_session.responsable,
        jour=JOUR,
        motif="Salle inondée",
        decision_dte=DecisionDte.CONSERVATION,
        autorisation_ddets="DDETS 75 n°12 du 03/01/2027",
    )
    assert session.pv_annulation_du
    assert session.autorisation_ddets == "DDETS 75 n°12 du 03/01/2027"


def test_cancelled_or_opened_sessions_cannot_be_cancelled(session_creee, monde_session):
    Session.objects.filter(pk=session_creee.pk).update(etat=EtatSession.EN_COURS)
    with pytest.raises(ValidationError):
        services.session_annuler(
            session=session_creee,
            auteur=monde_session.responsable,
            jour=JOUR,
            motif="x",
            decision_dte=DecisionDte.RETOUR,
        )


def test_only_the_team_cancels(session_creee, monde_session):
    with pytest.raises(PermissionDenied):
        services.session_annuler(
            session=session_creee,
            auteur=monde_session.responsable_organisme,
            jour=JOUR,
            motif="x",
            decision_dte=DecisionDte.RETOUR,
        )


# ------------------------------------------------------------------------------------------- postpone


def test_postponement_needs_the_ddets_authorisation(session_creee, monde_session):
    with pytest.raises(RegleRefusee) as exc:
        services.session_reporter(
            session=session_creee,
            auteur=monde_session.responsable,
            jour=JOUR,
            jours=jours(dt.date(2027, 9, 6)),
            motif="Jury absent",
            autorisation_ddets="",
        )
    assert refus(exc) == "SES-ANNULATION"


def test_postponement_rechecks_agrement_but_not_the_creation_delay(
    session_creee, monde_session, django_capture_on_commit_callbacks
):
    with pytest.raises(RegleRefusee) as exc:
        services.session_reporter(
            session=session_creee,
            auteur=monde_session.responsable,
            jour=JOUR,
            jours=jours(dt.date(2029, 3, 5)),
            motif="Jury absent",
            autorisation_ddets="ok",
        )
    assert refus(exc) == "AGR-PERIMETRE"
    recus = []

    def ecouter(sender, **kwargs):
        recus.append(kwargs)

    session_reportee.connect(ecouter)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            # Three weeks away only: SES-CREATION-DELAI would refuse a creation, not a postponement.
            report = services.session_reporter(
                session=session_creee,
                auteur=monde_session.responsable,
                jour=JOUR,
                jours=jours(JOUR + dt.timedelta(days=21)),
                motif="Jury absent",
                autorisation_ddets="Courriel DDETS du 04/01/2027",
                plis_conserves=True,
            )
    finally:
        session_reportee.disconnect(ecouter)
    session = Session.objects.get(pk=session_creee.pk)
    assert session.etat == EtatSession.CREEE
    assert session.premier_jour == JOUR + dt.timedelta(days=21)
    assert report.anciennes_dates == [PREMIER_JOUR.isoformat(), (PREMIER_JOUR + dt.timedelta(days=1)).isoformat()]
    assert ReportSession.objects.filter(session=session, plis_conserves=True).count() == 1
    assert recus
    assert recus[0]["report"] == report
    assert any("SES-CREATION-DELAI" in m.body for m in mail.outbox)
    entree = LogEntry.objects.get_for_object(session).order_by("-pk").first()
    assert entree.additional_data["transition"]["nom"] == "reporter"


def test_postponement_rechecks_the_end_of_the_millesime(session_creee, monde_session):
    millesime = monde_session.millesime
    millesime.fin_validite = dt.date(2027, 7, 1)
    millesime.save()
    Session.objects.filter(pk=session_creee.pk).update(programmee_le=dt.date(2027, 7, 3))
    with pytest.raises(RegleRefusee) as exc:
        services.session_reporter(
            session=session_creee,
            auteur=monde_session.responsable,
            jour=dt.date(2027, 7, 5),
            jours=jours(dt.date(2027, 9, 6)),
            motif="x",
            autorisation_ddets="ok",
        )
    assert refus(exc) == "SES-FIN-MILLESIME"
    # Programmed on 4 January, before the end: the postponement after the end is allowed.
    Session.objects.filter(pk=session_creee.pk).update(programmee_le=JOUR)
    report = services.session_reporter(
        session=session_creee,
        auteur=monde_session.responsable,
        jour=dt.date(2027, 7, 5),
        jours=jours(dt.date(2027, 9, 6)),
        motif="x",
        autorisation_ddets="ok",
    )
    assert report.nouvelles_dates[0] == "2027-09-06"


def test_a_draft_cannot_be_postponed(monde_session):
    session = monde_session.creer(brouillon=True)
    with pytest.raises(ValidationError):
        services.session_reporter(
            session=session,
            auteur=monde_session.responsable,
            jour=JOUR,
            jours=jours(dt.date(2027, 9, 6)),
            motif="x",
            autorisation_ddets="ok",
        )


def test_gestionnaire_roles_are_the_ones_of_the_models(monde_session):
    assert Role.RESPONSABLE_SESSION in {a.role for a in monde_session.responsable.affectations_actives}
