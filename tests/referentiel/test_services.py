"""Import (all or nothing, idempotent) and export of the référentiel in the database."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from auditlog.models import LogEntry

from tests import factories as f
from tests.referentiel.documents import document_valide, epreuve
from titrepro.referentiel import echange
from titrepro.referentiel.echange import DocumentInvalide, EpreuveEchange
from titrepro.referentiel.models import CCP, CCS, Epreuve, EtatMillesime, Millesime, Titre
from titrepro.referentiel.services import referentiel_exporter, referentiel_importer

pytestmark = pytest.mark.django_db


def compter() -> dict[str, int]:
    return {
        "titres": Titre.objects.count(),
        "millesimes": Millesime.objects.count(),
        "ccp": CCP.objects.count(),
        "ccs": CCS.objects.count(),
        "epreuves": Epreuve.objects.count(),
    }


def importer(donnees=None, **kwargs):
    return referentiel_importer(document=echange.lire_document(donnees or document_valide()), **kwargs)


def test_l_import_cree_tout_le_document():
    rapport = importer()
    assert compter() == {"titres": 2, "millesimes": 2, "ccp": 2, "ccs": 1, "epreuves": 4}
    assert rapport.crees == {"titre": 2, "millesime": 2, "ccp": 2, "ccs": 1, "epreuve": 4}
    assert not rapport.modifies
    assert not rapport.inchanges
    millesime = Millesime.objects.get(titre__code="TP-80001", version="01")
    assert (millesime.date_effet, millesime.fin_validite) == (dt.date(2020, 1, 1), dt.date(2025, 3, 15))
    questionnaire = millesime.epreuves.get(ordre=1)
    assert sorted(questionnaire.ccps.values_list("numero", flat=True)) == [1, 2]
    assert questionnaire.collective
    assert not questionnaire.avec_jury
    assert questionnaire.duree_demo
    assert rapport.resume.startswith("titres : 2 créé(s), 0 modifié(s), 0 inchangé(s) ; millésimes : 2 créé(s)")


def test_reimporter_le_meme_document_ne_change_rien():
    importer()
    avant = compter()
    entrees = LogEntry.objects.count()
    rapport = importer()
    assert compter() == avant
    assert not rapport.crees
    assert not rapport.modifies
    assert rapport.inchanges == {"titre": 2, "millesime": 2, "ccp": 2, "ccs": 1, "epreuve": 4}
    assert LogEntry.objects.count() == entrees, "aucune écriture, donc aucune entrée d'audit"


def test_reimporter_un_document_modifie_met_a_jour_sans_doublon():
    importer()
    donnees = document_valide()
    donnees["titres"][0]["intitule"] = "Titre d'essai renommé"
    epreuve(donnees, rang=1)["duree_minutes"] = 180
    epreuve(donnees, rang=1)["ccps"] = [1, 2]
    epreuve(donnees, rang=0)["ccps"] = [1, 2]
    donnees["titres"][0]["millesimes"].append(
        {
            **donnees["titres"][0]["millesimes"][0],
            "version": "02",
            "date_effet": "2025-03-16",
            "fin_validite": "2030-04-14",
        }
    )
    rapport = importer(donnees)
    assert rapport.modifies == {"titre": 1, "epreuve": 1}
    assert rapport.crees == {"millesime": 1, "ccp": 2, "ccs": 1, "epreuve": 3}
    assert Titre.objects.get(code="TP-80001").intitule == "Titre d'essai renommé"
    msp = Epreuve.objects.get(millesime__version="01", millesime__titre__code="TP-80001", ordre=2)
    assert msp.duree_minutes == 180
    assert sorted(msp.ccps.values_list("numero", flat=True)) == [1, 2]
    assert compter() == {"titres": 2, "millesimes": 3, "ccp": 4, "ccs": 2, "epreuves": 7}


def test_changer_seulement_les_ccp_d_une_epreuve_compte_comme_une_modification():
    importer()
    donnees = document_valide()
    epreuve(donnees, rang=1)["ccps"] = [2]
    rapport = importer(donnees)
    assert rapport.modifies == {"epreuve": 1}


def test_les_lignes_absentes_du_document_sont_conservees_et_signalees():
    importer()
    donnees = document_valide()
    donnees["titres"][0]["millesimes"][0]["ccss"] = []
    rapport = importer(donnees)
    assert rapport.non_repris == ["TP-80001 millésime 01 : CCS CCS-1"]
    assert CCS.objects.count() == 1


def test_un_document_avec_une_epreuve_fausse_n_ecrit_rien():
    importer()
    avant = compter()
    document = echange.lire_document(document_valide())
    titre = document.titres[1]
    millesime = titre.millesimes[0]
    # Built in code, bypassing the reading: the service checks it again before writing.
    fausse = EpreuveEchange(ordre=2, type="autre", duree_minutes=0)
    document = dataclasses.replace(
        document,
        titres=(
            dataclasses.replace(document.titres[0], intitule="Ne doit pas être écrit"),
            dataclasses.replace(
                titre, millesimes=(dataclasses.replace(millesime, epreuves=(*millesime.epreuves, fausse)),)
            ),
        ),
    )
    with pytest.raises(DocumentInvalide) as exc:
        referentiel_importer(document=document)
    assert [str(e) for e in exc.value.erreurs] == [
        "titres[1].millesimes[0].epreuves[1].duree_minutes : la durée doit être un entier positif de minutes "
        "(au plus 1440)."
    ]
    assert compter() == avant
    assert Titre.objects.get(code="TP-80001").intitule == "Titre d'essai du bâtiment"


def test_une_erreur_de_la_base_annule_tout(monkeypatch):
    def panne(*args, **kwargs):
        raise RuntimeError("panne de la base")

    monkeypatch.setattr(CCS.objects, "create", panne)
    with pytest.raises(RuntimeError):
        importer()
    assert compter() == dict.fromkeys(compter(), 0)


def test_l_auteur_est_inscrit_dans_l_historique():
    administrateur = f.UtilisateurFactory()
    importer(auteur=administrateur)
    titre = Titre.objects.get(code="TP-80001")
    assert LogEntry.objects.get_for_object(titre).get().actor == administrateur


def test_la_progression_est_signalee_apres_chaque_titre():
    appels = []
    importer(progression=lambda fait, total: appels.append((fait, total)))
    assert appels == [(1, 2), (2, 2)]


def test_export_puis_import_est_l_identite():
    importer()
    document = referentiel_exporter(Titre.objects.all())
    assert echange.document_vers_donnees(document) == document_valide()
    rapport = referentiel_importer(document=document)
    assert not rapport.crees
    assert not rapport.modifies


def test_l_export_suit_le_queryset_donne():
    importer()
    document = referentiel_exporter(Titre.objects.filter(code="TP-80002"))
    assert [titre.code for titre in document.titres] == ["TP-80002"]


def test_etat_d_un_millesime_selon_le_jour():
    millesime = Millesime(date_effet=dt.date(2020, 4, 15), fin_validite=dt.date(2025, 3, 15))
    assert millesime.etat_le(dt.date(2020, 4, 14)) == EtatMillesime.A_VENIR
    assert millesime.etat_le(dt.date(2020, 4, 15)) == EtatMillesime.EN_VIGUEUR
    assert millesime.etat_le(dt.date(2025, 3, 15)) == EtatMillesime.EN_VIGUEUR
    assert millesime.etat_le(dt.date(2025, 3, 16)) == EtatMillesime.ECHU
