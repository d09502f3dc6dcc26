"""`manage.py charger_demo`: the fictitious demo world, loaded twice without duplicates."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command, get_commands
from stdnum.fr import siret

from titrepro.comptes.models import Affectation, Utilisateur
from titrepro.comptes.roles import Role
from titrepro.demo.monde import FICHIER_MONDE, FICHIER_REFERENTIEL, MOT_DE_PASSE_DEMO, charger_monde_demo, siret_fictif
from titrepro.organisations.models import Organisme, Site
from titrepro.personnes.models import Candidat, MembreJury

HORIZON = "Centre de formation Horizon (fictif)"

# e-mail -> (role, organisme, département, région) of the demo account's membership.
COMPTES = {
    "organisme@demo.titrepro.fr": (Role.RESPONSABLE_ORGANISME, HORIZON, None, None),
    "session@demo.titrepro.fr": (Role.RESPONSABLE_SESSION, HORIZON, None, None),
    "suppleant@demo.titrepro.fr": (Role.SUPPLEANT, HORIZON, None, None),
    "formateur@demo.titrepro.fr": (Role.FORMATEUR, HORIZON, None, None),
    "jury@demo.titrepro.fr": (Role.MEMBRE_JURY, None, None, None),
    "candidat@demo.titrepro.fr": (Role.CANDIDAT, None, None, None),
    "laureat@demo.titrepro.fr": (Role.CANDIDAT, None, None, None),  # Lucas FONTAINE, invited to the portal
    "ddets@demo.titrepro.fr": (Role.AGENT_DDETS, None, "69", None),
    "dreets@demo.titrepro.fr": (Role.AGENT_DREETS, None, None, "84"),
    "gev@demo.titrepro.fr": (Role.AGENT_GEV, None, None, None),
    "admin@demo.titrepro.fr": (Role.ADMINISTRATEUR, None, None, None),
    "autre-organisme@demo.titrepro.fr": (
        Role.RESPONSABLE_SESSION,
        "CFA Méditerranée Transport et Logistique (fictif)",
        None,
        None,
    ),
}

REFERENTIEL_DISPONIBLE = "importer_referentiel" in get_commands() and FICHIER_REFERENTIEL.exists()


def charger() -> str:
    sortie = io.StringIO()
    call_command("charger_demo", stdout=sortie, stderr=io.StringIO())
    return sortie.getvalue()


@pytest.fixture
def sortie(db: None) -> str:
    return charger()


def compter() -> dict[str, int]:
    return {
        "organismes": Organisme.objects.count(),
        "sites": Site.objects.count(),
        "candidats": Candidat.objects.count(),
        "membres_jury": MembreJury.objects.count(),
        "comptes": Utilisateur.objects.filter(email__endswith="@demo.titrepro.fr").count(),
        "affectations": Affectation.objects.count(),
    }


def test_siret_fictif_passe_le_controle_du_siret_et_du_siren() -> None:
    numero = siret_fictif("90123450", "0001")
    assert len(numero) == 14
    assert siret.is_valid(numero)


def test_le_monde_a_le_nombre_attendu_d_objets(sortie: str) -> None:
    assert compter() == {
        "organismes": 2,
        "sites": 3,
        "candidats": 45,  # 40 + 2 homonyms, 1 near-duplicate (demo/personnes.py) + 2 BIM trainees (demo/sessions.py)
        "membres_jury": 8,
        "comptes": 12,
        "affectations": 12,
    }


def test_relancer_ne_duplique_rien_et_garde_les_mots_de_passe(sortie: str) -> None:
    avant = compter()
    charger()
    assert compter() == avant
    for email in COMPTES:
        assert authenticate(username=email, password=MOT_DE_PASSE_DEMO) is not None, email


def test_relancer_retablit_un_mot_de_passe_modifie(sortie: str) -> None:
    utilisateur = Utilisateur.objects.get(email="session@demo.titrepro.fr")
    utilisateur.set_password("autre-chose")
    utilisateur.save()
    charger()
    assert authenticate(username="session@demo.titrepro.fr", password=MOT_DE_PASSE_DEMO) == utilisateur


@pytest.mark.parametrize("email", list(COMPTES))
def test_chaque_compte_a_son_role_et_son_rattachement(sortie: str, email: str) -> None:
    role, organisme, departement, region = COMPTES[email]
    utilisateur = Utilisateur.objects.get(email=email)
    assert utilisateur.prenom
    assert utilisateur.nom
    affectation = utilisateur.affectations.get()
    assert affectation.active
    assert affectation.role == role
    assert (affectation.organisme.raison_sociale if affectation.organisme else None) == organisme
    assert (affectation.departement.code if affectation.departement else None) == departement
    assert (affectation.region.code if affectation.region else None) == region
    assert utilisateur.is_staff == utilisateur.is_superuser == (role == Role.ADMINISTRATEUR)


def test_les_comptes_jury_et_candidat_sont_lies_a_leur_fiche(sortie: str) -> None:
    jure = MembreJury.objects.get(compte__email="jury@demo.titrepro.fr")
    assert jure == MembreJury.objects.order_by("pk").first()
    candidat = Candidat.objects.get(compte__email="candidat@demo.titrepro.fr")
    assert list(candidat.organismes.values_list("raison_sociale", flat=True)) == [HORIZON]
    for utilisateur, fiche in [(jure.compte, jure), (candidat.compte, candidat)]:
        assert utilisateur is not None
        assert utilisateur.nom.upper() in str(fiche).upper()


def test_les_organismes_ont_un_siret_valide_et_l_un_est_un_cfa(sortie: str) -> None:
    organismes = list(Organisme.objects.all())
    assert all(siret.is_valid(o.siret) for o in organismes)
    assert sorted(o.est_cfa for o in organismes) == [False, True]


def test_tout_est_fictif(sortie: str) -> None:
    assert all(o.fictif and o.raison_sociale.endswith("(fictif)") for o in Organisme.objects.all())
    assert not Candidat.objects.filter(fictif=False).exists()
    assert not MembreJury.objects.filter(fictif=False).exists()
    assert not Candidat.objects.exclude(email__endswith="@exemple.fr").exists()
    assert not MembreJury.objects.exclude(email__endswith="@exemple.fr").exists()


def test_les_perimetres_des_agents_de_l_etat_decoupent_les_sites(sortie: str) -> None:
    horizon = Organisme.objects.get(raison_sociale=HORIZON)
    ddets = Utilisateur.objects.get(email="ddets@demo.titrepro.fr")
    dreets = Utilisateur.objects.get(email="dreets@demo.titrepro.fr")
    assert {s.departement.code for s in Site.objects.all()} == {"69", "38", "13"}
    sites_ddets = list(Site.objects.visibles_par(ddets))
    assert [(s.organisme, s.departement.code) for s in sites_ddets] == [(horizon, "69")]
    assert set(Site.objects.visibles_par(dreets)) == set(horizon.sites.all())


def test_les_candidats_sont_varies(sortie: str) -> None:
    candidats = list(Candidat.objects.prefetch_related("organismes"))
    assert {c.sexe for c in candidats} == {"F", "M"}
    assert sum(bool(c.nom_usage) and c.nom_usage != c.nom_naissance for c in candidats) >= 3
    assert sum("(" in c.lieu_naissance for c in candidats) >= 3
    assert any("-" in c.nom_naissance for c in candidats)
    assert any("-" in c.prenoms or " " in c.prenoms for c in candidats)
    assert any(ch in c.nom_naissance + c.prenoms for c in candidats for ch in "ÉÈËéèëïî")
    par_nombre = [len(c.organismes.all()) for c in candidats]
    assert 2 <= par_nombre.count(2) <= 5
    assert all(dt.date(1950, 1, 1) < c.date_naissance < dt.date(2008, 1, 1) for c in candidats)
    for organisme in Organisme.objects.all():
        assert organisme.candidats.count() >= 10


def test_les_membres_de_jury_sont_dans_les_departements_des_sites(sortie: str) -> None:
    departements_des_sites = set(Site.objects.values_list("departement__code", flat=True))
    assert set(MembreJury.objects.values_list("departement__code", flat=True)) == departements_des_sites


def test_la_sortie_liste_les_comptes_et_le_mot_de_passe(sortie: str) -> None:
    assert f"mot de passe commun : {MOT_DE_PASSE_DEMO}" in sortie
    for email in COMPTES:
        assert email in sortie
    assert "Agent DDETS / UD" in sortie
    assert "Rhône (69)" in sortie
    assert sortie == charger()


@pytest.mark.skipif(not REFERENTIEL_DISPONIBLE, reason="commande importer_referentiel ou referentiel.json absents")
def test_le_referentiel_de_demo_est_importe(sortie: str) -> None:
    from titrepro.referentiel.models import Millesime, Titre

    charger()  # the import is idempotent too
    assert Titre.objects.count() >= 6
    assert set(Titre.objects.values_list("secteur", flat=True)) == {"BTP", "industrie", "tertiaire"}
    assert Titre.objects.filter(transport=True).exists()
    bim = Titre.objects.get(intitule="BIM modeleur du bâtiment")
    millesimes = list(Millesime.objects.filter(titre=bim).order_by("date_effet"))
    finissant = [m for m in millesimes if m.fin_validite == dt.date(2025, 3, 15)]
    assert finissant, "un millésime du titre BIM finit le 15 mars 2025"
    assert any(m.date_effet > finissant[0].date_effet for m in millesimes), "ce millésime a un successeur"


def test_le_chargement_est_tout_ou_rien(db: None, tmp_path: Path) -> None:
    donnees = json.loads(FICHIER_MONDE.read_text(encoding="utf-8"))
    donnees["membres_jury"][-1]["departement"] = "00"  # no such département: fails after everything else
    fichier = tmp_path / "monde.json"
    fichier.write_text(json.dumps(donnees), encoding="utf-8")
    with pytest.raises(KeyError):
        charger_monde_demo(fichier_monde=fichier)
    assert compter() == dict.fromkeys(compter(), 0)


@pytest.mark.skipif(not REFERENTIEL_DISPONIBLE, reason="commande importer_referentiel ou referentiel.json absents")
def test_un_referentiel_invalide_n_ecrit_rien(db: None, tmp_path: Path) -> None:
    fichier = tmp_path / "referentiel.json"
    fichier.write_text('{"format": "titrepro-referentiel", "version": 1, "titres": [{"code": ""}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="référentiel de démonstration"):
        charger_monde_demo(fichier_referentiel=fichier)
    assert compter() == dict.fromkeys(compter(), 0)


@pytest.mark.skipif(not REFERENTIEL_DISPONIBLE, reason="référentiel de démonstration absent")
def test_demo_agrements_a_request_in_each_state_idempotent(sortie):
    from titrepro.agrements.models import Agrement, DemandeAgrement, EtatDemande
    from titrepro.organisations.models import Contact, Convention, ProgrammationAnnuelle

    etats = set(DemandeAgrement.objects.values_list("etat", flat=True))
    assert etats == set(EtatDemande.values)
    avant = (Agrement.objects.count(), DemandeAgrement.objects.count(), Contact.objects.count())
    assert avant[0] >= 4
    assert Convention.objects.exists()
    assert ProgrammationAnnuelle.objects.exists()
    charger()
    assert (Agrement.objects.count(), DemandeAgrement.objects.count(), Contact.objects.count()) == avant
    assert DemandeAgrement.objects.filter(pieces__isnull=False).distinct().count() == DemandeAgrement.objects.count()


def test_une_session_dans_chaque_etat_jusqu_aux_convocations(sortie: str) -> None:
    """Built through the real services: no rule refused a step, and reloading adds nothing."""
    from titrepro.examens.models import EtatSession, Session

    assert "Démo," not in sortie, sortie
    etats = {s.etat: s for s in Session.objects.all()}
    # Issue 7 adds one session per later state (en_cours, resultats_saisis, pv_signe...): the first four stay.
    assert {EtatSession.BROUILLON, EtatSession.CREEE, EtatSession.CONVOQUEE, EtatSession.ANNULEE} <= set(etats)
    convoquee = etats[EtatSession.CONVOQUEE]
    assert {i.etat for i in convoquee.inscriptions.all()} == {"convoque"}
    assert convoquee.commandes_dte.get().etat == "recue"
    assert convoquee.jurys.get().participations.filter(etat="acceptee").exists()
    assert etats[EtatSession.CREEE].commandes_dte.get().etat == "soumise"
    nombre = Session.objects.count()
    charger()
    assert Session.objects.count() == nombre


def test_une_session_resultats_saisis_par_le_jury(sortie: str) -> None:
    """Issue 7, RESULTATS: the jury members entered the results; one titre, one partial success in the parcours."""
    from titrepro.examens.models import Session
    from titrepro.personnes.models import CCPAcquis

    session = Session.objects.get(observations__contains="résultats saisis")
    assert session.etat == "resultats_saisis"
    assert sorted(session.inscriptions.values_list("etat", flat=True)) == ["reussite_partielle", "titre_obtenu"]
    assert CCPAcquis.objects.filter(session=session).count() == 3
    from titrepro.resultats.models import ResultatCCP

    assert ResultatCCP.objects.filter(inscription__session=session, saisi_par_membre__isnull=False).count() == 4


def test_le_laureat_lit_son_resultat_publie(sortie: str) -> None:
    """Lucas FONTAINE (laureat@demo…), titre obtenu in the validated demo session, reads it in his portal."""
    from django.test import Client
    from django.urls import reverse

    assert "laureat@demo.titrepro.fr" in sortie
    client = Client()
    assert client.login(username="laureat@demo.titrepro.fr", password=MOT_DE_PASSE_DEMO)
    page = client.get(reverse("web:mes_resultats"))
    assert page.status_code == 200
    assert "FONTAINE" in page.content.decode().upper()
    assert "titre obtenu" in page.content.decode().lower()
