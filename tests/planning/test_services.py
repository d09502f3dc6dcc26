"""The timetable in the product: computed by the real solver, moved by hand, published, imported, convoked."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from tests import factories as f
from tests.planning.conftest import SessionPlanifiable
from titrepro.examens.documents import convocation_html
from titrepro.examens.models import EtatParticipation, Inscription, Jury, ParticipationJury
from titrepro.examens.services.convocations import horaires_du_candidat
from titrepro.examens.services.jurys import candidat_affecter_jury
from titrepro.personnes.models import LienJury
from titrepro.planning import imports, services
from titrepro.planning.models import EtatCalcul, EtatPlanning, NatureCreneauJury, Planning

pytestmark = pytest.mark.django_db


def generer(planifiable: SessionPlanifiable, capture) -> Planning:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        planning = services.planning_generer(
            session=planifiable.session, auteur=planifiable.monde.responsable, limite_s=10
        )
    planning.refresh_from_db()
    return planning


def test_generation_en_tache_de_fond_de_bout_en_bout(
    planifiable: SessionPlanifiable, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    planning = generer(planifiable, django_capture_on_commit_callbacks)

    assert planning.etat_calcul == EtatCalcul.TERMINE
    assert planning.progression == 100
    assert planning.statut_solveur in ("optimal", "faisable")
    assert planning.violations == []
    assert planning.version == 1
    assert planning.etat == EtatPlanning.BROUILLON
    # 3 candidates × 3 épreuves; the jury reads each file and has its lunch break.
    assert planning.creneaux.count() == 9
    assert planning.creneaux_jury.filter(nature=NatureCreneauJury.LECTURE).count() == 3
    assert planning.creneaux_jury.filter(nature=NatureCreneauJury.PAUSE).exists()
    # The entretien final is each candidate's last épreuve, before the session's only jury.
    for inscription in planifiable.inscriptions:
        creneaux = list(planning.creneaux.filter(inscription=inscription).order_by("jour", "debut"))
        assert creneaux[-1].epreuve == planifiable.epreuves[2]
        assert {c.jury for c in creneaux if c.epreuve.avec_jury} == {planifiable.jury}


def test_un_seul_calcul_a_la_fois_et_seule_l_equipe_calcule(planifiable: SessionPlanifiable) -> None:
    services.planning_generer(session=planifiable.session, auteur=planifiable.monde.responsable)  # left queued
    with pytest.raises(Exception, match="déjà en cours"):
        services.planning_generer(session=planifiable.session, auteur=planifiable.monde.responsable)
    with pytest.raises(PermissionDenied):
        services.planning_generer(session=planifiable.session, auteur=planifiable.monde.agent_ddets)


def test_le_jury_d_un_membre_lie_au_candidat_est_ecarte(
    planifiable: SessionPlanifiable, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    deuxieme_jury = Jury.objects.create(session=planifiable.session, numero=2)
    for membre in (f.MembreJuryFactory(), f.MembreJuryFactory()):
        ParticipationJury.objects.create(jury=deuxieme_jury, membre=membre, etat=EtatParticipation.ACCEPTEE)
    premier = planifiable.inscriptions[0]
    LienJury.objects.create(
        membre=planifiable.membres[0], nature="pedagogique", candidat=premier.candidat, declare_le=dt.date(2027, 1, 2)
    )

    planning = generer(planifiable, django_capture_on_commit_callbacks)

    assert planning.violations == []
    jurys = {c.jury for c in planning.creneaux.filter(inscription=premier) if c.jury}
    assert jurys == {deuxieme_jury}


def test_deplacement_a_la_main_revalide_et_bloque_la_publication(
    planifiable: SessionPlanifiable, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    planning = generer(planifiable, django_capture_on_commit_callbacks)
    premier = planifiable.inscriptions[0]
    mise_en_situation = planning.creneaux.get(inscription=premier, epreuve=planifiable.epreuves[0])
    entretien = planning.creneaux.get(inscription=premier, epreuve=planifiable.epreuves[1])

    # The entretien technique moved to start with the mise en situation: the RE's order is broken.
    violations = services.creneau_deplacer(
        creneau=entretien,
        auteur=planifiable.monde.responsable,
        jour=mise_en_situation.jour,
        debut=mise_en_situation.debut,
        jury=planifiable.jury,
    )

    assert violations
    assert "SES-PLANNING" in {v["code"] for v in violations}
    entretien.refresh_from_db()
    assert (entretien.jour, entretien.debut, entretien.fin - entretien.debut) == (
        mise_en_situation.jour,
        mise_en_situation.debut,
        45,
    )
    with pytest.raises(services.PlanningNonConforme) as refus:
        services.planning_publier(planning=planning, auteur=planifiable.monde.responsable)
    assert refus.value.regle == "SES-PLANNING"
    planning.refresh_from_db()
    assert planning.etat == EtatPlanning.BROUILLON


def test_deplacement_hors_des_jours_de_la_session_refuse(
    planifiable: SessionPlanifiable, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    planning = generer(planifiable, django_capture_on_commit_callbacks)
    creneau = planning.creneaux.first()
    with pytest.raises(Exception, match="n'est pas un jour de la session"):
        services.creneau_deplacer(
            creneau=creneau, auteur=planifiable.monde.responsable, jour=dt.date(2027, 6, 20), debut=600
        )


def test_publication_puis_horaires_sur_la_convocation(
    planifiable: SessionPlanifiable, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    planning = generer(planifiable, django_capture_on_commit_callbacks)
    premier = planifiable.inscriptions[0]
    # Before publication: the session's opening hours.
    assert [(j.date, j.heure_debut) for j in horaires_du_candidat(premier)] == [
        (dt.date(2027, 6, 14), dt.time(8, 30)),
        (dt.date(2027, 6, 15), dt.time(8, 30)),
    ]

    services.planning_publier(planning=planning, auteur=planifiable.monde.responsable)

    planning.refresh_from_db()
    assert planning.etat == EtatPlanning.PUBLIE
    assert planning.publie_par == planifiable.monde.responsable
    creneaux = list(planning.creneaux.filter(inscription=premier).order_by("jour", "debut"))
    horaires = horaires_du_candidat(premier)
    assert horaires[0].date == creneaux[0].jour
    assert horaires[0].heure_debut == creneaux[0].heure_debut
    html = convocation_html(premier, jour=dt.date(2027, 5, 1))
    assert f"de {creneaux[0].debut // 60:02d}h{creneaux[0].debut % 60:02d}" in html
    # Each day lists the candidate's own épreuves, with their hours and room.
    for creneau in creneaux:
        assert f"{creneau.horaire} : {creneau.epreuve}" in html
    assert "Mise en situation professionnelle" in html
    assert "(salle Atelier)" in html

    # A new version published replaces the first.
    copie = services.planning_copier(planning=planning, auteur=planifiable.monde.responsable)
    services.planning_publier(planning=copie, auteur=planifiable.monde.suppleant)
    planning.refresh_from_db()
    assert planning.etat == EtatPlanning.REMPLACE


def test_publication_affecte_les_candidats_sans_jury_au_jury_du_planning(
    planifiable: SessionPlanifiable, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    planning = generer(planifiable, django_capture_on_commit_callbacks)
    premier, deuxieme, troisieme = planifiable.inscriptions
    # The session team already put the first candidate in the (only) jury: it agrees with the timetable.
    candidat_affecter_jury(inscription=premier, jury=planifiable.jury, auteur=planifiable.monde.responsable)
    assert Inscription.objects.filter(pk__in=[deuxieme.pk, troisieme.pk], jury__isnull=True).count() == 2

    services.planning_publier(planning=planning, auteur=planifiable.monde.responsable)

    for inscription in planifiable.inscriptions:
        inscription.refresh_from_db()
        assert inscription.jury == planifiable.jury


def test_le_calcul_suit_les_jurys_des_inscriptions_et_la_publication_passe(
    planifiable: SessionPlanifiable, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # Two juries; before the computation, the session team put the first two candidates in jury n° 2.
    deuxieme_jury = Jury.objects.create(session=planifiable.session, numero=2)
    for membre in (f.MembreJuryFactory(), f.MembreJuryFactory()):
        ParticipationJury.objects.create(jury=deuxieme_jury, membre=membre, etat=EtatParticipation.ACCEPTEE)
    premier, deuxieme, troisieme = planifiable.inscriptions
    for inscription in (premier, deuxieme):
        candidat_affecter_jury(inscription=inscription, jury=deuxieme_jury, auteur=planifiable.monde.responsable)

    planning = generer(planifiable, django_capture_on_commit_callbacks)

    assert planning.statut_solveur in ("optimal", "faisable")
    assert planning.violations == []
    assert services.ecarts_jury(planning) == []
    for inscription in (premier, deuxieme):
        assert {c.jury for c in planning.creneaux.filter(inscription=inscription) if c.jury} == {deuxieme_jury}
    services.planning_publier(planning=planning, auteur=planifiable.monde.responsable)  # no JuryDifferent
    planning.refresh_from_db()
    assert planning.etat == EtatPlanning.PUBLIE
    troisieme.refresh_from_db()
    assert troisieme.jury is not None  # the third one follows the timetable's jury


def test_publication_refusee_quand_le_jury_de_l_inscription_differe(
    planifiable: SessionPlanifiable, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    planning = generer(planifiable, django_capture_on_commit_callbacks)
    premier, deuxieme, _ = planifiable.inscriptions
    # After the computation, the session team puts the first candidate in a second jury.
    deuxieme_jury = Jury.objects.create(session=planifiable.session, numero=2)
    candidat_affecter_jury(inscription=premier, jury=deuxieme_jury, auteur=planifiable.monde.responsable)

    with pytest.raises(services.JuryDifferent) as refus:
        services.planning_publier(planning=planning, auteur=planifiable.monde.responsable)

    assert refus.value.regle == "SES-PLANNING"
    assert str(premier.candidat) in refus.value.message
    assert "jury n° 2 à l'inscription, jury n° 1 au planning" in refus.value.message
    assert str(deuxieme.candidat) not in refus.value.message
    planning.refresh_from_db()
    assert planning.etat == EtatPlanning.BROUILLON
    deuxieme.refresh_from_db()
    assert deuxieme.jury is None  # nothing assigned by a refused publication
    # The disagreement is listed with the timetable's violations when it is checked again.
    violations = services.planning_revalider(planning=planning)
    [ecart] = [v for v in violations if v["inscription"] == premier.pk]
    assert ecart["code"] == "SES-PLANNING"
    assert "affecté(e) au jury n° 2" in ecart["message"]
    assert "devant le jury n° 1" in ecart["message"]

    # Back in the timetable's jury: published.
    candidat_affecter_jury(inscription=premier, jury=planifiable.jury, auteur=planifiable.monde.responsable)
    services.planning_publier(planning=planning, auteur=planifiable.monde.responsable)
    planning.refresh_from_db()
    assert planning.etat == EtatPlanning.PUBLIE


def _classeur(lignes: list[list[object]]) -> bytes:
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Planning"
    feuille.append(["N° d'inscription", "Candidat", "N° d'épreuve", "Épreuve", "Jour", "Début", "Fin", "Jury", "Salle"])
    for ligne in lignes:
        feuille.append(ligne)
    tampon = BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def test_import_xlsx_erreurs_par_ligne_et_rien_d_enregistre(planifiable: SessionPlanifiable) -> None:
    premier, deuxieme, _ = planifiable.inscriptions
    contenu = _classeur(
        [
            [premier.pk, "", 1, "", "14/06/2027", "08:30", "10:30", None, "Atelier"],
            [premier.pk, "", 2, "", "20/06/2027", "10:45", "11:30", 1, None],  # not a session day
            [premier.pk, "", 3, "", "14/06/2027", "12:00", "11:40", 1, None],  # end before start
            [999999, "", 1, "", "14/06/2027", "08:30", "10:30", None, None],  # unknown registration
            [deuxieme.pk, "", 1, "", "14/06/2027", "8h30", "10:30", 7, None],  # unknown jury
        ]
    )

    with pytest.raises(imports.ImportRefuse) as refus:
        imports.planning_importer(session=planifiable.session, auteur=planifiable.monde.responsable, contenu=contenu)

    messages = [str(e) for e in refus.value.erreurs]
    assert any("ligne 3" in m and "20/06/2027 n'est pas un jour de la session" in m for m in messages)
    assert any("ligne 4" in m and "fin doit suivre" in m for m in messages)
    assert any("ligne 5" in m and "999999" in m for m in messages)
    assert any("ligne 6" in m and "jury n° 7" in m for m in messages)
    assert Planning.objects.filter(session=planifiable.session).count() == 0


def test_import_xlsx_valide_puis_verifie(planifiable: SessionPlanifiable) -> None:
    lignes: list[list[object]] = []
    for rang, inscription in enumerate(planifiable.inscriptions):
        lignes.append([inscription.pk, "", 1, "", "14/06/2027", "08:30", "10:30", None, "Atelier"])
        entretien = 11 * 60 + 65 * rang
        lignes.append(
            [
                inscription.pk,
                "",
                2,
                "",
                "15/06/2027",
                f"{entretien // 60:02d}:{entretien % 60:02d}",
                f"{(entretien + 45) // 60:02d}:{(entretien + 45) % 60:02d}",
                1,
                "Salle du jury",
            ]
        )
    # No entretien final, no reading, no break: imported, then the violations are listed with their codes.
    with pytest.raises(imports.ImportRefuse, match="il manque"):
        imports.planning_importer(
            session=planifiable.session, auteur=planifiable.monde.responsable, contenu=_classeur(lignes)
        )
    for rang, inscription in enumerate(planifiable.inscriptions):
        final = 16 * 60 + 25 * rang
        lignes.append(
            [
                inscription.pk,
                "",
                3,
                "",
                "15/06/2027",
                f"{final // 60:02d}:{final % 60:02d}",
                f"{(final + 20) // 60:02d}:{(final + 20) % 60:02d}",
                1,
                "Salle du jury",
            ]
        )

    planning = imports.planning_importer(
        session=planifiable.session, auteur=planifiable.monde.responsable, contenu=_classeur(lignes)
    )

    assert planning.origine == "import"
    assert planning.creneaux.count() == 9
    assert planning.violations, "no file reading nor lunch break recorded: SES-PLANNING"
    assert {v["code"] for v in planning.violations} >= {"SES-PLANNING"}


def test_planning_impossible_explique_en_francais(
    planifiable: SessionPlanifiable, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # Eight hours of épreuves for each candidate and a single opening day of 8:30–17:00 with one jury.
    planifiable.epreuves[1].duree_minutes = 400
    planifiable.epreuves[1].save()
    planifiable.session.jours.exclude(date=dt.date(2027, 6, 14)).delete()

    planning = generer(planifiable, django_capture_on_commit_callbacks)

    assert planning.etat_calcul == EtatCalcul.TERMINE
    assert planning.statut_solveur == "impossible"
    assert planning.explication
    assert not planning.creneaux.exists()
    with pytest.raises(PermissionDenied, match="aucun créneau"):
        services.planning_publier(planning=planning, auteur=planifiable.monde.responsable)
