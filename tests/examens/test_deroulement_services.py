"""The exam day through its services: opening (SES-RESPONSABLE, SES-JURY-MIN), draw and plis, check-in, absences,
fraud (RES-FRAUDE-SANCTION). Session days: Monday 14 and Tuesday 15 June 2027."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.examens.conftest import PREMIER_JOUR
from tests.examens.conftest_deroulement import MAINTENANT, construire_jour
from titrepro.core.erreurs import RegleRefusee
from titrepro.examens.models import (
    Absence,
    EtatInscription,
    EtatSession,
    Incident,
    TentativeOuverture,
    TirageAuSort,
)
from titrepro.examens.services import deroulement as services
from titrepro.personnes.models import ConfirmationAdresse

H = dt.time(8, 15)
PDF = b"%PDF-1.4\n%rapport\n"


def pdf(nom: str = "piece.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, PDF, content_type="application/pdf")


@pytest.fixture
def jour(monde_session):
    return construire_jour(monde_session)


def _presences(jour, *, responsables=None, jures=None, date=PREMIER_JOUR):
    services.presences_enregistrer(
        session=jour.session,
        auteur=jour.monde.responsable,
        jour=date,
        heure=H,
        responsables=[jour.monde.responsable] if responsables is None else responsables,
        jures=jour.participations if jures is None else jures,
    )


def _ouvrir(jour, date=PREMIER_JOUR):
    return services.session_ouvrir(
        session=jour.session, auteur=jour.monde.responsable, jour=date, maintenant=MAINTENANT
    )


def _ouverte(jour):
    _presences(jour)
    _ouvrir(jour)
    jour.session.refresh_from_db()


def test_opening_with_responsable_and_two_members_present(jour):
    _presences(jour)
    session = _ouvrir(jour)
    assert session.etat == EtatSession.EN_COURS
    assert TentativeOuverture.objects.get(session=session).ouverte


def test_opening_refused_without_responsable_and_ddets_told_once(jour, mailoutbox, django_capture_on_commit_callbacks):
    _presences(jour, responsables=[])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RegleRefusee) as refus:
        _ouvrir(jour)
    assert refus.value.regle == "SES-RESPONSABLE"
    assert "14/06/2027" in refus.value.message
    jour.session.refresh_from_db()
    assert jour.session.etat == EtatSession.CONVOQUEE
    tentative = TentativeOuverture.objects.get(session=jour.session)
    assert not tentative.ouverte
    assert tentative.regle == "SES-RESPONSABLE"
    assert tentative.ddets_prevenue
    assert len(mailoutbox) == 1
    assert "ddets@session.fr" in mailoutbox[0].to
    assert "n'a pas pu être ouverte le 14/06/2027" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RegleRefusee):
        _ouvrir(jour)
    assert len(mailoutbox) == 1, "la DDETS n'est prévenue qu'une fois"
    assert TentativeOuverture.objects.filter(session=jour.session).count() == 2


def test_opening_refused_with_one_member_present_in_the_jury(jour):
    _presences(jour, jures=jour.participations[:1])
    with pytest.raises(RegleRefusee) as refus:
        _ouvrir(jour)
    assert refus.value.regle == "SES-JURY-MIN"
    assert "jury 1 (1)" in refus.value.message
    assert "présents le 14/06/2027" in refus.value.message


def test_opening_only_on_a_session_day(jour):
    _presences(jour)
    with pytest.raises(ValidationError, match="n'est pas un jour de la session"):
        _ouvrir(jour, date=dt.date(2027, 6, 13))


def test_a_suppleant_present_replaces_the_responsable(jour):
    _presences(jour, responsables=[jour.monde.suppleant])
    assert _ouvrir(jour).etat == EtatSession.EN_COURS


def test_another_organisme_cannot_record_or_open(jour):
    with pytest.raises(PermissionDenied):
        services.session_ouvrir(
            session=jour.session, auteur=jour.monde.gestionnaire_autre, jour=PREMIER_JOUR, maintenant=MAINTENANT
        )


def test_checkin_marks_present_and_confirms_the_address_at_session_start(jour):
    inscription = jour.inscriptions[0]
    emargement = services.candidat_emarger(
        inscription=inscription,
        auteur=jour.monde.responsable,
        jour=PREMIER_JOUR,
        heure_arrivee=dt.time(8, 10),
        piece_identite="cni",
        piece_numero_fin="4521",
        identite_verifiee=True,
    )
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.PRESENT
    assert emargement.adresse_confirmee
    assert not emargement.adresse_corrigee
    confirmation = ConfirmationAdresse.objects.get(candidat=inscription.candidat)
    assert confirmation.moment == "debut_session"
    assert confirmation.confirmee_le == PREMIER_JOUR


def test_checkin_with_corrected_address(jour):
    inscription = jour.inscriptions[1]
    services.candidat_emarger(
        inscription=inscription,
        auteur=jour.monde.responsable,
        jour=PREMIER_JOUR,
        heure_arrivee=dt.time(8, 10),
        piece_identite="passeport",
        identite_verifiee=True,
        nouvelle_adresse=services.NouvelleAdresse(voie="8 quai Perrache", code_postal="69002", commune="Lyon"),
    )
    actuelle = inscription.candidat.adresse_actuelle
    assert actuelle.voie == "8 quai Perrache"
    assert actuelle.depuis == PREMIER_JOUR
    assert ConfirmationAdresse.objects.get(candidat=inscription.candidat).adresse == actuelle


def test_checkin_refused_without_identity_check(jour):
    with pytest.raises(ValidationError, match="pièce d'identité"):
        services.candidat_emarger(
            inscription=jour.inscriptions[0],
            auteur=jour.monde.responsable,
            jour=PREMIER_JOUR,
            heure_arrivee=dt.time(8, 10),
            piece_identite="cni",
            identite_verifiee=False,
        )


def test_late_candidate_refused_is_absent_not_justified_with_the_reason(jour):
    inscription = jour.inscriptions[2]
    with pytest.raises(ValidationError, match="motif du refus"):
        services.candidat_emarger(
            inscription=inscription,
            auteur=jour.monde.responsable,
            jour=PREMIER_JOUR,
            heure_arrivee=dt.time(10, 5),
            piece_identite="cni",
            identite_verifiee=True,
            retard=True,
            retard_admis=False,
        )
    services.candidat_emarger(
        inscription=inscription,
        auteur=jour.monde.responsable,
        jour=PREMIER_JOUR,
        heure_arrivee=dt.time(10, 5),
        piece_identite="cni",
        identite_verifiee=True,
        retard=True,
        retard_admis=False,
        motif_retard="épreuve collective commencée depuis 1 h 30",
    )
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.ABSENT_NON_JUSTIFIE
    assert "à 10:05 le 14/06/2027, non admis(e)" in inscription.absence.motif


def test_late_candidate_admitted_is_present(jour):
    inscription = jour.inscriptions[2]
    emargement = services.candidat_emarger(
        inscription=inscription,
        auteur=jour.monde.responsable,
        jour=PREMIER_JOUR,
        heure_arrivee=dt.time(8, 50),
        piece_identite="cni",
        identite_verifiee=True,
        retard=True,
        retard_admis=True,
        motif_retard="transports",
    )
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.PRESENT
    assert emargement.retard_admis


def _emarger_tous(jour):
    for inscription in jour.inscriptions[:2]:
        services.candidat_emarger(
            inscription=inscription,
            auteur=jour.monde.responsable,
            jour=PREMIER_JOUR,
            heure_arrivee=dt.time(8, 10),
            piece_identite="cni",
            identite_verifiee=True,
        )


def test_draw_among_present_recorded_audited_and_redraw_needs_a_reason(jour):
    _ouverte(jour)
    _emarger_tous(jour)
    tirage = services.candidat_tirer_au_sort(session=jour.session, auteur=jour.monde.responsable, maintenant=MAINTENANT)
    assert tirage.inscription in jour.inscriptions[:2]
    assert [c["inscription"] for c in tirage.candidats] == [i.pk for i in jour.inscriptions[:2]]
    assert tirage.tire_le == MAINTENANT
    assert LogEntry.objects.get_for_object(tirage).filter(action=LogEntry.Action.CREATE).exists()
    with pytest.raises(ValidationError, match="nouveau tirage exige son motif"):
        services.candidat_tirer_au_sort(session=jour.session, auteur=jour.monde.responsable, maintenant=MAINTENANT)
    second = services.candidat_tirer_au_sort(
        session=jour.session, auteur=jour.monde.responsable, maintenant=MAINTENANT, motif="témoin souffrant"
    )
    assert TirageAuSort.objects.filter(session=jour.session).count() == 2
    assert second.motif == "témoin souffrant"
    controle = services.plis_controler(
        session=jour.session,
        auteur=jour.monde.responsable,
        jour=PREMIER_JOUR,
        maintenant=MAINTENANT,
        plis_intacts=True,
    )
    assert controle.temoin == second.inscription
    with pytest.raises(ValidationError, match="déjà contrôlés"):
        services.candidat_tirer_au_sort(
            session=jour.session, auteur=jour.monde.responsable, maintenant=MAINTENANT, motif="encore"
        )


def test_plis_not_intact_need_observations(jour):
    _ouverte(jour)
    _emarger_tous(jour)
    services.candidat_tirer_au_sort(session=jour.session, auteur=jour.monde.responsable, maintenant=MAINTENANT)
    with pytest.raises(ValidationError):
        services.plis_controler(
            session=jour.session,
            auteur=jour.monde.responsable,
            jour=PREMIER_JOUR,
            maintenant=MAINTENANT,
            plis_intacts=False,
        )


def test_absence_justified_needs_a_real_proof_and_can_be_justified_later(jour):
    inscription = jour.inscriptions[0]
    faux = SimpleUploadedFile("certificat.pdf", b"pas un pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="n'est pas un fichier"):
        services.absence_enregistrer(
            inscription=inscription, auteur=jour.monde.responsable, jour=PREMIER_JOUR, justifiee=True, justificatif=faux
        )
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.CONVOQUE
    services.absence_enregistrer(
        inscription=inscription, auteur=jour.monde.responsable, jour=PREMIER_JOUR, justifiee=False
    )
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.ABSENT_NON_JUSTIFIE
    _ouverte(jour)
    services.absence_justifier(
        inscription=inscription,
        auteur=jour.monde.responsable,
        jour=dt.date(2027, 6, 16),
        justificatif=pdf("arret-maladie.pdf"),
        motif="arrêt maladie du 14/06",
    )
    inscription.refresh_from_db()
    absence = Absence.objects.get(inscription=inscription)
    assert inscription.etat == EtatInscription.ABSENT_JUSTIFIE
    assert absence.justifiee
    assert absence.justifiee_le == dt.date(2027, 6, 16)


def test_absence_cannot_be_justified_once_transmitted(jour):
    inscription = jour.inscriptions[0]
    services.absence_enregistrer(
        inscription=inscription, auteur=jour.monde.responsable, jour=PREMIER_JOUR, justifiee=False
    )
    type(jour.session).objects.filter(pk=jour.session.pk).update(etat=EtatSession.TRANSMISE)
    with pytest.raises(ValidationError, match="ne peut plus être justifiée"):
        services.absence_justifier(
            inscription=inscription, auteur=jour.monde.responsable, jour=PREMIER_JOUR, justificatif=pdf()
        )


def test_fraud_excludes_the_candidate_with_a_signed_report_then_ddets_sanctions(
    jour, mailoutbox, django_capture_on_commit_callbacks
):
    _ouverte(jour)
    _emarger_tous(jour)
    inscription = jour.inscriptions[0]
    survenu = dt.datetime(2027, 6, 14, 10, 30, tzinfo=dt.UTC)
    with pytest.raises(RegleRefusee) as refus:
        services.incident_signaler(
            session=jour.session,
            auteur=jour.monde.responsable,
            survenu_le=survenu,
            nature="fraude",
            description="Téléphone consulté pendant l'épreuve écrite",
            inscription=inscription,
        )
    assert refus.value.regle == "RES-FRAUDE-SANCTION"
    with django_capture_on_commit_callbacks(execute=True):
        incident = services.incident_signaler(
            session=jour.session,
            auteur=jour.monde.responsable,
            survenu_le=survenu,
            nature="fraude",
            description="Téléphone consulté pendant l'épreuve écrite",
            inscription=inscription,
            rapport=pdf("rapport.pdf"),
        )
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.EXCLU_FRAUDE
    assert list(Incident.objects.filter(session=jour.session, fraude=True)) == [incident]
    assert any("ddets@session.fr" in m.to for m in mailoutbox)
    with pytest.raises(PermissionDenied):
        services.fraude_sanctionner(
            incident=incident,
            auteur=jour.monde.responsable,
            jour=dt.date(2027, 6, 21),
            nature="interdiction",
            notifiee_le=dt.date(2027, 6, 21),
            interdiction_jusqu_au=dt.date(2028, 6, 21),
            motif="Fraude avérée",
        )
    with pytest.raises(RegleRefusee) as trop_long:
        services.fraude_sanctionner(
            incident=incident,
            auteur=jour.monde.agent_ddets,
            jour=dt.date(2027, 6, 21),
            nature="interdiction",
            notifiee_le=dt.date(2027, 6, 21),
            interdiction_jusqu_au=dt.date(2028, 6, 22),
            motif="Fraude avérée",
        )
    assert "au plus tard le 21/06/2028" in trop_long.value.message
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sanction = services.fraude_sanctionner(
            incident=incident,
            auteur=jour.monde.agent_ddets,
            jour=dt.date(2027, 6, 21),
            nature="interdiction",
            notifiee_le=dt.date(2027, 6, 21),
            interdiction_jusqu_au=dt.date(2028, 6, 21),
            motif="Fraude avérée",
        )
    assert sanction.interdiction_jusqu_au == dt.date(2028, 6, 21)
    destinataires = {a for m in mailoutbox for a in m.to}
    assert "arnaud@exemple.fr" in destinataires
    assert "resp@session.fr" in destinataires


def test_fraud_without_sanction_is_an_alert_for_the_ddets_until_decided(jour):
    from titrepro.examens.alertes import fraudes_sans_sanction

    _ouverte(jour)
    _emarger_tous(jour)
    incident = services.incident_signaler(
        session=jour.session,
        auteur=jour.monde.responsable,
        survenu_le=dt.datetime(2027, 6, 14, 10, 30, tzinfo=dt.UTC),
        nature="fraude",
        description="Échange de copies",
        inscription=jour.inscriptions[1],
        rapport=pdf("rapport.pdf"),
    )
    (alerte,) = fraudes_sans_sanction(dt.date(2027, 6, 15))
    assert alerte.code == "RES-FRAUDE"
    assert "constatée le 14/06/2027" in alerte.message
    assert alerte.destinataires == (jour.monde.agent_ddets,)
    services.fraude_sanctionner(
        incident=incident,
        auteur=jour.monde.agent_ddets,
        jour=dt.date(2027, 6, 21),
        nature="exclusion",
        notifiee_le=dt.date(2027, 6, 21),
        motif="Première fraude",
    )
    assert list(fraudes_sans_sanction(dt.date(2027, 6, 22))) == []


def test_justifying_after_the_pv_is_signed_tells_the_pv(jour):
    from titrepro.examens.signaux import absence_justifiee_apres_pv

    inscription = jour.inscriptions[0]
    services.absence_enregistrer(
        inscription=inscription, auteur=jour.monde.responsable, jour=PREMIER_JOUR, justifiee=False
    )
    type(jour.session).objects.filter(pk=jour.session.pk).update(etat=EtatSession.PV_SIGNE)
    recus = []

    def ecouter(sender, **kwargs):
        recus.append(kwargs)

    absence_justifiee_apres_pv.connect(ecouter)
    try:
        services.absence_justifier(
            inscription=inscription, auteur=jour.monde.responsable, jour=dt.date(2027, 6, 18), justificatif=pdf()
        )
    finally:
        absence_justifiee_apres_pv.disconnect(ecouter)
    assert len(recus) == 1
    assert recus[0]["session"].pk == jour.session.pk
    assert "justifiée le 18/06/2027" in recus[0]["motif"]
