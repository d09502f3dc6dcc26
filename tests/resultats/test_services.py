"""Results, decisions, entretien final, CCP acquired, who enters, the signal and the closing of the entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests import factories as f
from tests.examens.conftest import PREMIER_JOUR
from tests.resultats.conftest import DERNIER_JOUR, creer_session, present
from titrepro.core.erreurs import RegleRefusee
from titrepro.examens.models import EtatInscription, EtatSession, Jury, NatureSession, ParticipationJury
from titrepro.personnes.models import CCPAcquis
from titrepro.resultats import services
from titrepro.resultats.lectures import decisions_manquantes, resultats_de_session
from titrepro.resultats.models import Decision, ResultatCCP
from titrepro.resultats.signaux import resultats_modifies

pytestmark = pytest.mark.django_db


def saisir_ccp(monde, inscription, ccp, acquis, par=None):
    return services.resultat_saisir(
        inscription=inscription, par=par or monde.base.responsable, ccp=ccp, acquis=acquis, observations="RAS"
    )


# --------------------------------------------------------------------------- session titre


def test_titre_obtained_when_every_ccp_acquired(monde):
    saisir_ccp(monde, monde.lea, monde.ccp1, True)
    saisir_ccp(monde, monde.lea, monde.ccp2, True)
    decision = services.decision_enregistrer(inscription=monde.lea, par=monde.base.responsable)
    monde.lea.refresh_from_db()
    assert monde.lea.etat == EtatInscription.TITRE_OBTENU
    assert decision.transcrit
    assert decision.saisi_par == monde.base.responsable
    assert set(CCPAcquis.objects.filter(candidat=monde.lea.candidat).values_list("ccp", flat=True)) == {
        monde.ccp1.pk,
        monde.ccp2.pk,
    }
    acquis = CCPAcquis.objects.get(candidat=monde.lea.candidat, ccp=monde.ccp1)
    assert acquis.session == monde.session
    assert acquis.obtenu_le == DERNIER_JOUR


def test_partial_success_lists_the_acquired_ccp_and_non_obtenu_none(monde):
    saisir_ccp(monde, monde.lea, monde.ccp1, True)
    saisir_ccp(monde, monde.lea, monde.ccp2, False)
    decision = services.decision_enregistrer(inscription=monde.lea, par=monde.base.responsable)
    monde.lea.refresh_from_db()
    assert monde.lea.etat == EtatInscription.REUSSITE_PARTIELLE
    assert list(decision.ccps_acquis.all()) == [monde.ccp1]

    saisir_ccp(monde, monde.hugo, monde.ccp1, False)
    saisir_ccp(monde, monde.hugo, monde.ccp2, False)
    services.decision_enregistrer(inscription=monde.hugo, par=monde.base.responsable)
    monde.hugo.refresh_from_db()
    assert monde.hugo.etat == EtatInscription.NON_OBTENU
    assert not CCPAcquis.objects.filter(candidat=monde.hugo.candidat).exists()


def test_decision_needs_every_ccp_result_and_must_match_the_grid(monde):
    saisir_ccp(monde, monde.lea, monde.ccp1, True)
    with pytest.raises(ValidationError, match="Saisissez d'abord le résultat de chaque CCP"):
        services.decision_enregistrer(inscription=monde.lea, par=monde.base.responsable)
    saisir_ccp(monde, monde.lea, monde.ccp2, False)
    with pytest.raises(ValidationError, match="donnent « réussite partielle », pas « titre obtenu »"):
        services.decision_enregistrer(inscription=monde.lea, par=monde.base.responsable, resultat="titre_obtenu")
    monde.lea.refresh_from_db()
    assert monde.lea.etat == EtatInscription.PRESENT


def test_undoing_a_decision_removes_the_ccp_acquired_in_the_session(monde):
    CCPAcquis.objects.create(
        candidat=monde.hugo.candidat, ccp=monde.ccp2, obtenu_le=dt.date(2025, 3, 1), session_reference="ancienne"
    )
    saisir_ccp(monde, monde.hugo, monde.ccp1, True)
    saisir_ccp(monde, monde.hugo, monde.ccp2, True)
    services.decision_enregistrer(inscription=monde.hugo, par=monde.base.responsable)
    assert CCPAcquis.objects.filter(candidat=monde.hugo.candidat).count() == 2
    with pytest.raises(ValidationError, match="annulez-la avant de modifier"):
        saisir_ccp(monde, monde.hugo, monde.ccp1, False)
    services.decision_annuler(inscription=monde.hugo, par=monde.base.responsable, motif="Erreur de report")
    monde.hugo.refresh_from_db()
    assert monde.hugo.etat == EtatInscription.PRESENT
    assert not Decision.objects.filter(inscription=monde.hugo).exists()
    # the CCP held before the session stays; the one of this session is gone
    assert list(CCPAcquis.objects.filter(candidat=monde.hugo.candidat).values_list("session_reference", flat=True)) == [
        "ancienne"
    ]


def test_changing_the_decision_replaces_the_ccp_acquired(monde):
    saisir_ccp(monde, monde.lea, monde.ccp1, True)
    saisir_ccp(monde, monde.lea, monde.ccp2, True)
    services.decision_enregistrer(inscription=monde.lea, par=monde.base.responsable)
    services.decision_annuler(inscription=monde.lea, par=monde.base.responsable, motif="Grille mal lue")
    saisir_ccp(monde, monde.lea, monde.ccp2, False)
    services.decision_enregistrer(inscription=monde.lea, par=monde.base.responsable)
    monde.lea.refresh_from_db()
    assert monde.lea.etat == EtatInscription.REUSSITE_PARTIELLE
    assert list(CCPAcquis.objects.filter(candidat=monde.lea.candidat).values_list("ccp", flat=True)) == [monde.ccp1.pk]


def test_absent_candidates_keep_their_state(monde):
    absent = present(monde.session, "ABSENT", monde.jury)
    absent.etat = EtatInscription.ABSENT_JUSTIFIE
    absent.save()
    with pytest.raises(ValidationError, match="pas de résultat à saisir"):
        saisir_ccp(monde, absent, monde.ccp1, True)


# --------------------------------------------------------------------------- session CCP, entretien final


@pytest.fixture
def session_ccp(monde):
    session = creer_session(monde.base, nature=NatureSession.CCP)
    session.ccps.set([monde.ccp2])
    jury = Jury.objects.create(session=session, numero=1)
    ParticipationJury.objects.create(jury=jury, membre=monde.jure, etat="acceptee")
    return session


def test_ccp_session_each_ccp_acquis_or_not(monde, session_ccp):
    inscription = present(session_ccp, "DUBOIS", session_ccp.jurys.get())
    saisir_ccp(monde, inscription, monde.ccp2, True)
    services.decision_enregistrer(inscription=inscription, par=monde.base.responsable)
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.CCP_ACQUIS  # ccp1 still missing: no TP

    autre = present(session_ccp, "LEROY", session_ccp.jurys.get())
    saisir_ccp(monde, autre, monde.ccp2, False)
    services.decision_enregistrer(inscription=autre, par=monde.base.responsable)
    autre.refresh_from_db()
    assert autre.etat == EtatInscription.CCP_NON_ACQUIS


def test_last_missing_ccp_requires_the_entretien_final_then_awards_the_tp(monde, session_ccp):
    inscription = present(session_ccp, "MOREL", session_ccp.jurys.get())
    CCPAcquis.objects.create(candidat=inscription.candidat, ccp=monde.ccp1, obtenu_le=dt.date(2026, 5, 20))
    saisir_ccp(monde, inscription, monde.ccp2, True)
    with pytest.raises(RegleRefusee) as refus:
        services.decision_enregistrer(inscription=inscription, par=monde.base.responsable)
    assert refus.value.regle == "SES-ENTRETIEN-FINAL"
    assert "14/06/2027 au 15/06/2027" in refus.value.message
    with pytest.raises(RegleRefusee):
        services.decision_enregistrer(
            inscription=inscription, par=monde.base.responsable, entretien_final_le=dt.date(2027, 6, 20)
        )
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.PRESENT

    decision = services.decision_enregistrer(
        inscription=inscription, par=monde.base.responsable, entretien_final_le=DERNIER_JOUR
    )
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.TITRE_OBTENU
    assert decision.entretien_final_le == DERNIER_JOUR
    assert CCPAcquis.objects.get(candidat=inscription.candidat, ccp=monde.ccp2).session == session_ccp


# --------------------------------------------------------------------------- who enters


def test_jury_member_enters_for_their_own_candidates_only(monde):
    resultat = saisir_ccp(monde, monde.lea, monde.ccp1, True, par=monde.jure.compte)
    assert resultat.saisi_par_membre == monde.jure
    assert not resultat.transcrit

    autre_jury = Jury.objects.create(session=monde.session, numero=2)
    ailleurs = present(monde.session, "GIRARD", autre_jury)
    with pytest.raises(PermissionDenied, match="n'est pas évalué\\(e\\) par votre jury"):
        saisir_ccp(monde, ailleurs, monde.ccp1, True, par=monde.jure.compte)


def test_jury_member_linked_to_the_candidate_is_refused(monde):
    with pytest.raises(RegleRefusee) as refus:
        saisir_ccp(monde, monde.lie, monde.ccp1, True, par=monde.jure_lie.compte)
    assert refus.value.regle == "SES-JURY-LIENS"
    assert not ResultatCCP.objects.filter(inscription=monde.lie).exists()
    # the other member of the jury may
    saisir_ccp(monde, monde.lie, monde.ccp1, True, par=monde.jure.compte)


def test_member_who_did_not_accept_and_other_organisme_are_refused(monde):
    ParticipationJury.objects.filter(membre=monde.jure).update(etat="invitee")
    with pytest.raises(PermissionDenied):
        saisir_ccp(monde, monde.lea, monde.ccp1, True, par=monde.jure.compte)
    with pytest.raises(PermissionDenied):
        saisir_ccp(monde, monde.lea, monde.ccp1, True, par=monde.base.gestionnaire_autre)
    with pytest.raises(PermissionDenied):
        saisir_ccp(monde, monde.lea, monde.ccp1, True, par=monde.base.responsable_organisme)


# --------------------------------------------------------------------------- editable states, signal


def test_results_frozen_once_transmitted(monde):
    monde.session.etat = EtatSession.TRANSMISE
    monde.session.save()
    with pytest.raises(ValidationError, match="ne changent plus"):
        saisir_ccp(monde, monde.lea, monde.ccp1, True)


def test_every_change_sends_resultats_modifies(monde):
    recus = []

    def ecouter(sender, **kwargs):
        recus.append(kwargs)

    resultats_modifies.connect(ecouter)
    try:
        saisir_ccp(monde, monde.lea, monde.ccp1, True)
        saisir_ccp(monde, monde.lea, monde.ccp2, False)
        services.decision_enregistrer(inscription=monde.lea, par=monde.base.responsable)
    finally:
        resultats_modifies.disconnect(ecouter)
    assert len(recus) == 3
    assert all(r["session"].pk == monde.session.pk and r["par"] == monde.base.responsable for r in recus)
    assert "réussite partielle" in recus[-1]["motif"]


# --------------------------------------------------------------------------- closing, reads


def test_closing_requires_a_decision_for_everyone(monde):
    assert {i.pk for i in decisions_manquantes(monde.session)} == {monde.lea.pk, monde.hugo.pk, monde.lie.pk}
    with pytest.raises(RegleRefusee) as refus:
        services.saisie_cloturer(session=monde.session, par=monde.base.responsable)
    assert refus.value.regle == "RES-SAISIE"
    for inscription in (monde.lea, monde.hugo, monde.lie):
        saisir_ccp(monde, inscription, monde.ccp1, True)
        saisir_ccp(monde, inscription, monde.ccp2, inscription is not monde.hugo)
        services.decision_enregistrer(inscription=inscription, par=monde.base.responsable)
    absent = present(monde.session, "ABSENT", monde.jury)
    absent.etat = EtatInscription.ABSENT_NON_JUSTIFIE
    absent.save()
    assert decisions_manquantes(monde.session) == []
    with pytest.raises(PermissionDenied):
        services.saisie_cloturer(session=monde.session, par=monde.jure.compte)
    session = services.saisie_cloturer(session=monde.session, par=monde.base.responsable)
    assert session.etat == EtatSession.RESULTATS_SAISIS

    lignes = {ligne.inscription.pk: ligne for ligne in resultats_de_session(session)}
    assert lignes[monde.hugo.pk].etat == EtatInscription.REUSSITE_PARTIELLE
    assert lignes[monde.hugo.pk].ccps_acquis == [monde.ccp1]
    assert [r.acquis for r in lignes[monde.hugo.pk].resultats_ccp] == [True, False]
    assert lignes[absent.pk].a_une_decision
    assert lignes[absent.pk].decision is None
    assert PREMIER_JOUR  # dates of the world
    assert f.CCPFactory  # factories available for other tests


# --------------------------------------------------------------------------- SES-CCP alert source


def test_partial_success_alert_after_60_days_until_a_session_is_proposed(monde):
    from titrepro.conformite.signalements import sources_d_alertes
    from titrepro.resultats.alertes import reussites_partielles_sans_proposition
    from titrepro.resultats.models import PropositionCCP

    assert reussites_partielles_sans_proposition in sources_d_alertes()["SES-CCP"]
    saisir_ccp(monde, monde.lea, monde.ccp1, True)
    saisir_ccp(monde, monde.lea, monde.ccp2, False)
    services.decision_enregistrer(inscription=monde.lea, par=monde.base.responsable)
    monde.session.etat = EtatSession.RESULTATS_SAISIS
    monde.session.save()
    # last day 15/06/2027: proposal expected by 14/08/2027 (60 days)
    assert list(reussites_partielles_sans_proposition(dt.date(2027, 8, 14))) == []
    alertes = list(reussites_partielles_sans_proposition(dt.date(2027, 8, 15)))
    assert len(alertes) == 1
    assert alertes[0].sujet == monde.lea
    assert "14/08/2027" in alertes[0].message
    assert monde.base.responsable in alertes[0].destinataires
    ccp_session = creer_session(
        monde.base,
        nature=NatureSession.CCP,
        etat=EtatSession.CREEE,
        premier_jour=dt.date(2027, 10, 4),
        dernier_jour=dt.date(2027, 10, 5),
    )
    PropositionCCP.objects.create(
        inscription=monde.lea, session_proposee=ccp_session, proposee_le=timezone.now(), proposee_par=None
    )
    assert list(reussites_partielles_sans_proposition(dt.date(2027, 8, 15))) == []
