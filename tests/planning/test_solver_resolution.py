"""The CP-SAT solver, the greedy baseline, the lower bound and the infeasibility explanations (pure, no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from titrepro.planning.solver import (
    Candidat,
    Creneau,
    Epreuve,
    Instance,
    Jour,
    Jury,
    Membre,
    PauseDejeuner,
    Salle,
    borne_inferieure,
    expliquer_impossibilite,
    glouton,
    resoudre,
    valider,
)
from titrepro.planning.solver.donnees import ATTENTE, FIN, JOURS
from titrepro.planning.solver.exemples import instance_realiste
from titrepro.planning.solver.glouton import amorcer
from titrepro.planning.solver.mesures import mesurer

LUNDI = dt.date(2027, 3, 1)
ET = Epreuve("ET", "Entretien technique", 120, rang=2)
EF = Epreuve("EF", "Entretien final", 30, rang=3)
QP = Epreuve("QP", "Questionnaire professionnel", 60, collective=True, avec_jury=False, rang=1)


def session(
    n: int, *, jurys: int = 1, jours: int = 1, epreuves: tuple[Epreuve, ...] = (ET, EF), **autres: object
) -> Instance:
    instance = Instance(
        jours=tuple(Jour(LUNDI + dt.timedelta(days=k), 8 * 60 + 30, 17 * 60) for k in range(jours)),
        epreuves=epreuves,
        candidats=tuple(Candidat(f"c{i}", f"Candidat {i}", tuple(e.code for e in epreuves)) for i in range(1, n + 1)),
        jurys=tuple(Jury(f"J{k}", (f"m{2 * k - 1}", f"m{2 * k}"), f"Jury {k}") for k in range(1, jurys + 1)),
        membres=tuple(Membre(f"m{k}", f"Membre {k}") for k in range(1, 2 * jurys + 1)),
        pause_dejeuner=PauseDejeuner(12 * 60, 14 * 60, 60),
        lecture_dossier=15,
    )
    return replace(instance, **autres)  # type: ignore[arg-type]


# -- infeasible instances: an explanation, never an exception ------------------------------------


def test_capacite_des_jurys_depassee() -> None:
    instance = session(12)
    attendu = (
        "12 candidats × 2 h 45 d'épreuves avec jury (lecture des dossiers comprise) dépassent la capacité de "
        "1 jury sur 1 jour (7 h 30 disponibles après la pause par jury)."
    )
    assert expliquer_impossibilite(instance) == attendu
    solution = resoudre(instance, limite_s=2)
    assert solution.statut == "impossible"
    assert solution.explication == attendu
    assert solution.creneaux == ()


def test_candidat_lie_a_tous_les_jurys() -> None:
    instance = session(2, jurys=2)
    lie = replace(instance.candidats[0], liens=frozenset({"m1", "m4"}))
    instance = replace(instance, candidats=(lie, instance.candidats[1]))
    assert resoudre(instance, limite_s=2).explication == (
        "Candidat 1 a un lien avec un membre de chacun des 2 jurys : aucun jury ne peut l'évaluer (SES-JURY-LIENS)."
    )


def test_jury_impose_dont_un_membre_est_lie_au_candidat() -> None:
    # Candidate 1's registration names Jury 1, whose Membre 1 is linked to them: Jury 2 is no way out.
    instance = session(2, jurys=2)
    impose = replace(instance.candidats[0], liens=frozenset({"m1"}), jurys=frozenset({"J1"}))
    instance = replace(instance, candidats=(impose, instance.candidats[1]))
    attendu = (
        "L'inscription de Candidat 1 impose d'être évalué par Jury 1, mais aucun ne le peut : Jury 1 compte "
        "Membre 1, qui a un lien avec le candidat (SES-JURY-LIENS). Changez son affectation au jury."
    )
    assert expliquer_impossibilite(instance) == attendu
    solution = resoudre(instance, limite_s=2)
    assert (solution.statut, solution.explication, solution.creneaux) == ("impossible", attendu, ())


def test_jury_impose_absent_de_la_session() -> None:
    instance = session(1)
    instance = replace(instance, candidats=(replace(instance.candidats[0], jurys=frozenset({"J9"})),))
    assert expliquer_impossibilite(instance) == (
        "L'inscription de Candidat 1 impose d'être évalué par le jury J9, mais aucun ne le peut : le jury J9 ne fait "
        "pas partie des jurys de la session (aucun membre n'a accepté). Changez son affectation au jury."
    )


def test_jury_impose_trop_charge() -> None:
    # Three registrations name Jury 2, on one day: Jury 1 is free but cannot help.
    instance = session(4, jurys=2)
    imposes = (frozenset({"J2"}), frozenset({"J2"}), None, frozenset({"J2"}))
    instance = replace(
        instance, candidats=tuple(replace(c, jurys=j) for c, j in zip(instance.candidats, imposes, strict=True))
    )
    attendu = (
        "Candidat 1, Candidat 2, Candidat 4 ne peuvent être évalués que par Jury 2 (jury imposé par l'inscription, "
        "liens SES-JURY-LIENS) : 8 h 15 d'épreuves avec jury (lecture des dossiers comprise) dépassent la capacité "
        "de ce jury sur 1 jour."
    )
    assert resoudre(instance, limite_s=2).explication == attendu


def test_epreuve_plus_longue_qu_une_journee() -> None:
    longue = replace(ET, duree=400)
    instance = session(1, epreuves=(longue, EF))
    instance = replace(instance, candidats=(replace(instance.candidats[0], majoration=Fraction(4, 3)),))
    assert expliquer_impossibilite(instance) == (
        "Entretien technique dure 8 h 55 avec la majoration 4/3 pour Candidat 1, plus que la plus longue journée "
        "de la session (8 h 30 le 01/03/2027)."
    )


def test_aucune_salle_pour_une_epreuve() -> None:
    instance = session(2, salles=(Salle("B1", "Bureau 1", usages=frozenset({"ET"})),))
    assert expliquer_impossibilite(instance) == "Aucune salle ne peut accueillir l'épreuve « Entretien final »."


def test_membre_jamais_disponible() -> None:
    instance = session(2)
    membres = (replace(instance.membres[0], disponibilites=()), instance.membres[1])
    assert resoudre(replace(instance, membres=membres), limite_s=2).explication == (
        "Aucun jury ne peut évaluer Candidat 1 : Membre 1 n'est disponible à aucun moment de la session."
    )


def test_contrainte_bloquante_trouvee_par_relaxation() -> None:
    # Membre 1 is there 09:00–10:00 and 14:00–15:00 only: no 2 h entretien fits, though each check alone passes.
    instance = session(1)
    membres = (
        replace(instance.membres[0], disponibilites=((LUNDI, 9 * 60, 10 * 60), (LUNDI, 14 * 60, 15 * 60))),
        instance.membres[1],
    )
    solution = resoudre(replace(instance, membres=membres), limite_s=4)
    assert solution.statut == "impossible"
    assert solution.explication == (
        "Aucun planning ne respecte toutes les règles. La contrainte qui rend la session impossible : "
        "les disponibilités des membres de jury (sans elle, un planning existe)."
    )


def test_instances_degenerees_sans_exception() -> None:
    assert resoudre(session(0), limite_s=1).statut == "optimal"
    assert resoudre(session(2, jurys=0), limite_s=1).explication == (
        "Candidat 1 doit passer des épreuves avec jury mais la session n'a aucun jury."
    )
    assert resoudre(replace(session(2), jours=()), limite_s=1).statut == "impossible"
    assert resoudre(replace(session(2), precedences=(("EF", "ET"),)), limite_s=1).explication.startswith(
        "L'ordre des épreuves est contradictoire"
    )


# -- solved instances ------------------------------------------------------------------------------


def test_petite_session_optimale() -> None:
    """3 candidates, 1 jury, 2 days: the collective QP, then per candidate 15 min of reading and 2 h 30 of jury."""
    instance = session(3, epreuves=(QP, ET, EF), jours=2)
    progres: list[tuple[float, str]] = []
    solution = resoudre(instance, limite_s=10, progression=lambda f, m: progres.append((f, m)))
    assert solution.statut == "optimal"
    assert valider(instance, solution.creneaux, solution.lectures, solution.pauses) == []
    # Day 1 after the QP holds two candidates (2 × 2 h 45 + 1 h lunch); the third ends on day 2 at 11:00.
    assert solution.objectifs[JOURS] == 2
    derniere = max(solution.creneaux, key=lambda cr: (cr.jour, cr.fin))
    assert (derniere.jour, derniere.fin) == (LUNDI + dt.timedelta(days=1), 11 * 60)
    assert solution.borne_inferieure[FIN] == solution.objectifs[FIN]
    assert solution.statuts_niveaux == {
        "fin": "optimal",
        "attente": "optimal",
        "equilibre": "optimal",
        "jours": "optimal",
    }
    assert len({(cr.jour, cr.debut) for cr in solution.creneaux if cr.epreuve == "QP"}) == 1
    assert progres[0][0] == 0.0
    assert progres[-1] == (1.0, "Planning calculé (optimal)")
    assert "Niveau 1/2 : fin au plus tôt" in [m for _, m in progres]


def test_majoration_et_salle_isolee_dans_la_solution() -> None:
    salles = (
        Salle("A", "Salle A", capacite=5, usages=frozenset({"QP"})),
        Salle("ISO", "Salle isolée", usages=frozenset({"QP"}), isolee_possible=True),
        Salle("B1", "Bureau 1", usages=frozenset({"ET", "EF"})),
    )
    instance = session(3, epreuves=(QP, ET, EF), jours=2, salles=salles)
    dupont = replace(instance.candidats[0], nom="Dupont Marie", majoration=Fraction(4, 3), salle_isolee=True)
    instance = replace(instance, candidats=(dupont, *instance.candidats[1:]))
    solution = resoudre(instance, limite_s=5)
    assert valider(instance, solution.creneaux, solution.lectures, solution.pauses) == []
    qp = next(cr for cr in solution.creneaux if cr.candidat == "c1" and cr.epreuve == "QP")
    assert (qp.salle, qp.fin - qp.debut) == ("ISO", 80)
    et = next(cr for cr in solution.creneaux if cr.candidat == "c1" and cr.epreuve == "ET")
    assert et.fin - et.debut == 160


def test_glouton_valide_et_borne_respectee() -> None:
    for n, jurys in ((8, 1), (16, 2)):
        instance = instance_realiste(n, jurys, graine=3)
        solution = glouton(instance)
        assert solution.statut == "faisable"
        assert valider(instance, solution.creneaux, solution.lectures, solution.pauses) == []
        borne = borne_inferieure(instance)
        assert borne.fin <= solution.objectifs[FIN]
        assert borne.jours <= solution.objectifs[JOURS]


def test_instance_faisable_sans_explication() -> None:
    assert expliquer_impossibilite(session(2), limite_s=2) is None


def test_amorce_valide_sur_une_session_realiste() -> None:
    instance = instance_realiste(30, 3, graine=1)
    amorce = amorcer(instance)
    assert amorce is not None
    assert valider(instance, amorce.creneaux, amorce.lectures, amorce.pauses) == []
    # Every jury busy: the 30 candidates end on the 4th day, like the lower bound (the greedy needs a 5th).
    assert amorce.objectifs[JOURS] == borne_inferieure(instance).jours == 4
    assert glouton(instance).objectifs[JOURS] == 5


def test_solveur_au_moins_aussi_bon_que_le_glouton() -> None:
    instance = instance_realiste(8, 1, graine=2)
    g = glouton(instance)
    s = resoudre(instance, limite_s=4)
    assert valider(instance, s.creneaux, s.lectures, s.pauses) == []
    assert (s.objectifs[JOURS], s.objectifs[FIN]) <= (g.objectifs[JOURS], g.objectifs[FIN])
    assert s.borne_inferieure[FIN] <= s.objectifs[FIN]


def test_attente_mesuree_sur_place_sans_les_nuits() -> None:
    """QP on Monday 08:30–09:30, then Wednesday MSP 08:30–10:00 and EF 10:30–10:50: 30 min of waiting, not 2 days."""
    epreuves = (QP, Epreuve("MSP", "Mise en situation", 90, rang=2), replace(EF, duree=20))
    instance = session(1, epreuves=epreuves, jours=3)
    mercredi = LUNDI + dt.timedelta(days=2)
    creneaux = [
        Creneau("c1", "QP", LUNDI, 8 * 60 + 30, 9 * 60 + 30),
        Creneau("c1", "MSP", mercredi, 8 * 60 + 30, 10 * 60, "J1"),
        Creneau("c1", "EF", mercredi, 10 * 60 + 30, 10 * 60 + 50, "J1"),
    ]
    assert mesurer(instance, creneaux)[ATTENTE] == 30


def test_session_realiste_de_8_candidats_prouvee_optimale() -> None:
    """8 candidates, 1 jury: every level proven (the end against the per-day knapsacks, the on-site waiting)."""
    instance = instance_realiste(8, 1, graine=1)
    solution = resoudre(instance, limite_s=10)
    assert valider(instance, solution.creneaux, solution.lectures, solution.pauses) == []
    assert solution.statut == "optimal"
    assert set(solution.statuts_niveaux.values()) == {"optimal"}
    # Fluid bound 09:05 on the 4th day; the last 35 min cannot be filled with 20- and 30-min entretiens finals.
    assert borne_inferieure(instance).fin == 1655
    assert solution.objectifs[FIN] == solution.borne_inferieure[FIN] == 1660
    assert solution.objectifs[ATTENTE] == solution.borne_inferieure[ATTENTE]


def test_le_solveur_respecte_les_jurys_imposes() -> None:
    """4 candidates, 2 juries, 2 days: three registrations name Jury 2, one names Jury 1."""
    instance = session(4, jurys=2, jours=2)
    imposes = ("J2", "J2", "J1", "J2")
    instance = replace(
        instance,
        candidats=tuple(replace(c, jurys=frozenset({j})) for c, j in zip(instance.candidats, imposes, strict=True)),
    )
    for calcul in (resoudre(instance, limite_s=5), glouton(instance), amorcer(instance)):
        assert calcul is not None
        assert calcul.creneaux
        assert valider(instance, calcul.creneaux, calcul.lectures, calcul.pauses) == []
        jurys = {(cr.candidat, cr.jury) for cr in calcul.creneaux}
        assert jurys == {("c1", "J2"), ("c2", "J2"), ("c3", "J1"), ("c4", "J2")}
    # Jury 2 alone sees 3 candidates × 2 h 45 (8 h 15 of work, plus its lunch break, on 8 h 30 days): the
    # second day is needed, and the lower bound knows it.
    solution = resoudre(instance, limite_s=5)
    assert solution.objectifs[JOURS] == 2
    borne = borne_inferieure(instance)
    assert borne.jours == 2
    assert borne.jours > borne_inferieure(replace(instance, candidats=session(4, jurys=2, jours=2).candidats)).jours
    assert borne.fin <= solution.objectifs[FIN]


# -- property: solver output never violates a constraint --------------------------------------------


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    n = draw(st.integers(1, 6))
    jurys = draw(st.integers(1, 2))
    collective = draw(st.booleans())
    epreuves: list[Epreuve] = []
    if collective:
        epreuves.append(Epreuve("QP", "Questionnaire", draw(st.sampled_from([30, 45, 60])), True, False, 1))
    epreuves.append(
        Epreuve("MSP", "Mise en situation", draw(st.sampled_from([30, 50, 90])), False, draw(st.booleans()), 2)
    )
    epreuves.append(
        Epreuve(
            "ET", "Entretien technique", draw(st.sampled_from([20, 35, 45])), False, True, draw(st.sampled_from([2, 3]))
        )
    )
    epreuves.append(Epreuve("EF", "Entretien final", 20, False, True, 4))
    membres = tuple(
        Membre(
            f"m{k}",
            f"Membre {k}",
            ((LUNDI, 8 * 60, 18 * 60), (LUNDI + dt.timedelta(days=1), 8 * 60, 13 * 60))
            if draw(st.booleans()) and k == 1
            else None,
        )
        for k in range(1, 2 * jurys + 1)
    )
    candidats = tuple(
        Candidat(
            f"c{i}",
            f"Candidat {i}",
            tuple(e.code for e in epreuves),
            majoration=draw(st.sampled_from([Fraction(1), Fraction(1), Fraction(4, 3), Fraction(3, 2)])),
            salle_isolee=draw(st.booleans()) and i == 1,
            liens=frozenset({"m1"}) if jurys == 2 and draw(st.booleans()) else frozenset(),
            jurys=draw(st.sampled_from([None, None, frozenset({"J1"}), frozenset({f"J{jurys}"})])),
        )
        for i in range(1, n + 1)
    )
    partage = draw(st.booleans())  # with 2 juries, Membre 1 sits on both
    salles: tuple[Salle, ...] = ()
    if draw(st.booleans()):
        salles = (
            Salle("A", "Salle A", capacite=draw(st.integers(2, 4)), usages=frozenset({"QP", "MSP"})),
            Salle("ISO", "Salle isolée", capacite=1, usages=frozenset({"QP", "MSP"}), isolee_possible=True),
            *(Salle(f"B{k}", f"Bureau {k}", usages=frozenset({"MSP", "ET", "EF"})) for k in range(1, jurys + 1)),
        )
    return Instance(
        jours=(Jour(LUNDI, 8 * 60 + 30, 17 * 60), Jour(LUNDI + dt.timedelta(days=1), 9 * 60, 16 * 60 + 30)),
        epreuves=tuple(epreuves),
        candidats=candidats,
        jurys=tuple(
            Jury(f"J{k}", (f"m{2 * k - 1}", "m1" if partage and k == 2 else f"m{2 * k}")) for k in range(1, jurys + 1)
        ),
        membres=membres,
        salles=salles,
        pause_dejeuner=draw(st.sampled_from([None, PauseDejeuner(11 * 60 + 45, 14 * 60, 45)])),
        lecture_dossier=draw(st.sampled_from([0, 10, 15])),
        pas=draw(st.sampled_from([5, 10])),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_propriete_le_solveur_ne_viole_aucune_contrainte(instance: Instance) -> None:
    solution = resoudre(instance, limite_s=2)
    if solution.creneaux:
        assert valider(instance, solution.creneaux, solution.lectures, solution.pauses) == []
        assert solution.statut in {"optimal", "faisable"}
        assert solution.borne_inferieure[FIN] <= solution.objectifs[FIN]
    else:
        assert solution.statut in {"impossible", "inconnu"}
        assert solution.explication
    amorce = amorcer(instance)
    if amorce is not None:
        assert valider(instance, amorce.creneaux, amorce.lectures, amorce.pauses) == []
    g = glouton(instance)
    if g.statut == "faisable":
        assert valider(instance, g.creneaux, g.lectures, g.pauses) == []
        if solution.statut == "optimal":
            assert (solution.objectifs[JOURS], solution.objectifs[FIN]) <= (g.objectifs[JOURS], g.objectifs[FIN])
