"""The waiting level (« attente ») solved by the programmes of ``planning.solver.attente`` (pure, no database).

The programmes give a lower bound of the candidates' waiting once the end is fixed, and a timetable
reaching it (rooms aside) that CP-SAT completes: that is what proves the level on real sessions.
A bound above the true optimum would make the solver call a worse timetable optimal, so the
property below checks it against CP-SAT's own proof on sessions small enough for CP-SAT alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from titrepro.planning.solver import (
    Candidat,
    Epreuve,
    Instance,
    Jour,
    Jury,
    Membre,
    PauseDejeuner,
    resoudre,
    valider,
)
from titrepro.planning.solver.attente import borne_attente
from titrepro.planning.solver.donnees import ATTENTE, FIN
from titrepro.planning.solver.exemples import instance_realiste
from titrepro.planning.solver.mesures import mesurer
from titrepro.planning.solver.modele import _Modele, _parametres

LUNDI = dt.date(2027, 3, 1)


def _optimum_cp_sat(instance: Instance) -> tuple[_Modele, int, int] | None:
    """(model, end, waiting) both proven by CP-SAT alone, or None when it cannot prove them quickly."""
    modele = _Modele(instance)
    modele.m.minimize(modele.fin)
    solveur = _parametres(10)
    if solveur.solve(modele.m) != cp_model.OPTIMAL:
        return None
    fin = int(solveur.objective_value)
    modele.m.add(modele.fin <= fin)
    modele.m.minimize(modele.attente)
    solveur = _parametres(20)
    if solveur.solve(modele.m) != cp_model.OPTIMAL:
        return None
    return modele, fin, int(solveur.objective_value)


@st.composite
def sessions_tp(draw: st.DrawFn) -> Instance:
    """A titre professionnel session: a collective questionnaire, then a chain of jury épreuves; no rooms."""
    n = draw(st.integers(2, 5))
    nb_jurys = draw(st.integers(1, 2))
    epreuves = [
        Epreuve("QP", "Questionnaire", draw(st.sampled_from([30, 45, 60])), True, False, 1),
        Epreuve("MSP", "Mise en situation", draw(st.sampled_from([30, 45, 60, 90])), False, True, 2),
        Epreuve("ET", "Entretien technique", draw(st.sampled_from([20, 30, 45])), False, True, 3),
    ]
    if draw(st.booleans()):
        epreuves.append(Epreuve("EF", "Entretien final", draw(st.sampled_from([15, 20])), False, True, 4))
    majorations = draw(st.sampled_from(["aucune", "tiers-temps"]))
    candidats = tuple(
        Candidat(
            f"c{i}",
            f"Candidat {i}",
            tuple(e.code for e in epreuves),
            majoration=Fraction(4, 3) if majorations == "tiers-temps" and draw(st.booleans()) else Fraction(1),
            liens=frozenset({"m1"}) if nb_jurys == 2 and draw(st.booleans()) else frozenset(),
            jurys=draw(st.sampled_from([None, None, None, frozenset({f"J{nb_jurys}"})])),
        )
        for i in range(1, n + 1)
    )
    jours = draw(st.integers(1, 2))
    fermeture = draw(st.sampled_from([14 * 60 + 30, 16 * 60, 17 * 60 + 30]))
    return Instance(
        jours=tuple(Jour(LUNDI + dt.timedelta(days=k), 8 * 60 + 30, fermeture) for k in range(jours)),
        epreuves=tuple(epreuves),
        candidats=candidats,
        jurys=tuple(Jury(f"J{k}", (f"m{2 * k - 1}", f"m{2 * k}")) for k in range(1, nb_jurys + 1)),
        membres=tuple(Membre(f"m{k}", f"Membre {k}") for k in range(1, 2 * nb_jurys + 1)),
        pause_dejeuner=draw(st.sampled_from([None, PauseDejeuner(11 * 60 + 45, 14 * 60, 45)])),
        lecture_dossier=draw(st.sampled_from([0, 10, 15])),
        pas=5,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(sessions_tp())
def test_propriete_la_borne_ne_depasse_jamais_l_optimum_prouve_par_cp_sat(instance: Instance) -> None:
    """Never above the optimum; equal to it whenever the programme finds its sequences (no rooms here: the
    relaxation then loses nothing)."""
    prouve = _optimum_cp_sat(instance)
    assume(prouve is not None)
    assert prouve is not None
    modele, fin, optimum = prouve
    resultat = borne_attente(modele, fin, optimum + 100, limite_s=30)
    assert resultat.borne <= optimum
    if resultat.exacte:
        assert resultat.borne == optimum


def test_seize_candidats_attente_prouvee() -> None:
    """The benchmark's 16 candidates: 440 min found and proven (CP-SAT alone: bound 0 after a minute)."""
    instance = instance_realiste(16, 2, graine=1)
    solution = resoudre(instance, limite_s=60)  # the 5 s are the benchmark's; here the machine may be loaded
    assert valider(instance, solution.creneaux, solution.lectures, solution.pauses) == []
    assert solution.statut == "optimal", solution.statuts_niveaux
    assert solution.objectifs[FIN] == 1660
    assert solution.objectifs[ATTENTE] == solution.borne_inferieure[ATTENTE] == 440
    # On the first day each jury sees one candidate for the morning and a tiers-temps candidate after its break.
    premier = [c for c in solution.creneaux if c.jour == instance.jours[0].date and c.jury]
    assert {c.candidat for c in premier} >= {c.id for c in instance.candidats if c.majoration != 1}


