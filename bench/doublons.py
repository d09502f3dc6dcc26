"""Benchmark of the duplicate check (CAN-DOUBLON): ``python -m bench.doublons [--population N] [--bases ...]``.

Writes ``bench/results/doublons-<date>.json``. For each database, in a fresh test database:

1. a generated population of N candidates with realistic French names (frequent surnames
   weighted like a Zipf law, compound and particle names, accented first names, compound
   first names, usage names for a third of the women), born 1955–2007; bulk-created in
   batches with their blocking keys (``Candidat.remplir_cles``);
2. labelled queries: *duplicates* of existing records with one or two injected variations
   (accents and case, hyphens and spaces, particles, compound first names cut, surname and
   first names swapped, usage name given as birth name, one or two typos, day and month of
   birth swapped), *true homonyms* (same names, different birth date and place) and *new
   people*;
3. precision, recall and F1 of ``services.doublons_rechercher`` (a pair is predicted when
   it is returned), and the lookup latency (p50/p95/p99, warm) at that size.

Each database runs in its own process. Nothing here runs in the unit tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
RESULTATS = RACINE / "bench" / "results"
PG_PAR_DEFAUT = "postgres://postgres@127.0.0.1:5432/titrepro"

NOMS = [
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFEBVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
    "BONNET",
    "DUPONT",
    "LAMBERT",
    "FONTAINE",
    "ROUSSEAU",
    "VINCENT",
    "MULLER",
    "LEFÈVRE",
    "FAURE",
    "ANDRÉ",
    "MERCIER",
    "BLANC",
    "GUÉRIN",
    "BOYER",
    "GARNIER",
    "CHEVALIER",
    "FRANÇOIS",
    "LEGRAND",
    "GAUTHIER",
    "GARCIA",
    "PERRIN",
    "ROBIN",
    "CLÉMENT",
    "MORIN",
    "NICOLAS",
    "HENRY",
    "ROUSSEL",
    "MATHIEU",
    "GAUTIER",
    "MASSON",
    "MARCHAND",
    "DUVAL",
    "DENIS",
    "DUMONT",
    "MARIE",
    "LEMAIRE",
    "NOËL",
    "MEYER",
    "DUFOUR",
    "MEUNIER",
    "BRUN",
    "BLANCHARD",
    "GIRAUD",
    "JOLY",
    "RIVIÈRE",
    "LUCAS",
    "BRUNET",
    "GAILLARD",
    "BARBIER",
    "ARNAUD",
    "MARTINEZ",
    "GÉRARD",
    "ROCHE",
    "RENARD",
    "SCHMITT",
    "ROY",
    "LEROUX",
    "COLIN",
    "VIDAL",
    "CARON",
    "PICARD",
    "ROGER",
    "FABRE",
    "AUBERT",
    "LEMOINE",
    "RENAUD",
    "DUMAS",
    "LACROIX",
    "OLIVIER",
    "PHILIPPE",
    "BOURGEOIS",
    "PIERRE",
    "BENOÎT",
    "REY",
    "LECLERC",
    "PAYET",
    "ROLLAND",
    "LECLERCQ",
    "GUILLAUME",
    "LECOMTE",
    "LOPEZ",
    "JEAN",
    "DUPUY",
    "GUILLOT",
    "HUBERT",
    "BERGER",
    "CARPENTIER",
    "SANCHEZ",
    "DUPUIS",
    "MOULIN",
    "LOUIS",
    "DESCHAMPS",
    "HUET",
    "VASSEUR",
    "PEREZ",
    "BOUCHER",
    "FLEURY",
    "ROYER",
    "KLEIN",
    "JACQUET",
    "ADAM",
    "PARIS",
    "POIRIER",
    "MARTY",
    "AUBRY",
    "GUYOT",
    "CARRÉ",
    "CHARLES",
    "RENAULT",
    "CHARPENTIER",
    "MÉNARD",
    "MAILLARD",
    "BARON",
    "BERTIN",
    "BAILLY",
    "HERVÉ",
    "SCHNEIDER",
    "FERNANDEZ",
    "LE",
    "GALL",
    "COLLET",
    "LÉGER",
    "BOUVIER",
    "JULIEN",
    "PRÉVOST",
    "MILLET",
    "PERROT",
    "DANIEL",
    "LE",
    "ROUX",
    "COUSIN",
    "GERMAIN",
    "BRETON",
    "BESSON",
    "LANGLOIS",
    "RÉMY",
    "LE",
    "GOFF",
    "PELLETIER",
    "LÉVÊQUE",
    "PERRIER",
    "LEBLANC",
    "BARRÉ",
    "LEBRUN",
    "MARCHAL",
    "WEBER",
    "MALLET",
    "HAMON",
    "BOULANGER",
    "JACOB",
    "MONNIER",
    "MICHAUD",
    "RODRIGUEZ",
    "GUICHARD",
    "GILLET",
    "ÉTIENNE",
    "GRONDIN",
    "POULAIN",
    "TESSIER",
    "CHEVALLIER",
    "COLLIN",
    "CHAUVIN",
    "DA",
    "SILVA",
    "BOUCHET",
    "GAY",
    "LEMAÎTRE",
    "BENARD",
    "MARÉCHAL",
    "HUMBERT",
    "REYNAUD",
    "ANTOINE",
    "HOARAU",
    "PERRET",
    "BARTHÉLEMY",
    "CORDIER",
    "PICHON",
    "LEJEUNE",
    "GILBERT",
    "LAMY",
    "DELAUNAY",
    "PASQUIER",
    "CARLIER",
    "LAPORTE",
    "NGUYEN",
    "BENALI",
    "DIALLO",
    "TRAORÉ",
    "HADDAD",
    "KHELIFI",
    "FERREIRA",
    "DOS",
    "SANTOS",
    "PEREIRA",
    "RODRIGUES",
]
NOMS += [
    "DE LA FONTAINE", "D'ARTOIS", "DU PONT", "LE BRIS", "DE SAINT-EXUPÉRY", "VAN DER BERG", "DUPONT-MARTIN",
    "MOREAU-LEROY", "BENOÎT-GUYOD", "SAINT-MARTIN", "LE FLOCH", "DE OLIVEIRA", "DI MARCO", "D'ALMEIDA",
]  # fmt: skip
PRENOMS_F = [
    "Marie",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Françoise",
    "Christine",
    "Sandrine",
    "Valérie",
    "Sophie",
    "Céline",
    "Stéphanie",
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Jade",
    "Louise",
    "Alice",
    "Lina",
    "Zoé",
    "Anaïs",
    "Élodie",
    "Mélanie",
    "Aurélie",
    "Émilie",
    "Julie",
    "Laura",
    "Sarah",
    "Océane",
    "Clémence",
    "Margaux",
    "Maëlle",
    "Héloïse",
    "Noémie",
    "Agnès",
    "Hélène",
    "Mathilde",
    "Amélie",
    "Gaëlle",
    "Lucie",
    "Marie-Claire",
    "Anne-Sophie",
    "Marie-Hélène",
    "Ana",
    "Sofia",
    "Mai",
    "Linh",
    "Aïcha",
    "Fatoumata",
    "Yasmine",
]
PRENOMS_M = [
    "Jean",
    "Pierre",
    "Michel",
    "Philippe",
    "Alain",
    "Nicolas",
    "Christophe",
    "Patrick",
    "Stéphane",
    "Laurent",
    "Sébastien",
    "Julien",
    "David",
    "Thomas",
    "Lucas",
    "Hugo",
    "Louis",
    "Gabriel",
    "Arthur",
    "Jules",
    "Nathan",
    "Léo",
    "Théo",
    "Raphaël",
    "Maël",
    "Noé",
    "Enzo",
    "Mathéo",
    "Loïc",
    "Benoît",
    "Jérôme",
    "Frédéric",
    "Grégory",
    "François",
    "Guillaume",
    "Olivier",
    "Cédric",
    "Rémi",
    "Jérémy",
    "Anthony",
    "Kévin",
    "Yannick",
    "Hervé",
    "Jean-Baptiste",
    "Jean-Pierre",
    "Jean-Luc",
    "Pierre-Yves",
    "Jean-François",
    "Mohamed",
    "Karim",
    "Mamadou",
    "Youssef",
]
COMMUNES = [
    "Paris",
    "Marseille",
    "Lyon",
    "Toulouse",
    "Nice",
    "Nantes",
    "Strasbourg",
    "Montpellier",
    "Bordeaux",
    "Lille",
    "Rennes",
    "Reims",
    "Toulon",
    "Saint-Étienne",
    "Le",
    "Havre",
    "Grenoble",
    "Dijon",
    "Angers",
    "Nîmes",
    "Villeurbanne",
    "Clermont-Ferrand",
    "Le",
    "Mans",
    "Aix-en-Provence",
    "Brest",
    "Tours",
    "Amiens",
    "Limoges",
    "Annecy",
    "Perpignan",
    "Besançon",
    "Metz",
    "Orléans",
    "Rouen",
    "Mulhouse",
    "Caen",
    "Nancy",
    "Argenteuil",
    "Saint-Denis",
    "Roubaix",
    "Tourcoing",
    "Avignon",
    "Poitiers",
    "Pau",
    "Calais",
    "Cannes",
    "Béziers",
    "Colmar",
    "Quimper",
    "Vannes",
]
ETRANGER = ["Casablanca (Maroc)", "Alger (Algérie)", "Porto (Portugal)", "Dakar (Sénégal)", "Tunis (Tunisie)"]
DEBUT, FIN = dt.date(1955, 1, 1), dt.date(2007, 12, 31)

# The long tail of French surnames. In France the most frequent surname (MARTIN) is about 0.4 % of
# the population and the 250 most frequent ones together about 10–15 %; the rest is a tail of more
# than a million names. The common list above gets PART_NOMS_COURANTS of the people (so MARTIN ends
# near 0.4 %); the others get a name built from syllables (about 40,000 distinct ones).
_DEBUTS = "BEAU CHAM DES GRAN LA MON PONT VAL ROCH BOIS FONT MAR BRU COR VIL SAU TREM QUEN LEM GOUR".split()  # noqa: SIM905
_MILIEUX = ["", "B", "CH", "D", "L", "M", "N", "R", "T", "V"]
_LIAISONS = ["", "A", "E", "I", "O", "OU", "AN", "ER", "IL", "OR", "ES", "U"]
_FINS = "ET OT ARD IER IN EAU ON AUD ELLE AC Y OUX ANT ENS ERIE OIS".split()  # noqa: SIM905
NOMS_RARES = [d + m + li + f for d in _DEBUTS for m in _MILIEUX for li in _LIAISONS for f in _FINS]
PART_NOMS_COURANTS = 0.08


def _zipf(liste: list[str], s: float = 1.0) -> list[float]:
    return [1 / (rang + 1) ** s for rang in range(len(liste))]


class Generateur:
    def __init__(self, graine: int) -> None:
        self.r = random.Random(graine)
        self.poids_noms = _zipf(NOMS, 0.6)
        self.poids_f, self.poids_m = _zipf(PRENOMS_F, 0.5), _zipf(PRENOMS_M, 0.5)
        self.jours = (FIN - DEBUT).days

    def nom(self) -> str:
        if self.r.random() >= PART_NOMS_COURANTS:
            return self.r.choice(NOMS_RARES)
        return self.r.choices(NOMS, self.poids_noms)[0]

    def date(self) -> dt.date:
        return DEBUT + dt.timedelta(days=self.r.randrange(self.jours))

    def lieu(self) -> str:
        return self.r.choice(ETRANGER) if self.r.random() < 0.08 else self.r.choice(COMMUNES)

    def prenoms(self, sexe: str) -> str:
        liste, poids = (PRENOMS_F, self.poids_f) if sexe == "F" else (PRENOMS_M, self.poids_m)
        premier = self.r.choices(liste, poids)[0]
        if self.r.random() < 0.35:
            second = self.r.choices(liste, poids)[0]
            if second != premier:
                return f"{premier} {second}"
        return premier

    def personne(self) -> dict[str, Any]:
        sexe = self.r.choice("FM")
        nom = self.nom()
        usage = self.nom() if sexe == "F" and self.r.random() < 0.33 else ""
        return {
            "nom_naissance": nom,
            "nom_usage": "" if usage == nom else usage,
            "prenoms": self.prenoms(sexe),
            "sexe": sexe,
            "date_naissance": self.date(),
            "lieu_naissance": self.lieu(),
        }


# --------------------------------------------------------------------- variations of a duplicate


def _sans_accents(texte: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))


def _faute(r: random.Random, mot: str) -> str:
    lettres = [i for i, c in enumerate(mot) if c.isalpha()]
    if len(lettres) < 4:
        return mot
    i = r.choice(lettres[1:])
    genre = r.choice(("substitution", "suppression", "inversion", "ajout"))
    if genre == "substitution":
        return mot[:i] + r.choice("AEIOURSTNLCM") + mot[i + 1 :]
    if genre == "suppression":
        return mot[:i] + mot[i + 1 :]
    if genre == "inversion" and i + 1 < len(mot):
        return mot[:i] + mot[i + 1] + mot[i] + mot[i + 2 :]
    return mot[:i] + mot[i] + mot[i:]


def _graphie(r: random.Random, texte: str) -> str:
    texte = _sans_accents(texte) if r.random() < 0.7 else texte
    texte = texte.replace("-", " ") if "-" in texte else texte.replace(" ", "-")
    return r.choice((texte.upper(), texte.lower(), texte.title()))


VARIATIONS = (
    "accents_casse",
    "traits_union",
    "particule",
    "prenom_compose",
    "inversion_nom_prenom",
    "nom_usage",
    "une_faute",
    "deux_fautes",
    "jour_mois",
)


def varier(r: random.Random, p: dict[str, Any], variation: str) -> dict[str, Any]:
    q = dict(p)
    if variation == "accents_casse":
        q["nom_naissance"] = _sans_accents(p["nom_naissance"]).lower().title()
        q["prenoms"] = _sans_accents(p["prenoms"]).upper()
    elif variation == "traits_union":
        q["nom_naissance"], q["prenoms"] = _graphie(r, p["nom_naissance"]), _graphie(r, p["prenoms"])
    elif variation == "particule":
        mots = p["nom_naissance"].replace("'", "' ").split()
        q["nom_naissance"] = "".join(mots) if len(mots) > 1 else f"de {p['nom_naissance'].title()}"
    elif variation == "prenom_compose":
        q["prenoms"] = p["prenoms"].split()[0].split("-")[0] if (" " in p["prenoms"] or "-" in p["prenoms"]) else (
            f"{p['prenoms']} {r.choice(PRENOMS_F if p['sexe'] == 'F' else PRENOMS_M)}"
        )  # fmt: skip
    elif variation == "inversion_nom_prenom":
        q["nom_naissance"], q["prenoms"] = p["prenoms"], p["nom_naissance"]
        q["nom_usage"] = ""
    elif variation == "nom_usage":
        if p["nom_usage"]:
            q["nom_naissance"], q["nom_usage"] = p["nom_usage"], ""
        else:
            q["nom_usage"] = r.choice(NOMS)
    elif variation == "une_faute":
        cle = r.choice(("nom_naissance", "prenoms"))
        q[cle] = _faute(r, p[cle])
    elif variation == "deux_fautes":
        if len(p["nom_naissance"]) >= 6:
            q["nom_naissance"] = _faute(r, _faute(r, p["nom_naissance"]))
        else:
            q["nom_naissance"], q["prenoms"] = _faute(r, p["nom_naissance"]), _faute(r, p["prenoms"])
    elif variation == "jour_mois":
        d = p["date_naissance"]
        if d.day <= 12 and d.day != d.month:
            q["date_naissance"] = dt.date(d.year, d.day, d.month)
        else:
            q["nom_naissance"] = _graphie(r, p["nom_naissance"])
    return q


def _date_autre(g: Generateur, d: dt.date) -> dt.date:
    """A birth date that is neither equal, swapped, nor one mistyped digit away: another person."""
    from titrepro.personnes.doublons import comparer_dates

    while True:
        autre = g.date()
        if comparer_dates(d, autre)[0] == 0.0:
            return autre


# --------------------------------------------------------------------- one database


def _peupler(n: int, graine: int, lot: int) -> tuple[list[int], float]:
    from titrepro.personnes.models import Candidat

    g = Generateur(graine)
    debut = time.perf_counter()
    ids: list[int] = []
    for depart in range(0, n, lot):
        objets = []
        for _ in range(min(lot, n - depart)):
            candidat = Candidat(**g.personne())
            candidat.remplir_cles()
            objets.append(candidat)
        Candidat.objects.bulk_create(objets, batch_size=lot)
    ids = list(Candidat.objects.order_by("pk").values_list("pk", flat=True))
    return ids, time.perf_counter() - debut


def _requetes(ids: list[int], graine: int, doublons: int, homonymes: int, nouveaux: int) -> list[dict[str, Any]]:
    from titrepro.personnes.models import Candidat

    r = random.Random(graine + 1)
    g = Generateur(graine + 2)
    champs = ("pk", "nom_naissance", "nom_usage", "prenoms", "sexe", "date_naissance", "lieu_naissance")
    echantillon = r.sample(ids, doublons + homonymes)
    originaux = {ligne["pk"]: ligne for ligne in Candidat.objects.filter(pk__in=echantillon).values(*champs)}
    requetes = []
    for rang, pk in enumerate(echantillon[:doublons]):
        original = originaux[pk]
        variations = [VARIATIONS[rang % len(VARIATIONS)]]
        if r.random() < 0.3:
            variations.append(r.choice([v for v in VARIATIONS if v not in ("inversion_nom_prenom", variations[0])]))
        q = original
        for variation in variations:
            q = varier(r, q, variation)
        requetes.append({"identite": q, "attendu": pk, "nature": "+".join(variations)})
    for pk in echantillon[doublons:]:
        original = originaux[pk]
        q = dict(original, date_naissance=_date_autre(g, original["date_naissance"]), lieu_naissance=g.lieu())
        requetes.append({"identite": q, "attendu": None, "nature": "homonyme"})
    for _ in range(nouveaux):
        requetes.append({"identite": g.personne(), "attendu": None, "nature": "nouveau"})
    return requetes


def _centile(valeurs: list[float], c: float) -> float:
    triees = sorted(valeurs)
    return triees[min(len(triees) - 1, round(c / 100 * (len(triees) - 1)))]


def _evaluer(requetes: list[dict[str, Any]]) -> dict[str, Any]:
    from titrepro.personnes import doublons, services

    vp = fp = fn = 0
    durees: list[float] = []
    par_nature: dict[str, dict[str, int]] = {}
    exemples_manques: list[str] = []
    for requete in requetes:
        q = requete["identite"]
        identite = doublons.Identite(
            nom_naissance=q["nom_naissance"],
            prenoms=q["prenoms"],
            date_naissance=q["date_naissance"],
            nom_usage=q.get("nom_usage", ""),
            lieu_naissance=q.get("lieu_naissance", ""),
        )
        debut = time.perf_counter()
        trouves = services.doublons_rechercher(identite=identite)
        durees.append((time.perf_counter() - debut) * 1000)
        predits = {t.candidat_id for t in trouves}
        attendu = requete["attendu"]
        stats = par_nature.setdefault(requete["nature"], {"requetes": 0, "vp": 0, "fp": 0, "fn": 0})
        stats["requetes"] += 1
        if attendu is not None:
            if attendu in predits:
                vp += 1
                stats["vp"] += 1
            else:
                fn += 1
                stats["fn"] += 1
                if len(exemples_manques) < 15:
                    exemples_manques.append(
                        f"{requete['nature']} : {q['nom_naissance']} {q['prenoms']} {q['date_naissance']}"
                    )
            autres = len(predits - {attendu})
        else:
            autres = len(predits)
        fp += autres
        stats["fp"] += autres
    precision = vp / (vp + fp) if vp + fp else 1.0
    rappel = vp / (vp + fn) if vp + fn else 1.0
    f1 = 2 * precision * rappel / (precision + rappel) if precision + rappel else 0.0
    # Warm latency: the same lookups a second time (the first pass warmed the caches).
    chaud: list[float] = []
    for requete in requetes[: min(len(requetes), 2000)]:
        q = requete["identite"]
        identite = doublons.Identite(
            nom_naissance=q["nom_naissance"], prenoms=q["prenoms"], date_naissance=q["date_naissance"],
            nom_usage=q.get("nom_usage", ""), lieu_naissance=q.get("lieu_naissance", ""),
        )  # fmt: skip
        debut = time.perf_counter()
        services.doublons_rechercher(identite=identite)
        chaud.append((time.perf_counter() - debut) * 1000)
    return {
        "vrais_positifs": vp,
        "faux_positifs": fp,
        "faux_negatifs": fn,
        "precision": round(precision, 4),
        "rappel": round(rappel, 4),
        "f1": round(f1, 4),
        "par_nature": par_nature,
        "exemples_manques": exemples_manques,
        "latence_ms_premier_passage": {
            "p50": round(statistics.median(durees), 2),
            "p95": round(_centile(durees, 95), 2),
            "p99": round(_centile(durees, 99), 2),
        },
        "latence_ms_a_chaud": {
            "p50": round(statistics.median(chaud), 2),
            "p95": round(_centile(chaud, 95), 2),
            "p99": round(_centile(chaud, 99), 2),
            "max": round(max(chaud), 2),
        },
    }


def _une_base(base: str, args: argparse.Namespace) -> dict[str, Any]:
    """Runs in a child process: DJANGO_SETTINGS_MODULE and DATABASE_URL are set by the parent."""
    import django

    django.setup()
    from django.db import connection

    nom = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        ids, generation = _peupler(args.population, args.graine, args.lot)
        if connection.vendor == "postgresql":
            with connection.cursor() as curseur:
                # Steady state of a live table (autovacuum): statistics and the visibility map, which
                # lets the covering index of migration personnes 0005 answer without heap reads.
                curseur.execute("VACUUM ANALYZE personnes_candidat")
        requetes = _requetes(ids, args.graine, args.doublons, args.homonymes, args.nouveaux)
        resultat = {
            "base": base,
            "moteur": connection.vendor,
            "population": len(ids),
            "generation_s": round(generation, 1),
            "requetes": {"doublons": args.doublons, "homonymes": args.homonymes, "nouveaux": args.nouveaux},
            **_evaluer(requetes),
        }
    finally:
        connection.creation.destroy_test_db(nom, verbosity=0)
    return resultat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=1_000_000)
    parser.add_argument("--doublons", type=int, default=2_000)
    parser.add_argument("--homonymes", type=int, default=1_000)
    parser.add_argument("--nouveaux", type=int, default=1_000)
    parser.add_argument("--graine", type=int, default=2027)
    parser.add_argument("--lot", type=int, default=10_000, help="rows per bulk_create")
    parser.add_argument("--bases", default="sqlite,postgresql")
    parser.add_argument("--sortie", help="JSON file to write (default: bench/results/doublons-<date>.json)")
    parser.add_argument("--une-base", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.une_base:
        print(json.dumps(_une_base(args.une_base, args), default=str))
        return

    resultats = []
    for base in args.bases.split(","):
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
        if base == "sqlite":
            RESULTATS.mkdir(parents=True, exist_ok=True)
            env["DATABASE_URL"] = f"sqlite:///{RESULTATS / 'bench-doublons.sqlite3'}"
            env["TITREPRO_SQLITE_TEST_NAME"] = str(RESULTATS / "bench-doublons-test.sqlite3")
        else:
            env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", PG_PAR_DEFAUT)
        print(f"— {base} : {args.population} candidats…", file=sys.stderr)
        commande = [sys.executable, "-m", "bench.doublons", "--une-base", base]
        for option in ("population", "doublons", "homonymes", "nouveaux", "graine", "lot"):
            commande += [f"--{option}", str(getattr(args, option))]
        sortie = subprocess.run(  # noqa: S603 - our own module, arguments built here
            commande, cwd=RACINE, env=env, capture_output=True, text=True, check=False
        )
        if sortie.returncode != 0:
            print(sortie.stderr, file=sys.stderr)
            resultats.append({"base": base, "erreur": sortie.stderr.strip().splitlines()[-1:]})
            continue
        resultats.append(json.loads(sortie.stdout.strip().splitlines()[-1]))

    document = {
        "bench": "doublons",
        "regle": "CAN-DOUBLON",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "systeme": platform.platform()},
        "cles_de_blocage": [
            "date_naissance IN (date, date jour/mois inversés) — index candidat_naissance_nom "
            "(PostgreSQL : index couvrant candidat_naissance_couvrant, parcours d'index seul)",
            "cle_identite IN (clés phonétiques nom+1er prénom, naissance et usage) — index candidat_cle_identite",
            "cle_identite_usage IN (…) — index candidat_cle_usage",
        ],
        "resultats": resultats,
    }
    RESULTATS.mkdir(parents=True, exist_ok=True)
    chemin = Path(args.sortie) if args.sortie else RESULTATS / f"doublons-{dt.date.today().isoformat()}.json"
    chemin.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(json.dumps(document, ensure_ascii=False, indent=2, default=str))
    print(f"Écrit : {chemin}", file=sys.stderr)


if __name__ == "__main__":
    main()
