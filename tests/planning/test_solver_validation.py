"""The timetable validator (pure, no database): one hand-made violating planning per constraint.

Session of Monday 1 March 2027, 08:30–17:30; a collective questionnaire (60 min) then, before the
jury, an entretien technique (60 min) and the entretien final (20 min); 15 min of file reading;
jury lunch break of 45 min between 12:00 and 14:00. Dupont Marie has a tiers-temps (4/3),
Durand Léa a separate room, Martin Paul is linked to Membre 2 (jury J1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction

import pytest

from titrepro.planning.solver import (
    Candidat,
    Creneau,
    Epreuve,
    Instance,
    Jour,
    Jury,
    Lecture,
    Membre,
    Pause,
    PauseDejeuner,
    Salle,
    valider,
)
from titrepro.planning.solver.donnees import SES_HANDICAP, SES_JURY_LIENS, SES_PLANNING

JOUR = dt.date(2027, 3, 1)


def h(texte: str) -> int:
    heures, minutes = texte.split(":")
    return int(heures) * 60 + int(minutes)


INSTANCE = Instance(
    jours=(Jour(JOUR, h("08:30"), h("17:30")),),
    epreuves=(
        Epreuve("QP", "Questionnaire professionnel", 60, collective=True, avec_jury=False, rang=1),
        Epreuve("ET", "Entretien technique", 60, rang=2),
        Epreuve("EF", "Entretien final", 20, rang=3),
    ),
    candidats=(
        Candidat("dupont", "Dupont Marie", ("QP", "ET", "EF"), majoration=Fraction(4, 3)),
        Candidat("martin", "Martin Paul", ("QP", "ET", "EF"), liens=frozenset({"m2"})),
        Candidat("durand", "Durand Léa", ("QP", "ET", "EF"), salle_isolee=True),
    ),
    jurys=(Jury("J1", ("m1", "m2"), "Jury 1"), Jury("J2", ("m3", "m4"), "Jury 2")),
    membres=tuple(Membre(f"m{k}", f"Membre {k}") for k in range(1, 5)),
    salles=(
        Salle("A", "Salle A", capacite=2, usages=frozenset({"QP"})),
        Salle("ISO", "Salle isolée", capacite=1, usages=frozenset({"QP"}), isolee_possible=True),
        Salle("B1", "Bureau 1", usages=frozenset({"ET", "EF"})),
        Salle("B2", "Bureau 2", usages=frozenset({"ET", "EF"})),
    ),
    pause_dejeuner=PauseDejeuner(h("12:00"), h("14:00"), 45),
    lecture_dossier=15,
)


def c(candidat: str, epreuve: str, debut: str, fin: str, jury: str | None, salle: str | None) -> Creneau:
    return Creneau(candidat, epreuve, JOUR, h(debut), h(fin), jury, salle)


CRENEAUX = (
    c("dupont", "QP", "08:30", "09:50", None, "A"),
    c("martin", "QP", "08:30", "09:30", None, "A"),
    c("durand", "QP", "08:30", "09:30", None, "ISO"),
    c("martin", "ET", "09:45", "10:45", "J2", "B2"),
    c("martin", "EF", "10:45", "11:05", "J2", "B2"),
    c("dupont", "ET", "10:05", "11:25", "J1", "B1"),
    c("dupont", "EF", "11:25", "11:55", "J1", "B1"),
    c("durand", "ET", "13:00", "14:00", "J1", "B1"),
    c("durand", "EF", "14:00", "14:20", "J1", "B1"),
)
LECTURES = (
    Lecture("J2", "martin", JOUR, h("09:30"), h("09:45")),
    Lecture("J1", "durand", JOUR, h("09:30"), h("09:45")),
    Lecture("J1", "dupont", JOUR, h("09:50"), h("10:05")),
)


def modifier(candidat: str, epreuve: str, **changements: object) -> tuple[Creneau, ...]:
    resultat = []
    for cr in CRENEAUX:
        if cr.candidat == candidat and cr.epreuve == epreuve:
            valeurs = {k: h(v) if k in {"debut", "fin"} and isinstance(v, str) else v for k, v in changements.items()}
            cr = replace(cr, **valeurs)  # type: ignore[arg-type]
        resultat.append(cr)
    return tuple(resultat)


def messages(violations: list, code: str | None = None) -> list[str]:
    return [v.message for v in violations if code is None or v.code == code]


def test_le_planning_fait_main_est_valide() -> None:
    assert valider(INSTANCE, CRENEAUX, LECTURES) == []


def test_duree_trop_courte() -> None:
    violations = valider(INSTANCE, modifier("martin", "ET", fin="10:30"), LECTURES)
    assert messages(violations, SES_PLANNING) == [
        "Martin Paul : entretien technique le 01/03/2027 de 09:45 à 10:30 (45 min) au lieu de 1 h."
    ]


def test_duree_depassee() -> None:
    violations = valider(INSTANCE, modifier("martin", "EF", fin="11:30"), LECTURES)
    assert (
        "Martin Paul : entretien final le 01/03/2027 de 10:45 à 11:30 (45 min) dépasse la durée de l'épreuve (20 min)."
        in messages(violations)
    )


def test_majoration_non_accordee() -> None:
    violations = valider(INSTANCE, modifier("dupont", "ET", fin="11:05"), LECTURES)
    assert messages(violations, SES_HANDICAP) == [
        "Dupont Marie : entretien technique le 01/03/2027 de 10:05 à 11:05 (1 h) au lieu de 1 h 20 avec majoration 4/3."
    ]


def test_en_dehors_des_horaires() -> None:
    violations = valider(INSTANCE, modifier("durand", "EF", debut="17:20", fin="17:40"), LECTURES)
    assert any("en dehors des horaires d'ouverture (08:30–17:30)" in m for m in messages(violations, SES_PLANNING))


def test_epreuve_collective_pas_au_meme_moment() -> None:
    violations = valider(INSTANCE, modifier("durand", "QP", debut="08:45", fin="09:45"), LECTURES)
    assert any(
        "Durand Léa : questionnaire professionnel (épreuve collective) commence le 01/03/2027 à 08:45" in m
        and "tous doivent la passer au même moment" in m
        for m in messages(violations, SES_PLANNING)
    )


def test_lecture_du_dossier_absente() -> None:
    violations = valider(INSTANCE, CRENEAUX, LECTURES[1:])
    assert messages(violations, SES_PLANNING) == [
        "Martin Paul : le jury (Jury 2) n'a que 0 min pour lire le dossier avant entretien technique "
        "(le 01/03/2027 de 09:45 à 10:45) au lieu de 15 min."
    ]


def test_lecture_du_dossier_trop_tardive() -> None:
    lectures = (*LECTURES[:2], Lecture("J1", "dupont", JOUR, h("09:55"), h("10:10")))
    violations = valider(INSTANCE, CRENEAUX, lectures)
    assert any(
        "la lecture du dossier (le 01/03/2027 de 09:55 à 10:10) se termine après le début" in m
        for m in messages(violations)
    )


def test_lecture_avant_les_resultats_des_epreuves_sans_jury() -> None:
    lectures = (Lecture("J2", "martin", JOUR, h("09:15"), h("09:30")), *LECTURES[1:])
    violations = valider(INSTANCE, CRENEAUX, lectures)
    assert any("commence avant la fin de questionnaire professionnel" in m for m in messages(violations, SES_PLANNING))


def test_pas_de_pause_dejeuner_pour_le_jury() -> None:
    creneaux = modifier("durand", "ET", debut="12:00", fin="13:00")
    creneaux = tuple(
        replace(cr, debut=h("13:00"), fin=h("13:20")) if (cr.candidat, cr.epreuve) == ("durand", "EF") else cr
        for cr in creneaux
    )
    violations = valider(INSTANCE, creneaux, LECTURES)
    assert messages(violations) == [
        "Jury 1 : pas de pause déjeuner d'au moins 45 min entre 12:00 et 14:00 le 01/03/2027."
    ]


def test_pause_dejeuner_declaree_trop_courte() -> None:
    violations = valider(INSTANCE, CRENEAUX, LECTURES, (Pause("J1", JOUR, h("12:00"), h("12:30")),))
    assert messages(violations) == [
        "Jury 1 : la pause déjeuner du 01/03/2027 (12:00–12:30) doit durer au moins 45 min entre 12:00 et 14:00, "
        "sans épreuve ni lecture de dossier."
    ]


def test_ordre_des_epreuves() -> None:
    creneaux = modifier("durand", "EF", debut="12:40", fin="13:00")
    violations = valider(INSTANCE, creneaux, LECTURES)
    assert (
        "Durand Léa : entretien final (le 01/03/2027 de 12:40 à 13:00) doit avoir lieu après "
        "entretien technique (le 01/03/2027 de 13:00 à 14:00)." in messages(violations, SES_PLANNING)
    )


def test_precedence_explicite() -> None:
    epreuves = tuple(replace(e, rang=2) if e.code == "EF" else e for e in INSTANCE.epreuves)
    instance = replace(INSTANCE, epreuves=epreuves, precedences=(("EF", "ET"),))
    violations = valider(instance, CRENEAUX, LECTURES)
    assert any(
        "entretien technique" in m and "doit avoir lieu après entretien final" in m for m in messages(violations)
    )


def test_un_seul_jury_par_candidat() -> None:
    violations = valider(INSTANCE, modifier("dupont", "EF", jury="J2", salle="B2"), LECTURES)
    assert (
        "Dupont Marie est évalué par plusieurs jurys (Jury 1, Jury 2) ; un candidat est évalué par un seul jury "
        "pour toutes ses épreuves avec jury." in messages(violations, SES_PLANNING)
    )


def test_membre_lie_au_candidat() -> None:
    creneaux = modifier("martin", "ET", jury="J1")
    creneaux = tuple(replace(cr, jury="J1") if (cr.candidat, cr.epreuve) == ("martin", "EF") else cr for cr in creneaux)
    lectures = (Lecture("J1", "martin", JOUR, h("09:30"), h("09:45")), *LECTURES[1:])
    violations = valider(INSTANCE, creneaux, lectures)
    assert messages(violations, SES_JURY_LIENS) == [
        "Martin Paul est évalué par Jury 1 dont fait partie Membre 2, qui a un lien avec le candidat."
    ]


def test_jury_impose_par_l_inscription() -> None:
    # Dupont Marie's registration names Jury 2; the hand-made timetable puts her before Jury 1.
    dupont = replace(INSTANCE.candidats[0], jurys=frozenset({"J2"}))
    instance = replace(INSTANCE, candidats=(dupont, *INSTANCE.candidats[1:]))
    violations = valider(instance, CRENEAUX, LECTURES)
    assert [(v.code, v.message, v.candidat, v.jury) for v in violations] == [
        (SES_PLANNING, "Dupont Marie est évalué par Jury 1 alors que son inscription impose Jury 2.", "dupont", "J1")
    ]
    # Before the imposed jury (or with any jury allowed): valid.
    assert (
        valider(
            replace(instance, candidats=(replace(dupont, jurys=frozenset({"J1", "J2"})), *INSTANCE.candidats[1:])),
            CRENEAUX,
            LECTURES,
        )
        == []
    )


def test_chevauchement_pour_un_candidat() -> None:
    violations = valider(INSTANCE, modifier("martin", "EF", debut="10:30", fin="10:50"), LECTURES)
    assert any(v.candidat == "martin" and "se chevauchent" in v.message for v in violations if v.code == SES_PLANNING)


def test_chevauchement_pour_un_jury() -> None:
    violations = valider(INSTANCE, modifier("durand", "ET", debut="11:00", fin="12:00", salle="B2"), LECTURES)
    assert any(
        v.jury == "J1"
        and v.message.startswith("Jury 1 : entretien technique de Dupont Marie")
        and "se chevauchent" in v.message
        for v in violations
    )


def test_membre_de_deux_jurys_au_meme_moment() -> None:
    instance = replace(INSTANCE, jurys=(INSTANCE.jurys[0], Jury("J2", ("m3", "m1"), "Jury 2")))
    violations = valider(instance, CRENEAUX, LECTURES)
    assert any(m.startswith("Membre 1, membre de plusieurs jurys :") for m in messages(violations, SES_PLANNING))


def test_membre_indisponible() -> None:
    membres = tuple(
        replace(m, disponibilites=((JOUR, h("13:00"), h("17:30")),)) if m.id == "m3" else m for m in INSTANCE.membres
    )
    violations = valider(replace(INSTANCE, membres=membres), CRENEAUX, LECTURES)
    assert (
        "Jury 2 : entretien technique de Martin Paul (le 01/03/2027 de 09:45 à 10:45) alors que Membre 3 n'est pas "
        "disponible." in messages(violations, SES_PLANNING)
    )


def test_salle_qui_ne_peut_pas_accueillir_l_epreuve() -> None:
    violations = valider(INSTANCE, modifier("martin", "ET", salle="A"), LECTURES)
    assert (
        "Martin Paul : entretien technique le 01/03/2027 de 09:45 à 10:45 en salle « Salle A », qui ne peut pas "
        "accueillir cette épreuve." in messages(violations, SES_PLANNING)
    )


def test_capacite_de_la_salle() -> None:
    salles = tuple(replace(s, capacite=1) if s.id == "A" else s for s in INSTANCE.salles)
    violations = valider(replace(INSTANCE, salles=salles), CRENEAUX, LECTURES)
    assert messages(violations) == ["Salle « Salle A » : 2 candidats le 01/03/2027 à 08:30 pour 1 places."]


def test_salle_isolee_non_accordee() -> None:
    violations = valider(INSTANCE, modifier("durand", "QP", salle="A"), LECTURES)
    assert (
        "Durand Léa : questionnaire professionnel le 01/03/2027 de 08:30 à 09:30 en salle « Salle A » alors qu'une "
        "salle isolée lui est accordée." in messages(violations, SES_HANDICAP)
    )


def test_salle_isolee_partagee() -> None:
    salles = tuple(replace(s, capacite=2) if s.id == "ISO" else s for s in INSTANCE.salles)
    violations = valider(replace(INSTANCE, salles=salles), modifier("martin", "QP", salle="ISO"), LECTURES)
    assert any(
        m.startswith("Salle « Salle isolée » : questionnaire professionnel de Durand Léa")
        and "salle isolée lui est accordée" in m
        for m in messages(violations, SES_HANDICAP)
    )


def test_epreuve_avec_jury_occupe_toute_la_salle() -> None:
    violations = valider(INSTANCE, modifier("martin", "ET", salle="B1", debut="10:05", fin="11:05"), LECTURES)
    assert any("une épreuve avec jury occupe toute la salle" in m for m in messages(violations, SES_PLANNING))


def test_epreuve_manquante_ou_en_double() -> None:
    sans = tuple(cr for cr in CRENEAUX if (cr.candidat, cr.epreuve) != ("durand", "EF"))
    assert "Durand Léa : entretien final n'est pas planifiée." in messages(valider(INSTANCE, sans, LECTURES))
    double = (*CRENEAUX, c("durand", "EF", "15:00", "15:20", "J1", "B1"))
    assert "Durand Léa : entretien final est planifiée 2 fois." in messages(valider(INSTANCE, double, LECTURES))


def test_epreuve_avec_jury_sans_jury_ni_salle() -> None:
    violations = valider(INSTANCE, modifier("durand", "EF", jury=None, salle=None), LECTURES)
    assert "Durand Léa : entretien final le 01/03/2027 de 14:00 à 14:20 sans jury." in messages(violations)
    assert "Durand Léa : entretien final le 01/03/2027 de 14:00 à 14:20 sans salle." in messages(violations)


@pytest.mark.parametrize(
    ("creneau", "attendu"),
    [
        (c("inconnu", "QP", "08:30", "09:30", None, "A"), "Candidat inconnu « inconnu » dans le planning."),
        (c("martin", "XX", "08:30", "09:30", None, "A"), "Martin Paul : épreuve inconnue « XX »."),
        (
            Creneau("martin", "QP", dt.date(2027, 3, 2), h("08:30"), h("09:30"), None, "A"),
            "Martin Paul : questionnaire professionnel le 02/03/2027, jour qui ne fait pas partie de la session.",
        ),
    ],
)
def test_references_inconnues(creneau: Creneau, attendu: str) -> None:
    assert attendu in messages(valider(INSTANCE, (*CRENEAUX, creneau), LECTURES))
