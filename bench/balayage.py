"""Benchmark of the alert sweep: ``python -m bench.balayage [--organismes N] [--bases sqlite,postgresql]``.

Writes ``bench/results/balayage-<date>.json``. For each database, in a fresh database:

1. a generated world: N organismes, one site each (rotating over the départements), a
   responsable for one in ten (among the late ones: e-mailed), the 2027 programming transmitted
   by half of them;
2. **baseline** (same run, same world): the ORG-PROGRAMMATION rule evaluated the naive way,
   a Python loop over ORM rows with per-row queries (``moteur.evaluer`` per organisme), on a
   sample, extrapolated to N;
3. the real sweep (ORG-PROGRAMMATION source of ``titrepro.organisations.alertes``): cold (every
   alert new, e-mails queued), again the same day (nothing changes), the next day after 10 % of
   the organismes transmitted late (their message changes: updates);
4. the sweep's mechanics at scale: a bench-only source raising ``--codes`` codes on every
   organisme (N × codes alerts, e.g. 100,000), cold, idempotent, and with 10 % of messages
   changed and 10 % gone.

The 100,000-sessions world of issue 3 needs the sessions (issue 6): the session sources are
not written yet, so this measures what exists. Each database runs in its own process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
RESULTATS = RACINE / "bench" / "results"
PG_PAR_DEFAUT = "postgres://postgres@127.0.0.1:5432/titrepro"
JOUR = dt.date(2027, 2, 1)
CODES_SYNTHETIQUES = (
    "ORG-CONVENTION",
    "ORG-INSERTION",
    "AGR-SIRET",
    "AGR-SANS-SUITE",
    "AGR-DECISION",
    "SES-HANDICAP",
    "SES-CCP",
    "DTE-NON-RECU",
    "DTE-DESTRUCTION",
    "RES-PV-DELAI",
)


def _chrono(fonction: Any, *args: Any, **kwargs: Any) -> tuple[Any, float, int]:
    """(result, seconds, number of SQL queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        debut = time.perf_counter()
        resultat = fonction(*args, **kwargs)
        duree = time.perf_counter() - debut
    return resultat, round(duree, 3), len(requetes)


def _monde(n: int) -> dict[str, Any]:
    from titrepro.comptes.models import Affectation, Utilisateur
    from titrepro.comptes.roles import Role
    from titrepro.organisations.models import Organisme, ProgrammationAnnuelle, Site
    from titrepro.territoires.models import Departement

    departements = list(Departement.objects.order_by("code").values_list("pk", flat=True))
    debut = time.perf_counter()
    organismes = Organisme.objects.bulk_create(
        [Organisme(raison_sociale=f"Organisme {i}", siret=f"{i:014d}") for i in range(n)], batch_size=2000
    )
    Site.objects.bulk_create(
        [
            Site(
                organisme=o,
                nom="Site",
                adresse="1 rue",
                code_postal="75001",
                commune="Paris",
                departement_id=departements[i % len(departements)],
            )
            for i, o in enumerate(organismes)
        ],
        batch_size=2000,
    )
    responsables = Utilisateur.objects.bulk_create(
        [Utilisateur(email=f"resp{i}@bench.fr") for i in range(1, n, 10)], batch_size=2000
    )
    Affectation.objects.bulk_create(
        [
            Affectation(utilisateur=u, role=Role.RESPONSABLE_ORGANISME, organisme=organismes[i * 10 + 1])
            for i, u in enumerate(responsables)
        ],
        batch_size=2000,
    )
    ProgrammationAnnuelle.objects.bulk_create(
        [
            ProgrammationAnnuelle(
                organisme=o,
                departement_id=departements[i % len(departements)],
                annee=JOUR.year,
                transmise_le=dt.date(JOUR.year, 1, 15),
            )
            for i, o in enumerate(organismes)
            if i % 2 == 0
        ],
        batch_size=2000,
    )
    return {
        "organismes": organismes,
        "departements": departements,
        "generation_s": round(time.perf_counter() - debut, 2),
    }


def _baseline(organismes: list[Any], echantillon: int) -> dict[str, Any]:
    """The naive way: per organisme, its sites, its programmings and ``evaluer`` (parameters query) — N+1 queries."""
    from titrepro.conformite.moteur import evaluer
    from titrepro.organisations.models import ProgrammationAnnuelle

    def naif() -> int:
        en_retard = 0
        for organisme in organismes[:echantillon]:
            for site in organisme.sites.select_related("departement"):
                transmise = (
                    ProgrammationAnnuelle.objects.filter(
                        organisme=organisme, departement_id=site.departement_id, annee=JOUR.year
                    )
                    .values_list("transmise_le", flat=True)
                    .first()
                )
                verdict = evaluer(
                    "ORG-PROGRAMMATION",
                    jour_de_reference=JOUR,
                    region=site.departement.region_id,
                    annee=JOUR.year,
                    transmise_le=transmise,
                    jour=JOUR,
                )
                en_retard += not verdict.ok
        return en_retard

    en_retard, duree, requetes = _chrono(naif)
    facteur = len(organismes) / echantillon
    return {
        "description": "boucle Python sur les lignes ORM, requêtes par organisme (evaluer par ligne)",
        "echantillon": echantillon,
        "alertes_constatees": en_retard,
        "duree_s": duree,
        "requetes": requetes,
        "extrapolation_n_s": round(duree * facteur, 2),
        "extrapolation_n_requetes": int(requetes * facteur),
    }


def _balayer(jour: dt.date) -> Any:
    from django.db import transaction

    from titrepro.conformite.balayage import alertes_balayer

    with transaction.atomic():
        return alertes_balayer(jour=jour)


def _mesure(rapport: Any, duree: float, requetes: int) -> dict[str, Any]:
    return {
        "duree_s": duree,
        "requetes": requetes,
        "ouvertes": rapport.ouvertes,
        "mises_a_jour": rapport.mises_a_jour,
        "inchangees": rapport.inchangees,
        "resolues": rapport.resolues,
        "courriels": rapport.courriels,
    }


def _reel(organismes: list[Any], departements: list[int]) -> dict[str, Any]:
    from titrepro.conformite.signalements import sources_remplacees
    from titrepro.organisations.alertes import programmation_non_transmise
    from titrepro.organisations.models import ProgrammationAnnuelle

    mesures: dict[str, Any] = {}
    with sources_remplacees(alertes={"ORG-PROGRAMMATION": [programmation_non_transmise]}):
        mesures["froid"] = _mesure(*_chrono(_balayer, JOUR))
        mesures["meme_jour"] = _mesure(*_chrono(_balayer, JOUR))
        ProgrammationAnnuelle.objects.bulk_create(
            [
                ProgrammationAnnuelle(
                    organisme=o,
                    departement_id=departements[i % len(departements)],
                    annee=JOUR.year,
                    transmise_le=JOUR,
                )
                for i, o in enumerate(organismes)
                if i % 2 == 1 and i % 10 < 2
            ],
            batch_size=2000,
        )
        mesures["lendemain_10pc_transmises_en_retard"] = _mesure(*_chrono(_balayer, JOUR + dt.timedelta(days=1)))
    return mesures


def _synthetique(organismes: list[Any], codes: int) -> dict[str, Any]:
    from titrepro.conformite.signalements import AlerteCalculee, sources_remplacees

    etat = {"version": 0}

    def source_pour(code: str, rang: int) -> Any:
        def source(jour: dt.date) -> Any:
            for i, organisme in enumerate(organismes):
                if etat["version"] and (i + rang) % 10 == 0:
                    continue  # 10 % gone
                change = etat["version"] and (i + rang) % 10 == 1  # 10 % with a new message
                yield AlerteCalculee(
                    code=code,
                    sujet=organisme,
                    message=f"{code} sur {organisme.raison_sociale}{' (modifiée)' if change else ''}.",
                    echeance=dt.date(2027, 1, 31),
                    organisme_id=organisme.pk,
                )

        return source

    from titrepro.conformite.models import Alerte

    Alerte.objects.all()._raw_delete(Alerte.objects.db)  # start from an empty table (previous scenario)
    sources = {code: [source_pour(code, rang)] for rang, code in enumerate(CODES_SYNTHETIQUES[:codes])}
    mesures: dict[str, Any] = {"alertes": len(organismes) * codes, "codes": codes}
    with sources_remplacees(alertes=sources):
        mesures["froid"] = _mesure(*_chrono(_balayer, JOUR))
        mesures["meme_jour"] = _mesure(*_chrono(_balayer, JOUR))
        etat["version"] = 1
        mesures["lendemain_10pc_modifiees_10pc_resolues"] = _mesure(*_chrono(_balayer, JOUR + dt.timedelta(days=1)))
    return mesures


def _une_base(base: str, n: int, codes: int, echantillon: int) -> dict[str, Any]:
    """Runs in a child process: DJANGO_SETTINGS_MODULE and DATABASE_URL are set by the parent."""
    import django

    django.setup()
    from django.db import connection

    nom = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        monde = _monde(n)
        resultat: dict[str, Any] = {
            "base": base,
            "moteur": connection.vendor,
            "organismes": n,
            "generation_du_monde_s": monde["generation_s"],
            "baseline": _baseline(monde["organismes"], min(echantillon, n)),
            "balayage_org_programmation": _reel(monde["organismes"], monde["departements"]),
            "balayage_synthetique": _synthetique(monde["organismes"], codes),
        }
    finally:
        connection.creation.destroy_test_db(nom, verbosity=0)
    return resultat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organismes", type=int, default=10_000)
    parser.add_argument("--codes", type=int, default=10, help="codes of the synthetic source (alerts = N × codes)")
    parser.add_argument("--echantillon", type=int, default=1_000, help="organismes in the naive baseline")
    parser.add_argument("--bases", default="sqlite,postgresql")
    parser.add_argument("--une-base", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.une_base:
        print(json.dumps(_une_base(args.une_base, args.organismes, args.codes, args.echantillon)))
        return

    resultats = []
    for base in args.bases.split(","):
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
        if base == "sqlite":
            RESULTATS.mkdir(parents=True, exist_ok=True)
            env["DATABASE_URL"] = f"sqlite:///{RESULTATS / 'bench.sqlite3'}"
            env["TITREPRO_SQLITE_TEST_NAME"] = str(RESULTATS / "bench-test.sqlite3")
        else:
            env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", PG_PAR_DEFAUT)
        print(f"— {base} : {args.organismes} organismes…", file=sys.stderr)
        sortie = subprocess.run(  # noqa: S603 - our own module, arguments built here
            [sys.executable, "-m", "bench.balayage", "--une-base", base, "--organismes", str(args.organismes),
             "--codes", str(args.codes), "--echantillon", str(args.echantillon)],
            cwd=RACINE, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if sortie.returncode != 0:
            print(sortie.stderr, file=sys.stderr)
            resultats.append({"base": base, "erreur": sortie.stderr.strip().splitlines()[-1:]})
            continue
        resultats.append(json.loads(sortie.stdout.strip().splitlines()[-1]))

    document = {
        "bench": "balayage",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "processeur": platform.processor(), "coeurs": os.cpu_count()},
        "parametres": {"organismes": args.organismes, "codes": args.codes, "echantillon": args.echantillon},
        "note": "Cible de l'issue 3 (100 000 sessions, balayage ≤ 10 s) : attend les sessions (issue 6).",
        "resultats": resultats,
    }
    RESULTATS.mkdir(parents=True, exist_ok=True)
    fichier = RESULTATS / f"balayage-{dt.date.today():%Y%m%d}.json"
    fichier.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(document, indent=2, ensure_ascii=False))
    print(f"Résultats : {fichier.relative_to(RACINE)}", file=sys.stderr)


if __name__ == "__main__":
    main()
