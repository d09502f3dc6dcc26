"""Generated realistic instances (benchmark, tests, demo).

The structure is a real TP's (durations in the range of the demo référentiel,
titrepro/demo/donnees/referentiel.json): a collective written questionnaire professionnel
taken by all candidates at the same time, then with the jury a mise en situation
professionnelle, an entretien technique and the entretien final last; the jury reads each file
before the candidate's first jury épreuve; a lunch break for the jury. Some candidates have a
tiers-temps (4/3), some a separate room, some are linked to a jury member.
"""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

from titrepro.planning.solver.donnees import (
    Candidat,
    Epreuve,
    Instance,
    Jour,
    Jury,
    Membre,
    PauseDejeuner,
    Salle,
)

NOMS = (
    "Martin Léa",
    "Bernard Hugo",
    "Dubois Chloé",
    "Thomas Lucas",
    "Robert Manon",
    "Richard Nathan",
    "Petit Camille",
    "Durand Enzo",
    "Leroy Inès",
    "Moreau Louis",
    "Simon Jade",
    "Laurent Gabriel",
    "Lefèvre Zoé",
    "Michel Arthur",
    "Garcia Lina",
    "David Jules",
    "Bertrand Rose",
    "Roux Adam",
    "Vincent Anna",
    "Fournier Paul",
)

EPREUVES = (
    Epreuve("QP", "Questionnaire professionnel", 60, collective=True, avec_jury=False, rang=1),
    Epreuve("MSP", "Mise en situation professionnelle", 90, collective=False, avec_jury=True, rang=2),
    Epreuve("ET", "Entretien technique", 45, collective=False, avec_jury=True, rang=3),
    Epreuve("EF", "Entretien final", 20, collective=False, avec_jury=True, rang=4),
)


def instance_realiste(
    n_candidats: int,
    n_jurys: int,
    *,
    graine: int = 0,
    debut: dt.date = dt.date(2027, 3, 1),
    jours: int | None = None,
    salles: bool = True,
) -> Instance:
    """A session of ``n_candidats`` with ``n_jurys`` juries of two members each.

    About 1 in 8 candidates has a tiers-temps, 1 in 15 a separate room, 1 in 10 is linked to a
    member of the first jury. Days 08:30–17:30 (weekdays), enough of them for the jury work.
    """
    alea = random.Random(graine)  # noqa: S311 - reproducible test data
    candidats = []
    for i in range(n_candidats):
        nom = f"{NOMS[i % len(NOMS)]} {i + 1}" if n_candidats > len(NOMS) else NOMS[i]
        tiers_temps = alea.random() < 1 / 8
        isolee = alea.random() < 1 / 15
        lien = n_jurys > 1 and alea.random() < 1 / 10
        candidats.append(
            Candidat(
                id=f"c{i + 1}",
                nom=nom,
                epreuves=tuple(e.code for e in EPREUVES),
                majoration=Fraction(4, 3) if tiers_temps else Fraction(1),
                salle_isolee=isolee,
                liens=frozenset({"m1"}) if lien else frozenset(),
            )
        )
    membres = tuple(Membre(f"m{k + 1}", f"Membre {k + 1}") for k in range(2 * n_jurys))
    jurys = tuple(Jury(f"j{k + 1}", (f"m{2 * k + 1}", f"m{2 * k + 2}"), f"Jury {k + 1}") for k in range(n_jurys))
    if jours is None:
        travail = n_candidats * (90 + 45 + 20 + 15) * 1.2 / max(1, n_jurys)
        jours = max(2, int(travail // 480) + 2)
    dates: list[dt.date] = []
    jour = debut
    while len(dates) < jours:
        if jour.weekday() < 5:
            dates.append(jour)
        jour += dt.timedelta(days=1)
    places = n_candidats - sum(c.salle_isolee for c in candidats)
    liste_salles: tuple[Salle, ...] = ()
    if salles:
        liste_salles = (
            Salle("ecrit", "Salle d'examen", capacite=max(1, places), usages=frozenset({"QP"})),
            *(
                Salle(
                    f"iso{k + 1}", f"Salle isolée {k + 1}", capacite=1, usages=frozenset({"QP"}), isolee_possible=True
                )
                for k in range(max(1, sum(c.salle_isolee for c in candidats)))
            ),
            *(
                Salle(f"jury{k + 1}", f"Plateau {k + 1}", capacite=1, usages=frozenset({"MSP", "ET", "EF"}))
                for k in range(n_jurys)
            ),
        )
    return Instance(
        jours=tuple(Jour(d, 8 * 60 + 30, 17 * 60 + 30) for d in dates),
        epreuves=EPREUVES,
        candidats=tuple(candidats),
        jurys=jurys,
        membres=membres,
        salles=liste_salles,
        pause_dejeuner=PauseDejeuner(11 * 60 + 45, 14 * 60, 60),
        lecture_dossier=15,
        pas=5,
    )
