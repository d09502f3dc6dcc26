"""PV: edition refused without every decision (RES-SAISIE), signature order, hash, voiding, transmission, DDETS."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from tests import factories as f
from tests.proces_verbaux.conftest import MOT_DE_PASSE, SessionDecidee, construire_session_decidee, mettre_etat
from titrepro.comptes.roles import Role
from titrepro.core.erreurs import RegleRefusee
from titrepro.examens.alertes import echeances_de_session
from titrepro.examens.models import EtatSession
from titrepro.proces_verbaux import services
from titrepro.proces_verbaux.models import DocumentPv, SignaturePv, TypeDocumentPv
from titrepro.resultats.signaux import resultats_modifies

pytestmark = pytest.mark.django_db


def editer(d: SessionDecidee) -> Any:
    return services.pv_editer(session=d.session, auteur=d.monde.responsable)


def signer(d: SessionDecidee, user: Any, mot_de_passe: str = MOT_DE_PASSE) -> SignaturePv:
    return services.pv_signer(session=d.session, signataire=user, mot_de_passe=mot_de_passe, adresse_ip="192.0.2.7")


def tout_signer(d: SessionDecidee) -> None:
    for jure in d.jures:
        signer(d, jure)
    signer(d, d.monde.responsable)


def test_edition_refusee_tant_qu_un_candidat_n_a_pas_de_decision(decidee: SessionDecidee) -> None:
    mettre_etat(decidee.inscriptions[1], "present")
    with pytest.raises(RegleRefusee) as refus:
        editer(decidee)
    assert refus.value.regle == "RES-SAISIE"
    assert "1 candidat(s) sans décision" in refus.value.message
    assert "MARTIN Bruno" in refus.value.message
    assert refus.value.source
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.RESULTATS_SAISIS


def test_edition_produit_les_pdf_avec_leur_empreinte(decidee: SessionDecidee) -> None:
    pv = editer(decidee)
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.PV_EDITE
    assert pv.version == 1
    documents = list(pv.documents_courants())
    types = sorted(d.type_document for d in documents)
    assert types == ["general", "individuel", "individuel", "individuels"]
    for document in documents:
        with document.fichier.open("rb") as fichier:
            assert fichier.read().startswith(b"%PDF-")
        assert len(document.empreinte) == 64
        assert document.contenu_intact()


def test_le_responsable_signe_apres_chaque_membre_du_jury(decidee: SessionDecidee) -> None:
    editer(decidee)
    with pytest.raises(RegleRefusee) as refus:
        signer(decidee, decidee.monde.responsable)
    assert refus.value.regle == "RES-SAISIE"
    assert "Chaque membre du jury signe, puis le responsable de session" in refus.value.message
    assert "Jeanne JEANNE" in refus.value.message
    assert "Paul PAUL" in refus.value.message
    signer(decidee, decidee.jures[0])
    with pytest.raises(RegleRefusee, match="Paul PAUL"):
        signer(decidee, decidee.monde.responsable)
    signer(decidee, decidee.jures[1])
    signature = signer(decidee, decidee.monde.responsable)
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.PV_SIGNE
    assert signature.adresse_ip == "192.0.2.7"
    assert signature.empreinte == signature.proces_verbal.empreinte_version(1)
    assert signature.conforme_au_document()


def test_signature_exige_le_mot_de_passe_et_un_signataire_de_la_session(decidee: SessionDecidee) -> None:
    editer(decidee)
    with pytest.raises(ValidationError, match="Mot de passe incorrect"):
        signer(decidee, decidee.jures[0], "pas-le-bon")
    etranger = f.UtilisateurFactory(email="etranger@jury.fr")
    f.AffectationFactory(utilisateur=etranger, role=Role.MEMBRE_JURY)
    with pytest.raises(PermissionDenied, match="membres du jury qui ont siégé"):
        signer(decidee, etranger)
    signer(decidee, decidee.jures[0])
    with pytest.raises(PermissionDenied, match="déjà signé la version 1"):
        signer(decidee, decidee.jures[0])
    assert SignaturePv.objects.count() == 1


def test_document_altere_detecte_et_signature_refusee(decidee: SessionDecidee) -> None:
    pv = editer(decidee)
    signature = signer(decidee, decidee.jures[0])
    general = pv.documents_courants().get(type_document=TypeDocumentPv.GENERAL)
    nom = general.fichier.name
    general.fichier.storage.delete(nom)
    general.fichier.storage.save(nom, ContentFile(b"%PDF-1.4 falsifie"))
    assert not general.contenu_intact()
    assert [d.pk for d in services.verifier_integrite(pv)] == [general.pk]
    with pytest.raises(ValidationError, match="empreinte SHA-256"):
        signer(decidee, decidee.jures[1])
    # Replacing the recorded hash too does not fool the signature: it was made on the former fingerprint.
    DocumentPv.objects.filter(pk=general.pk).update(empreinte="0" * 64)
    assert not signature.conforme_au_document()


def test_un_resultat_modifie_annule_les_signatures_et_le_dit(
    decidee: SessionDecidee, django_capture_on_commit_callbacks: Any
) -> None:
    editer(decidee)
    tout_signer(decidee)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resultats_modifies.send(
            sender=None,
            session=decidee.session,
            par=decidee.monde.responsable,
            motif="décision de MARTIN Bruno modifiée",
        )
    courriels = [m for m in mail.outbox if "Signature du PV annulée" in m.subject]
    assert len(courriels) == 1
    assert set(courriels[0].to) == {"jeanne@jury.fr", "paul@jury.fr", "resp@session.fr"}
    assert "décision de MARTIN Bruno modifiée" in courriels[0].body
    assert "version 1) est annulée" in courriels[0].body
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.RESULTATS_SAISIS
    pv = decidee.session.proces_verbal
    assert pv.version == 2
    signatures = list(SignaturePv.objects.filter(proces_verbal=pv))
    assert len(signatures) == 3
    assert all(s.annulee_le is not None for s in signatures)
    assert all(s.motif_annulation.startswith("annulée : les résultats ont changé le ") for s in signatures)
    assert "décision de MARTIN Bruno modifiée" in signatures[0].motif_annulation
    assert pv.documents.filter(version=1).count() == 4  # the signed version is kept
    assert pv.documents.filter(version=2).count() == 4
    assert not pv.signatures_valides().exists()


def test_transmission_et_delai_15_jours(decidee: SessionDecidee) -> None:
    editer(decidee)
    tout_signer(decidee)
    # 15 days after the last day (15/06/2027): 30/06/2027 is in time, 01/07 is late.
    verdict = services.verdict_delai(decidee.session, jour=dt.date(2027, 6, 30))
    assert verdict is not None
    assert verdict.ok
    assert verdict.echeance == dt.date(2027, 6, 30)
    retard = services.verdict_delai(decidee.session, jour=dt.date(2027, 7, 1))
    assert retard is not None
    assert not retard.ok
    assert "attendus au plus tard le 30/06/2027" in retard.message
    pv = services.pv_transmettre(session=decidee.session, auteur=decidee.monde.responsable, jour=dt.date(2027, 6, 28))
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.TRANSMISE
    assert pv.transmis_le == dt.date(2027, 6, 28)
    verdict = services.verdict_delai(decidee.session, jour=dt.date(2027, 7, 20))
    assert verdict is not None
    assert verdict.ok
    assert "transmis le 28/06/2027, dans le délai" in verdict.message
    ligne = next(e for e in echeances_de_session(decidee.session, jour=dt.date(2027, 7, 1)) if e.code == "RES-PV-DELAI")
    assert ligne.etat == "faite"
    assert ligne.faite_le == dt.date(2027, 6, 28)
    assert "28/06/2027" in ligne.details


def test_delai_5_jours_pour_un_titre_du_transport(db: None) -> None:
    d = construire_session_decidee()
    titre = d.session.millesime.titre
    titre.transport = True
    titre.save()
    d.session.refresh_from_db()
    verdict = services.verdict_delai(d.session, jour=dt.date(2027, 6, 21))
    assert verdict is not None
    assert not verdict.ok
    assert "attendus au plus tard le 20/06/2027" in verdict.message
    assert "transport" in verdict.message


def test_transmission_refusee_avant_la_signature_du_responsable(decidee: SessionDecidee) -> None:
    editer(decidee)
    with pytest.raises(ValidationError, match="Seul un PV signé"):
        services.pv_transmettre(session=decidee.session, auteur=decidee.monde.responsable, jour=dt.date(2027, 6, 20))


def _transmise(d: SessionDecidee) -> None:
    editer(d)
    tout_signer(d)
    services.pv_transmettre(session=d.session, auteur=d.monde.responsable, jour=dt.date(2027, 6, 20))


def test_validation_par_la_ddets_du_departement_seulement(
    decidee: SessionDecidee, django_capture_on_commit_callbacks: Any
) -> None:
    _transmise(decidee)
    autre = f.UtilisateurFactory(email="ddets69@exemple.fr")
    f.AffectationFactory(utilisateur=autre, role=Role.AGENT_DDETS, departement=f.departement("69"))
    with pytest.raises(PermissionDenied, match="autre DDETS"):
        services.pv_valider(session=decidee.session, agent=autre, jour=dt.date(2027, 6, 25))
    with pytest.raises(PermissionDenied):
        services.pv_valider(session=decidee.session, agent=decidee.monde.responsable, jour=dt.date(2027, 6, 25))
    mail.outbox.clear()
    candidat = decidee.inscriptions[0].candidat
    candidat.email = "alice@exemple.fr"
    candidat.save()
    with django_capture_on_commit_callbacks(execute=True):
        pv = services.pv_valider(session=decidee.session, agent=decidee.monde.agent_ddets, jour=dt.date(2027, 6, 25))
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.VALIDEE
    assert pv.valide_le == dt.date(2027, 6, 25)
    publies = [m for m in mail.outbox if m.to == ["alice@exemple.fr"]]
    assert len(publies) == 1
    assert "validés par le service départemental le 25/06/2027" in publies[0].body


def test_renvoi_pour_correction_motif_obligatoire_signatures_annulees(
    decidee: SessionDecidee, django_capture_on_commit_callbacks: Any
) -> None:
    _transmise(decidee)
    with pytest.raises(ValidationError, match="motif"):
        services.pv_renvoyer(
            session=decidee.session, agent=decidee.monde.agent_ddets, motif=" ", jour=dt.date(2027, 6, 25)
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pv = services.pv_renvoyer(
            session=decidee.session,
            agent=decidee.monde.agent_ddets,
            motif="Décision de MARTIN Bruno incohérente avec ses CCP",
            jour=dt.date(2027, 6, 25),
        )
    renvoi = next(m for m in mail.outbox if "renvoyé pour correction" in m.subject)
    assert {"resp@session.fr", "supp@session.fr", "respo@session.fr"} <= set(renvoi.to)
    assert "Motif : Décision de MARTIN Bruno incohérente avec ses CCP" in renvoi.body
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.RESULTATS_SAISIS
    assert pv.motif_renvoi == "Décision de MARTIN Bruno incohérente avec ses CCP"
    assert pv.transmis_le is None
    assert not pv.signatures.filter(annulee_le__isnull=True).exists()
    assert all("renvoyé pour correction par la DDETS le 25/06/2027" in s.motif_annulation for s in pv.signatures.all())
    # Edited again: a new version to sign.
    assert editer(decidee).version == 2


def test_pv_annulation_signe_par_le_responsable_et_transmis(monde_session: Any) -> None:
    from titrepro.examens.services.sessions import session_annuler

    session = monde_session.creer()
    mettre_etat(session, EtatSession.CONVOQUEE)
    session_annuler(
        session=session,
        auteur=monde_session.responsable,
        jour=dt.date(2027, 5, 2),
        motif="Site inondé",
        decision_dte="destruction",
    )
    session.refresh_from_db()
    assert session.pv_annulation_du
    pv = services.pv_editer(session=session, auteur=monde_session.responsable)
    assert pv.est_annulation
    assert pv.documents_courants().get().type_document == "annulation"
    with pytest.raises(ValidationError, match="signé par le responsable"):
        services.pv_transmettre(session=session, auteur=monde_session.responsable, jour=dt.date(2027, 5, 3))
    services.pv_signer(session=session, signataire=monde_session.responsable, mot_de_passe=MOT_DE_PASSE)
    pv = services.pv_transmettre(session=session, auteur=monde_session.responsable, jour=dt.date(2027, 5, 3))
    assert pv.transmis_le == dt.date(2027, 5, 3)
    session.refresh_from_db()
    assert session.etat == EtatSession.ANNULEE


def test_le_pv_general_mentionne_jurys_decisions_absences_et_fraudes(decidee: SessionDecidee) -> None:
    from django.utils import timezone

    from titrepro.examens.models.deroulement import Incident
    from titrepro.proces_verbaux.documents import pv_general_html

    mettre_etat(decidee.inscriptions[1], "exclu_fraude")
    incident = Incident(
        session=decidee.session,
        inscription=decidee.inscriptions[1],
        nature="fraude",
        description="Téléphone consulté pendant l'épreuve écrite",
        survenu_le=timezone.make_aware(dt.datetime(2027, 6, 14, 10, 5)),
        rapport_nom="rapport-fraude.pdf",
    )
    incident.rapport.save("rapport-fraude.pdf", ContentFile(b"%PDF-1.4 rapport"), save=False)
    incident.save()
    html = pv_general_html(decidee.session, version=1, jour=dt.date(2027, 6, 15))
    assert "Jeanne JEANNE" in html
    assert "Titre obtenu" in html
    assert "Exclu (fraude)" in html
    assert "Téléphone consulté pendant l&#x27;épreuve écrite" in html
    assert "rapport signé joint : rapport-fraude.pdf" in html


def test_annuler_une_decision_apres_signature_invalide_le_pv(decidee: SessionDecidee) -> None:
    """Through the results service itself: the signal reaches the PV (RES-SAISIE)."""
    from titrepro.resultats.services import decision_annuler

    editer(decidee)
    tout_signer(decidee)
    decision_annuler(inscription=decidee.inscriptions[1], par=decidee.monde.responsable, motif="erreur de CCP")
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.RESULTATS_SAISIS
    pv = decidee.session.proces_verbal
    assert not pv.signatures.filter(annulee_le__isnull=True).exists()
    assert "Décision annulée pour MARTIN Bruno : erreur de CCP" in pv.signatures.first().motif_annulation
    assert pv.version == 1  # a candidate has no decision any more: the PV is edited again once decided
    with pytest.raises(RegleRefusee, match="MARTIN Bruno"):
        editer(decidee)


def test_alerte_pv_non_transmis_apres_le_delai(decidee: SessionDecidee) -> None:
    from titrepro.proces_verbaux.alertes import pv_non_transmis

    assert not list(pv_non_transmis(dt.date(2027, 6, 30)))  # last day in time (15 days after 15/06/2027)
    alertes = list(pv_non_transmis(dt.date(2027, 7, 1)))
    assert [a.sujet.pk for a in alertes] == [decidee.session.pk]
    assert "attendus au plus tard le 30/06/2027" in alertes[0].message
    assert decidee.monde.responsable in alertes[0].destinataires
    editer(decidee)
    tout_signer(decidee)
    services.pv_transmettre(session=decidee.session, auteur=decidee.monde.responsable, jour=dt.date(2027, 7, 2))
    assert not list(pv_non_transmis(dt.date(2027, 7, 3)))


def test_une_absence_justifiee_apres_signature_annule_les_signatures(decidee: SessionDecidee) -> None:
    from titrepro.examens.signaux import absence_justifiee_apres_pv

    editer(decidee)
    tout_signer(decidee)
    absence_justifiee_apres_pv.send(
        sender=None, session=decidee.session, par=decidee.monde.responsable, motif="absence de MARTIN Bruno justifiée"
    )
    decidee.session.refresh_from_db()
    assert decidee.session.etat == EtatSession.RESULTATS_SAISIS
    pv = decidee.session.proces_verbal
    assert not pv.signatures_valides().exists()
    assert all(
        "absence de MARTIN Bruno justifiée" in s.motif_annulation for s in SignaturePv.objects.filter(proces_verbal=pv)
    )
