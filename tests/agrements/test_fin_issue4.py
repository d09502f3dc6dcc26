"""End of issue 4: no overlapping agréments (both databases), token download of pieces, AGR-DECISION and AGR-SIRET
alerts, the DREETS confirmation of a SIRET change."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from titrepro.agrements import services
from titrepro.agrements.alertes import changements_siret_a_reporter, decisions_en_retard
from titrepro.agrements.models import Agrement, DemandeAgrement, EtatAgrement, EtatDemande
from titrepro.conformite.signalements import sources_d_alertes
from titrepro.demo.monde import siret_fictif
from titrepro.organisations import services as org
from titrepro.organisations.models import ChangementSiret

D = dt.date

# ------------------------------------------------------------------------------------------------ overlaps


def _agrement(monde, debut, fin, **champs):
    return Agrement(
        organisme=monde.organisme_a, site=monde.site_a, millesime=monde.millesime, debut=debut, fin=fin, **champs
    )


def test_overlapping_active_agrement_is_refused_in_french(monde):
    # agrement_a covers 2025-01-01 → 2028-12-31 on site A × millésime.
    with pytest.raises(ValidationError) as erreur:
        _agrement(monde, D(2028, 6, 1), D(2028, 12, 31)).full_clean()
    assert "ne peuvent se chevaucher" in str(erreur.value)
    assert "01/01/2025" in str(erreur.value)


def test_non_overlapping_or_inactive_agrements_are_allowed(monde):
    monde.millesime.fin_validite = D(2030, 12, 31)
    monde.millesime.save()
    suivant = _agrement(monde, D(2029, 1, 1), D(2029, 12, 31))
    suivant.full_clean()
    suivant.save()
    retire = _agrement(monde, D(2026, 1, 1), D(2026, 12, 31), etat=EtatAgrement.RETIRE)
    retire.full_clean()
    retire.save()  # a withdrawn agrément does not count (the database agrees on PostgreSQL)
    # Another site of organisme A, same period: no conflict either.
    from tests import factories as f

    autre_site = f.SiteFactory(organisme=monde.organisme_a, departement=monde.site_a.departement)
    Agrement(
        organisme=monde.organisme_a, site=autre_site, millesime=monde.millesime, debut=D(2026, 1, 1), fin=D(2026, 6, 1)
    ).full_clean()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraint on PostgreSQL only")
@pytest.mark.django_db(transaction=False)
def test_postgresql_excludes_overlaps_even_without_clean(monde):
    with pytest.raises(IntegrityError, match="agrement_sans_chevauchement"), transaction.atomic():
        _agrement(monde, D(2027, 1, 1), D(2027, 2, 1)).save()


def test_reinstating_an_agrement_that_would_overlap_is_refused(monde):
    monde.agrement_a.suspendre(motif="contrôle")
    monde.agrement_a.save()
    remplacant = _agrement(monde, D(2026, 1, 1), D(2026, 12, 31))
    remplacant.full_clean()
    remplacant.save()
    suspendu = Agrement.objects.get(pk=monde.agrement_a.pk)
    with pytest.raises(ValidationError, match="ne peuvent se chevaucher"):
        services.agrement_changer_etat(
            agrement=suspendu, auteur=monde.utilisateurs["agent_dreets"], action="retablir", motif="fin du contrôle"
        )
    assert suspendu.etat == EtatAgrement.SUSPENDU  # the page shows it as it is
    assert Agrement.objects.get(pk=monde.agrement_a.pk).etat == EtatAgrement.SUSPENDU


def test_accepting_a_request_that_overlaps_an_agrement_is_refused(monde):
    demande = monde.demande_a
    demande.etat = EtatDemande.EN_INSTRUCTION
    demande.save()
    with pytest.raises(ValidationError, match="ne peuvent se chevaucher"):
        services.demande_accepter(
            demande=demande,
            auteur=monde.utilisateurs["agent_dreets"],
            debut=D(2027, 9, 1),
            fin=D(2028, 8, 31),
            jour=D(2027, 8, 1),
        )
    assert DemandeAgrement.objects.get(pk=demande.pk).etat == EtatDemande.EN_INSTRUCTION


# ------------------------------------------------------------------------------------------------ token download


def _jeton(monde, persona):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=monde.utilisateurs[persona]).key}")
    return client


def test_piece_downloaded_with_a_token_only_and_audited(monde):
    url = reverse("demande-agrement-piece-fichier", kwargs={"pk": monde.demande_a.pk, "piece_pk": monde.piece_a.pk})
    reponse = _jeton(monde, "agent_dreets").get(url)
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")
    assert 'filename="kbis.pdf"' in reponse["Content-Disposition"]
    entree = LogEntry.objects.get_for_object(monde.piece_a).filter(action=LogEntry.Action.ACCESS).get()
    assert entree.actor == monde.utilisateurs["agent_dreets"]
    assert entree.additional_data == {"telechargement": "kbis.pdf"}


def test_piece_download_is_scoped(monde):
    url = reverse("demande-agrement-piece-fichier", kwargs={"pk": monde.demande_a.pk, "piece_pk": monde.piece_a.pk})
    assert APIClient().get(url).status_code == 401
    assert _jeton(monde, "externe").get(url).status_code == 404
    assert _jeton(monde, "formateur").get(url).status_code == 403
    # A piece of another request through this request's address: not found.
    croise = reverse("demande-agrement-piece-fichier", kwargs={"pk": monde.demande_a.pk, "piece_pk": monde.piece_b.pk})
    assert _jeton(monde, "administrateur").get(croise).status_code == 404
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_request_api_links_pieces_to_the_token_download(monde):
    corps = _jeton(monde, "responsable_organisme").get(reverse("demande-agrement-detail", args=[monde.demande_a.pk]))
    [piece] = corps.json()["pieces"]
    assert (
        piece["telechargement"] == f"/api/v1/demandes-agrement/{monde.demande_a.pk}/pieces/{monde.piece_a.pk}/fichier/"
    )


# ------------------------------------------------------------------------------------------------ AGR-DECISION


def test_sources_are_registered():
    assert decisions_en_retard in sources_d_alertes()["AGR-DECISION"]
    assert changements_siret_a_reporter in sources_d_alertes()["AGR-SIRET"]


def test_no_decision_two_months_after_a_complete_request(monde):
    DemandeAgrement.objects.filter(pk=monde.demande_a.pk).update(complete_le=D(2027, 3, 1))
    assert [a for a in decisions_en_retard(D(2027, 5, 1)) if a.sujet == monde.demande_a] == []
    [alerte] = [a for a in decisions_en_retard(D(2027, 5, 2)) if a.sujet == monde.demande_a]
    assert alerte.code == "AGR-DECISION"
    assert "aucune décision au 01/05/2027" in alerte.message
    assert alerte.region_id == monde.site_a.departement.region_id
    assert [u.pk for u in alerte.destinataires] == [monde.utilisateurs["agent_dreets"].pk]
    # Complements asked: the clock is the organisme's, no alert; a decision closes it too.
    DemandeAgrement.objects.filter(pk=monde.demande_a.pk).update(pieces_demandees_le=D(2027, 4, 1))
    assert [a for a in decisions_en_retard(D(2027, 5, 2)) if a.sujet == monde.demande_a] == []
    DemandeAgrement.objects.filter(pk=monde.demande_a.pk).update(
        pieces_demandees_le=None, etat=EtatDemande.REFUSEE, decision_le=D(2027, 6, 1)
    )
    assert [a for a in decisions_en_retard(D(2027, 6, 2)) if a.sujet == monde.demande_a] == []


def test_agrement_beyond_its_millesime(monde):
    Agrement.objects.filter(pk=monde.agrement_a.pk).update(fin=D(2029, 6, 30))  # millésime ends 2029-01-01
    [alerte] = [a for a in decisions_en_retard(D(2027, 1, 1)) if a.sujet == monde.agrement_a]
    assert "au-delà de la fin du millésime (01/01/2029)" in alerte.message
    assert alerte.organisme_id == monde.organisme_a.pk
    assert monde.utilisateurs["responsable_organisme"] in alerte.destinataires


# ------------------------------------------------------------------------------------------------ AGR-SIRET


def _changer_siret(monde):
    return org.organisme_changer_siret(
        organisme=monde.organisme_a,
        nouveau_siret=siret_fictif("55500077", "0001"),
        date_effet=D(2027, 3, 1),
        motif="Fusion",
        auteur=monde.utilisateurs["responsable_organisme"],
        jour=D(2027, 2, 15),
    )


def test_siret_change_alert_until_the_dreets_confirms(monde, client_de):
    changement = _changer_siret(monde)
    [alerte] = changements_siret_a_reporter(D(2027, 2, 16))
    assert alerte.code == "AGR-SIRET"
    assert alerte.sujet == changement
    assert "1 site à transférer" in alerte.message
    assert "1 agrément(s) en vigueur" in alerte.message
    assert [u.pk for u in alerte.destinataires] == [monde.utilisateurs["agent_dreets"].pk]

    url = reverse("web:changement_siret_confirmer", args=[changement.pk])
    assert client_de("responsable_organisme").post(url).status_code == 403
    assert client_de("agent_dreets").post(url).status_code == 302
    changement.refresh_from_db()
    assert changement.transfert_confirme_le is not None
    assert changement.transfert_confirme_par == monde.utilisateurs["agent_dreets"]
    assert list(changements_siret_a_reporter(D(2027, 2, 16))) == []
    page = client_de("responsable_organisme").get(reverse("web:organisme", args=[monde.organisme_a.pk]))
    assert "report confirmé par la DREETS" in page.content.decode()


def test_only_the_dreets_of_the_sites_confirms(monde):
    changement = _changer_siret(monde)
    with pytest.raises(Exception, match="Seule la DREETS"):
        org.changement_siret_confirmer(
            changement=changement, auteur=monde.utilisateurs["agent_ddets"], jour=D(2027, 2, 16)
        )
    assert ChangementSiret.objects.get(pk=changement.pk).transfert_confirme_le is None
