"""The pure rules of the PV (no database): RES-SAISIE, RES-PUBLICATION, RES-PV-DELAI with concrete dates."""

from __future__ import annotations

import datetime as dt

from titrepro.conformite.regles.resultats import (
    Publication,
    SaisieResultats,
    TransmissionPv,
    publication,
    pv_delai,
    saisie,
)


def test_res_saisie_candidats_sans_decision_puis_ordre_des_signatures() -> None:
    refus = saisie(SaisieResultats(candidats_sans_decision=("MARTIN Bruno",)))
    assert refus.bloque
    assert "1 candidat(s) sans décision du jury (MARTIN Bruno)" in refus.message
    ordre = saisie(SaisieResultats(jures_sans_signature=("Paul PAUL",)))
    assert ordre.bloque
    assert ordre.message.startswith("Chaque membre du jury signe, puis le responsable de session")
    assert saisie(SaisieResultats()).ok


def test_res_publication_apres_validation_seulement() -> None:
    assert publication(Publication(validee_le=None)).bloque
    publie = publication(Publication(validee_le=dt.date(2027, 6, 25)))
    assert publie.ok
    assert "25/06/2027" in publie.message


def test_res_pv_delai_15_jours_et_5_pour_le_transport() -> None:
    fin = dt.date(2027, 6, 15)
    assert pv_delai(TransmissionPv(fin, False, dt.date(2027, 6, 30), dt.date(2027, 7, 2))).ok
    tard = pv_delai(TransmissionPv(fin, False, dt.date(2027, 7, 1), dt.date(2027, 7, 2)))
    assert not tard.ok
    assert "attendus au plus tard le 30/06/2027" in tard.message
    assert pv_delai(TransmissionPv(fin, True, dt.date(2027, 6, 20), dt.date(2027, 6, 21))).ok
    transport = pv_delai(TransmissionPv(fin, True, None, dt.date(2027, 6, 21)))
    assert not transport.ok
    assert transport.echeance == dt.date(2027, 6, 20)