def test_trente_candidats_attente_prouvee() -> None:
    instance = instance_realiste(30, 3, graine=1)
    solution = resoudre(instance, limite_s=60)
    assert valider(instance, solution.creneaux, solution.lectures, solution.pauses) == []
    assert solution.statut == "optimal", solution.statuts_niveaux
    assert solution.objectifs[ATTENTE] == solution.borne_inferieure[ATTENTE] == 570
    assert mesurer(instance, solution.creneaux, solution.lectures)[ATTENTE] == 570


def test_la_sequence_du_programme_est_un_planning_complet() -> None:
    """Every candidate gets a jury allowed to them (links, imposed jury) and all their jury épreuves."""
    instance = instance_realiste(16, 2, graine=1)
    modele = _Modele(instance)
    resultat = borne_attente(modele, 332, 200, limite_s=30)
    assert resultat.exacte
    assert resultat.borne == 88  # grid units of 5 min: 440 min
    assert set(resultat.passages) == {c.id for c in instance.candidats}
    for candidat in instance.candidats:
        passage = resultat.passages[candidat.id]
        assert passage.jury in {j.id for j in modele.jurys_de(candidat)}
        assert len(passage.debuts) == 3  # MSP, ET, EF
        assert list(passage.debuts) == sorted(passage.debuts)


def test_rien_sous_le_plafond_donne_le_plafond() -> None:
    """Asked below the optimum, the programme proves that nothing is below: the ceiling is the bound."""
    modele = _Modele(instance_realiste(16, 2, graine=1))
    resultat = borne_attente(modele, 332, 80, limite_s=30)
    assert resultat.borne == 80
    assert not resultat.exacte


def test_forme_non_prise_en_charge_borne_nulle() -> None:
    """Members with availabilities, or no collective épreuve: the programmes do not apply (bound 0, valid)."""
    instance = instance_realiste(8, 1, graine=1)
    indisponible = replace(
        instance,
        membres=(replace(instance.membres[0], disponibilites=((LUNDI, 8 * 60, 18 * 60),)), *instance.membres[1:]),
    )
    sans_collective = replace(
        instance,
        epreuves=tuple(e for e in instance.epreuves if not e.collective),
        candidats=tuple(replace(c, epreuves=tuple(k for k in c.epreuves if k != "QP")) for c in instance.candidats),
    )
    for autre in (indisponible, sans_collective):
        assert borne_attente(_Modele(autre), 332, 100).borne == 0


def test_le_programme_s_arrete_a_l_echeance() -> None:
    resultat = borne_attente(_Modele(instance_realiste(30, 3, graine=2)), 422, 400, limite_s=0.0)
    assert resultat.borne == 0
