"""The agrément request workflow, end to end through the services, with the personas' world."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests import factories as f
from titrepro.agrements import services
from titrepro.agrements.alertes import complements_non_apportes
from titrepro.agrements.lectures import agrement_couvrant, completude, verifier_perimetre
from titrepro.agrements.models import Agrement, DemandeAgrement, EtatAgrement, EtatDemande, TypePiece
from titrepro.conformite.moteur import exiger
from titrepro.core.erreurs import RegleRefusee
from titrepro.organisations.models import Contact

PDF = b"%PDF-1.4\n% test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JOUR = dt.date(2027, 3, 10)


def fichier(nom: str = "piece.pdf", contenu: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu, content_type="application/pdf")


@pytest.fixture
def demande(monde):
    resp = monde.utilisateurs["responsable_organisme"]
    millesime = f.MillesimeFactory(titre=f.TitreFactory(transport=True), fin_validite=dt.date(2030, 6, 30))
    return services.demande_creer(
        organisme=monde.organisme_a,
        site=monde.site_a,
        millesimes=[millesime],
        premiere_session=dt.date(2027, 9, 1),
        auteur=resp,
    )


def contacts_complets(organisme):
    for rang, role in enumerate(["responsable_plateau", "responsable_session", "suppleant"], start=2):
        Contact.objects.create(
            organisme=organisme,
            role=role,
            prenom="P",
            nom=f"N{rang}",
            email=f"c{rang}@x.fr",
            telephone=f"+3363998010{rang}",
        )


def pieces_completes(demande, auteur, *, justificatif="bail"):
    ajouter = services.piece_ajouter
    ajouter(demande=demande, auteur=auteur, type=TypePiece.KBIS, fichier=fichier(), date_document=dt.date(2027, 1, 5))
    ajouter(
        demande=demande,
        auteur=auteur,
        type=TypePiece.ACCES_LOCAUX,
        fichier=fichier(),
        justificatif=justificatif,
        acces_debut=dt.date(2026, 1, 1),
        acces_fin=dt.date(2029, 12, 31),
    )
    ajouter(demande=demande, auteur=auteur, type=TypePiece.PHOTO, fichier=fichier("p.png", PNG), legende="Salle 1")
    for type_piece in (TypePiece.ORGANISATION, TypePiece.PLANNING, TypePiece.ATTESTATION_PISTE):
        ajouter(demande=demande, auteur=auteur, type=type_piece, fichier=fichier())


def test_completeness_lists_each_missing_or_invalid_piece_with_its_rule(monde, demande):
    resp = monde.utilisateurs["responsable_organisme"]
    services.piece_ajouter(
        demande=demande, auteur=resp, type=TypePiece.KBIS, fichier=fichier(), date_document=dt.date(2026, 9, 10)
    )  # exactly 6 months before JOUR: too old
    services.piece_ajouter(
        demande=demande,
        auteur=resp,
        type=TypePiece.ACCES_LOCAUX,
        fichier=fichier(),
        justificatif="quittance",
        acces_debut=dt.date(2026, 1, 1),
    )
    constats = {c.piece: c for c in completude(demande, jour=JOUR)}
    kbis = constats["Extrait KBIS ou attestation d'enregistrement INSEE"]
    assert not kbis.ok
    assert kbis.verdict.code == "AGR-PIECES"
    assert "moins de 6 mois" in kbis.verdict.message
    acces = constats["Justificatif d'accès aux locaux (bail)"]
    assert "Quittance de loyer : ce n'est pas un justificatif valable" in acces.verdict.message
    assert not constats["Attestation de conformité des pistes hors circulation"].ok  # transport titre
    assert constats["Contacts de l'organisme"].verdict.code == "ORG-CONTACTS"
    with pytest.raises(RegleRefusee) as refus:
        services.demande_deposer(demande=demande, auteur=resp, jour=JOUR)
    assert refus.value.regle == "AGR-PIECES"
    demande.refresh_from_db()
    assert demande.deposee_le is None


def test_lease_ending_before_the_first_session_is_refused(monde, demande):
    resp = monde.utilisateurs["responsable_organisme"]
    services.piece_ajouter(
        demande=demande,
        auteur=resp,
        type=TypePiece.ACCES_LOCAUX,
        fichier=fichier(),
        justificatif="bail",
        acces_debut=dt.date(2026, 1, 1),
        acces_fin=dt.date(2027, 8, 31),
    )
    constat = next(c for c in completude(demande, jour=JOUR) if c.piece.startswith("Justificatif"))
    assert not constat.ok
    assert "première session (01/09/2027)" in constat.verdict.message


def test_full_workflow_with_emails_audit_and_agrements(monde, demande, django_capture_on_commit_callbacks):
    resp, dreets = monde.utilisateurs["responsable_organisme"], monde.utilisateurs["agent_dreets"]
    contacts_complets(monde.organisme_a)
    pieces_completes(demande, resp)
    with django_capture_on_commit_callbacks(execute=True):
        services.demande_deposer(demande=demande, auteur=resp, jour=JOUR)
    assert [m.to for m in mail.outbox] == [[dreets.email]]
    assert not demande.peut_passer_en_instruction(resp)[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.demande_demander_pieces(demande=demande, auteur=dreets, motif="Planning illisible", jour=JOUR)
    assert mail.outbox[-1].to == [resp.email]
    assert "Planning illisible" in mail.outbox[-1].body
    assert demande.peut_passer_en_instruction(dreets) == (
        False,
        "Des compléments ont été demandés et ne sont pas encore apportés.",
    )
    services.demande_deposer(demande=demande, auteur=resp, jour=JOUR + dt.timedelta(days=3))
    services.demande_passer_en_instruction(demande=demande, auteur=dreets, jour=JOUR + dt.timedelta(days=4))
    assert demande.etat == EtatDemande.EN_INSTRUCTION
    assert demande.peut_modifier(resp) == (
        False,
        "La demande est en instruction : elle n'est plus modifiable (AGR-ETATS).",
    )
    with pytest.raises(PermissionDenied):
        services.piece_ajouter(demande=demande, auteur=resp, type=TypePiece.AUTRE, fichier=fichier())
    [agrement] = services.demande_accepter(
        demande=demande, auteur=dreets, debut=dt.date(2027, 5, 1), fin=dt.date(2035, 1, 1), jour=JOUR
    )
    assert agrement.fin == dt.date(2030, 6, 30)  # never beyond the millésime (AGR-DECISION)
    transitions = [
        (e.additional_data or {}).get("transition", {}).get("nom")
        for e in LogEntry.objects.get_for_object(demande).order_by("pk")
    ]
    assert transitions[-5:] == ["deposer", "demander_pieces", "deposer", "passer_en_instruction", "accepter"]


def test_only_the_dreets_of_the_region_instructs(monde):
    demande = monde.demande_b  # Lyon: région 84, not the persona's 11
    assert demande.peut_demander_pieces(monde.utilisateurs["agent_dreets"]) == (
        False,
        "Seule la DREETS de la région du site instruit cette demande.",
    )
    with pytest.raises(PermissionDenied):
        services.demande_classer_sans_suite(demande=demande, auteur=monde.utilisateurs["externe"], motif="x", jour=JOUR)


def test_refusal_needs_a_motive(monde, demande):
    dreets = monde.utilisateurs["agent_dreets"]
    demande.deposee_le = JOUR
    demande.etat = EtatDemande.EN_INSTRUCTION
    demande.save()
    with pytest.raises(ValidationError):
        services.demande_refuser(demande=demande, auteur=dreets, motif_refus="autre", motif="", jour=JOUR)
    services.demande_refuser(demande=demande, auteur=dreets, motif_refus="acces_locaux", jour=JOUR)
    assert demande.etat == EtatDemande.REFUSEE
    assert demande.motif_decision.startswith("Pas de justificatif")


def test_sans_suite_after_21_days_alert_then_closing(monde):
    demande = monde.demande_a
    demande.pieces_demandees_le = dt.date(2027, 3, 1)
    demande.save()
    assert list(complements_non_apportes(dt.date(2027, 3, 22))) == []
    [alerte] = list(complements_non_apportes(dt.date(2027, 3, 23)))
    assert alerte.code == "AGR-SANS-SUITE"
    assert alerte.organisme_id == monde.organisme_a.pk
    call_command("classer_demandes_sans_suite", "--jour", "2027-03-23", stdout=__import__("io").StringIO())
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.CLASSEE_SANS_SUITE
    assert "classée sans suite" in demande.motif_decision


def test_uploads_are_checked_from_their_content_and_size(monde, demande, settings):
    resp = monde.utilisateurs["responsable_organisme"]
    with pytest.raises(ValidationError) as erreur:
        services.piece_ajouter(
            demande=demande, auteur=resp, type=TypePiece.PLANNING, fichier=fichier("faux.pdf", b"MZ\x90\x00 not a pdf")
        )
    assert "n'est pas un fichier PDF, PNG, JPEG" in str(erreur.value)
    settings.TITREPRO_TAILLE_MAX_FICHIER = 10
    with pytest.raises(ValidationError, match="taille maximale"):
        services.piece_ajouter(demande=demande, auteur=resp, type=TypePiece.PLANNING, fichier=fichier())


def test_downloads_are_scoped_and_audited(monde, client_de):
    piece = monde.piece_a
    assert client_de("agent_dreets").get(reverse("web:piece_jointe", args=[piece.pk])).status_code == 200
    assert client_de("externe").get(reverse("web:piece_jointe", args=[piece.pk])).status_code == 404
    entree = LogEntry.objects.get_for_object(piece).get(action=LogEntry.Action.ACCESS)
    assert entree.actor == monde.utilisateurs["agent_dreets"]
    assert entree.additional_data == {"telechargement": "kbis.pdf"}


def test_perimetre_and_millesime_for_sessions(monde):
    agrement = monde.agrement_a
    jour = dt.date(2027, 3, 1)
    assert (
        agrement_couvrant(site=monde.site_a, millesime=agrement.millesime, premier_jour=jour, dernier_jour=jour)
        == agrement
    )
    assert verifier_perimetre(
        site=monde.site_a, millesime=agrement.millesime, premier_jour=jour, dernier_jour=jour, jour=jour
    ).ok
    nouveau = f.MillesimeFactory(titre=agrement.millesime.titre)
    verdict = verifier_perimetre(site=monde.site_a, millesime=nouveau, premier_jour=jour, dernier_jour=jour, jour=jour)
    assert verdict.code == "AGR-MILLESIME"
    assert verdict.bloque
    hors = verifier_perimetre(
        site=monde.site_a,
        millesime=agrement.millesime,
        premier_jour=dt.date(2028, 12, 30),
        dernier_jour=dt.date(2029, 1, 2),
        jour=jour,
    )
    with pytest.raises(RegleRefusee) as refus:
        exiger(hors)
    assert refus.value.regle == "AGR-PERIMETRE"


def test_plateau_change_ends_the_site_agrements(monde, django_capture_on_commit_callbacks):
    resp = monde.utilisateurs["responsable_organisme"]
    with django_capture_on_commit_callbacks(execute=True):
        changement, verdict = services.site_changer_plateau(
            site=monde.site_a,
            auteur=resp,
            nature="configuration",
            date_effet=dt.date(2027, 6, 1),
            description="Nouvel atelier",
            jour=JOUR,
        )
    agrement = Agrement.objects.get(pk=monde.agrement_a.pk)
    assert agrement.etat == EtatAgrement.EXPIRE
    assert agrement.fin == dt.date(2027, 5, 31)
    assert verdict.code == "AGR-PLATEAU"
    assert "nouvelle demande d'agrément est nécessaire" in changement.constat
    assert monde.utilisateurs["agent_dreets"].email in mail.outbox[0].to


def test_agrement_suspended_by_the_dreets_only(monde):
    with pytest.raises(PermissionDenied):
        services.agrement_changer_etat(
            agrement=monde.agrement_a, auteur=monde.utilisateurs["responsable_organisme"], action="suspendre", motif="x"
        )
    services.agrement_changer_etat(
        agrement=monde.agrement_a, auteur=monde.utilisateurs["agent_dreets"], action="suspendre", motif="Contrôle"
    )
    assert monde.agrement_a.etat == EtatAgrement.SUSPENDU
    assert not DemandeAgrement.objects.filter(etat="inconnu").exists()


def test_the_daily_sweep_closes_overdue_requests_and_resolves_their_alert(monde):
    import io

    from titrepro.conformite.models import Alerte, EtatAlerte

    demande = monde.demande_a
    demande.pieces_demandees_le = dt.date(2027, 3, 1)
    demande.save()
    call_command("sweep", "--jour", "2027-03-22", stdout=io.StringIO())
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_CONSTRUCTION  # 21 days not yet run out

    sortie = io.StringIO()
    call_command("sweep", "--jour", "2027-03-23", stdout=sortie)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.CLASSEE_SANS_SUITE
    assert "AGR-SANS-SUITE : 1 traitement(s) automatique(s)." in sortie.getvalue()
    assert not Alerte.objects.filter(code="AGR-SANS-SUITE", object_id=demande.pk, etat=EtatAlerte.OUVERTE).exists()
