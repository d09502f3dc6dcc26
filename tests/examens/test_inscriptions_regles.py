"""The pure registration rules (CAN-PUBLICS, CAN-VAE, SES-RATTACHEMENT): no database, dates and names given."""

from __future__ import annotations

import datetime as dt

from titrepro.conformite.regles import FONCTIONS
from titrepro.conformite.regles.inscriptions import (
    CandidatExterne,
    PublicInscription,
    Rattachement,
    candidat_externe,
    publics,
    rattachement,
)

TITRE = "Secrétaire assistant"


def public(**champs: object) -> PublicInscription:
    valeurs: dict[str, object] = {"candidat": "DUPONT Marie", "public": "formation", "titre": TITRE}
    valeurs.update(champs)
    return PublicInscription(**valeurs)  # type: ignore[arg-type]


def test_the_three_rules_are_registered_for_the_engine():
    assert {"CAN-PUBLICS", "CAN-VAE", "SES-RATTACHEMENT"} <= set(FONCTIONS)


def test_a_person_trained_for_the_titre_is_registrable():
    verdict = publics(public(formations_au_titre=("du 01/09/2026 au 31/05/2027 chez Centre A",)))
    assert verdict.ok
    assert "formé(e) au titre" in verdict.message


def test_a_person_without_training_on_the_titre_is_refused_with_the_titre_named():
    verdict = publics(public())
    assert verdict.bloque
    assert verdict.code == "CAN-PUBLICS"
    assert "DUPONT Marie n'a suivi aucune formation au titre « Secrétaire assistant »" in verdict.message
    assert verdict.source == "002 engagement 8"


def test_partial_success_sits_only_the_missing_ccp():
    base = {"public": "reussite_partielle", "ccp_acquis": ("CCP 1",), "ccp_autorises": ("CCP 2",)}
    assert publics(public(**base, ccp_choisis=("CCP 2",))).ok
    refus = publics(public(**base, ccp_choisis=("CCP 1",)))
    assert refus.bloque
    assert "« CCP 1 »" in refus.message
    assert "possibles : « CCP 2 »" in refus.message


def test_partial_success_needs_a_ccp_held_and_not_the_titre():
    assert "ne détient aucun CCP" in publics(public(public="reussite_partielle", ccp_autorises=("CCP 2",))).message
    verdict = publics(public(public="reussite_partielle", ccp_acquis=("CCP 1",), titre_obtenu=True))
    assert verdict.bloque
    assert "détient déjà le titre" in verdict.message


def test_vae_needs_a_parcours_with_its_recevabilite():
    assert publics(public(public="vae")).bloque
    sans = publics(public(public="vae", parcours_vae=True))
    assert sans.bloque
    assert "recevabilité" in sans.message
    avec = publics(public(public="vae", parcours_vae=True, recevabilite_le=dt.date(2026, 10, 1)))
    assert avec.ok
    assert "01/10/2026" in avec.message


def test_a_trained_candidate_cannot_choose_ccp_in_a_titre_session():
    verdict = publics(public(formations_au_titre=("…",), ccp_choisis=("CCP 1",)))
    assert verdict.bloque
    assert "titre complet" in verdict.message


def externe(**champs: object) -> CandidatExterne:
    valeurs: dict[str, object] = {
        "candidat": "MARTIN Paul",
        "vae": False,
        "externe": True,
        "candidats_externes": False,
        "organisme": "Centre A",
        "agrement": "agrément du 01/01/2025 au 31/12/2028 (site Paris)",
    }
    valeurs.update(champs)
    return CandidatExterne(**valeurs)  # type: ignore[arg-type]


def test_vae_candidate_is_never_refused_even_without_external_candidates():
    verdict = candidat_externe(externe(vae=True))
    assert verdict.ok
    assert "même si l'agrément du 01/01/2025 au 31/12/2028 (site Paris) déclare ne pas accueillir" in verdict.message


def test_a_candidate_trained_elsewhere_is_refused_when_the_agrement_hosts_no_external_candidates():
    verdict = candidat_externe(externe())
    assert verdict.bloque
    assert verdict.code == "CAN-VAE"
    assert "Centre A déclare ne pas accueillir de candidats d'autres organismes" in verdict.message
    assert candidat_externe(externe(candidats_externes=True)).ok
    assert candidat_externe(externe(externe=False)).ok


def test_attachment_is_refused_once_the_convocations_are_issued():
    ouverte = rattachement(Rattachement("S2027-00001", "En préparation", True, "DUPONT Marie"))
    assert ouverte.ok
    close = rattachement(
        Rattachement("S2027-00001", "Convocations envoyées", False, "DUPONT Marie", convoquee_le=dt.date(2027, 5, 3))
    )
    assert close.bloque
    assert close.code == "SES-RATTACHEMENT"
    assert "depuis le 03/05/2027" in close.message
    assert "une nouvelle session est nécessaire" in close.message
