"""Timetable pages and API: rooms, generation with progress, views, hand move, publish refused, import, documents."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests import factories as f
from tests.planning.conftest import SessionPlanifiable
from titrepro.comptes.roles import Role
from titrepro.planning import services
from titrepro.planning.models import Creneau, EtatPlanning, Planning, Salle

pytestmark = pytest.mark.django_db


def client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def calcule(planifiable: SessionPlanifiable, django_capture_on_commit_callbacks) -> Planning:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client(planifiable.monde.responsable).post(
            reverse("web:planning_generer", args=[planifiable.session.pk])
        )
    planning = Planning.objects.get(session=planifiable.session)
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("web:planning", args=[planning.pk])
    return planning


def test_salles_du_site_ajoutees_par_l_equipe_lues_par_la_ddets(planifiable: SessionPlanifiable) -> None:
    site = planifiable.monde.site
    reponse = client(planifiable.monde.responsable_organisme).post(
        reverse("web:salle_ajouter", args=[site.pk]),
        {
            "nom": "Salle isolée",
            "capacite": "1",
            "postes": "0",
            "types_epreuves": ["questionnaire_professionnel"],
            "isolee_possible": "on",
        },
    )
    assert reponse.status_code == 302
    salle = Salle.objects.get(site=site, nom="Salle isolée")
    assert salle.isolee_possible
    assert salle.types_epreuves == ["questionnaire_professionnel"]
    # Same name twice: a clear French message, nothing saved.
    reponse = client(planifiable.monde.responsable).post(
        reverse("web:salle_ajouter", args=[site.pk]), {"nom": "Salle isolée", "capacite": "1", "postes": "0"}
    )
    assert reponse.status_code == 200
    assert "existe déjà sur ce site" in reponse.content.decode()
    page = client(planifiable.monde.agent_ddets).get(reverse("web:site_salles", args=[site.pk])).content.decode()
    assert "Salle isolée" in page
    assert "Ajouter une salle" not in page
    assert client(planifiable.monde.agent_ddets).get(reverse("web:salle_ajouter", args=[site.pk])).status_code == 403
    # Another organisme's team: 404.
    autre = client(planifiable.monde.gestionnaire_autre)
    assert autre.get(reverse("web:salle_modifier", args=[salle.pk])).status_code == 404


def test_calcul_avec_progression_puis_vues(planifiable: SessionPlanifiable, calcule: Planning) -> None:
    calcule.refresh_from_db()
    c = client(planifiable.monde.responsable)
    fragment = c.get(reverse("web:planning", args=[calcule.pk]), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment["HX-Refresh"] == "true"
    for vue, attendu in (
        ("jury", "Jury 1"),
        ("salle", "Atelier"),
        ("candidat", "CANDIDAT1"),
        ("temps", "Lecture du dossier"),
    ):
        page = c.get(reverse("web:planning", args=[calcule.pk]), {"vue": vue}).content.decode()
        assert attendu in page, vue
        assert "<caption>" in page
    assert "Publier ce planning" in page
    # The session page shows the planning panel.
    session_page = c.get(reverse("web:session", args=[planifiable.session.pk])).content.decode()
    assert "Voir le planning de la session" in session_page


def test_progression_affichee_pendant_le_calcul(planifiable: SessionPlanifiable) -> None:
    planning = services.planning_generer(session=planifiable.session, auteur=planifiable.monde.responsable)
    Planning.objects.filter(pk=planning.pk).update(
        etat_calcul="en_cours", progression=40, message_progression="Recherche"
    )
    page = client(planifiable.monde.responsable).get(reverse("web:planning", args=[planning.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="40"' in page
    assert "Recherche" in page


def test_deplacement_refuse_la_publication_avec_les_codes(planifiable: SessionPlanifiable, calcule: Planning) -> None:
    c = client(planifiable.monde.responsable)
    premier = planifiable.inscriptions[0]
    mise = calcule.creneaux.get(inscription=premier, epreuve=planifiable.epreuves[0])
    final = calcule.creneaux.get(inscription=premier, epreuve=planifiable.epreuves[2])
    reponse = c.post(
        reverse("web:creneau_deplacer", args=[final.pk]),
        {
            "jour": mise.jour.isoformat(),
            "debut": f"{mise.debut // 60:02d}:{mise.debut % 60:02d}",
            "jury": str(planifiable.jury.pk),
            "salle": "",
        },
    )
    assert reponse.status_code == 302
    page = c.get(reverse("web:planning", args=[calcule.pk])).content.decode()
    assert "publication impossible" in page
    assert "SES-PLANNING" in page
    assert "Publier ce planning" not in page
    reponse = c.post(reverse("web:planning_publier", args=[calcule.pk]), follow=True)
    assert "ne peut pas être publié" in reponse.content.decode()
    calcule.refresh_from_db()
    assert calcule.etat == EtatPlanning.BROUILLON


def test_documents_pdf_et_xlsx(planifiable: SessionPlanifiable, calcule: Planning) -> None:
    c = client(planifiable.monde.agent_ddets)
    for nom in ("web:planning_affiche_pdf", "web:planning_organisation_pdf"):
        reponse = c.get(reverse(nom, args=[calcule.pk]))
        assert reponse.status_code == 200
        assert reponse.content.startswith(b"%PDF")
    reponse = c.get(reverse("web:planning_organisation_xlsx", args=[calcule.pk]))
    feuille = load_workbook(BytesIO(reponse.content))["Organisation détaillée"]
    lignes = list(feuille.iter_rows(min_row=5, values_only=True))
    assert len(lignes) == 9
    assert {ligne[3] for ligne in lignes} == {str(i.candidat) for i in planifiable.inscriptions}


def test_modele_d_import_puis_import_avec_erreurs(planifiable: SessionPlanifiable) -> None:
    c = client(planifiable.monde.responsable)
    modele = c.get(reverse("web:planning_modele_xlsx", args=[planifiable.session.pk]))
    classeur = load_workbook(BytesIO(modele.content))
    assert "Mode d'emploi" in classeur.sheetnames
    feuille = classeur["Planning"]
    assert feuille.max_row == 1 + 9  # one row per candidate's épreuve
    feuille["E2"] = "21/06/2027"
    feuille["F2"] = "08:30"
    feuille["G2"] = "10:30"
    tampon = BytesIO()
    classeur.save(tampon)
    reponse = c.post(
        reverse("web:planning_importer", args=[planifiable.session.pk]),
        {"fichier": SimpleUploadedFile("planning.xlsx", tampon.getvalue())},
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Rien n&#x27;a été importé" in html or "Rien n'a été importé" in html
    assert "ligne 2" in html
    assert "21/06/2027" in html
    assert not Planning.objects.filter(session=planifiable.session).exists()
    # Not a spreadsheet at all.
    reponse = c.post(
        reverse("web:planning_importer", args=[planifiable.session.pk]),
        {"fichier": SimpleUploadedFile("planning.xlsx", b"pas un classeur")},
    )
    assert "pas un classeur XLSX lisible" in reponse.content.decode()


def test_api_generer_lire_valider_deplacer_publier(
    planifiable: SessionPlanifiable, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    c = api(planifiable.monde.responsable)
    session = planifiable.session
    with django_capture_on_commit_callbacks(execute=True):
        reponse = c.post(f"/api/v1/sessions/{session.pk}/planning/generer/")
    assert reponse.status_code == 202
    planning_id = reponse.json()["id"]
    corps = c.get(f"/api/v1/sessions/{session.pk}/planning/").json()
    assert corps["id"] == planning_id
    assert corps["etat_calcul"] == "termine"
    assert len(corps["creneaux"]) == 9
    assert corps["violations"] == []

    # Validate a hand-made timetable: one candidate's entretien technique alone, on a day of the session.
    premier = planifiable.inscriptions[0]
    donnees = {
        "creneaux": [
            {"inscription": premier.pk, "epreuve": 2, "jour": "2027-06-14", "debut": "09:00", "fin": "09:45", "jury": 1}
        ]
    }
    reponse = c.post(f"/api/v1/sessions/{session.pk}/planning/valider/", donnees, format="json")
    assert reponse.status_code == 200
    assert reponse.json()["conforme"] is False
    assert "SES-PLANNING" in {v["code"] for v in reponse.json()["violations"]}
    reponse = c.post(
        f"/api/v1/sessions/{session.pk}/planning/valider/",
        {"creneaux": [{**donnees["creneaux"][0], "jury": 9, "debut": "9h"}]},
        format="json",
    )
    assert reponse.status_code == 400

    # Move the entretien final first: 200 with the violations; publishing is then a 422 naming the rule.
    final = next(x for x in corps["creneaux"] if x["inscription"] == premier.pk and x["epreuve_ordre"] == 3)
    mise = next(x for x in corps["creneaux"] if x["inscription"] == premier.pk and x["epreuve_ordre"] == 1)
    reponse = c.patch(
        f"/api/v1/plannings/creneaux/{final['id']}/",
        {"jour": mise["jour"], "debut": mise["debut"], "jury": 1},
        format="json",
    )
    assert reponse.status_code == 200
    assert reponse.json()["conforme"] is False
    reponse = c.post(f"/api/v1/sessions/{session.pk}/planning/publier/", {}, format="json")
    assert reponse.status_code == 422
    assert reponse.json()["regle"] == "SES-PLANNING"
    assert reponse.json()["champs"]["violations"]
    # Put it back: publishable.
    reponse = c.patch(
        f"/api/v1/plannings/creneaux/{final['id']}/",
        {"jour": final["jour"], "debut": final["debut"], "jury": final["jury"], "salle": final["salle"]},
        format="json",
    )
    assert reponse.json()["conforme"] is True
    reponse = c.post(f"/api/v1/sessions/{session.pk}/planning/publier/", {}, format="json")
    assert reponse.status_code == 200
    assert reponse.json()["etat"] == "publie"
    # The DDETS reads; another organisme's team gets 404.
    assert api(planifiable.monde.agent_ddets).get(f"/api/v1/plannings/{planning_id}/").status_code == 200
    assert api(planifiable.monde.gestionnaire_autre).get(f"/api/v1/plannings/{planning_id}/").status_code == 404
    assert api(planifiable.monde.gestionnaire_autre).get(f"/api/v1/sessions/{session.pk}/planning/").status_code == 404


def test_api_salles(planifiable: SessionPlanifiable) -> None:
    site = planifiable.monde.site
    c = api(planifiable.monde.responsable)
    reponse = c.post("/api/v1/salles/", {"site": site.pk, "nom": "Salle B", "capacite": 2}, format="json")
    assert reponse.status_code == 201
    salle_id = reponse.json()["id"]
    reponse = c.patch(f"/api/v1/salles/{salle_id}/", {"types_epreuves": ["inconnu"]}, format="json")
    assert reponse.status_code == 400
    assert api(planifiable.monde.agent_ddets).delete(f"/api/v1/salles/{salle_id}/").status_code == 403
    assert api(planifiable.monde.gestionnaire_autre).get(f"/api/v1/salles/{salle_id}/").status_code == 404
    assert c.delete(f"/api/v1/salles/{salle_id}/").status_code == 204


def test_un_membre_du_jury_lit_le_planning_publie_un_candidat_non(
    planifiable: SessionPlanifiable, calcule: Planning
) -> None:
    membre = planifiable.membres[0]
    compte = f.UtilisateurFactory(email="jure@exemple.fr")
    f.AffectationFactory(utilisateur=compte, role=Role.MEMBRE_JURY)
    membre.compte = compte
    membre.save()
    jure = client(compte)
    # A draft stays with the session team: not the page, its PDF, its slots nor the API.
    assert jure.get(reverse("web:planning", args=[calcule.pk])).status_code == 404
    assert jure.get(reverse("web:planning_affiche_pdf", args=[calcule.pk])).status_code == 404
    assert not Creneau.objects.visibles_par(compte).filter(planning=calcule).exists()
    assert api(compte).get(f"/api/v1/sessions/{planifiable.session.pk}/planning/").status_code == 404
    services.planning_publier(planning=calcule, auteur=planifiable.monde.responsable)
    assert jure.get(reverse("web:planning", args=[calcule.pk])).status_code == 200
    assert Creneau.objects.visibles_par(compte).filter(planning=calcule).exists()
    assert api(compte).get(f"/api/v1/sessions/{planifiable.session.pk}/planning/").status_code == 200
    candidat = f.UtilisateurFactory(email="cand@exemple.fr")
    f.AffectationFactory(utilisateur=candidat, role=Role.CANDIDAT)
    assert client(candidat).get(reverse("web:planning", args=[calcule.pk])).status_code == 403


def test_le_portail_jury_mene_au_planning_publie_de_chaque_session(
    planifiable: SessionPlanifiable, calcule: Planning
) -> None:
    membre = planifiable.membres[0]
    compte = f.UtilisateurFactory(email="jure@exemple.fr")
    f.AffectationFactory(utilisateur=compte, role=Role.MEMBRE_JURY)
    membre.compte = compte
    membre.save()
    jure = client(compte)
    url_planning = reverse("web:planning", args=[calcule.pk])
    # A draft is not offered to the jury.
    page = jure.get(reverse("web:espace_jury_invitations")).content.decode()
    assert url_planning not in page
    assert "Pas encore publié" in page

    services.planning_publier(planning=calcule, auteur=planifiable.monde.responsable)

    page = jure.get(reverse("web:espace_jury_invitations")).content.decode()
    assert f'href="{url_planning}"' in page
    assert f'Planning publié<span class="fr-sr-only"> de la session {planifiable.session.numero}' in page
    assert jure.get(url_planning).status_code == 200
    # A member of another session's jury sees no link to it.
    autre = f.UtilisateurFactory(email="autre-jure@exemple.fr")
    f.AffectationFactory(utilisateur=autre, role=Role.MEMBRE_JURY)
    f.MembreJuryFactory(compte=autre)
    assert url_planning not in client(autre).get(reverse("web:espace_jury_invitations")).content.decode()


def test_organisation_detaillee_jointe_a_une_demande_d_agrement(
    planifiable: SessionPlanifiable, calcule: Planning
) -> None:
    from titrepro.agrements.models import DemandeAgrement, PieceJointe, TypePiece

    monde = planifiable.monde
    demande = DemandeAgrement.objects.create(
        organisme=monde.organisme, site=monde.site, premiere_session=dt.date(2027, 9, 1)
    )
    c = client(monde.responsable_organisme)
    page = c.get(reverse("web:planning", args=[calcule.pk])).content.decode()
    assert "Joindre l&#x27;organisation détaillée" in page or "Joindre l'organisation détaillée" in page

    reponse = c.post(reverse("web:planning_joindre_demande", args=[calcule.pk]), {"demande": demande.pk})

    assert reponse.status_code == 302
    piece = PieceJointe.objects.get(demande=demande)
    assert piece.type == TypePiece.ORGANISATION
    assert piece.nom_original == f"organisation-detaillee-{planifiable.session.numero}-v1.pdf"
    # The session team (not the organisme's responsable) cannot; another organisme's request is not found.
    assert (
        client(monde.responsable)
        .post(reverse("web:planning_joindre_demande", args=[calcule.pk]), {"demande": demande.pk})
        .status_code
        == 403
    )


def test_organisation_prevue_pour_une_demande_d_agrement(planifiable: SessionPlanifiable) -> None:
    monde = planifiable.monde
    c = client(monde.responsable_organisme)
    assert c.get(reverse("web:organisation_prevue")).status_code == 200
    donnees = {
        "millesime": monde.millesime.pk,
        "site": monde.site.pk,
        "premier_jour": "2027-09-06",
        "nombre_candidats": "4",
        "nombre_jurys": "1",
        "nombre_jours": "1",
    }
    reponse = c.post(reverse("web:organisation_prevue"), donnees)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")
    # 30 candidates before one jury in one day cannot fit: the page says why, in French.
    reponse = c.post(reverse("web:organisation_prevue"), {**donnees, "nombre_candidats": "30"})
    assert reponse.status_code == 200
    assert "Aucune organisation possible" in reponse.content.decode()
    # Another organisme's site is not offered.
    autre = f.SiteFactory(organisme=monde.autre_organisme)
    reponse = c.post(reverse("web:organisation_prevue"), {**donnees, "site": autre.pk})
    assert "site" in reponse.context["form"].errors
