"""The demo référentiel file: valid, importable, and holding what the demo relies on."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command

import titrepro
from titrepro.referentiel import echange
from titrepro.referentiel.models import CCS, Epreuve, Millesime, Titre

FICHIER = Path(titrepro.__file__).parent / "demo" / "donnees" / "referentiel.json"


@pytest.fixture(scope="module")
def document() -> echange.DocumentReferentiel:
    return echange.lire_json(FICHIER.read_bytes())


def test_le_fichier_de_demo_est_valide_et_ecrit_comme_l_exporte(document):
    # Written exactly as the export writes it: exporter_referentiel after an import gives the same file.
    assert echange.document_vers_json(document) == FICHIER.read_text(encoding="utf-8")


def test_le_fichier_de_demo_couvre_ce_que_la_demo_montre(document):
    titres = {titre.intitule: titre for titre in document.titres}
    assert len(titres) >= 6
    assert {titre.secteur for titre in document.titres} == {"BTP", "industrie", "tertiaire"}
    assert any(titre.transport for titre in document.titres)
    bim = titres["BIM modeleur du bâtiment"]
    assert (bim.code, bim.rncp, bim.niveau) == ("TP-01361", "RNCP39520", 5)
    ancien, successeur = bim.millesimes
    assert ancien.fin_validite == dt.date(2025, 3, 15)
    assert successeur.date_effet == dt.date(2025, 3, 16)
    assert successeur.fin_validite == dt.date(2030, 4, 14)
    assert any(m.ccss for titre in document.titres for m in titre.millesimes)
    for titre in document.titres:
        for millesime in titre.millesimes:
            assert millesime.epreuves, f"{titre.code} {millesime.version} sans épreuve"
            assert millesime.epreuves[-1].type == "entretien_final"
            assert millesime.duree_lecture_dossier > 0
            if any(e.duree_demo for e in millesime.epreuves):
                assert millesime.donnees_demo


def test_les_durees_reelles_ne_sont_pas_marquees_de_demonstration(document):
    cda = next(titre for titre in document.titres if titre.code == "TP-01281")
    epreuves = cda.millesimes[0].epreuves
    assert sum(e.duree_minutes for e in epreuves) == 135  # 2 h 15 per candidate, from the official RE
    assert not any(e.duree_demo for e in epreuves)


@pytest.mark.django_db
def test_le_fichier_de_demo_s_importe_deux_fois_sans_doublon():
    call_command("importer_referentiel", str(FICHIER), stdout=io.StringIO(), stderr=io.StringIO())
    compte = (Titre.objects.count(), Millesime.objects.count(), Epreuve.objects.count(), CCS.objects.count())
    call_command("importer_referentiel", str(FICHIER), stdout=io.StringIO(), stderr=io.StringIO())
    assert (Titre.objects.count(), Millesime.objects.count(), Epreuve.objects.count(), CCS.objects.count()) == compte
    assert compte[0] >= 6
    assert compte[3] == 1
    assert Millesime.objects.filter(titre__intitule="BIM modeleur du bâtiment", fin_validite="2025-03-15").exists()
