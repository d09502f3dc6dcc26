"""Archives: retention end of every document, the guard against early deletion, ARC-DP, the purge."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

from titrepro.archives import registre, services
from titrepro.archives.models import CopieDossierProfessionnel, LignePurge
from titrepro.core.erreurs import RegleRefusee
from titrepro.examens.models import Convocation, Inscription, Session

PDF = b"%PDF-1.4\n%archive\n"
AUJOURD_HUI = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _aujourd_hui(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AUJOURD_HUI)


@pytest.fixture
def inscription_a2(monde):
    """A second registration in session A (candidat_a2), with no DP consent yet."""
    return Inscription.objects.create(
        session=monde.session_a,
        candidat=monde.candidat_a2,
        public="formation",
        inscrit_le=dt.date(2027, 1, 10),
        inscrit_par=monde.utilisateurs["responsable_session"],
    )


def _preuve(convocation: Convocation) -> Convocation:
    convocation.preuve.save("ar.pdf", ContentFile(PDF), save=True)
    return convocation


def _ancienne(session: Session, dernier_jour: dt.date) -> Session:
    Session.objects.filter(pk=session.pk).update(
        premier_jour=dernier_jour - dt.timedelta(days=1), dernier_jour=dernier_jour
    )
    session.refresh_from_db()
    return session


def test_every_session_document_has_its_retention_end(monde):
    documents = registre.documents_de_session(monde.session_a)
    assert documents, "the persona world stores a signed attendance sheet"
    # Session A ends on 15/06/2027: kept until 15/06/2032 (ARC-CONSERVATION, 5 years).
    assert {d.conserver_jusqu_au for d in documents} == {dt.date(2032, 6, 15)}
    assert "feuille_emargement" in {d.type_document.cle for d in documents}


def test_the_guard_refuses_an_early_delete_by_every_path(monde, inscription_a2):
    convocation = _preuve(monde.convocation_a)
    with pytest.raises(RegleRefusee, match="jusqu'au 15/06/2032") as refus, transaction.atomic():
        convocation.delete()
    assert refus.value.regle == "ARC-CONSERVATION"
    with pytest.raises(RegleRefusee), transaction.atomic():
        Convocation.objects.filter(pk=convocation.pk).delete()
    autre = inscription_a2
    _preuve(Convocation.objects.create(inscription=autre, mode="lrar"))
    with pytest.raises(RegleRefusee), transaction.atomic():  # cascade from the registration
        Inscription.objects.get(pk=autre.pk).delete()
    assert Convocation.objects.filter(inscription=autre).exists()
    # Cascade from a session (a fresh one: the world's session also holds protected records).
    nouvelle = Session.objects.create(
        organisme=monde.organisme_a,
        site=monde.site_a,
        agrement=monde.agrement_a,
        millesime=monde.millesime,
        premier_jour=dt.date(2027, 9, 6),
        dernier_jour=dt.date(2027, 9, 7),
        responsable=monde.utilisateurs["responsable_session"],
        etat="creee",
        creee_le=dt.date(2027, 1, 4),
        programmee_le=dt.date(2027, 1, 4),
    )
    inscrite = Inscription.objects.create(
        session=nouvelle,
        candidat=monde.candidat_a2,
        public="formation",
        inscrit_le=dt.date(2027, 1, 10),
        inscrit_par=monde.utilisateurs["responsable_session"],
    )
    _preuve(Convocation.objects.create(inscription=inscrite, mode="lrar"))
    with pytest.raises(RegleRefusee, match="07/09/2032"), transaction.atomic():
        Session.objects.get(pk=nouvelle.pk).delete()
    assert Session.objects.filter(pk=nouvelle.pk).exists()
    # Emptying the file outside the purge is refused too.
    convocation.preuve = ""
    with pytest.raises(RegleRefusee), transaction.atomic():
        convocation.save()
    assert Convocation.objects.get(pk=convocation.pk).preuve


def test_the_admin_delete_is_refused_with_a_message(monde, client, inscription_a2):
    inscription = inscription_a2
    consentement = services.consentement_dp_enregistrer(
        candidat=inscription.candidat,
        donne_le=dt.date(2026, 11, 2),
        forme="ecrit",
        par=monde.utilisateurs["administrateur"],
    )
    copie = services.copie_dp_deposer(
        inscription=inscription,
        fichier=ContentFile(PDF, name="dp.pdf"),
        par=monde.utilisateurs["administrateur"],
        jour=AUJOURD_HUI,
    )
    admin = monde.utilisateurs["administrateur"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    reponse = client.post(
        f"/administration/archives/copiedossierprofessionnel/{copie.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert reponse.status_code == 200
    assert "ARC-CONSERVATION" in reponse.content.decode()
    assert CopieDossierProfessionnel.objects.filter(pk=copie.pk).exists()
    assert consentement.copies.count() == 1


def test_a_document_past_its_retention_may_be_deleted(monde):
    _ancienne(monde.session_a, dt.date(2021, 6, 15))  # kept until 15/06/2026, before today 05/12/2026
    convocation = _preuve(Convocation.objects.get(pk=monde.convocation_a.pk))
    convocation.delete()
    assert not Convocation.objects.filter(pk=convocation.pk).exists()


def test_dp_copy_needs_the_candidates_recorded_consent(monde, inscription_a2):
    inscription = inscription_a2
    par = monde.utilisateurs["responsable_session"]
    with pytest.raises(RegleRefusee, match="accord explicite") as refus:
        services.copie_dp_deposer(
            inscription=inscription, fichier=ContentFile(PDF, name="dp.pdf"), par=par, jour=AUJOURD_HUI
        )
    assert refus.value.regle == "ARC-DP"
    consentement = services.consentement_dp_enregistrer(
        candidat=inscription.candidat, donne_le=dt.date(2026, 11, 2), forme="ecrit", par=par
    )
    copie = services.copie_dp_deposer(
        inscription=inscription, fichier=ContentFile(PDF, name="dp.pdf"), par=par, jour=AUJOURD_HUI
    )
    assert copie.consentement == consentement
    consentement.retire_le = dt.date(2026, 12, 1)
    consentement.save()
    with pytest.raises(RegleRefusee, match="retiré son accord le 01/12/2026"):
        services.copie_dp_deposer(
            inscription=inscription, fichier=ContentFile(PDF, name="dp.pdf"), par=par, jour=AUJOURD_HUI
        )
    services.consentement_dp_enregistrer(
        candidat=inscription.candidat, donne_le=dt.date(2026, 12, 2), forme="ecrit", par=par
    )
    with pytest.raises(ValidationError):  # not a PDF
        services.copie_dp_deposer(
            inscription=inscription, fichier=ContentFile(b"texte", name="dp.txt"), par=par, jour=AUJOURD_HUI
        )


def test_purge_deletes_only_past_retention_documents_logs_them_and_is_idempotent(monde):
    ancienne = _ancienne(monde.session_a, dt.date(2021, 6, 15))  # retention ended 15/06/2026
    recente = monde.session_b  # 2027: kept until 2032
    feuille_ancienne, feuille_recente = monde.feuille_a, monde.feuille_b
    simulation = services.archives_purger(jusqu_au=AUJOURD_HUI, simuler=True)
    assert {d.objet.pk for d in simulation.documents if d.type_document.cle == "feuille_emargement"} == {
        feuille_ancienne.pk
    }
    assert not LignePurge.objects.exists()
    with pytest.raises(ValidationError, match="après aujourd'hui"):
        services.archives_purger(jusqu_au=dt.date(2033, 1, 1))

    sortie = StringIO()
    call_command("purger_archives", "--jusqu-au", "2026-12-05", stdout=sortie)
    assert "supprimé" in sortie.getvalue()
    feuille_ancienne.refresh_from_db()
    feuille_recente.refresh_from_db()
    assert not feuille_ancienne.fichier
    assert feuille_recente.fichier
    lignes = LignePurge.objects.filter(session=ancienne)
    assert lignes.count() == len(simulation.documents)
    ligne = lignes.get(type_document="feuille_emargement")
    assert ligne.conserver_jusqu_au == dt.date(2026, 6, 15)
    assert "15/06/2026" in ligne.motif
    assert not LignePurge.objects.filter(session=recente).exists()

    second = services.archives_purger(jusqu_au=AUJOURD_HUI)
    assert second.nombre == 0


def test_the_purge_task_refuses_nothing_early_and_reports(monde):
    from titrepro.archives.taches import purger_archives

    resultat = purger_archives.enqueue(jusqu_au="2026-12-05")
    assert resultat.return_value == "0 document(s) supprimé(s) (conservation finie au plus tard le 05/12/2026)."
    assert monde.feuille_a.fichier
