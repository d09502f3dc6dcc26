"""Registering candidates in a session and withdrawing them: every rule through the one service."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories as f
from tests.examens.conftest import JOUR, PREMIER_JOUR
from titrepro.core.erreurs import RegleRefusee
from titrepro.examens.models import EtatSession, Inscription, Session
from titrepro.examens.services.inscriptions import DroitsAConfirmer, inscription_ajouter, inscription_retirer
from titrepro.personnes.models import CCPAcquis, Formation
from titrepro.referentiel.models import Millesime


def former(
    organisme: Any,
    millesime: Any,
    *,
    statut: str = "stagiaire",
    debut: dt.date | None = dt.date(2026, 9, 1),
    fin: dt.date | None = dt.date(2027, 5, 31),
    recevabilite: dt.date | None = None,
    **identite: Any,
) -> Any:
    candidat = f.CandidatFactory(organismes=[organisme], **identite)
    Formation.objects.create(
        candidat=candidat,
        organisme=organisme,
        millesime=millesime,
        statut=statut,
        debut=debut,
        fin=fin,
        recevabilite_vae_le=recevabilite,
    )
    return candidat


def inscrire(monde_session: Any, session: Any, candidat: Any, public: str = "formation", **champs: Any) -> Any:
    valeurs = {"auteur": monde_session.responsable, "jour": JOUR}
    valeurs.update(champs)
    return inscription_ajouter(session=session, candidat=candidat, public=public, **valeurs)


def motifs(objet: Any) -> list[str]:
    entrees = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(objet), object_pk=str(objet.pk)
    ).order_by("pk")
    return [(e.additional_data or {}).get("motif", "") for e in entrees]


def test_a_trained_candidate_is_registered_and_counts_for_their_rights(monde_session, session_creee):
    candidat = former(monde_session.organisme, monde_session.millesime, nom_naissance="DUPONT", prenoms="Marie")
    resultat = inscrire(monde_session, session_creee, candidat)
    inscription = resultat.inscription
    assert inscription.public == "formation"
    assert inscription.inscrit_le == JOUR
    assert inscription.inscrit_par == monde_session.responsable
    assert list(inscription.ccps.all()) == []
    assert {v.code for v in resultat.verdicts} >= {"SES-RATTACHEMENT", "CAN-VAE", "CAN-PUBLICS", "CAN-DROITS"}
    assert candidat.dates_sessions() == (PREMIER_JOUR,)
    assert f"Inscription de DUPONT Marie (formé(e) au titre) à la session {session_creee.numero}." in motifs(
        inscription
    )


def test_only_the_session_team_of_the_organisme_registers(monde_session, session_creee):
    candidat = former(monde_session.organisme, monde_session.millesime)
    for intrus in (monde_session.gestionnaire_autre, monde_session.responsable_organisme, monde_session.agent_ddets):
        with pytest.raises(PermissionDenied):
            inscrire(monde_session, session_creee, candidat, auteur=intrus)
    assert inscrire(monde_session, session_creee, candidat, auteur=monde_session.suppleant).inscription.pk


def test_a_candidate_is_registered_once(monde_session, session_creee):
    candidat = former(monde_session.organisme, monde_session.millesime)
    inscrire(monde_session, session_creee, candidat)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        inscrire(monde_session, session_creee, candidat)


# --------------------------------------------------------------------- CAN-PUBLICS


def test_can_publics_refuses_a_person_not_trained_for_the_titre(monde_session, session_creee):
    autre_titre = f.MillesimeFactory()
    candidat = former(monde_session.organisme, autre_titre, nom_naissance="NEUF", prenoms="Léa")
    with pytest.raises(RegleRefusee) as refus:
        inscrire(monde_session, session_creee, candidat)
    assert refus.value.regle == "CAN-PUBLICS"
    assert f"NEUF Léa n'a suivi aucune formation au titre « {monde_session.millesime.titre.intitule} »" in (
        refus.value.message
    )
    assert refus.value.source == "002 engagement 8"
    assert not Inscription.objects.filter(candidat=candidat).exists()


def test_partial_success_sits_the_missing_ccp(monde_session, session_creee):
    ccp1, ccp2 = monde_session.ccps
    candidat = f.CandidatFactory(organismes=[monde_session.organisme])
    CCPAcquis.objects.create(candidat=candidat, ccp=ccp1, obtenu_le=dt.date(2026, 6, 20))
    with pytest.raises(RegleRefusee, match="CCP non autorisé"):
        inscrire(monde_session, session_creee, candidat, "reussite_partielle", ccps=[ccp1])
    inscription = inscrire(monde_session, session_creee, candidat, "reussite_partielle").inscription
    assert list(inscription.ccps.all()) == [ccp2]


def test_partial_success_needs_a_ccp_already_held(monde_session, session_creee):
    candidat = f.CandidatFactory(organismes=[monde_session.organisme])
    with pytest.raises(RegleRefusee, match="ne détient aucun CCP"):
        inscrire(monde_session, session_creee, candidat, "reussite_partielle")


def test_a_ccp_session_registers_its_ccp_or_a_subset(monde_session):
    ccp1, ccp2 = monde_session.ccps
    session = monde_session.creer(nature="ccp", ccps=[ccp1, ccp2])
    candidat = former(monde_session.organisme, monde_session.millesime)
    inscription = inscrire(monde_session, session, candidat, ccps=[ccp2]).inscription
    assert list(inscription.ccps.all()) == [ccp2]
    autre = former(monde_session.organisme, monde_session.millesime)
    assert set(inscrire(monde_session, session, autre).inscription.ccps.all()) == {ccp1, ccp2}


# --------------------------------------------------------------------- CAN-VAE, CAN-VAE-RECEVABILITE


def test_a_candidate_trained_elsewhere_is_refused_when_the_agrement_hosts_no_external_candidates(
    monde_session, session_creee
):
    assert monde_session.agrement.candidats_externes is False
    candidat = former(monde_session.autre_organisme, monde_session.millesime, nom_naissance="AILLEURS")
    with pytest.raises(RegleRefusee) as refus:
        inscrire(monde_session, session_creee, candidat)
    assert refus.value.regle == "CAN-VAE"
    assert "Centre Session déclare ne pas accueillir de candidats d'autres organismes" in refus.value.message
    monde_session.agrement.candidats_externes = True
    monde_session.agrement.save()
    assert inscrire(monde_session, session_creee, candidat).inscription.pk
    candidat.refresh_from_db()
    assert monde_session.organisme in candidat.organismes.all()  # now seen by the registering organisme


def test_a_vae_candidate_is_never_refused_whatever_the_agrement_says(monde_session, session_creee):
    assert monde_session.agrement.candidats_externes is False
    candidat = former(
        monde_session.autre_organisme,
        monde_session.millesime,
        statut="vae",
        debut=None,
        fin=None,
        recevabilite=dt.date(2026, 10, 1),
    )
    resultat = inscrire(monde_session, session_creee, candidat, "vae")
    vae = next(v for v in resultat.verdicts if v.code == "CAN-VAE")
    assert vae.ok
    assert "ne peut être refusée" in vae.message
    assert any(v.code == "CAN-VAE-RECEVABILITE" and v.ok for v in resultat.verdicts)


def test_a_vae_recevabilite_older_than_a_year_is_refused(monde_session, session_creee):
    candidat = former(
        monde_session.organisme,
        monde_session.millesime,
        statut="vae",
        debut=None,
        fin=None,
        recevabilite=dt.date(2026, 1, 10),
    )
    with pytest.raises(RegleRefusee) as refus:
        inscrire(monde_session, session_creee, candidat, "vae")
    assert refus.value.regle == "CAN-VAE-RECEVABILITE"
    assert "10/01/2027" in refus.value.message


# --------------------------------------------------------------------- SES-RATTACHEMENT, SES-VERROU


def convoquer(session: Any) -> None:
    session.emettre_convocations(jour=dt.date(2027, 5, 3))
    session.save()


def test_no_candidate_is_attached_once_the_convocations_are_issued(monde_session, session_creee):
    candidat = former(monde_session.organisme, monde_session.millesime)
    convoquer(session_creee)
    with pytest.raises(RegleRefusee) as refus:
        inscrire(monde_session, session_creee, candidat)
    assert refus.value.regle == "SES-RATTACHEMENT"
    assert "depuis le 03/05/2027" in refus.value.message
    assert "une nouvelle session est nécessaire" in refus.value.message
    assert not Inscription.objects.filter(session=session_creee).exists()


def test_the_state_is_read_again_under_the_lock(monde_session, session_creee):
    """A caller holding a stale session object (« en préparation ») is still refused."""
    candidat = former(monde_session.organisme, monde_session.millesime)
    Session.objects.filter(pk=session_creee.pk).update(etat=EtatSession.CONVOQUEE)
    assert session_creee.etat == EtatSession.CREEE
    with pytest.raises(RegleRefusee, match="nouvelle session"):
        inscrire(monde_session, session_creee, candidat)


def test_withdrawal_before_the_convocations_is_audited_with_its_motive(monde_session, session_creee):
    candidat = former(monde_session.organisme, monde_session.millesime, nom_naissance="RETRAIT", prenoms="Jo")
    inscription = inscrire(monde_session, session_creee, candidat).inscription
    with pytest.raises(ValidationError, match="motif"):
        inscription_retirer(inscription=inscription, auteur=monde_session.responsable, jour=JOUR, motif="  ")
    with pytest.raises(PermissionDenied):
        inscription_retirer(inscription=inscription, auteur=monde_session.gestionnaire_autre, jour=JOUR, motif="x")
    pk = inscription.pk
    inscription_retirer(inscription=inscription, auteur=monde_session.responsable, jour=JOUR, motif="Abandon")
    assert not Inscription.objects.filter(pk=pk).exists()
    suppression = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Inscription), object_pk=str(pk), action=LogEntry.Action.DELETE
    )
    assert suppression.additional_data["motif"] == (
        f"Retrait de RETRAIT Jo de la session {session_creee.numero} le 04/01/2027 : Abandon"
    )
    assert candidat.dates_sessions() == ()


def test_withdrawal_is_refused_once_the_session_is_locked(monde_session, session_creee):
    candidat = former(monde_session.organisme, monde_session.millesime)
    inscription = inscrire(monde_session, session_creee, candidat).inscription
    convoquer(session_creee)
    with pytest.raises(RegleRefusee) as refus:
        inscription_retirer(inscription=inscription, auteur=monde_session.responsable, jour=JOUR, motif="Abandon")
    assert refus.value.regle == "SES-VERROU"
    assert Inscription.objects.filter(pk=inscription.pk).exists()


# --------------------------------------------------------------------- SES-PROLONGATION (AGR-CFA)


def test_prolongation_two_years_for_a_cfa_apprentice_one_year_for_the_others(monde_session, session_creee):
    # The millésime ended on 15/03/2026; the session (14/06/2027) is in the 2nd year of prolongation.
    Millesime.objects.filter(pk=monde_session.millesime.pk).update(fin_validite=dt.date(2026, 3, 15))
    session_creee.refresh_from_db()
    session_creee.millesime.refresh_from_db()
    cfa = f.OrganismeFactory(raison_sociale="CFA du bâtiment", est_cfa=True)
    parcours = {"debut": dt.date(2025, 9, 1), "fin": dt.date(2026, 6, 30)}
    monde_session.agrement.candidats_externes = True
    monde_session.agrement.save()

    apprenti = former(cfa, monde_session.millesime, statut="apprenti", **parcours)
    resultat = inscrire(monde_session, session_creee, apprenti)
    prolongation = next(v for v in resultat.verdicts if v.code == "SES-PROLONGATION")
    assert "Prolongation de 2 ans (apprenti d'un CFA" in prolongation.message

    stagiaire = former(cfa, monde_session.millesime, **parcours)
    with pytest.raises(RegleRefusee) as refus:
        inscrire(monde_session, session_creee, stagiaire)
    assert refus.value.regle == "SES-PROLONGATION"
    assert "La prolongation de 1 an (candidat non apprenti) s'achève le 15/03/2027" in refus.value.message

    # AGR-CFA: an « apprentice » of an organisme that did not declare itself CFA has no second year.
    pas_cfa = f.OrganismeFactory(raison_sociale="Centre non CFA", est_cfa=False)
    faux_apprenti = former(pas_cfa, monde_session.millesime, statut="apprenti", **parcours)
    with pytest.raises(RegleRefusee, match="1 an"):
        inscrire(monde_session, session_creee, faux_apprenti)

    tardif = former(monde_session.organisme, monde_session.millesime, debut=dt.date(2026, 4, 1))
    with pytest.raises(RegleRefusee, match="nouveau millésime"):
        inscrire(monde_session, session_creee, tardif)


# --------------------------------------------------------------------- CAN-DROITS


def anciennes_sessions(monde_session: Any, candidat: Any, *jours: dt.date, etat: str = EtatSession.CREEE) -> list[Any]:
    sessions = []
    for jour in jours:
        session = Session.objects.create(
            organisme=monde_session.organisme,
            site=monde_session.site,
            millesime=monde_session.millesime,
            premier_jour=jour,
            dernier_jour=jour,
            etat=etat,
        )
        Inscription.objects.create(session=session, candidat=candidat, public="formation", inscrit_le=JOUR)
        sessions.append(session)
    return sessions


def test_a_fourth_session_within_twelve_months_is_an_alert_to_confirm(monde_session, session_creee):
    candidat = former(
        monde_session.organisme, monde_session.millesime, debut=dt.date(2026, 1, 5), fin=dt.date(2026, 12, 18)
    )
    anciennes_sessions(monde_session, candidat, dt.date(2027, 1, 11), dt.date(2027, 2, 15), dt.date(2027, 3, 22))
    with pytest.raises(DroitsAConfirmer) as alerte:
        inscrire(monde_session, session_creee, candidat)
    assert alerte.value.verdicts[0].code == "CAN-DROITS"
    assert "Déjà 3 sessions" in alerte.value.message_dict["confirmer_droits"][0]
    assert not Inscription.objects.filter(session=session_creee).exists()

    inscription = inscrire(monde_session, session_creee, candidat, confirmer_droits=True).inscription
    assert any("alerte confirmée : Déjà 3 sessions" in m for m in motifs(inscription))


def test_cancelled_and_draft_sessions_do_not_count_for_the_rights(monde_session, session_creee):
    candidat = former(
        monde_session.organisme, monde_session.millesime, debut=dt.date(2026, 1, 5), fin=dt.date(2026, 12, 18)
    )
    anciennes_sessions(monde_session, candidat, dt.date(2027, 1, 11), dt.date(2027, 2, 15))
    anciennes_sessions(monde_session, candidat, dt.date(2027, 3, 22), etat=EtatSession.ANNULEE)
    anciennes_sessions(monde_session, candidat, dt.date(2027, 3, 29), etat=EtatSession.BROUILLON)
    assert candidat.dates_sessions() == (dt.date(2027, 1, 11), dt.date(2027, 2, 15))
    resultat = inscrire(monde_session, session_creee, candidat)
    droits = next(v for v in resultat.verdicts if v.code == "CAN-DROITS")
    assert droits.ok
    assert "Session 3 sur 3" in droits.message


# --------------------------------------------------------------------- CAN-DOUBLON at registration


def test_homonyms_are_a_warning_not_a_refusal(monde_session, session_creee):
    candidat = former(
        monde_session.organisme,
        monde_session.millesime,
        nom_naissance="DUPONT",
        prenoms="Marie",
        date_naissance=dt.date(1990, 4, 2),
    )
    sosie = f.CandidatFactory(
        nom_naissance="DUPOND",
        prenoms="Marie",
        date_naissance=dt.date(1990, 4, 2),
        organismes=[monde_session.organisme],
    )
    resultat = inscrire(monde_session, session_creee, candidat)
    assert resultat.inscription.pk
    assert [h.candidat_id for h in resultat.homonymes] == [sosie.pk]
    assert "1 homonyme(s) signalé(s) (CAN-DOUBLON)" in motifs(resultat.inscription)[-1]
