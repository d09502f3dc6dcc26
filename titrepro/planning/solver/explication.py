"""Why no timetable exists: analytic checks first, then constraint groups relaxed one at a time."""

from __future__ import annotations

from ortools.sat.python import cp_model

from titrepro.planning.solver.analyse import analyser
from titrepro.planning.solver.donnees import Instance


def expliquer_impossibilite(instance: Instance, *, limite_s: float = 5.0) -> str | None:
    """A French explanation naming the constraint that makes the instance impossible; None if feasible (or unknown)."""
    from titrepro.planning.solver.modele import _Modele, _parametres, explication_relaxation

    raison = analyser(instance)
    if raison is not None:
        return raison
    statut = _parametres(limite_s).solve(_Modele(instance).m)
    if statut == cp_model.INFEASIBLE:
        return explication_relaxation(instance, limite_s=limite_s)
    return None
