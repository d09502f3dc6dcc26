"""Imports: malformed files, per-row French errors, duplicate check per row, all or nothing, report."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests import factories as f
from titrepro.personnes.imports import FichierIllisible, import_executer, import_preparer, lire_tableau
from titrepro.personnes.models import Candidat, Habilitation, ImportPersonnes, MembreJury

ENTETE = "nom_naissance;nom_usage;prenoms;sexe;date_naissance;lieu_naissance;email;adresse;code_postal;commune"
JOUR = dt.date(2026, 9, 1)


def _csv(*lignes: str) -> bytes:
    return ("\n".join([ENTETE, *lignes]) + "\n").encode("utf-8")


def test_a_valid_file_is_previewed_then_written_in_one_go(monde):
    contenu = _csv(
        "Durand;;Léa;F;02/03/2001;Lyon;lea@exemple.fr;3 rue Neuve;69001;Lyon",
        "N'Diaye;;Moussa;M;1999-12-31;Dakar (Sénégal);;;;",
    )
    user = monde.utilisateurs["responsable_session"]
    imp = import_preparer(
        nature="candidats", nom_fichier="candidats.csv", contenu=contenu, auteur=user, organisme=monde.organisme_a
    )
    imp.refresh_from_db()  # the analysis task ran (immediate backend in tests)
    assert imp.etat == "pret", imp.erreurs
    assert imp.progression == 100
    assert not Candidat.objects.filter(nom_naissance="Durand").exists()  # the preview writes nothing
    import_executer(imp=imp, auteur=user, jour=JOUR)
    assert imp.etat == "termine"
    assert imp.crees == 2
    lea = Candidat.objects.get(nom_naissance="Durand")
    assert lea.adresse_actuelle.commune == "Lyon"
    assert list(lea.organismes.all()) == [monde.organisme_a]


def test_per_row_errors_in_french_and_nothing_written(monde):
    contenu = _csv(
        "Durand;;Léa;F;31/02/2001;Lyon;pas-une-adresse;;;",
        ";;Paul;X;01/01/2000;Paris;;;;",
    )
    imp = import_preparer(
        nature="candidats", nom_fichier="c.csv", contenu=contenu, auteur=None, organisme=monde.organisme_a
    )
    imp.refresh_from_db()
    assert imp.etat == "erreurs"
    messages = [(e["ligne"], e["message"]) for e in imp.erreurs]
    assert (2, "« 31/02/2001 » n'est pas une date (JJ/MM/AAAA).") in messages
    assert (2, "« pas-une-adresse » n'est pas une adresse électronique valide.") in messages
    assert (3, "La colonne « nom_naissance » est obligatoire.") in messages
    assert (3, "Sexe « X » inconnu : F ou M.") in messages
    with pytest.raises(Exception, match="seul un import prêt"):
        import_executer(imp=imp, auteur=None, jour=JOUR)


def test_duplicate_check_on_every_row_and_inside_the_file(monde):
    f.CandidatFactory(nom_naissance="DUPONT-MARTIN", prenoms="Élodie", date_naissance=dt.date(1996, 8, 17))
    contenu = _csv(
        "Dupont Martin;;Elodie;F;17/08/1996;Saint-Étienne;;;;",
        "Morel;;Loïc;M;11/02/2003;Vienne;;;;",
        "MOREL;;Loic;M;11/02/2003;Vienne;;;;",
    )
    imp = import_preparer(
        nature="candidats", nom_fichier="c.csv", contenu=contenu, auteur=None, organisme=monde.organisme_a
    )
    imp.refresh_from_db()
    erreurs = {e["ligne"]: e["message"] for e in imp.erreurs}
    assert erreurs[2].startswith("Doublon probable (CAN-DOUBLON) : fiche n°")
    assert "autre_personne" in erreurs[2]
    assert erreurs[4].startswith("Même personne que la ligne 3 du fichier")
    assert imp.apercu[0]["doublons"]


def test_all_or_nothing_when_a_row_fails_at_commit(monde):
    contenu = _csv("Durand;;Léa;F;02/03/2001;Lyon;;;;", "Petit;;Jules;M;04/05/2002;Nantes;;;;")
    imp = import_preparer(
        nature="candidats", nom_fichier="c.csv", contenu=contenu, auteur=None, organisme=monde.organisme_a
    )
    imp.refresh_from_db()
    assert imp.etat == "pret"
    # Between the preview and the commit, someone created the same person: the second row now fails.
    f.CandidatFactory(nom_naissance="PETIT", prenoms="Jules", date_naissance=dt.date(2002, 5, 4))
    import_executer(imp=imp, auteur=None, jour=JOUR)
    assert imp.etat == "echoue"
    assert imp.erreurs[0]["ligne"] == 3
    assert not Candidat.objects.filter(nom_naissance="Durand").exists()


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("x.xlsx", b"ceci n'est pas un classeur", "Classeur Excel illisible"),
        ("x.pdf", b"%PDF", "Format non pris en charge"),
        ("x.csv", b"", "Le fichier est vide."),
        ("x.csv", b"\x00\x01\x02", "n'est pas un fichier texte CSV"),
    ],
)
def test_malformed_files_give_a_french_message(nom, contenu, message):
    with pytest.raises(FichierIllisible, match=message):
        lire_tableau(nom, contenu)


def test_xlsx_with_dates_and_windows_1252_csv():
    classeur = Workbook()
    feuille = classeur.active
    feuille.append(["Nom de naissance", "Prénoms", "Date de naissance"])
    feuille.append(["Lefèvre", "Zoé", dt.datetime(2001, 3, 2)])
    tampon = io.BytesIO()
    classeur.save(tampon)
    assert lire_tableau("a.xlsx", tampon.getvalue()) == [
        {"nom_de_naissance": "Lefèvre", "prenoms": "Zoé", "date_de_naissance": "2001-03-02"}
    ]
    assert lire_tableau("a.csv", "nom,prénoms\nLefèvre,Zoé\n".encode("cp1252")) == [
        {"nom": "Lefèvre", "prenoms": "Zoé"}
    ]


def test_jury_members_then_habilitations_by_the_ddets(monde, django_capture_on_commit_callbacks):
    ddets = monde.utilisateurs["agent_ddets"]
    jures = (
        b"nom;prenoms;email;metier;experience_annees;professionnalisation_le\n"
        b"Brun;Sylvie;sylvie.brun@exemple.fr;Projeteuse BIM;8;01/02/2026\n"
    )
    imp = import_preparer(
        nature="jures", nom_fichier="j.csv", contenu=jures, auteur=ddets, departement=f.departement("75")
    )
    imp.refresh_from_db()
    assert imp.etat == "pret", imp.erreurs
    import_executer(imp=imp, auteur=ddets, jour=JOUR)
    assert MembreJury.objects.get(email="sylvie.brun@exemple.fr").departement.code == "75"
    titre = monde.millesime.titre
    habilitations = (
        "email_jure;titre;millesime;debut;fin\n"
        f"sylvie.brun@exemple.fr;{titre.code};{monde.millesime.version};01/09/2026;31/08/2029\n"
    ).encode()
    imp = import_preparer(
        nature="habilitations", nom_fichier="h.csv", contenu=habilitations, auteur=ddets,
        departement=f.departement("75"),
    )  # fmt: skip
    imp.refresh_from_db()
    assert imp.etat == "pret", imp.erreurs
    with django_capture_on_commit_callbacks(execute=False):
        import_executer(imp=imp, auteur=ddets, jour=JOUR)
    assert imp.etat == "termine", imp.erreurs
    assert Habilitation.objects.get(membre__email="sylvie.brun@exemple.fr").etat == "active"


def test_import_pages_preview_progress_confirm_and_report(client_de, monde):
    client = client_de("responsable_session")
    fichier = SimpleUploadedFile("c.csv", _csv("Durand;;Léa;F;02/03/2001;Lyon;;;;"), content_type="text/csv")
    organisme = f"o{monde.organisme_a.pk}"
    reponse = client.post(
        reverse("web:import_personnes"), {"nature": "candidats", "structure": organisme, "fichier": fichier}
    )
    imp = ImportPersonnes.objects.latest("pk")
    assert reponse.status_code == 302
    assert reponse.url == reverse("web:import_personnes_suivi", args=[imp.pk])
    page = client.get(reponse.url).content.decode()
    assert "Prêt à importer" in page
    assert "Importer les 1 ligne" in page
    fragment = client.get(reponse.url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="progression-import"' in fragment
    assert "<progress" in fragment
    client.post(reverse("web:import_personnes_executer", args=[imp.pk]))
    imp.refresh_from_db()
    assert imp.etat == "termine"
    assert Candidat.objects.filter(nom_naissance="Durand").exists()
    rapport = client.get(reverse("web:import_personnes_rapport", args=[monde.import_a.pk]))
    assert "prenoms;La colonne « prenoms » est obligatoire." in rapport.content.decode("utf-8-sig")


def test_a_malformed_upload_is_a_form_error_not_a_500(client_de, monde):
    client = client_de("responsable_session")
    fichier = SimpleUploadedFile("c.xlsx", b"PK\x03\x04 casse", content_type="application/octet-stream")
    reponse = client.post(
        reverse("web:import_personnes"),
        {"nature": "candidats", "structure": f"o{monde.organisme_a.pk}", "fichier": fichier},
    )
    assert reponse.status_code == 200
    assert "Classeur Excel illisible" in reponse.content.decode()
