"""Benchmark of the session alerts: ``python -m bench.sessions [--sessions N] [--bases sqlite,postgresql]``.

Writes ``bench/results/sessions-<date>.json`` (git-ignored). For each database, in a fresh
database (own process):

1. a generated world, written in bulk: N sessions « en préparation » (one organisme and site
   per 10 sessions, over the départements), first days spread over 180 days after the sweep's
   day; one in ten without a responsable (SES-RESPONSABLE); juries for three in four, with 2, 2
   or 1 active participations (SES-JURY-MIN: no jury or 1 member); one candidate registered to
   one session in five, not convened (SES-CONVOCATION), one in fifty with an accommodation
   request whose form is missing (SES-HANDICAP);
2. **baseline** (same run, same world): the same four rules the naive way, a Python loop over
   ORM session rows with per-row queries (juries, participations, registrations, requests) and
   ``moteur.evaluer`` per rule (its parameters query), on a sample, extrapolated to N;
3. the real sweep with the four session sources of ``titrepro.examens.alertes``: first sweep
   (every alert new), the same day again (nothing changes), the next day (derniere_vue_le moved);
4. one session's checks over a sample (target 20 ms): the session read by pk and its échéancier
   (``echeances_de_session``), then the same plus the rule verdicts of the session page
   (``verdicts_session``): p50/p95/max and queries per session.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
RESULTATS = RACINE / "bench" / "results"
PG_PAR_DEFAUT = "postgres://postgres@127.0.0.1:5432/titrepro_bench_sessions"
JOUR = dt.date(2027, 4, 1)
LOT = 5000


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
    from titrepro.comptes.models import Utilisateur
    from titrepro.examens.models import (
        Convocation,
        EtatSession,
        Inscription,
        Jury,
        ParticipationJury,
        Session,
    )
    from titrepro.organisations.models import Organisme, Site
    from titrepro.personnes.models import Candidat, DemandeAmenagement, MembreJury
    from titrepro.referentiel.models import Millesime, Titre
    from titrepro.territoires.models import Departement

    debut = time.perf_counter()
    departements = list(Departement.objects.order_by("code").values_list("pk", flat=True))
    titre = Titre.objects.create(code="TP-BENCH", intitule="Titre du banc d'essai", niveau=4, secteur="tertiaire")
    millesime = Millesime.objects.create(
        titre=titre, version="01", date_effet=dt.date(2024, 1, 1), fin_validite=dt.date(2030, 1, 1),
        duree_lecture_dossier=15,
    )  # fmt: skip
    nombre_organismes = max(1, n // 10)
    organismes = Organisme.objects.bulk_create(
        [Organisme(raison_sociale=f"Organisme {i}", siret=f"{i:014d}") for i in range(nombre_organismes)],
        batch_size=LOT,
    )
    sites = Site.objects.bulk_create(
        [
            Site(organisme=o, nom="Site", adresse="1 rue", code_postal="75001", commune="Paris",
                 departement_id=departements[i % len(departements)])
            for i, o in enumerate(organismes)
        ],
        batch_size=LOT,
    )  # fmt: skip
    responsable = Utilisateur.objects.create(email="responsable@bench.fr")
    sessions = Session.objects.bulk_create(
        [
            Session(
                numero=f"B{i:08d}",
                organisme_id=organismes[i % nombre_organismes].pk,
                site_id=sites[i % nombre_organismes].pk,
                millesime=millesime,
                premier_jour=JOUR + dt.timedelta(days=1 + i % 180),
                dernier_jour=JOUR + dt.timedelta(days=2 + i % 180),
                responsable=None if i % 10 == 0 else responsable,
                etat=EtatSession.CREEE,
                creee_le=dt.date(2026, 12, 1),
                programmee_le=dt.date(2026, 12, 1),
            )
            for i in range(n)
        ],
        batch_size=LOT,
    )
    membres = MembreJury.objects.bulk_create(
        [
            MembreJury(nom=f"JURE{i}", prenoms="Dominique", email=f"jure{i}@bench.fr", metier="Formateur",
                       departement_id=departements[i % len(departements)])
            for i in range(500)
        ],
        batch_size=LOT,
    )  # fmt: skip
    jurys = Jury.objects.bulk_create(
        [Jury(session=s, numero=1) for i, s in enumerate(sessions) if i % 4 != 0], batch_size=LOT
    )
    participations = []
    for k, jury in enumerate(jurys):
        nombre = 1 if k % 3 == 2 else 2
        participations += [
            ParticipationJury(jury=jury, membre=membres[(k + m) % len(membres)], etat="acceptee") for m in range(nombre)
        ]
    ParticipationJury.objects.bulk_create(participations, batch_size=LOT)
    inscrites = [s for i, s in enumerate(sessions) if i % 5 == 0]
    candidats = Candidat.objects.bulk_create(
        [
            Candidat(nom_naissance=f"CANDIDAT{i}", prenoms="Alex", sexe="F", date_naissance=dt.date(1995, 5, 17),
                     lieu_naissance="Lyon")
            for i in range(len(inscrites))
        ],
        batch_size=LOT,
    )  # fmt: skip
    inscriptions = Inscription.objects.bulk_create(
        [
            Inscription(session=s, candidat=c, public="formation", inscrit_le=dt.date(2027, 1, 10))
            for s, c in zip(inscrites, candidats, strict=True)
        ],
        batch_size=LOT,
    )
    Convocation.objects.bulk_create([Convocation(inscription=i, mode="lrar") for i in inscriptions], batch_size=LOT)
    DemandeAmenagement.objects.bulk_create(
        [
            DemandeAmenagement(candidat=c, millesime=millesime, departement_id=departements[k % len(departements)])
            for k, c in enumerate(candidats)
            if k % 10 == 0
        ],
        batch_size=LOT,
    )
    return {
        "sessions": [s.pk for s in sessions],
        "generation_s": round(time.perf_counter() - debut, 2),
        "lignes": {
            "sessions": len(sessions),
            "jurys": len(jurys),
            "participations": len(participations),
            "inscriptions": len(inscriptions),
            "demandes_amenagement": len(candidats[::10]),
        },
    }


def _baseline(n: int, echantillon: int) -> dict[str, Any]:
    """The naive way: per session, its juries, participations, registrations and requests; ``evaluer`` per rule."""
    from titrepro.conformite.moteur import evaluer
    from titrepro.conformite.regles.calendrier import mois_avant
    from titrepro.examens.models import Session
    from titrepro.examens.models.jurys import ETATS_PARTICIPATION_ACTIFS
    from titrepro.personnes.models import DemandeAmenagement

    def naif() -> int:
        alertes = 0
        for session in Session.objects.select_related("site__departement").order_by("pk")[:echantillon]:
            region = session.site.departement.region_id
            if session.premier_jour < JOUR:
                continue
            alertes += session.responsable_id is None
            convocation = evaluer(
                "SES-CONVOCATION", jour_de_reference=JOUR, region=region,
                premier_jour=session.premier_jour, envoyee_le=JOUR, mode="lrar", preuve=True,
            )  # fmt: skip
            dans_fenetre = (convocation.echeance - JOUR).days <= 30  # type: ignore[operator]
            if dans_fenetre:
                presents = tuple(
                    jury.participations.filter(etat__in=ETATS_PARTICIPATION_ACTIFS).count()
                    for jury in session.jurys.all()
                )
                verdict = evaluer("SES-JURY-MIN", jour_de_reference=JOUR, region=region, membres_presents=presents)
                alertes += not verdict.ok
                for inscription in session.inscriptions.select_related("convocation"):
                    if getattr(inscription.convocation, "envoyee_le", None) is None:
                        alertes += 1
                        break
            for inscription in session.inscriptions.all():
                for demande in DemandeAmenagement.objects.filter(
                    candidat_id=inscription.candidat_id, millesime_id=session.millesime_id, etat="demandee"
                ):
                    verdict = evaluer("SES-HANDICAP", jour_de_reference=JOUR, region=region,
                                      premier_jour=session.premier_jour, transmis_le=demande.formulaire_recu_le,
                                      jour=JOUR)  # fmt: skip
                    alertes += not verdict.ok
            mois_avant(session.premier_jour, 1)
        return alertes

    alertes, duree, requetes = _chrono(naif)
    facteur = n / echantillon
    return {
        "description": "boucle Python sur les sessions (ORM), requêtes par session et evaluer par règle",
        "echantillon": echantillon,
        "alertes_constatees": alertes,
        "duree_s": duree,
        "requetes": requetes,
        "extrapolation_n_s": round(duree * facteur, 2),
        "extrapolation_n_requetes": int(requetes * facteur),
    }


def _mesure(rapport: Any, duree: float, requetes: int) -> dict[str, Any]:
    return {
        "duree_s": duree,
        "requetes": requetes,
        "calculees": rapport.calculees,
        "par_code": rapport.par_code,
        "ouvertes": rapport.ouvertes,
        "mises_a_jour": rapport.mises_a_jour,
        "inchangees": rapport.inchangees,
        "resolues": rapport.resolues,
        "courriels": rapport.courriels,
    }


def _balayages() -> dict[str, Any]:
    from titrepro.conformite import signalements
    from titrepro.conformite.balayage import alertes_balayer
    from titrepro.conformite.signalements import sources_remplacees
    from titrepro.examens import alertes

    # Only the session sources are measured: the other apps' ``alertes`` modules are not imported.
    signalements._registre.decouvert = True

    sources = {
        "SES-CONVOCATION": [alertes.convocations_a_envoyer],
        "SES-JURY-MIN": [alertes.jurys_incomplets],
        "SES-RESPONSABLE": [alertes.sessions_sans_responsable],
        "SES-HANDICAP": [alertes.formulaires_handicap_en_retard],
    }
    mesures: dict[str, Any] = {}
    with sources_remplacees(alertes=sources):
        mesures["premier"] = _mesure(*_chrono(alertes_balayer, jour=JOUR))
        mesures["meme_jour_inchange"] = _mesure(*_chrono(alertes_balayer, jour=JOUR))
        mesures["lendemain"] = _mesure(*_chrono(alertes_balayer, jour=JOUR + dt.timedelta(days=1)))
    return mesures


def _centiles(durees: list[float]) -> dict[str, Any]:
    durees = sorted(durees)
    return {
        "p50_ms": round(statistics.median(durees), 2),
        "p95_ms": round(durees[int(0.95 * (len(durees) - 1))], 2),
        "max_ms": round(durees[-1], 2),
    }


def _echeancier(ids: list[int], echantillon: int) -> dict[str, Any]:
    """One session's checks, as the session page runs them, on a sample of sessions.

    * ``echeancier``: the session read by its pk (as ``objet_visible`` does) and its échéancier
      (``echeances_de_session``);
    * ``controles``: the same plus the rule verdicts the page shows (``services.verdicts_session``:
      SES-CREATION-DELAI, SES-FIN-MILLESIME, agreement scope, SES-RESPONSABLE).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from titrepro.conformite.services import parametres_memorises
    from titrepro.examens.alertes import echeances_de_session
    from titrepro.examens.models import Session
    from titrepro.examens.services import sessions as services_sessions

    pas = max(1, len(ids) // echantillon)
    echantillon_ids = ids[::pas][:echantillon]
    for pk in echantillon_ids[:5]:  # warm-up: connection, compiled regexes, catalogue
        echeances_de_session(Session.objects.get(pk=pk), jour=JOUR)
    mesures: dict[str, Any] = {"echantillon": len(echantillon_ids)}
    for nom, avec_verdicts in (("echeancier", False), ("controles", True)):
        durees = []
        requetes = []
        for pk in echantillon_ids:
            # As a page request does: ParametresMemorisesMiddleware opens parametres_memorises().
            with CaptureQueriesContext(connection) as capture, parametres_memorises():
                debut = time.perf_counter()
                session = Session.objects.select_related("site__departement", "millesime__titre", "responsable").get(
                    pk=pk
                )  # as the session page reads it
                echeances_de_session(session, jour=JOUR)
                if avec_verdicts:
                    services_sessions.verdicts_session(session, jour=JOUR)
                durees.append((time.perf_counter() - debut) * 1000)
            requetes.append(len(capture))
        mesures[nom] = {**_centiles(durees), "requetes_p50": statistics.median(requetes), "requetes_max": max(requetes)}
    mesures["description"] = (
        "echeancier : lecture de la session + echeances_de_session ; controles : idem + verdicts_session "
        "(les règles affichées sur la page de la session)"
    )
    # The figures of the former report: the échéancier alone.
    mesures.update({k: mesures["echeancier"][k] for k in ("p50_ms", "p95_ms", "max_ms")})
    return mesures


def _une_base(base: str, n: int, echantillon: int) -> dict[str, Any]:
    """Runs in a child process: DJANGO_SETTINGS_MODULE and DATABASE_URL are set by the parent."""
    import django

    django.setup()
    from django.db import connection

    nom = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
    try:
        monde = _monde(n)
        return {
            "base": base,
            "moteur": connection.vendor,
            "sessions": n,
            "generation_du_monde_s": monde["generation_s"],
            "lignes": monde["lignes"],
            "baseline": _baseline(n, min(echantillon, n)),
            "balayage": _balayages(),
            "echeancier_une_session": _echeancier(monde["sessions"], 100),
        }
    finally:
        connection.creation.destroy_test_db(nom, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--echantillon", type=int, default=1_000, help="sessions in the naive baseline")
    parser.add_argument("--bases", default="sqlite,postgresql")
    parser.add_argument("--sortie", help="JSON file to write (default: bench/results/sessions-<date>.json)")
    parser.add_argument("--une-base", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.une_base:
        print(json.dumps(_une_base(args.une_base, args.sessions, args.echantillon)))
        return

    resultats = []
    charge_debut = os.getloadavg()
    for base in args.bases.split(","):
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
        if base == "sqlite":
            RESULTATS.mkdir(parents=True, exist_ok=True)
            env["DATABASE_URL"] = f"sqlite:///{RESULTATS / 'bench-sessions.sqlite3'}"
            env["TITREPRO_SQLITE_TEST_NAME"] = str(RESULTATS / "bench-sessions-test.sqlite3")
        else:
            env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", PG_PAR_DEFAUT)
        print(f"— {base} : {args.sessions} sessions…", file=sys.stderr)
        sortie = subprocess.run(  # noqa: S603 - our own module, arguments built here
            [sys.executable, "-m", "bench.sessions", "--une-base", base, "--sessions", str(args.sessions),
             "--echantillon", str(args.echantillon)],
            cwd=RACINE, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if sortie.returncode != 0:
            print(sortie.stderr, file=sys.stderr)
            resultats.append({"base": base, "erreur": sortie.stderr.strip().splitlines()[-1:]})
            continue
        resultats.append({**json.loads(sortie.stdout.strip().splitlines()[-1]), "charge_apres": os.getloadavg()})

    document = {
        "bench": "sessions",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "processeur": platform.processor(),
            "coeurs": os.cpu_count(),
            "charge": os.getloadavg(),
            "charge_au_debut": charge_debut,
        },
        "parametres": {"sessions": args.sessions, "echantillon": args.echantillon, "jour": JOUR.isoformat()},
        "note": "Cible de l'issue 3 : balayage complet ≤ 10 s, contrôles d'une session ≤ 20 ms.",
        "resultats": resultats,
    }
    RESULTATS.mkdir(parents=True, exist_ok=True)
    fichier = Path(args.sortie) if args.sortie else RESULTATS / f"sessions-{dt.date.today():%Y%m%d}.json"
    fichier.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(document, indent=2, ensure_ascii=False))
    print(f"Résultats : {fichier}", file=sys.stderr)


if __name__ == "__main__":
    main()
