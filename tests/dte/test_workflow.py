"""DTE orders end to end through the services: rules with their codes, TP and CCP cycles, cancellation."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories as f
from tests.dte.conftest import creer_session
from titrepro.conformite.balayage import alertes_balayer
from titrepro.conformite.models import Alerte
from titrepro.conformite.services import derogation_accorder
from titrepro.core.erreurs import RegleRefusee
from titrepro.dte import services
from titrepro.dte.models import CommandeDte, EtatCommande
from titrepro.examens.alertes import echeances_de_session
from titrepro.examens.models import DecisionDte, EtatSession
from titrepro.examens.signaux import session_annulee, session_reportee
from titrepro.personnes.models import CCPAcquis

PREMIER_JOUR = dt.date(2027, 6, 14)  # limit to order: 13 March 2027 (3 months + 1 day)
DANS_LE_DELAI = dt.date(2027, 3, 1)


def commande_complete(session, auteur, **champs):
    valeurs = {
        "contact_livraison": "Camille Test",
        "telephone_livraison": "0102030405",
        "courriel_livraison": "livraison@exemple.fr",
    }
    return services.commande_creer(session=session, auteur=auteur, **{**valeurs, **champs})


def refus(exc_info) -> str:
    return exc_info.value.regle


def test_late_order_refused_then_lifted_by_a_ddets_derogation(monde, equipe):
    session = creer_session(monde, premier_jour=PREMIER_JOUR)
    commande = commande_complete(session, equipe)
    with pytest.raises(RegleRefusee) as exc:
        services.commande_soumettre(commande=commande, auteur=equipe, jour=dt.date(2027, 3, 14))
    assert refus(exc) == "DTE-DELAI"
    assert "13/03/2027" in exc.value.message
    derogation_accorder(
        agent=monde.utilisateurs["agent_ddets"], regle="DTE-DELAI", sujet=session, motif="Fermeture imprévue du site"
    )
    verdicts = services.commande_soumettre(commande=commande, auteur=equipe, jour=dt.date(2027, 3, 14))
    commande.refresh_from_db()
    assert commande.etat == EtatCommande.SOUMISE
    assert any(v.derogation for v in verdicts if v.code == "DTE-DELAI")


def test_quantity_is_candidates_plus_one_or_two(monde, equipe):
    session = creer_session(monde, premier_jour=PREMIER_JOUR, candidats=3)
    commande = commande_complete(session, equipe, nombre_sujets=3)
    with pytest.raises(RegleRefusee) as exc:
        services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    assert refus(exc) == "DTE-QUANTITE"
    # declaring fewer candidates than registered does not lower the count
    services.commande_modifier(commande=commande, auteur=equipe, nombre_candidats=1, nombre_sujets=3)
    with pytest.raises(RegleRefusee):
        services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    services.commande_modifier(commande=commande, auteur=equipe, nombre_sujets=5)
    services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    commande.refresh_from_db()
    assert commande.nombre_candidats == 3


def test_completeness_checks_every_field_and_the_addresses(monde, equipe):
    session = creer_session(monde, premier_jour=PREMIER_JOUR)
    commande = services.commande_creer(session=session, auteur=equipe, courriel_livraison="pas-une-adresse")
    with pytest.raises(RegleRefusee) as exc:
        services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    assert refus(exc) == "DTE-COMPLETUDE"
    assert "téléphone" in exc.value.message
    assert "pas-une-adresse" in exc.value.message
    assert CommandeDte.objects.get(pk=commande.pk).etat == EtatCommande.BROUILLON


def test_ccp_order_completing_a_tp_must_request_the_final_interview_grid(monde, equipe):
    millesime = f.MillesimeFactory()
    ccp1, ccp2 = f.CCPFactory(millesime=millesime), f.CCPFactory(millesime=millesime)
    session = creer_session(monde, premier_jour=PREMIER_JOUR, nature="ccp", millesime=millesime)
    session.ccps.set([ccp2])
    inscription = session.inscriptions.get()
    CCPAcquis.objects.create(candidat=inscription.candidat, ccp=ccp1, obtenu_le=dt.date(2026, 6, 1))
    commande = commande_complete(session, equipe, grille_entretien_final=False)
    assert commande.secteur == "ccp"
    with pytest.raises(RegleRefusee) as exc:
        services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    assert refus(exc) == "SES-ENTRETIEN-FINAL"
    assert inscription.candidat.nom_naissance in exc.value.message
    services.commande_modifier(commande=commande, auteur=equipe, grille_entretien_final=True)
    services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)


def test_only_the_session_team_orders_and_only_the_gev_processes(monde, equipe, gev):
    session = creer_session(monde, premier_jour=PREMIER_JOUR)
    with pytest.raises(PermissionDenied):
        services.commande_creer(session=session, auteur=monde.utilisateurs["responsable_organisme"])
    commande = commande_complete(session, equipe)
    with pytest.raises(ValidationError):
        services.commande_creer(session=session, auteur=equipe)
    services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    with pytest.raises(PermissionDenied):
        services.commande_marquer_preparee(
            commande=commande, auteur=equipe, jour=DANS_LE_DELAI, lien_dto="a", lien_zo="b"
        )
    with pytest.raises(PermissionDenied):
        services.commande_modifier(commande=commande, auteur=equipe, nombre_sujets=3)


def test_full_tp_cycle_with_acknowledgements_and_audit(monde, equipe, gev, django_capture_on_commit_callbacks):
    session = creer_session(monde, premier_jour=PREMIER_JOUR)
    commande = commande_complete(session, equipe)
    assert commande.secteur == "tertiaire"
    with django_capture_on_commit_callbacks(execute=True):
        services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    ar1 = mail.outbox[-1]
    assert "prise en compte" in ar1.subject
    assert "livraison@exemple.fr" in ar1.to
    assert "responsable_session@exemple.fr" in ar1.to
    commande.refresh_from_db()
    services.commande_prendre_en_compte(commande=commande, auteur=gev, jour=dt.date(2027, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        services.commande_marquer_preparee(
            commande=commande, auteur=gev, jour=dt.date(2027, 3, 3), lien_dto="DTO-123", lien_zo="ZO-456"
        )
    assert "DTO-123" in mail.outbox[-1].body
    with pytest.raises(PermissionDenied):
        services.commande_ouvrir_liens(commande=commande, auteur=gev, jour=dt.date(2027, 3, 4))
    services.commande_expedier(commande=commande, auteur=gev, jour=dt.date(2027, 5, 3), reference="COLIS-1")
    assert [d["destinataire"] for d in commande.destinataires_envoi] == ["Organisateur", "Jury", "Candidats"]
    services.commande_receptionner(commande=commande, auteur=equipe, jour=dt.date(2027, 5, 6))
    with pytest.raises(ValidationError):
        services.commande_detruire(commande=commande, auteur=equipe, jour=dt.date(2027, 5, 7), observations="PV")
    services.commande_detruire(
        commande=commande, auteur=equipe, jour=dt.date(2027, 6, 15), observations="Broyés devant deux témoins"
    )
    commande.refresh_from_db()
    assert commande.etat == EtatCommande.DETRUITE
    assert commande.cloturee_par == equipe
    assert commande.traitee_par == gev
    assert commande.preparee_le == dt.date(2027, 3, 3)
    transitions = [
        (e.additional_data or {}).get("transition", {}).get("nom")
        for e in LogEntry.objects.get_for_object(commande).order_by("pk")
    ]
    assert [t for t in transitions if t] == ["soumettre", "preparer", "expedier", "receptionner", "detruire"]


def test_ccp_cycle_computes_the_link_dates_with_the_holiday(monde, equipe, gev):
    session = creer_session(monde, premier_jour=dt.date(2027, 5, 12), nature="ccp")
    commande = commande_complete(session, equipe)
    services.commande_soumettre(commande=commande, auteur=equipe, jour=dt.date(2027, 2, 1))
    services.commande_marquer_preparee(
        commande=commande, auteur=gev, jour=dt.date(2027, 2, 1), lien_dto="D", lien_zo="Z"
    )
    with pytest.raises(PermissionDenied):
        services.commande_expedier(commande=commande, auteur=gev, jour=dt.date(2027, 2, 2))
    services.commande_ouvrir_liens(commande=commande, auteur=gev, jour=dt.date(2027, 2, 2), heure=dt.time(10, 0))
    commande.refresh_from_db()
    assert commande.etat == EtatCommande.LIENS_ACTIFS
    assert commande.organisateur_disponible_le == dt.date(2027, 3, 13)  # J-60
    assert commande.jury_disponible_le == dt.date(2027, 5, 4)  # 5 working days, Ascension (6 May) skipped
    local = commande.jury_actif_a.astimezone(dt.timezone(dt.timedelta(hours=2)))
    assert (local.date(), local.hour) == (dt.date(2027, 5, 4), 8)
    services.commande_detruire(commande=commande, auteur=equipe, jour=dt.date(2027, 5, 14), observations="Détruits")


def _annuler_session(session, jour, decision=DecisionDte.DESTRUCTION):
    session.etat = EtatSession.ANNULEE
    session.motif_annulation = "Jury indisponible"
    session.save()
    session_annulee.send(sender=type(session), session=session, decision_dte=decision, auteur=None, jour=jour)


def test_session_cancelled_before_reception_the_gev_cancels(monde, equipe, gev, django_capture_on_commit_callbacks):
    session = creer_session(monde, premier_jour=PREMIER_JOUR)
    commande = commande_complete(session, equipe)
    services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    with django_capture_on_commit_callbacks(execute=True):
        _annuler_session(session, dt.date(2027, 4, 1))
    commande.refresh_from_db()
    assert commande.etat == EtatCommande.ANNULEE
    assert not commande.plis_a_detruire
    assert "la GEV annule" in commande.motif_annulation
    assert "epreuves-tertiaire@afpa.fr" in mail.outbox[-1].to
    # the session is free for... nothing: it is cancelled
    with pytest.raises(ValidationError):
        services.commande_creer(session=session, auteur=equipe)


def test_session_cancelled_after_reception_the_centre_destroys(monde, equipe, gev):
    session = creer_session(monde, premier_jour=PREMIER_JOUR)
    commande = commande_complete(session, equipe)
    services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    services.commande_marquer_preparee(commande=commande, auteur=gev, jour=DANS_LE_DELAI, lien_dto="D", lien_zo="Z")
    services.commande_expedier(commande=commande, auteur=gev, jour=dt.date(2027, 5, 3))
    services.commande_receptionner(commande=commande, auteur=equipe, jour=dt.date(2027, 5, 5))
    _annuler_session(session, dt.date(2027, 5, 10))
    commande.refresh_from_db()
    assert commande.etat == EtatCommande.ANNULEE
    assert commande.plis_a_detruire
    assert "détruire les plis" in commande.motif_annulation
    assert services.prochaine_etape(commande).startswith("Le centre détruit")
    # the follow-up: a DTE-DESTRUCTION alert until the destruction is logged
    alertes_balayer(jour=dt.date(2027, 5, 11))
    assert Alerte.objects.filter(code="DTE-DESTRUCTION", object_id=commande.pk, etat="ouverte").exists()
    services.commande_detruire(commande=commande, auteur=equipe, jour=dt.date(2027, 5, 11), observations="Non ouverts")
    alertes_balayer(jour=dt.date(2027, 5, 12))
    assert not Alerte.objects.filter(code="DTE-DESTRUCTION", object_id=commande.pk, etat="ouverte").exists()


def test_postponement_without_kept_plis_cancels_the_order(monde, equipe):
    session = creer_session(monde, premier_jour=PREMIER_JOUR)
    commande = commande_complete(session, equipe)
    services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    report = type("Report", (), {"plis_conserves": False})()
    session_reportee.send(sender=type(session), session=session, report=report, auteur=None, jour=dt.date(2027, 4, 1))
    commande.refresh_from_db()
    assert commande.etat == EtatCommande.ANNULEE
    nouvelle = commande_complete(session, equipe)
    assert nouvelle.pk != commande.pk


def test_not_received_alert_names_the_sector_mailbox_via_the_sweep(monde, equipe, gev):
    session = creer_session(monde, premier_jour=PREMIER_JOUR)
    commande = commande_complete(session, equipe)
    services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    alertes_balayer(jour=dt.date(2027, 5, 30))  # 15 days before: nothing yet
    assert not Alerte.objects.filter(code="DTE-NON-RECU", object_id=commande.pk).exists()
    alertes_balayer(jour=dt.date(2027, 5, 31))  # 14 days before
    alerte = Alerte.objects.get(code="DTE-NON-RECU", object_id=commande.pk, etat="ouverte")
    assert "epreuves-tertiaire@afpa.fr" in alerte.message
    assert alerte.organisme_id == monde.organisme_a.pk


def test_session_deadlines_see_the_order(monde, equipe):
    session = creer_session(monde, premier_jour=PREMIER_JOUR)
    delai = next(e for e in echeances_de_session(session, jour=DANS_LE_DELAI) if e.code == "DTE-DELAI")
    assert delai.date == dt.date(2027, 3, 13)
    assert delai.faite_le is None
    commande = commande_complete(session, equipe)
    services.commande_soumettre(commande=commande, auteur=equipe, jour=DANS_LE_DELAI)
    session = type(session).objects.get(pk=session.pk)
    delai = next(e for e in echeances_de_session(session, jour=DANS_LE_DELAI) if e.code == "DTE-DELAI")
    assert delai.faite_le == DANS_LE_DELAI
    assert [e.code for e in echeances_de_session(session, jour=DANS_LE_DELAI)].count("DTE-DELAI") == 1


def test_the_daily_automate_transmits_ccp_links_the_day_after_the_order(monde, equipe, gev):
    from titrepro.conformite.balayage import traitements_executer

    session = creer_session(monde, premier_jour=dt.date(2027, 5, 12), nature="ccp")
    commande = commande_complete(session, equipe)
    services.commande_soumettre(commande=commande, auteur=equipe, jour=dt.date(2027, 2, 1))
    services.commande_marquer_preparee(
        commande=commande, auteur=gev, jour=dt.date(2027, 2, 1), lien_dto="D", lien_zo="Z"
    )
    assert traitements_executer(jour=dt.date(2027, 2, 1)).get("DTE-SUIVI", 0) == 0  # not the same day
    assert traitements_executer(jour=dt.date(2027, 2, 2))["DTE-SUIVI"] == 1
    commande.refresh_from_db()
    assert commande.etat == EtatCommande.LIENS_ACTIFS
    assert commande.liens_transmis_le == dt.date(2027, 2, 2)
    assert commande.jury_disponible_le == dt.date(2027, 5, 4)
