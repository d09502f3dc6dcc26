"""Benchmark of the session timetable solver (SES-PLANNING): ``python -m bench.planning [--limite S] [--sortie F]``.

Writes ``bench/results/planning-<date>.json``. For each generated realistic instance
(``titrepro.planning.solver.exemples.instance_realiste``: a collective questionnaire
professionnel taken by all at the same time, then with the jury a mise en situation
professionnelle, an entretien technique and the entretien final; file reading by the jury; a
lunch break; tiers-temps, separate rooms and links for some candidates) of 8, 16, 30, 60 and
120 candidates with 1, 2, 3, 4 and 6 juries:

1. the greedy baseline (``glouton``: list scheduling, what a person with a spreadsheet does);
2. the CP-SAT solver (``resoudre``), with a time limit of 5 s up to 30 candidates and 30 s above;
3. the analytic lower bound (``borne_inferieure``) and CP-SAT's own bound;

each timetable checked by the validator, compared on the first objective levels (days, end)
and the candidates' waiting. Pure Python, no database. Nothing here runs in the unit tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from titrepro.planning.solver import borne_inferieure, glouton, resoudre, valider
from titrepro.planning.solver.donnees import ATTENTE, EQUILIBRE, FIN, JOURS, Solution
from titrepro.planning.solver.exemples import instance_realiste

RACINE = Path(__file__).resolve().parents[1]
RESULTATS = RACINE / "bench" / "results"
TAILLES = ((8, 1), (16, 2), (30, 3), (60, 4), (120, 6))
CIBLES = {
    "optimal_jusqu_a_30_en_5_s": "statut optimal (tous niveaux) pour 8, 16 et 30 candidats en 5 s",
    "120_a_5_pct_en_30_s": "fin à moins de 5 % de la borne inférieure pour 120 candidats en 30 s",
}


def _ratio(a: int | None, b: int | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 4)


def _resume(instance: Any, solution: Solution) -> dict[str, Any]:
    violations = valider(instance, solution.creneaux, solution.lectures, solution.pauses) if solution.creneaux else []
    return {
        "statut": solution.statut,
        "statuts_niveaux": solution.statuts_niveaux,
        "duree_s": round(solution.duree_s, 3),
        "objectifs": solution.objectifs,
        "borne_inferieure": solution.borne_inferieure,
        "violations": len(violations),
        "explication": solution.explication,
    }


def _une_instance(n: int, jurys: int, limite: float, graine: int) -> dict[str, Any]:
    instance = instance_realiste(n, jurys, graine=graine)
    borne = borne_inferieure(instance)
    debut = time.monotonic()
    g = glouton(instance)
    g_duree = time.monotonic() - debut
    s = resoudre(instance, limite_s=limite)
    resultat: dict[str, Any] = {
        "candidats": n,
        "jurys": jurys,
        "jours_disponibles": len(instance.jours),
        "tiers_temps": sum(1 for c in instance.candidats if c.majoration != 1),
        "salles_isolees": sum(1 for c in instance.candidats if c.salle_isolee),
        "liens": sum(1 for c in instance.candidats if c.liens),
        "limite_s": limite,
        "borne_analytique": {"jours": borne.jours, "fin": borne.fin, "detail": list(borne.detail)},
        "glouton": {**_resume(instance, g), "duree_s": round(g_duree, 3)},
        "cpsat": _resume(instance, s),
    }
    bi = s.borne_inferieure
    go, so = g.objectifs, s.objectifs
    resultat["ratios"] = {
        "glouton_sur_cpsat": {k: _ratio(go.get(k), so.get(k)) for k in (JOURS, FIN, ATTENTE, EQUILIBRE)},
        "glouton_sur_borne": {k: _ratio(go.get(k), bi.get(k)) for k in (JOURS, FIN)},
        "cpsat_sur_borne": {k: _ratio(so.get(k), bi.get(k)) for k in (JOURS, FIN)},
    }
    return resultat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limite", type=float, help="time limit per instance (default: 5 s up to 30 candidates, 30 s)")
    parser.add_argument("--tailles", default=",".join(f"{n}x{j}" for n, j in TAILLES), help="e.g. 8x1,16x2")
    parser.add_argument("--graine", type=int, default=1)
    parser.add_argument("--sortie", help="JSON file to write (default: bench/results/planning-<date>.json)")
    args = parser.parse_args()

    charge_avant = os.getloadavg()
    resultats = []
    for taille in args.tailles.split(","):
        n, jurys = (int(x) for x in taille.lower().split("x"))
        limite = args.limite if args.limite else (5.0 if n <= 30 else 30.0)
        print(f"— {n} candidats, {jurys} jury(s), limite {limite} s…", file=sys.stderr)
        resultats.append(_une_instance(n, jurys, limite, args.graine))
        r = resultats[-1]
        print(
            f"  glouton {r['glouton']['objectifs']} ; CP-SAT {r['cpsat']['statut']} {r['cpsat']['objectifs']} "
            f"en {r['cpsat']['duree_s']} s ; borne {r['cpsat']['borne_inferieure']}",
            file=sys.stderr,
        )
    petits = [r for r in resultats if r["candidats"] <= 30]
    grands = [r for r in resultats if r["candidats"] >= 120]
    cibles = {
        "optimal_jusqu_a_30_en_5_s": all(
            r["cpsat"]["statut"] == "optimal" and r["cpsat"]["duree_s"] <= 5.5 for r in petits
        )
        if petits
        else None,
        "fin_optimale_jusqu_a_30_en_5_s": all(
            r["cpsat"]["statuts_niveaux"].get(FIN) == "optimal" and r["cpsat"]["duree_s"] <= 5.5 for r in petits
        )
        if petits
        else None,
        "120_a_5_pct_en_30_s": all(
            (r["ratios"]["cpsat_sur_borne"][FIN] or 9) <= 1.05 and r["cpsat"]["duree_s"] <= 31 for r in grands
        )
        if grands
        else None,
    }
    document = {
        "bench": "planning",
        "regle": "SES-PLANNING",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "systeme": platform.platform(),
            "processeurs": os.cpu_count(),
            "charge_moyenne_avant": [round(x, 2) for x in charge_avant],
            "charge_moyenne_apres": [round(x, 2) for x in os.getloadavg()],
        },
        "unites": "fin : minutes d'ouverture cumulées depuis la première ouverture ; attente, équilibre : minutes",
        "cibles": {"enonce": CIBLES, "atteintes": cibles},
        "resultats": resultats,
    }
    RESULTATS.mkdir(parents=True, exist_ok=True)
    chemin = Path(args.sortie) if args.sortie else RESULTATS / f"planning-{dt.date.today().isoformat()}.json"
    chemin.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(json.dumps(document, ensure_ascii=False, indent=2, default=str))
    print(f"Écrit : {chemin}", file=sys.stderr)


if __name__ == "__main__":
    main()
