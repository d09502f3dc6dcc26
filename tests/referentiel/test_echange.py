"""The exchange format, read and written without the database."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.referentiel.documents import document_valide, epreuve
from titrepro.referentiel import echange
from titrepro.referentiel.echange import (
    CCPEchange,
    CCSEchange,
    DocumentInvalide,
    DocumentReferentiel,
    EpreuveEchange,
    MillesimeEchange,
    TitreEchange,
)
from titrepro.referentiel.echange.format import LONGUEURS
from titrepro.referentiel.models import CCP, CCS, Epreuve, Millesime, Secteur, Titre, TypeEpreuve


def erreurs_de(donnees: object) -> list[str]:
    return [str(erreur) for erreur in echange.verifier(donnees)]


def test_un_document_valide_se_lit():
    document = echange.lire_document(document_valide())
    bim, conducteur = document.titres
    assert bim.code == "TP-80001"
    assert bim.millesimes[0].fin_validite == dt.date(2025, 3, 15)
    assert bim.millesimes[0].epreuves[0].ccps == (1, 2)
    assert bim.millesimes[0].ccss == (CCSEchange(code="CCS-1", intitule="Spécialisation d'essai"),)
    assert conducteur.transport is True
    assert echange.verifier(document_valide()) == []


def test_les_valeurs_par_defaut_s_appliquent():
    donnees = {
        "format": "titrepro-referentiel",
        "version": 1,
        "titres": [
            {
                "code": "TP-1",
                "intitule": "Minimal",
                "niveau": 4,
                "secteur": "industrie",
                "millesimes": [
                    {
                        "version": "01",
                        "date_effet": "2024-01-01",
                        "fin_validite": "2029-01-01",
                        "epreuves": [{"ordre": 1, "type": "autre", "duree_minutes": 30}],
                    }
                ],
            }
        ],
    }
    titre = echange.lire_document(donnees).titres[0]
    assert (titre.rncp, titre.transport) == ("", False)
    millesime = titre.millesimes[0]
    assert (millesime.arrete, millesime.duree_lecture_dossier, millesime.donnees_demo) == ("", 0, False)
    assert millesime.epreuves[0] == EpreuveEchange(ordre=1, type="autre", duree_minutes=30)


@pytest.mark.parametrize(
    ("modifier", "attendu"),
    [
        (
            lambda d: d["titres"][0].update(secteur="agriculture"),
            "titres[0].secteur : secteur inconnu « agriculture » (valeurs permises : BTP, industrie, tertiaire).",
        ),
        (
            lambda d: d["titres"][0].update(niveau=8),
            "titres[0].niveau : le niveau doit être un entier de 3 à 7 (nomenclature de 2019).",
        ),
        (
            lambda d: d["titres"][0].update(niveau="5"),
            "titres[0].niveau : le niveau doit être un entier de 3 à 7 (nomenclature de 2019).",
        ),
        (
            lambda d: d["titres"][0].update(niveau=True),
            "titres[0].niveau : le niveau doit être un entier de 3 à 7 (nomenclature de 2019).",
        ),
        (
            lambda d: d["titres"][0].pop("intitule"),
            "titres[0].intitule : champ obligatoire manquant.",
        ),
        (
            lambda d: d["titres"][0].update(intitule="   "),
            "titres[0].intitule : ne doit pas être vide.",
        ),
        (
            lambda d: d["titres"][0].update(code="X" * 21),
            "titres[0].code : 20 caractères au plus (21 reçus).",
        ),
        (
            lambda d: d["titres"][0].update(code=12),
            "titres[0].code : une chaîne de caractères est attendue.",
        ),
        (
            lambda d: d["titres"][0].update(rncp="39520"),
            "titres[0].rncp : « 39520 » n'est pas un numéro RNCP (RNCP suivi de chiffres).",
        ),
        (
            lambda d: d["titres"][0].update(transport="non"),
            "titres[0].transport : vrai ou faux est attendu (true/false en JSON, oui/non en CSV).",
        ),
        (
            lambda d: d["titres"][0].update(millesimes={}),
            "titres[0].millesimes : une liste ([…]) est attendue.",
        ),
        (
            lambda d: d["titres"][0].update(couleur="bleu"),
            "titres[0].couleur : champ inconnu (champs permis : code, intitule, rncp, niveau, secteur, transport, "
            "millesimes).",
        ),
        (
            lambda d: d["titres"][1].update(code="TP-80001"),
            "titres[1].code : code « TP-80001 » en double (déjà utilisé : titres[0]).",
        ),
        (
            lambda d: d["titres"][1].update(rncp="RNCP80001"),
            "titres[1].rncp : numéro RNCP « RNCP80001 » en double (déjà utilisé : titres[0]).",
        ),
        (
            lambda d: d["titres"][0]["millesimes"][0].update(date_effet="15/03/2020"),
            "titres[0].millesimes[0].date_effet : une date au format AAAA-MM-JJ est attendue.",
        ),
        (
            lambda d: d["titres"][0]["millesimes"][0].update(date_effet="2020-02-30"),
            "titres[0].millesimes[0].date_effet : la date « 2020-02-30 » n'existe pas.",
        ),
        (
            lambda d: d["titres"][0]["millesimes"][0].update(fin_validite="2020-01-01"),
            "titres[0].millesimes[0].fin_validite : la fin de validité doit suivre la date d'effet (2020-01-01).",
        ),
        (
            lambda d: d["titres"][0]["millesimes"].append(dict(d["titres"][0]["millesimes"][0])),
            "titres[0].millesimes[1].version : version « 01 » en double (déjà utilisé : titres[0].millesimes[0]).",
        ),
        (
            lambda d: d["titres"][0]["millesimes"][0].update(duree_lecture_dossier=-5),
            "titres[0].millesimes[0].duree_lecture_dossier : la durée de lecture du dossier doit être un entier "
            "de 0 à 480 minutes.",
        ),
        (
            lambda d: d["titres"][0]["millesimes"][0]["ccps"][1].update(numero=1),
            "titres[0].millesimes[0].ccps[1].numero : numéro « 1 » en double "
            "(déjà utilisé : titres[0].millesimes[0].ccps[0]).",
        ),
        (
            lambda d: d["titres"][0]["millesimes"][0]["ccps"][0].update(numero=0),
            "titres[0].millesimes[0].ccps[0].numero : le numéro du CCP doit être un entier positif.",
        ),
        (
            lambda d: d["titres"][0]["millesimes"][0]["ccss"][0].pop("code"),
            "titres[0].millesimes[0].ccss[0].code : champ obligatoire manquant.",
        ),
        (
            lambda d: epreuve(d, rang=1).update(duree_minutes=0),
            "titres[0].millesimes[0].epreuves[1].duree_minutes : la durée doit être un entier positif de minutes "
            "(au plus 1440).",
        ),
        (
            lambda d: epreuve(d, rang=1).update(duree_minutes=2.5),
            "titres[0].millesimes[0].epreuves[1].duree_minutes : la durée doit être un entier positif de minutes "
            "(au plus 1440).",
        ),
        (
            lambda d: epreuve(d, rang=1).update(type="oral"),
            "titres[0].millesimes[0].epreuves[1].type : type d'épreuve inconnu « oral » (valeurs permises : "
            "mise_en_situation_professionnelle, presentation_projet, entretien_technique, "
            "questionnaire_professionnel, questionnaire_production, entretien_final, autre).",
        ),
        (
            lambda d: epreuve(d, rang=1).update(ordre=1),
            "titres[0].millesimes[0].epreuves[1].ordre : ordre « 1 » en double "
            "(déjà utilisé : titres[0].millesimes[0].epreuves[0]).",
        ),
        (
            lambda d: epreuve(d, rang=1).update(ccps=[3]),
            "titres[0].millesimes[0].epreuves[1].ccps[0] : le CCP n° 3 n'existe pas dans ce millésime.",
        ),
        (
            lambda d: epreuve(d, rang=1).update(ccps=[1, 1]),
            "titres[0].millesimes[0].epreuves[1].ccps[1] : le CCP n° 1 est cité deux fois.",
        ),
        (
            lambda d: epreuve(d, rang=1).update(ccps=["CCP1"]),
            "titres[0].millesimes[0].epreuves[1].ccps[0] : un numéro de CCP (entier) est attendu.",
        ),
        (
            lambda d: epreuve(d, rang=1).update(pour_session_titre=False, ccps=[]),
            "titres[0].millesimes[0].epreuves[1].pour_session_titre : l'épreuve n'est passée ni en session titre "
            "ni en session CCP.",
        ),
        (
            lambda d: epreuve(d, rang=2).update(ordre=9, avec_jury=False),
            "titres[0].millesimes[0].epreuves[2].avec_jury : l'entretien final se passe toujours devant le jury.",
        ),
        (
            lambda d: epreuve(d, rang=2).update(ordre=0),
            "titres[0].millesimes[0].epreuves[2].ordre : l'ordre de passage doit être un entier positif.",
        ),
        (
            lambda d: epreuve(d, rang=0).update(ordre=5),
            "titres[0].millesimes[0].epreuves[2].ordre : l'entretien final doit être la dernière épreuve de la "
            "session titre.",
        ),
        (
            lambda d: epreuve(d, rang=1).update(type="entretien_final"),
            "titres[0].millesimes[0].epreuves[2].type : un seul entretien final par millésime.",
        ),
        (
            lambda d: d["titres"][0]["millesimes"][0].update(donnees_demo=False),
            "titres[0].millesimes[0].donnees_demo : doit valoir vrai : la durée de "
            "titres[0].millesimes[0].epreuves[0] est une durée de démonstration.",
        ),
    ],
)
def test_chaque_erreur_est_situee_et_expliquee(modifier, attendu):
    donnees = document_valide()
    modifier(donnees)
    assert attendu in erreurs_de(donnees)


@pytest.mark.parametrize(
    ("donnees", "attendu"),
    [
        ([], "un objet JSON ({…}) est attendu."),
        ({"format": "autre", "version": 1, "titres": []}, "format : « titrepro-referentiel » est attendu"),
        ({"format": "titrepro-referentiel", "version": 2, "titres": []}, "version : version de format non prise"),
        ({"format": "titrepro-referentiel", "version": 1}, "titres : champ obligatoire manquant."),
        ({"format": "titrepro-referentiel", "version": 1, "titres": ["TP-1"]}, "titres[0] : un objet JSON"),
    ],
)
def test_l_enveloppe_est_verifiee(donnees, attendu):
    assert any(erreur.startswith(attendu) for erreur in erreurs_de(donnees)), erreurs_de(donnees)


def test_toutes_les_erreurs_sont_rendues_d_un_coup():
    donnees = document_valide()
    donnees["titres"][0]["niveau"] = 2
    epreuve(donnees, rang=0)["duree_minutes"] = -1
    epreuve(donnees, rang=1)["type"] = "oral"
    donnees["titres"][1]["millesimes"][0]["fin_validite"] = "2024-01-01"
    with pytest.raises(DocumentInvalide) as exc:
        echange.lire_document(donnees)
    assert [e.emplacement for e in exc.value.erreurs] == [
        "titres[0].niveau",
        "titres[0].millesimes[0].epreuves[0].duree_minutes",
        "titres[0].millesimes[0].epreuves[1].type",
        "titres[1].millesimes[0].fin_validite",
    ]
    assert str(exc.value) == "4 erreurs dans le référentiel."


def test_une_liste_de_ccp_invalide_ne_fait_pas_cascader_les_erreurs_des_epreuves():
    donnees = document_valide()
    donnees["titres"][0]["millesimes"][0]["ccps"][0]["intitule"] = ""
    assert erreurs_de(donnees) == ["titres[0].millesimes[0].ccps[0].intitule : ne doit pas être vide."]


def test_json_illisible_ou_mal_encode():
    with pytest.raises(DocumentInvalide) as exc:
        echange.lire_json('{"format": ')
    assert str(exc.value.erreurs[0]).startswith("JSON illisible à la ligne 1, colonne 12")
    with pytest.raises(DocumentInvalide) as exc:
        echange.lire_json("é".encode("latin-1"))
    assert str(exc.value.erreurs[0]) == "le fichier n'est pas encodé en UTF-8."


def test_lire_fichier_choisit_par_l_extension():
    texte = json.dumps(document_valide()).encode()
    assert echange.lire_fichier("ref.JSON", texte) == echange.lire_document(document_valide())
    with pytest.raises(DocumentInvalide) as exc:
        echange.lire_fichier("ref.xlsx", texte)
    assert str(exc.value.erreurs[0]) == "ref.xlsx : fichier .json ou archive .zip des tables CSV attendu."


def test_les_constantes_pures_suivent_les_modeles():
    assert tuple(Secteur.values) == echange.SECTEURS
    assert tuple(TypeEpreuve.values) == echange.TYPES_EPREUVE
    modeles = {"titre": Titre, "millesime": Millesime, "ccp": CCP, "ccs": CCS, "epreuve": Epreuve}
    for cle, longueur in LONGUEURS.items():
        modele, champ = cle.split(".")
        assert modeles[modele]._meta.get_field(champ).max_length == longueur, cle


# JSON and CSV round trips -------------------------------------------------------------------


def test_aller_retour_json_du_document_de_test():
    document = echange.lire_document(document_valide())
    assert echange.document_vers_donnees(document) == document_valide()
    assert echange.lire_json(echange.document_vers_json(document)) == document


def test_aller_retour_csv_du_document_de_test():
    document = echange.lire_document(document_valide())
    tables = echange.document_vers_tables(document)
    assert list(tables) == ["titres.csv", "millesimes.csv", "ccp.csv", "ccs.csv", "epreuves.csv"]
    assert echange.tables_vers_document(tables) == document
    assert echange.zip_vers_document(echange.document_vers_zip(document)) == document


def test_une_cellule_qui_serait_une_formule_est_neutralisee_puis_restauree():
    donnees = document_valide()
    donnees["titres"][0]["intitule"] = '=HYPERLINK("http://exemple.invalid";"clic")'
    document = echange.lire_document(donnees)
    tables = echange.document_vers_tables(document)
    assert "'=HYPERLINK" in tables["titres.csv"].decode("utf-8-sig")
    assert echange.tables_vers_document(tables) == document


def test_les_tables_csv_s_ouvrent_dans_un_tableur():
    tables = echange.document_vers_tables(echange.lire_document(document_valide()))
    epreuves = tables["epreuves.csv"]
    assert epreuves.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    lignes = epreuves.decode("utf-8-sig").split("\r\n")
    assert lignes[0] == (
        "titre;millesime;ordre;type;libelle;duree_minutes;collective;avec_jury;pour_session_titre;ccps;duree_demo"
    )
    assert lignes[1] == "TP-80001;01;1;questionnaire_professionnel;Questionnaire;45;oui;non;oui;1, 2;oui"


_texte = (
    st.text(
        alphabet=st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x85"), min_size=1, max_size=15
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def millesimes(draw: st.DrawFn, version: str) -> MillesimeEchange:
    date_effet = draw(st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)))
    numeros = draw(st.lists(st.integers(1, 30), unique=True, max_size=4))
    ccps = tuple(
        CCPEchange(numero=n, intitule=draw(_texte), code=draw(st.sampled_from(["", f"C{n}"]))) for n in numeros
    )
    codes_ccs = draw(st.lists(_texte, unique=True, max_size=2))
    epreuves = []
    ordres = draw(st.lists(st.integers(1, 50), unique=True, min_size=1, max_size=5))
    for ordre in sorted(ordres)[:-1] if draw(st.booleans()) else sorted(ordres):
        cites = tuple(draw(st.lists(st.sampled_from(numeros), unique=True))) if numeros else ()
        epreuves.append(
            EpreuveEchange(
                ordre=ordre,
                type=draw(st.sampled_from([t for t in echange.TYPES_EPREUVE if t != "entretien_final"])),
                libelle=draw(st.one_of(st.just(""), _texte)),
                duree_minutes=draw(st.integers(1, 1440)),
                collective=draw(st.booleans()),
                avec_jury=draw(st.booleans()),
                pour_session_titre=draw(st.booleans()) if cites else True,
                ccps=cites,
                duree_demo=draw(st.booleans()),
            )
        )
    if len(epreuves) < len(ordres):
        epreuves.append(EpreuveEchange(ordre=max(ordres), type="entretien_final", duree_minutes=20))
    return MillesimeEchange(
        version=version,
        date_effet=date_effet,
        fin_validite=date_effet + dt.timedelta(days=draw(st.integers(1, 4000))),
        arrete=draw(st.one_of(st.just(""), _texte)),
        duree_lecture_dossier=draw(st.integers(0, 480)),
        donnees_demo=any(e.duree_demo for e in epreuves) or draw(st.booleans()),
        ccps=ccps,
        ccss=tuple(CCSEchange(code=code, intitule=draw(_texte)) for code in codes_ccs),
        epreuves=tuple(epreuves),
    )


@st.composite
def documents(draw: st.DrawFn) -> DocumentReferentiel:
    codes = draw(st.lists(_texte, unique=True, max_size=3))
    titres = []
    for rang, code in enumerate(codes):
        versions = draw(st.lists(_texte, unique=True, max_size=2))
        titres.append(
            TitreEchange(
                code=code,
                intitule=draw(_texte),
                rncp=draw(st.sampled_from(["", f"RNCP{rang + 1}"])),
                niveau=draw(st.integers(3, 7)),
                secteur=draw(st.sampled_from(echange.SECTEURS)),
                transport=draw(st.booleans()),
                millesimes=tuple(draw(millesimes(version)) for version in versions),
            )
        )
    return DocumentReferentiel(titres=tuple(titres))


@settings(max_examples=60, deadline=None)
@given(documents())
def test_aller_retour_json_de_tout_document_valide(document):
    assert echange.lire_json(echange.document_vers_json(document)) == document


@settings(max_examples=60, deadline=None)
@given(documents())
def test_aller_retour_csv_de_tout_document_valide(document):
    assert echange.tables_vers_document(echange.document_vers_tables(document)) == document


# CSV errors: file, line and column --------------------------------------------------------------


def _tables(**remplacements: str) -> dict[str, bytes]:
    tables = echange.document_vers_tables(echange.lire_document(document_valide()))
    for nom, texte in remplacements.items():
        tables[f"{nom}.csv"] = texte.encode("utf-8-sig")
    return tables


def _erreurs_csv(tables: dict[str, bytes]) -> list[str]:
    with pytest.raises(DocumentInvalide) as exc:
        echange.tables_vers_document(tables)
    return [str(erreur) for erreur in exc.value.erreurs]


def test_les_erreurs_csv_donnent_fichier_ligne_et_colonne():
    epreuves = (
        "titre;millesime;ordre;type;libelle;duree_minutes;collective;avec_jury;pour_session_titre;ccps;duree_demo\n"
        "TP-80001;01;1;questionnaire_professionnel;Q;45;oui;non;oui;1, 2;oui\n"
        "TP-80001;01;2;mise_en_situation_professionnelle;MSP;deux heures;peut-être;oui;oui;1, 7;non\n"
        "TP-80001;01;3;entretien_final;EF;20;non;oui;oui;;non\n"
        "TP-80002;02;1;mise_en_situation_professionnelle;;120;non;oui;oui;;non\n"
        "TP-99999;01;1;autre;;10;non;oui;oui;;non\n"
    )
    titres = (
        "code;intitule;rncp;niveau;secteur;transport\n"
        "TP-80001;Titre d'essai du bâtiment;RNCP80001;5;BTP;non\n"
        "TP-80002;Conducteur d'essai;;neuf;tertiaire;oui\n"
    )
    assert _erreurs_csv(_tables(epreuves=epreuves, titres=titres)) == [
        "titres.csv, ligne 3, colonne niveau : le niveau doit être un entier de 3 à 7 (nomenclature de 2019).",
        "epreuves.csv, ligne 3, colonne duree_minutes : la durée doit être un entier positif de minutes "
        "(au plus 1440).",
        "epreuves.csv, ligne 3, colonne collective : vrai ou faux est attendu (true/false en JSON, oui/non en CSV).",
        "epreuves.csv, ligne 3, colonne ccps : le CCP n° 7 n'existe pas dans ce millésime.",
        "epreuves.csv, ligne 6, colonne millesime : le millésime « 01 » du titre « TP-99999 » est absent de "
        "millesimes.csv.",
    ]


def test_les_doublons_csv_renvoient_a_la_premiere_ligne():
    titres = (
        "code;intitule;rncp;niveau;secteur;transport\n"
        "TP-80001;Titre d'essai du bâtiment;RNCP80001;5;BTP;non\n"
        "TP-80002;Conducteur d'essai;;3;tertiaire;oui\n"
        "TP-80001;Doublon;;4;BTP;non\n"
    )
    assert _erreurs_csv(_tables(titres=titres)) == [
        "titres.csv, ligne 4, colonne code : code « TP-80001 » en double (déjà utilisé : titres.csv, ligne 2).",
    ]


def test_les_en_tetes_csv_sont_verifies():
    erreurs = _erreurs_csv(
        _tables(ccp="titre,millesime,numero,intitule\nTP-80001,01,1,A\n", ccs="titre;millesime;code\n")
    )
    assert erreurs == [
        "ccp.csv, ligne 1 : colonne inconnue « titre,millesime,numero,intitule » (colonnes permises : titre, "
        "millesime, numero, code, intitule). Le séparateur attendu est le point-virgule.",
        "ccp.csv, ligne 1 : colonne obligatoire manquante « titre ».",
        "ccp.csv, ligne 1 : colonne obligatoire manquante « millesime ».",
        "ccp.csv, ligne 1 : colonne obligatoire manquante « numero ».",
        "ccp.csv, ligne 1 : colonne obligatoire manquante « intitule ».",
        "ccs.csv, ligne 1 : colonne obligatoire manquante « intitule ».",
        # The CCP table being unreadable, the épreuves cite CCP that do not exist.
        "epreuves.csv, ligne 2, colonne ccps : le CCP n° 1 n'existe pas dans ce millésime.",
        "epreuves.csv, ligne 2, colonne ccps : le CCP n° 2 n'existe pas dans ce millésime.",
        "epreuves.csv, ligne 3, colonne ccps : le CCP n° 1 n'existe pas dans ce millésime.",
    ]


def test_fichiers_csv_manquants_inattendus_ou_mal_encodes():
    erreurs = _erreurs_csv({"notes.csv": b"", "millesimes.csv": "titre;version\n".encode("latin-1") + b"\xe9"})
    assert erreurs[:2] == [
        "notes.csv : fichier inattendu (fichiers lus : titres.csv, millesimes.csv, ccp.csv, ccs.csv, epreuves.csv).",
        "titres.csv : fichier manquant.",
    ]
    assert "millesimes.csv : le fichier n'est pas encodé en UTF-8 (enregistrez-le en « CSV UTF-8 »)." in erreurs


def test_le_csv_accepte_les_dates_d_un_tableur_et_ignore_les_lignes_vides():
    millesimes = (
        "titre;version;date_effet;fin_validite;arrete;duree_lecture_dossier;donnees_demo\n"
        "TP-80001;01;01/01/2020;15/03/2025;Arrêté d'essai;20;OUI\n"
        ";;;;;;\n"
        "TP-80002;02;2024-12-31;2029-12-31;;0;non\n"
    )
    document = echange.tables_vers_document(_tables(millesimes=millesimes))
    assert document == echange.lire_document(document_valide())


def test_zip_illisible():
    with pytest.raises(DocumentInvalide) as exc:
        echange.zip_vers_document(b"pas un zip")
    assert str(exc.value.erreurs[0]) == "l'archive zip est illisible."


def test_zip_avec_dossier_interne():
    document = echange.lire_document(document_valide())
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom, contenu in echange.document_vers_tables(document).items():
            archive.writestr(f"export/{nom}", contenu)
        archive.writestr("export/LISEZMOI.txt", "ignoré")
    assert echange.lire_fichier("tables.zip", tampon.getvalue()) == document
